/**
 * `imgdiet diff OLD NEW --html FILE`: the diff as one self-contained page, on the same shell, sections and script
 * as the analysis page. Reads the diff object (and, when given, NEW's directory summary for a treemap); picks,
 * orders and cuts long lists, and computes nothing else.
 */
import type { Delta, FileChange, FileChangeKind, ImageDiff, ImageSummary, PackageChange } from '../../diff/model';
import { formatBytes, formatPercent } from '../../util/units';
import { renderPage } from './page';
import { shortId, tableSection } from './sections';
import type { Card, Cell, Fact, LayerName, PageView, Section, TableSection, Tone, TreeNode } from './view';

/** Rows kept per table; the JSON (`--json`) has them all. */
export interface DiffPageLimits {
  instructions?: number;
  files?: number;
  packages?: number;
  findings?: number;
}

const DEFAULT_LIMITS: Required<DiffPageLimits> = { instructions: 200, files: 1000, packages: 1000, findings: 500 };

const FILE_KINDS: FileChangeKind[] = ['grown', 'added', 'shrunk', 'removed', 'changed'];

export function renderDiffHtml(diff: ImageDiff, newTree: TreeNode | null = null, limits: DiffPageLimits = {}): string {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const d = diff;
  const sections: Section[] = [
    { type: 'cards', id: 'summary', title: 'Summary', cards: cards(d) },
    {
      type: 'bars',
      mode: 'pair',
      id: 'instructions',
      title: 'Changes by instruction',
      note: 'Layer bytes per instruction in each image, where they differ: largest change first. Layers with the same instruction are added up.',
      series: [
        { label: 'Old', cls: 's4' },
        { label: 'New', cls: 's0' },
      ],
      keyHead: 'Kind',
      labelHead: 'Instruction',
      columns: ['Old', 'New', 'Change'],
      rows: d.instructions.slice(0, lim.instructions).map((r) => ({
        key: r.instructionKind,
        label: r.instruction,
        tags: [...(r.oldLayers > 1 ? [`${r.oldLayers} layers before`] : []), ...(r.newLayers > 1 ? [`${r.newLayers} layers now`] : [])],
        segments: [r.oldBytes, r.newBytes],
        values: [
          { kind: 'bytes', value: r.oldBytes },
          { kind: 'bytes', value: r.newBytes },
          { kind: 'delta', value: r.deltaBytes },
        ],
      })),
      empty: 'No instruction adds a different number of bytes.',
    },
    layersTable(d),
    filesTable(d, lim),
  ];
  if (newTree !== null) {
    sections.push({
      type: 'treemap',
      id: 'tree',
      title: 'Final filesystem of the new image',
      note: 'Area is file bytes in the final tree. Click a directory to open it; the path above goes back up.',
      root: newTree,
    });
  }
  sections.push(packagesTable(d, lim), findingsTable(d, lim), {
    type: 'facts',
    id: 'images',
    title: 'Images',
    facts: [...imageFacts('Old', d.old), ...imageFacts('New', d.new)],
  });

  const view: PageView = {
    layerSets: { old: layerNames(d, 'old'), new: layerNames(d, 'new') },
    sections,
  };
  return renderPage(
    {
      title: `${name(d.old)} → ${name(d.new)}`,
      kicker: 'image diff',
      meta: [
        { label: 'Old', value: `${d.old.reference} (${shortId(d.old.id)})` },
        { label: 'New', value: `${d.new.reference} (${shortId(d.new.id)})` },
        { label: 'Platform', value: d.new.platform === d.old.platform ? d.new.platform : `${d.old.platform} → ${d.new.platform}` },
      ],
      generator: `${d.tool.name} ${d.tool.version}`,
    },
    view,
  );
}

function name(s: ImageSummary): string {
  return s.tags[0] ?? s.reference;
}


/** Growth is what a reviewer looks for: red when a size grows, green when it shrinks. */
function tone(delta: number, more: 'bad' | 'good' = 'bad'): Tone | undefined {
  if (delta === 0) return undefined;
  const worse = delta > 0 === (more === 'bad');
  return worse ? 'bad' : 'good';
}

function signed(n: number): string {
  return n > 0 ? `+${n.toLocaleString('en-US')}` : n.toLocaleString('en-US');
}

function bytesCard(key: string, label: string, x: Delta): Card {
  return { key, label, value: { kind: 'delta', value: x.delta }, sub: `${formatBytes(x.old)} → ${formatBytes(x.new)}`, tone: tone(x.delta) };
}

function cards(d: ImageDiff): Card[] {
  const t = d.totals;
  const out: Card[] = [bytesCard('size', 'Image size', t.layerBytes)];
  if (t.compressedBytes !== null) out.push(bytesCard('compressed', 'Compressed', t.compressedBytes));
  out.push(bytesCard('waste', 'Waste', t.wasteBytes));
  out.push({
    key: 'efficiency',
    label: 'Efficiency',
    value: { kind: 'percent', value: t.efficiency.new },
    sub: `was ${formatPercent(t.efficiency.old)} (${t.efficiency.delta >= 0 ? '+' : ''}${(t.efficiency.delta * 100).toFixed(1)} points)`,
    tone: tone(t.efficiency.delta, 'good'),
    gauge: t.efficiency.new,
  });
  out.push({
    key: 'files',
    label: 'Files',
    value: { kind: 'text', value: signed(t.finalFiles.delta) },
    sub: `${t.finalFiles.old.toLocaleString('en-US')} → ${t.finalFiles.new.toLocaleString('en-US')} in the final tree`,
  });
  out.push({
    key: 'layers',
    label: 'Layers',
    value: { kind: 'text', value: signed(t.layerCount.delta) },
    sub: `${t.layerCount.old} → ${t.layerCount.new}`,
  });
  const f = d.findings;
  out.push({
    key: 'findings',
    label: 'Findings',
    value: { kind: 'text', value: `${f.new.length} new` },
    sub: `${f.fixed.length} fixed, ${f.kept} kept`,
    tone: f.new.length > 0 ? 'bad' : f.fixed.length > 0 ? 'good' : undefined,
  });
  return out;
}

function layerNames(d: ImageDiff, side: 'old' | 'new'): LayerName[] {
  return d.layers.flatMap((l) => {
    const s = l[side];
    return s === null ? [] : [{ index: s.index, instruction: s.instruction }];
  });
}


function layersTable(d: ImageDiff): TableSection {
  return tableSection(
    {
      id: 'layers',
      title: 'Layers',
      note: 'Every layer that changes files, of both images, aligned oldest first: shared (the same diffID), changed (paired by instruction), added or removed.',
      columns: [
        { label: 'Status', type: 'text' },
        { label: 'Old #', type: 'int' },
        { label: 'New #', type: 'int' },
        { label: 'Instruction', type: 'mono' },
        { label: 'Old', type: 'bytes' },
        { label: 'New', type: 'bytes' },
        { label: 'Change', type: 'delta' },
      ],
      keptBy: 'first',
      sort: null,
      empty: 'Neither image has a layer that changes files.',
    },
    d.layers.map((l) => [l.status, l.old?.index ?? null, l.new?.index ?? null, l.instruction, l.old?.sizeBytes ?? null, l.new?.sizeBytes ?? null, l.deltaBytes]),
    Number.MAX_SAFE_INTEGER,
  );
}

function filesTable(d: ImageDiff, lim: Required<DiffPageLimits>): TableSection {
  // Each kind's list is largest change first; the page shows the largest changes of all kinds first.
  const all: Array<[FileChangeKind, FileChange]> = FILE_KINDS.flatMap((k) => d.files[k].map((f) => [k, f] as [FileChangeKind, FileChange]));
  all.sort((a, b) => Math.abs(b[1].deltaBytes) - Math.abs(a[1].deltaBytes));
  const f = d.files.bytes;
  return tableSection(
    {
      id: 'files',
      title: 'Files',
      note: `Paths of the final tree that differ: added ${formatBytes(f.added)}, grown +${formatBytes(f.grown)}, shrunk ${formatBytes(f.shrunk)}, removed ${formatBytes(f.removed)}; "changed" has the same size and other content.`,
      columns: [
        { label: 'Change', type: 'text' },
        { label: 'Path', type: 'path' },
        { label: 'Old', type: 'bytes' },
        { label: 'New', type: 'bytes' },
        { label: 'Bytes', type: 'delta' },
        { label: 'Layer', type: 'layer', layers: 'new', hint: "the new image's layer that put the path there" },
      ],
      keptBy: 'largest changes',
      sort: { column: 4, desc: true },
      empty: 'No file of the final tree differs.',
    },
    all.map(([k, x]) => [k, x.path, x.oldBytes, x.newBytes, x.deltaBytes, x.newLayer]),
    lim.files,
  );
}

function packagesTable(d: ImageDiff, lim: Required<DiffPageLimits>): TableSection {
  const p = d.packages;
  const rows = (what: string, list: PackageChange[]): Cell[][] =>
    list.map((x) => [what, x.manager, x.name, x.oldVersion, x.newVersion, x.oldBytes, x.newBytes, x.deltaBytes]);
  return tableSection(
    {
      id: 'packages',
      title: 'Packages',
      note: 'Packages matched by manager and name: another version, added or removed.',
      columns: [
        { label: 'Change', type: 'text' },
        { label: 'Manager', type: 'text' },
        { label: 'Name', type: 'mono' },
        { label: 'Old version', type: 'mono', nowrap: true },
        { label: 'New version', type: 'mono', nowrap: true },
        { label: 'Old', type: 'bytes' },
        { label: 'New', type: 'bytes' },
        { label: 'Bytes', type: 'delta' },
      ],
      keptBy: 'first',
      sort: null,
      empty: 'No package differs.',
    },
    [...rows('upgraded', p.upgraded), ...rows('added', p.added), ...rows('removed', p.removed)],
    lim.packages,
  );
}

function findingsTable(d: ImageDiff, lim: Required<DiffPageLimits>): TableSection {
  const f = d.findings;
  return tableSection(
    {
      id: 'findings',
      title: 'Findings',
      note: `New in the new image, and fixed since the old one (${f.kept} kept are not listed).`,
      columns: [
        { label: 'Status', type: 'text' },
        { label: 'Severity', type: 'severity' },
        { label: 'Rule', type: 'mono', nowrap: true },
        { label: 'Finding', type: 'text' },
        { label: 'Bytes', type: 'bytes' },
      ],
      keptBy: 'first',
      sort: null,
      empty: 'No finding is new or fixed.',
    },
    [...f.new.map((x) => ['new', x.severity, x.id, x.message, x.bytes]), ...f.fixed.map((x) => ['fixed', x.severity, x.id, x.message, x.bytes])],
    lim.findings,
  );
}

function imageFacts(which: string, s: ImageSummary): Fact[] {
  return [
    { label: `${which} reference`, value: s.reference, mono: true },
    { label: `${which} id`, value: s.id, mono: true },
    { label: `${which} tags`, value: s.tags.length > 0 ? s.tags : '—', mono: true },
    { label: `${which} platform`, value: s.platform },
  ];
}
