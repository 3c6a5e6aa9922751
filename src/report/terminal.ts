import Table from 'cli-table3';
import pc from 'picocolors';
import type { Analysis } from '../model';
import { ellipsize, formatBytes, formatPercent } from './units';

export interface TerminalOptions {
  color: boolean;
  /** How many hidden files and duplicate groups to list. */
  top?: number;
}

const INSTRUCTION_WIDTH = 60;

/** The human report of `imgdiet analyze`. Reads the analysis; computes nothing new. */
export function renderTerminal(a: Analysis, options: TerminalOptions): string {
  const c = pc.createColors(options.color);
  const top = options.top ?? 10;
  const t = a.totals;
  const style = { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] };
  const out: string[] = [];
  const layerName = (i: number): string => `#${i} ${ellipsize(a.layers[i]?.instruction ?? '?', 40)}`;

  out.push(c.bold(`imgdiet: ${a.source.reference}`));
  const summary = new Table({ style });
  const plat = [a.image.os, a.image.architecture, a.image.variant].filter(Boolean).join('/');
  summary.push(
    { Image: a.image.tags.length > 0 ? a.image.tags.join(', ') : a.source.reference },
    { Id: a.image.id },
    { Platform: plat },
    { 'Layer bytes': `${formatBytes(t.layerBytes)} in ${t.layerCount} layers${t.compressedBytes === null ? '' : ` (${formatBytes(t.compressedBytes)} compressed)`}` },
    { 'Final files': `${formatBytes(t.finalBytes)} in ${t.finalFiles} files` },
    { Hidden: formatBytes(t.hiddenBytes) },
    { Duplicate: formatBytes(t.duplicateBytes) },
    { Waste: c.bold(formatBytes(t.wasteBytes)) },
    { Efficiency: formatPercent(t.efficiency) },
  );
  out.push(summary.toString());

  out.push('', c.bold('Layers'));
  const layers = new Table({ head: ['#', 'Instruction', 'Size', 'Later hidden', 'Files'], style, colAligns: ['right', 'left', 'right', 'right', 'right'] });
  for (const l of a.layers) {
    layers.push([
      String(l.index),
      ellipsize(l.instruction || '(no history)', INSTRUCTION_WIDTH),
      l.emptyLayer ? c.dim('0 B') : formatBytes(l.sizeBytes),
      l.hiddenBytes > 0 ? c.yellow(formatBytes(l.hiddenBytes)) : '',
      l.emptyLayer ? '' : String(l.files),
    ]);
  }
  out.push(layers.toString());

  if (a.hidden.length > 0) {
    out.push('', c.bold(`Largest hidden files (${a.hidden.length} in all, ${formatBytes(t.hiddenBytes)})`));
    const hidden = new Table({ head: ['Size', 'Path', 'Added by', 'Hidden by'], style, colAligns: ['right', 'left', 'left', 'left'] });
    for (const h of a.hidden.slice(0, top)) {
      hidden.push([formatBytes(h.bytes), ellipsize(`/${h.path}`, 50), layerName(h.addedByLayer), `${layerName(h.hiddenByLayer)} (${h.reason})`]);
    }
    out.push(hidden.toString());
  }

  if (a.duplicates.length > 0) {
    out.push('', c.bold(`Largest duplicate groups (${a.duplicates.length} in all, ${formatBytes(t.duplicateBytes)} wasted)`));
    const dups = new Table({ head: ['Wasted', 'Copies', 'Size each', 'Paths'], style, colAligns: ['right', 'right', 'right', 'left'] });
    for (const d of a.duplicates.slice(0, top)) {
      const shown = d.paths.slice(0, 3).map((p) => ellipsize(`/${p}`, 60));
      if (d.paths.length > 3) shown.push(`… ${d.paths.length - 3} more`);
      dups.push([formatBytes(d.wastedBytes), String(d.paths.length), formatBytes(d.sizeBytes), shown.join('\n')]);
    }
    out.push(dups.toString());
  }
  return `${out.join('\n')}\n`;
}
