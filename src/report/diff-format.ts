/** How the diff renderers (text, Markdown) write deltas, and the rows both show. They lay out; they compute nothing. */
import type { Delta, FileChange, FileChangeKind, ImageDiff, ImageSummary, LayerDiff } from '../diff/model';
import { formatBytes, formatPercent, formatSignedBytes } from '../util/units';

export function signedCount(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** ` (+25.0 %)` of the old value; empty when the old value is 0 or nothing changed. */
export function relative(d: Delta): string {
  if (d.old === 0 || d.delta === 0) return '';
  const p = (d.delta / d.old) * 100;
  return ` (${p > 0 ? '+' : ''}${p.toFixed(1)} %)`;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

export function describeImage(s: ImageSummary): string {
  const n = s.totals.layerCount;
  return `${shortId(s.id)} ${s.platform}, ${formatBytes(s.totals.layerBytes)} in ${n} layer${n === 1 ? '' : 's'}`;
}

export interface TotalsRow {
  label: string;
  old: string;
  new: string;
  change: string;
  /** The sign of the change: growth is what a reviewer looks for. */
  sign: number;
}

/** The totals table of both renderers, in the order they show it; compressed only when both images know it. */
export function totalsRows(d: ImageDiff): TotalsRow[] {
  const t = d.totals;
  const bytes = (label: string, x: Delta): TotalsRow => ({
    label,
    old: formatBytes(x.old),
    new: formatBytes(x.new),
    change: x.delta === 0 ? '0 B' : `${formatSignedBytes(x.delta)}${relative(x)}`,
    sign: Math.sign(x.delta),
  });
  const count = (label: string, x: Delta): TotalsRow => ({ label, old: String(x.old), new: String(x.new), change: signedCount(x.delta), sign: Math.sign(x.delta) });
  const e = t.efficiency;
  const pts = e.delta * 100;
  return [
    bytes('Layer bytes', t.layerBytes),
    ...(t.compressedBytes ? [bytes('Compressed', t.compressedBytes)] : []),
    bytes('Final bytes', t.finalBytes),
    count('Files', t.finalFiles),
    count('Layers', t.layerCount),
    bytes('Waste', t.wasteBytes),
    bytes('Hidden', t.hiddenBytes),
    bytes('Duplicate', t.duplicateBytes),
    {
      label: 'Efficiency',
      old: formatPercent(e.old),
      new: formatPercent(e.new),
      change: Math.abs(pts) < 0.05 ? '0.0 points' : `${pts > 0 ? '+' : ''}${pts.toFixed(1)} points`,
      // Efficiency going up is good news: shown as a shrink would be.
      sign: -Math.sign(Math.round(pts * 10)),
    },
  ];
}

/** Instruction of each layer index, per side, for naming the layer a file came from. */
export function layerInstructions(d: ImageDiff): { old: Map<number, string>; new: Map<number, string> } {
  const of = (s: ImageSummary): Map<number, string> => new Map(s.layers.map((l) => [l.index, l.instruction]));
  return { old: of(d.old), new: of(d.new) };
}

/** The layer a changed path comes from: NEW's for what NEW has, OLD's for a removed path. */
export function fileLayer(c: FileChange, names: ReturnType<typeof layerInstructions>): { index: number; instruction: string } | null {
  if (c.newLayer !== null) return { index: c.newLayer, instruction: names.new.get(c.newLayer) ?? '' };
  if (c.oldLayer !== null) return { index: c.oldLayer, instruction: names.old.get(c.oldLayer) ?? '' };
  return null;
}

/** `3 added, 1 removed…` of the non-zero counts, or `none`. */
export function counts(parts: [number, string][]): string {
  const shown = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return shown.length > 0 ? shown.join(', ') : 'none';
}

/** The order both renderers list changed files in: growth first. */
export const FILE_KINDS: FileChangeKind[] = ['grown', 'added', 'shrunk', 'removed', 'changed'];

/** The one-line summaries of each section. */
export function summaries(d: ImageDiff): { layers: string; files: string; packages: string; findings: string } {
  const n = (s: LayerDiff['status']): number => d.layers.filter((l) => l.status === s).length;
  const p = d.packages;
  const f = d.findings;
  return {
    layers: counts([[n('changed'), 'changed'], [n('added'), 'added'], [n('removed'), 'removed'], [n('shared'), 'shared']]),
    files: counts(FILE_KINDS.map((k) => [d.files[k].length, k])),
    packages: counts([[p.upgraded.length, 'upgraded'], [p.added.length, 'added'], [p.removed.length, 'removed']]),
    findings: counts([[f.new.length, 'new'], [f.fixed.length, 'fixed'], [f.kept, 'in both']]),
  };
}

/** Whether the diff has anything to show beyond the totals. */
export function isEmpty(d: ImageDiff): boolean {
  const f = d.files;
  const p = d.packages;
  return (
    d.layers.every((l) => l.status === 'shared') &&
    f.added.length + f.removed.length + f.grown.length + f.shrunk.length + f.changed.length === 0 &&
    p.added.length + p.removed.length + p.upgraded.length === 0 &&
    d.findings.new.length + d.findings.fixed.length === 0
  );
}
