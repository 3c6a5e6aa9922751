/**
 * The default report of `imgdiet analyze`: the verdict first, then one line per layer, finding and suggestion,
 * within the terminal's width. `--verbose` prints every table (terminal-verbose.ts). Reads the analysis only.
 */
import pc from 'picocolors';
import type { Analysis, Finding, LayerReport, Severity } from '../model';
import { proposalParts } from './proposal-text';
import { cell, Cell, renderColumns } from './columns';
import { suggestionLine } from './suggestion-line';
import { formatBytes, formatPercent } from '../util/units';
import { clipLine, displayWidth, fitText } from '../util/width';

export interface TerminalOptions {
  color: boolean;
  /** Default report: findings and suggestions listed. Verbose: rows of the hidden and duplicate tables. */
  top?: number;
  /** Columns no line may exceed (default 100). */
  width?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

export function renderTerminal(a: Analysis, options: TerminalOptions): string {
  const c = pc.createColors(options.color);
  const width = Math.max(20, options.width ?? 100);
  const top = options.top ?? 10;
  const out = [
    ...verdict(a, c, width),
    '',
    ...layerLines(a, c, width),
    ...findingLines(a, c, width, top),
    ...suggestionLines(a, c, width, top),
    '',
    c.dim(closing(a, width)),
  ];
  return `${out.map((l) => clipLine(l, width)).join('\n')}\n`;
}

function verdict(a: Analysis, c: Colors, width: number): string[] {
  const t = a.totals;
  // A line's detail is left out when it would not fit, rather than cut.
  const label = (name: string, text: string, detail = ''): string => `${c.bold(name.padEnd(11))}${text}${displayWidth(text + detail) + 11 <= width ? detail : ''}`;
  const platform = [a.image.os, a.image.architecture, a.image.variant].filter(Boolean).join('/');
  const tags = a.image.tags.length > 1 ? `${a.image.tags[0]} +${a.image.tags.length - 1}` : a.image.tags[0] ?? '';
  const about = [tags, platform].filter((s) => s !== '' && s !== a.source.reference).join(', ');
  // The reference as given comes first; tags and platform get what is left.
  const ref = fitText(a.source.reference, Math.max(20, width - 9 - Math.min(displayWidth(about) + 3, Math.floor(width / 2))));
  const rest = width - 9 - displayWidth(ref) - 3;
  const title = `imgdiet: ${ref}${about === '' || rest < 8 ? '' : ` (${fitText(about, rest)})`}`;
  const compressed = t.compressedBytes === null ? '' : ` (${formatBytes(t.compressedBytes)} compressed)`;
  const user = a.image.config.user === '' ? c.yellow('root (no USER)') : fitText(a.image.config.user, width - 11);
  const lines = [
    c.bold(title),
    label('Size', `${formatBytes(t.layerBytes)} in ${t.layerCount} layers${compressed}`, `; ${formatBytes(t.finalBytes)} in ${t.finalFiles} files at the end`),
    label('Waste', `${c.bold(c.yellow(formatBytes(t.wasteBytes)))}, efficiency ${formatPercent(t.efficiency)}`, ` (hidden ${formatBytes(t.hiddenBytes)}, duplicate ${formatBytes(t.duplicateBytes)}, caches and junk ${formatBytes(t.junkBytes)})`),
    label('User', user),
    label('Projected', projected(a, c)),
  ];
  const d = a.dockerfile;
  if (d) lines.push(label('Dockerfile', `${fitText(d.path, Math.max(20, width - 50))}${d.origin === 'found' ? ' (found here; --no-dockerfile ignores it)' : ''}, ${d.matched} instructions matched to layers`));
  return lines;
}

/** "953 MB now → about 261 MB with the proposed Dockerfile (−73 %)", the projection in colour. */
function projected(a: Analysis, c: Colors): string {
  const parts = proposalParts(a.totals.layerBytes, a.proposal);
  if (parts === null) return `${formatBytes(a.totals.layerBytes)}; ${a.suggestions.length === 0 ? 'nothing to suggest' : 'the suggestions below save no bytes'}`;
  return `${parts.now} now → ${c.bold(c.green(parts.after))} ${parts.how} (${c.green(parts.percent)})`;
}

/** Rows for the image's own layers at most (the base has one row of its own). */
const MAX_LAYERS = 20;

function layerLines(a: Analysis, c: Colors, width: number): string[] {
  const joined = a.layers.some((l) => l.dockerfileLine !== null);
  const baseEnd = a.base.lastLayer;
  const rows: Cell[][] = [];
  const row = (label: string, layers: LayerReport[], text: string, line: number | null): void => {
    const size = layers.reduce((n, l) => n + l.sizeBytes, 0);
    const hidden = layers.reduce((n, l) => n + l.hiddenBytes, 0);
    rows.push([cell(label), cell(formatBytes(size)), cell(hidden > 0 ? formatBytes(hidden) : '', c.yellow), ...(joined ? [cell(line === null ? '' : String(line))] : []), cell(text)]);
  };
  if (baseEnd !== null) {
    const base = a.layers.slice(0, baseEnd + 1).filter((l) => !l.emptyLayer);
    row(baseEnd === 0 ? '0' : `0–${baseEnd}`, base, `base ${a.base.name ?? 'image'} (${base.length} ${base.length === 1 ? 'layer' : 'layers'})`, null);
  }
  const own = a.layers.filter((l) => (baseEnd === null || l.index > baseEnd) && !l.emptyLayer);
  // An image of many layers lists its largest, in order, so that the report stays a screenful.
  const weight = (l: LayerReport): number => l.sizeBytes + l.hiddenBytes;
  const listed = new Set([...own].sort((x, y) => weight(y) - weight(x) || x.index - y.index).slice(0, own.length <= MAX_LAYERS ? own.length : MAX_LAYERS - 1));
  for (const l of own) if (listed.has(l)) row(String(l.index), [l], l.dockerfileInstruction ?? (l.instruction || '(no history)'), l.dockerfileLine);
  const left = own.filter((l) => !listed.has(l));
  if (left.length > 0) row('…', left, `${left.length} smaller layers (--verbose lists them)`, null);
  const empty = a.layers.filter((l) => l.emptyLayer && (baseEnd === null || l.index > baseEnd)).length;
  const head = ['#', 'Size', 'Later hidden', ...(joined ? ['Line'] : []), 'Instruction'];
  const align = head.map((h) => ({ align: h === 'Instruction' ? 'left' : 'right' }) as const);
  const note = empty > 0 ? `; ${empty} metadata-only ${empty === 1 ? 'instruction' : 'instructions'} not listed` : '';
  return [c.bold(`Layers (${a.totals.layerCount}${note})`), ...renderColumns(align, rows, width, { cells: head, paint: c.dim })];
}

/** The colour of each severity, in the short and the verbose report alike. */
export const SEVERITY_COLOR: Record<Severity, keyof Colors> = { critical: 'red', high: 'red', medium: 'yellow', low: 'cyan', info: 'dim' };

/** Where a finding is: its layer, the layer that deleted it, its largest path (shortened first) and how many more. */
function where(f: Finding): Cell {
  if (f.paths.length === 0) return cell(f.layer === null ? f.message : `#${f.layer} ${f.message}`);
  const before = f.layer === null ? '' : `#${f.layer}${f.hiddenBy === null ? '' : ` (hidden by #${f.hiddenBy})`} `;
  const after = f.pathCount > 1 ? ` +${f.pathCount - 1} more` : '';
  const path = `/${f.paths[0].path}`;
  return { text: `${before}${path}${after}`, fit: (max) => `${before}${fitText(path, Math.max(8, max - displayWidth(before + after)))}${after}` };
}

function findingLines(a: Analysis, c: Colors, width: number, top: number): string[] {
  if (a.findings.length === 0) return [];
  const rows = a.findings.slice(0, top).map((f) => [
    cell(f.severity, c[SEVERITY_COLOR[f.severity]] as (s: string) => string),
    cell(f.id),
    cell(f.bytes > 0 ? formatBytes(f.bytes) : ''),
    where(f),
  ]);
  const align = [{ align: 'left' }, { align: 'left' }, { align: 'right' }, { align: 'left' }] as const;
  return ['', c.bold(`Findings (${a.findings.length}, most severe first)`), ...renderColumns([...align], rows, width, { cells: ['Severity', 'Rule', 'Bytes', 'Where'], paint: c.dim }), ...more(a.findings.length, top, 'findings', c)];
}

function suggestionLines(a: Analysis, c: Colors, width: number, top: number): string[] {
  if (a.suggestions.length === 0) return [];
  const joined = a.dockerfile !== null;
  const rows = a.suggestions.slice(0, top).map((s) => {
    const line = suggestionLine(a, s);
    return [
      s.savings.bytes > 0 ? cell(formatBytes(s.savings.bytes), c.green) : cell('—', c.dim),
      ...(joined ? [cell(line === null ? '' : String(line))] : []),
      cell(s.id),
      cell(s.title),
    ];
  });
  const head = ['Saves', ...(joined ? ['Line'] : []), 'Suggestion', 'What'];
  const align = head.map((h) => ({ align: h === 'Saves' || h === 'Line' ? 'right' : 'left' }) as const);
  const together = a.proposal.savingsBytes > 0 ? `; together ${formatBytes(a.proposal.savingsBytes)}, each byte once` : '';
  return ['', c.bold(`Suggestions (${a.suggestions.length}, by saving${together})`), ...renderColumns(align, rows, width, { cells: head, paint: c.dim }), ...more(a.suggestions.length, top, 'suggestions', c)];
}

function more(count: number, top: number, what: string, c: Colors): string[] {
  const n = count - top;
  return n > 0 ? [c.dim(`  … ${n} more ${n === 1 ? what.slice(0, -1) : what} (--top N lists more, --verbose all)`)] : [];
}

/** One line to the other views: each flag with what it shows, as many of those as fit. */
function closing(a: Analysis, width: number): string {
  const write = a.dockerfile?.proposedDiff ? [['--write-dockerfile PATH', 'the new Dockerfile']] : [];
  const hints = [['--layer N', "a layer's changes"], ['--html FILE', 'a page'], ...write, ['--verbose', 'every table']];
  for (let described = hints.length; ; described--) {
    const line = `More: ${hints.map(([flag, what], i) => (i < described ? `${flag} (${what})` : flag)).join(', ')}`;
    if (described === 0 || displayWidth(line) <= width) return line;
  }
}
