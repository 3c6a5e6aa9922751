/**
 * `imgdiet analyze REF --html FILE`: the analysis as one self-contained page. Reads the analysis object and the
 * directory summary (tree.ts); picks and orders what to show, keeps the first rows of long tables, and computes
 * nothing else.
 */
import type { Analysis, Finding, ProposalSummary, Severity, Suggestion } from '../../model';
import { proposalSentence } from '../proposal-text';
import { renderPage } from './page';
import { shortId, tableSection } from './sections';
import { formatBytes, formatPercent } from '../../util/units';
import type { LayerTrees } from './layer-trees';
import type { Card, Fact, PageView, Section, SuggestionItem, TableSection, Tone, TreeNode } from './view';

/** Rows kept per table: the page stays small however large the image (the JSON has every row). */
export interface PageLimits {
  findings?: number;
  hidden?: number;
  duplicates?: number;
  packages?: number;
  /** Paths listed per duplicate group and per finding. */
  paths?: number;
}

const DEFAULT_LIMITS: Required<PageLimits> = { findings: 500, hidden: 1000, duplicates: 500, packages: 2000, paths: 8 };

/** `layerTrees` (summarizeLayers) adds the layer view; without it the page has none. */
export function renderAnalysisHtml(analysis: Analysis, tree: TreeNode, limits: PageLimits = {}, layerTrees: LayerTrees | null = null): string {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const a = analysis;
  // An analysis read back from an older JSON has no suggestions: the section is left out.
  const suggestions = (a.suggestions as Suggestion[] | undefined) === undefined ? null : a.suggestions.map(suggestionItem);
  const sections: Section[] = [
    { type: 'cards', id: 'summary', title: 'Summary', cards: cards(a, suggestions) },
    layerChart(a),
    ...(layerTrees === null ? [] : [layerView(a, layerTrees)]),
    {
      type: 'treemap',
      id: 'tree',
      title: 'Final filesystem',
      note: 'Area is file bytes in the final tree (a hard-linked file counts once). Click a directory to open it; the path above goes back up. Small entries are grouped.',
      root: tree,
    },
    findingsTable(a, lim),
  ];
  if (suggestions !== null) {
    sections.push({
      type: 'suggestions',
      id: 'suggestions',
      title: 'Suggestions',
      note: 'What to change, ranked by the bytes each change saves, measured in this image. Changes may overlap: their savings do not add up.',
      items: suggestions,
      proposed: a.dockerfile?.proposedDiff ?? null,
      dockerignore: a.dockerfile?.dockerignore ?? [],
      empty: 'Nothing to suggest: no change found that would save bytes.',
    });
  }
  sections.push(hiddenTable(a, lim), duplicatesTable(a, lim), packagesTable(a, lim), imageFacts(a));

  const view: PageView = {
    layerSets: { image: a.layers.map((l) => ({ index: l.index, instruction: l.instruction || l.createdBy })) },
    sections,
  };
  const platform = [a.image.os, a.image.architecture, a.image.variant].filter(Boolean).join('/');
  return renderPage(
    {
      title: a.image.tags[0] ?? a.source.reference,
      kicker: 'image report',
      meta: [
        ...(a.image.tags[0] === undefined ? [] : [{ label: 'Read from', value: a.source.reference }]),
        ...(a.image.tags.length > 1 ? [{ label: 'Tags', value: a.image.tags.join(', ') }] : []),
        { label: 'Id', value: shortId(a.image.id) },
        { label: 'Platform', value: platform },
        ...(a.image.created ? [{ label: 'Created', value: a.image.created }] : []),
        { label: 'Layers', value: String(a.totals.layerCount) },
      ],
      generator: `${a.tool.name} ${a.tool.version}`,
    },
    view,
  );
}

function cards(a: Analysis, suggestions: SuggestionItem[] | null): Card[] {
  const t = a.totals;
  const out: Card[] = [
    ...proposalCard(a, suggestions),
    {
      key: 'size',
      label: 'Image size',
      value: { kind: 'bytes', value: t.layerBytes },
      sub: `${t.layerCount} ${t.layerCount === 1 ? 'layer' : 'layers'}; final tree ${formatBytes(t.finalBytes)} in ${count(t.finalFiles, 'file')}`,
    },
  ];
  if (t.compressedBytes !== null) {
    out.push({ key: 'compressed', label: 'Compressed', value: { kind: 'bytes', value: t.compressedBytes }, sub: 'layer blobs as stored and pulled' });
  }
  const efficiencyTone: Tone = t.efficiency >= 0.95 ? 'good' : t.efficiency >= 0.85 ? 'warn' : 'bad';
  out.push(
    {
      key: 'waste',
      label: 'Waste',
      value: { kind: 'bytes', value: t.wasteBytes },
      sub: `hidden ${formatBytes(t.hiddenBytes)} · duplicate ${formatBytes(t.duplicateBytes)} · caches and junk ${formatBytes(t.junkBytes)}`,
      tone: t.wasteBytes === 0 ? 'good' : efficiencyTone,
    },
    { key: 'efficiency', label: 'Efficiency', value: { kind: 'percent', value: t.efficiency }, sub: '1 − waste ÷ image size', tone: efficiencyTone, gauge: t.efficiency },
  );
  // Suggestions may overlap each other and the waste, so they are never added up: the card shows the larger of
  // the waste and the best single suggestion.
  const best = (suggestions ?? []).reduce<SuggestionItem | null>((m, s) => (s.bytes !== null && s.bytes > (m?.bytes ?? -1) ? s : m), null);
  if (best !== null && best.bytes !== null && best.bytes > t.wasteBytes) {
    out.push({ key: 'savings', label: 'Potential savings', value: { kind: 'bytes', value: best.bytes }, sub: `${formatPercent(t.layerBytes > 0 ? best.bytes / t.layerBytes : 0)} of the image: ${best.title}` });
  } else {
    out.push({
      key: 'savings',
      label: 'Potential savings',
      value: { kind: 'bytes', value: t.wasteBytes },
      sub: `${formatPercent(t.layerBytes > 0 ? t.wasteBytes / t.layerBytes : 0)} of the image, by removing the waste`,
    });
  }
  const root = a.image.config.user === '' || /^(root|0)(:|$)/.test(a.image.config.user);
  out.push({
    key: 'user',
    label: 'User',
    value: { kind: 'text', value: a.image.config.user === '' ? 'root' : a.image.config.user },
    sub: a.image.config.user === '' ? 'no USER instruction' : root ? 'runs as root' : 'set by USER',
    tone: root ? 'bad' : 'good',
  });
  const bySeverity = (['critical', 'high', 'medium', 'low', 'info'] as Severity[])
    .map((s) => [s, a.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0);
  out.push({
    key: 'findings',
    label: 'Findings',
    value: { kind: 'count', value: a.findings.length },
    sub: bySeverity.length === 0 ? 'nothing found' : bySeverity.map(([s, n]) => `${n} ${s}`).join(' · '),
    tone: bySeverity.length === 0 ? 'good' : bySeverity[0][0] === 'critical' || bySeverity[0][0] === 'high' ? 'bad' : 'warn',
  });
  return out;
}

/** The image after the proposed changes, first: an older JSON without `proposal` shows no card. */
function proposalCard(a: Analysis, suggestions: SuggestionItem[] | null): Card[] {
  const p = a.proposal as ProposalSummary | undefined;
  if (p === undefined || p === null) return [];
  const titles = new Map((suggestions ?? []).map((s) => [s.id, s.title]));
  return [
    {
      key: 'proposal',
      label: p.basis === 'dockerfile' ? 'Proposed Dockerfile' : 'Suggestions applied',
      value: { kind: 'bytes', value: p.layerBytes },
      sub: proposalSentence(a.totals.layerBytes, p),
      tone: p.savingsBytes > 0 ? 'good' : undefined,
      parts: p.applied.map((s) => ({ key: s.id, label: titles.get(s.id) ?? s.id, layer: s.layer, bytes: s.bytes })),
      partsTotal: p.savingsBytes,
    },
  ];
}

function layerChart(a: Analysis): Section {
  const real = a.layers.filter((l) => !l.emptyLayer);
  const metadata = a.layers.length - real.length;
  const baseLast = a.base?.lastLayer ?? null;
  return {
    type: 'bars',
    mode: 'stack',
    id: 'layers',
    title: 'Layers',
    note:
      `Bytes each instruction added, and how many of them a later layer hid (they still ship). ` +
      (metadata > 0 ? `${count(metadata, 'step')} that only set metadata (ENV, CMD, …) add no bytes and are left out. ` : '') +
      'Click an instruction for its full text.',
    series: [
      { label: 'Added, still visible', cls: 's0' },
      { label: 'Added, hidden by a later layer', cls: 's1' },
    ],
    keyHead: '#',
    labelHead: 'Instruction',
    columns: ['Size', 'Later hidden', 'Files'],
    rows: real.map((l) => ({
      key: `#${l.index}`,
      label: l.instruction || l.createdBy || '(no history)',
      tags: [
        ...(baseLast !== null && l.index <= baseLast ? ['base'] : []),
        ...(l.dockerfileLine !== null && l.dockerfileLine !== undefined ? [`Dockerfile line ${l.dockerfileLine}`] : []),
      ],
      detail: l.createdBy || l.comment || undefined,
      segments: [l.sizeBytes - l.hiddenBytes, l.hiddenBytes],
      values: [
        { kind: 'bytes', value: l.sizeBytes },
        { kind: 'bytes', value: l.hiddenBytes },
        { kind: 'count', value: l.files },
      ],
    })),
    empty: 'The image has no layers.',
  };
}

/** The layer view: a click on a layer in the chart opens its change tree here. */
function layerView(a: Analysis, trees: LayerTrees): Section {
  const byIndex = new Map(a.layers.map((l) => [l.index, l]));
  const lim = trees.limits;
  return {
    type: 'layerChanges',
    id: 'layer-changes',
    title: 'Layer changes',
    note: 'What one instruction added, modified and removed (regular files; hard links, symlinks and directories are counted apart), or the files visible just after it. Click a layer in the chart above, or pick one here.',
    chart: 'layers',
    layers: trees.layers.map((t) => {
      const c = byIndex.get(t.index)?.changes;
      return {
        ...t,
        instruction: byIndex.get(t.index)?.instruction ?? '',
        dockerfileLine: byIndex.get(t.index)?.dockerfileLine ?? null,
        added: { files: c?.added.files ?? 0, bytes: c?.added.bytes ?? 0 },
        modified: { files: c?.modified.files ?? 0, bytes: c?.modified.bytes ?? 0 },
        removed: { files: c?.removed.files ?? 0, bytes: c?.removed.bytes ?? 0 },
        hardlinks: c?.hardlinks ?? 0,
        symlinks: c?.symlinks ?? 0,
        directories: c?.directories ?? 0,
      };
    }),
    omitted:
      `Each tree keeps its largest entries: at most ${lim.perTree.toLocaleString('en-US')} rows, ${lim.perDir} a directory; ` +
      'smaller entries are folded into "N more" rows, and directories beyond that show their totals only. ' +
      'The filesystem view lists regular files (a hard-linked file once, at its first path). ' +
      'Every changed path of a layer is in the output of imgdiet analyze REF --layer N --json.',
  };
}

function findingsTable(a: Analysis, lim: Required<PageLimits>): TableSection {
  return tableSection(
    {
      id: 'findings',
      title: 'Findings',
      note: 'What the rules found, most severe and largest first. Each rule is explained in docs/rules/<rule>.md.',
      columns: [
        { label: 'Severity', type: 'severity' },
        { label: 'Rule', type: 'mono', nowrap: true },
        { label: 'Finding', type: 'text2', hint: 'what was found, and what to change' },
        { label: 'Bytes', type: 'bytes', hint: 'bytes removing it would reclaim' },
        { label: 'Layer', type: 'layer', layers: 'image', hint: 'the layer that added these bytes' },
        { label: 'Files', type: 'paths' },
      ],
      keptBy: 'most severe',
      sort: { column: 0, desc: true },
      empty: 'No findings.',
    },
    a.findings.map((f) => [f.severity, f.id, [findingText(f), `Fix: ${f.fix}`], f.bytes, f.layer, [f.paths.slice(0, lim.paths).map((p) => p.path), f.pathCount]]),
    lim.findings,
  );
}

function findingText(f: Finding): string {
  return f.hiddenBy === null ? f.message : `${f.message} (already deleted by layer #${f.hiddenBy}, still shipped)`;
}

function hiddenTable(a: Analysis, lim: Required<PageLimits>): TableSection {
  return tableSection(
    {
      id: 'hidden',
      title: 'Hidden files',
      note: `File versions a later layer overwrote or deleted: ${formatBytes(a.totals.hiddenBytes)} that still ship in the image.`,
      columns: [
        { label: 'Path', type: 'path' },
        { label: 'Size', type: 'bytes' },
        { label: 'Added by', type: 'layer', layers: 'image' },
        { label: 'Hidden by', type: 'layer', layers: 'image' },
        { label: 'How', type: 'text' },
      ],
      keptBy: 'largest',
      sort: { column: 1, desc: true },
      empty: 'No hidden files: no layer overwrote or deleted what an earlier one added.',
    },
    a.hidden.map((h) => [h.path, h.bytes, h.addedByLayer, h.hiddenByLayer, h.reason]),
    lim.hidden,
  );
}

function duplicatesTable(a: Analysis, lim: Required<PageLimits>): TableSection {
  return tableSection(
    {
      id: 'duplicates',
      title: 'Duplicate files',
      note: `Visible files with the same content: ${formatBytes(a.totals.duplicateBytes)} in copies beyond the first.`,
      columns: [
        { label: 'Wasted', type: 'bytes', hint: '(copies − 1) × size' },
        { label: 'Size of one', type: 'bytes' },
        { label: 'Copies', type: 'int' },
        { label: 'Paths', type: 'paths' },
        { label: 'sha256', type: 'mono', nowrap: true },
      ],
      keptBy: 'most wasteful',
      sort: { column: 0, desc: true },
      empty: 'No duplicate files.',
    },
    a.duplicates.map((d) => [d.wastedBytes, d.sizeBytes, d.paths.length, [d.paths.slice(0, lim.paths), d.paths.length], d.sha256.slice(0, 12)]),
    lim.duplicates,
  );
}

function packagesTable(a: Analysis, lim: Required<PageLimits>): TableSection {
  const largest = [...a.packages].sort((x, y) => y.bytes - x.bytes);
  return tableSection(
    {
      id: 'packages',
      title: 'Packages',
      note: 'Installed packages read from the image (dpkg, apk, pip, npm), with the bytes of their files in the final tree.',
      columns: [
        { label: 'Manager', type: 'text' },
        { label: 'Name', type: 'mono' },
        { label: 'Version', type: 'mono', nowrap: true },
        { label: 'Size', type: 'bytes' },
        { label: 'Layer', type: 'layer', layers: 'image', hint: 'the layer that installed it' },
        { label: 'Build only', type: 'bool', hint: 'needed to build, not to run' },
      ],
      keptBy: 'largest',
      sort: { column: 3, desc: true },
      empty: 'No packages found (no dpkg, apk, pip or npm metadata in the final tree).',
    },
    largest.map((p) => [p.manager, p.name, p.version, p.bytes, p.layer, p.buildOnly]),
    lim.packages,
  );
}

function imageFacts(a: Analysis): Section {
  const c = a.image.config;
  const words = (v: string[] | null): string => (v === null ? '—' : JSON.stringify(v));
  const facts: Fact[] = [
    { label: 'Reference', value: a.source.reference, mono: true },
    { label: 'Read from', value: a.source.transport },
    { label: 'Tags', value: a.image.tags.length > 0 ? a.image.tags : '—', mono: true },
    { label: 'Id', value: a.image.id, mono: true },
  ];
  if (a.image.manifestDigest !== null) facts.push({ label: 'Manifest digest', value: a.image.manifestDigest, mono: true });
  facts.push(
    { label: 'User', value: c.user === '' ? 'root (no USER)' : c.user, mono: c.user !== '', tone: c.user === '' ? 'bad' : undefined },
    { label: 'Entrypoint', value: words(c.entrypoint), mono: true },
    { label: 'Cmd', value: words(c.cmd), mono: true },
    { label: 'Working dir', value: c.workingDir || '/', mono: true },
    { label: 'Exposed ports', value: c.exposedPorts.length > 0 ? c.exposedPorts : '—', mono: true },
    { label: 'Healthcheck', value: c.healthcheck === null ? 'none' : words(c.healthcheck.test), mono: c.healthcheck !== null },
  );
  if (a.base) {
    const b = a.base;
    const layers = b.lastLayer === null ? 'not found' : `layers #0–#${b.lastLayer}, ${formatBytes(b.layerBytes)} (found by ${b.method})`;
    facts.push({ label: 'Base image', value: `${b.name ?? 'unnamed'}: ${layers}` });
    if (b.distro) facts.push({ label: 'Distribution', value: b.distro.prettyName ?? [b.distro.id, b.distro.versionId].filter(Boolean).join(' ') });
    if (b.runtimes.length > 0) facts.push({ label: 'Runtimes', value: b.runtimes.map((r) => `${r.name} ${r.version} (${r.evidence})`) });
  }
  if (c.stopSignal !== null) facts.push({ label: 'Stop signal', value: c.stopSignal, mono: true });
  const labels = Object.entries(c.labels).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  facts.push({ label: 'Labels', value: labels.length > 0 ? labels : '—', mono: labels.length > 0 });
  // Values of ENV often carry tokens: a page made to be shared names the variables only.
  const names = c.env.map((e) => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e));
  facts.push({ label: 'Environment', value: names.length > 0 ? `${names.join(', ')} (values not shown)` : '—', mono: names.length > 0 });
  return { type: 'facts', id: 'image', title: 'Image', facts };
}

function suggestionItem(s: Suggestion): SuggestionItem {
  return {
    id: s.id,
    title: s.title,
    bytes: s.savings.bytes,
    compressedBytes: s.savings.compressedBytes,
    confidence: s.confidence,
    rationale: s.rationale,
    layer: s.layer,
    findings: s.findings,
    patch: s.dockerfile,
  };
}

function count(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

