import Table from 'cli-table3';
import pc from 'picocolors';
import type { Analysis } from '../model';
import { ellipsize, formatBytes, formatPercent } from '../util/units';
import { printable } from '../util/text';
import { compareText } from '../util/compare';
import { suggestionLine } from './suggestion-line';
import { SEVERITY_COLOR, TerminalOptions } from './terminal';

const INSTRUCTION_WIDTH = 60;

/** `imgdiet analyze --verbose`: every table in full (--top rows of the hidden and duplicate ones). */
export function renderVerboseTerminal(a: Analysis, options: TerminalOptions): string {
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
    { 'Caches and junk': formatBytes(t.junkBytes) },
    { Waste: c.bold(formatBytes(t.wasteBytes)) },
    { Efficiency: formatPercent(t.efficiency) },
    { User: a.image.config.user === '' ? 'root (no USER)' : printable(a.image.config.user) },
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
  if (a.findings.length > 0) {
    out.push('', c.bold(`Findings (${a.findings.length})`));
    const findings = new Table({ head: ['Rule', 'Severity', 'Bytes', 'Where', 'Fix'], style, colAligns: ['left', 'left', 'right', 'left', 'left'], colWidths: [null, null, null, 44, 48] as unknown as number[], wordWrap: true });
    for (const f of a.findings) {
      const where = [
        f.layer === null ? '' : `added by ${layerName(f.layer)}`,
        f.hiddenBy === null ? '' : `deleted by #${f.hiddenBy}, still shipped`,
        ...f.paths.slice(0, 2).map((p) => ellipsize(`/${p.path}`, 42)),
        f.pathCount > 2 ? `… ${f.pathCount - 2} more` : '',
      ].filter(Boolean);
      findings.push([f.id, (c[SEVERITY_COLOR[f.severity]] as (s: string) => string)(f.severity), f.bytes > 0 ? formatBytes(f.bytes) : '', where.join('\n') || printable(f.message), f.fix]);
    }
    out.push(findings.toString());
  }

  if (a.packages.length > 0) {
    out.push('', c.bold('Packages'));
    const pk = new Table({ head: ['Manager', 'Packages', 'Bytes', 'Largest'], style, colAligns: ['left', 'right', 'right', 'left'] });
    for (const manager of [...new Set(a.packages.map((p) => p.manager))]) {
      const list = a.packages.filter((p) => p.manager === manager).sort((x, y) => y.bytes - x.bytes || compareText(x.name, y.name));
      const bytes = list.reduce((n, p) => n + p.bytes, 0);
      const largest = list.slice(0, 5).map((p) => `${printable(p.name)} ${formatBytes(p.bytes)}${p.buildOnly ? ' (build-only)' : ''}`);
      pk.push([manager, String(list.length), formatBytes(bytes), largest.join('\n')]);
    }
    out.push(pk.toString());
  }

  if (a.suggestions.length > 0) {
    // The analysis ranks suggestions by savings already.
    out.push('', c.bold(`Suggestions (${a.suggestions.length}), by savings`));
    const sg = new Table({ head: ['Suggestion', 'What', 'Saves', 'Compressed', 'Confidence', 'Dockerfile line'], style, colAligns: ['left', 'left', 'right', 'right', 'left', 'right'] });
    for (const s of a.suggestions) {
      const line = suggestionLine(a, s);
      sg.push([s.id, ellipsize(s.title, 50), s.savings.bytes > 0 ? formatBytes(s.savings.bytes) : c.dim('0 B'), s.savings.compressedBytes === null ? '' : formatBytes(s.savings.compressedBytes), s.confidence, line === null ? '' : String(line)]);
    }
    out.push(sg.toString());
    if (a.dockerfile?.proposedDiff) out.push('', c.bold(`Proposed changes to ${printable(a.dockerfile.path)} (--write-dockerfile PATH writes them)`), a.dockerfile.proposedDiff.split('\n').map(printable).join('\n'));
  }
  return `${out.join('\n')}\n`;
}
