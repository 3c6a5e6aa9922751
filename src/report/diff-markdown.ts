import type { FileChangeKind, ImageDiff, LayerDiff, PackageChange } from '../diff/model';
import { describeImage, FILE_KINDS, fileLayer, isEmpty, layerInstructions, summaries, totalsRows } from './diff-format';
import { ellipsize, formatBytes, formatSignedBytes } from '../util/units';
import { printable } from '../util/text';

export interface DiffMarkdownOptions {
  /** Rows per list, as in the text report; default 10. */
  top?: number;
}

const FILE_TITLES: Record<FileChangeKind, string> = {
  grown: 'Grown',
  added: 'Added',
  shrunk: 'Shrunk',
  removed: 'Removed',
  changed: 'Changed at the same size',
};

/**
 * The diff as GitHub-flavoured Markdown for a pull-request comment: the layer-bytes change in the heading, the
 * totals, the instructions that changed most, then layers, files and packages folded, and findings new and fixed.
 * Computes nothing; lists are cut at `top` rows (the JSON has them all).
 */
export function renderDiffMarkdown(d: ImageDiff, options: DiffMarkdownOptions = {}): string {
  const top = options.top ?? 10;
  const out: string[] = [];
  const rows = totalsRows(d);
  const said = summaries(d);
  out.push(`### imgdiet diff: ${d.totals.layerBytes.delta === 0 ? 'no change in layer bytes' : `layer bytes ${rows[0].change}`}`, '');
  out.push(`${literal(d.old.reference)} (${text(describeImage(d.old))}) → ${literal(d.new.reference)} (${text(describeImage(d.new))})`, '');
  out.push('| | Old | New | Change |', '| --- | ---: | ---: | ---: |');
  for (const r of rows) out.push(`| ${r.label} | ${r.old} | ${r.new} | ${r.sign !== 0 && r === rows[0] ? `**${r.change}**` : r.change} |`);
  out.push('');
  if (isEmpty(d)) {
    out.push(d.old.id === d.new.id ? 'The two references are the same image.' : 'No layer, file, package or finding differs.', '');
    return `${out.join('\n')}\n`;
  }
  const more = (all: number): string[] => (all > top ? ['', `… and ${all - top} more (see \`imgdiet diff --json\`).`] : []);

  if (d.instructions.length > 0) {
    out.push('**Changes by instruction**', '', '| Change | Instruction | Old | New |', '| ---: | --- | ---: | ---: |');
    const size = (n: number, b: number): string => (n === 0 ? '—' : `${formatBytes(b)}${n > 1 ? ` in ${n} layers` : ''}`);
    for (const r of d.instructions.slice(0, top)) {
      out.push(`| ${formatSignedBytes(r.deltaBytes)} | ${literal(ellipsize(r.instruction, 100))} | ${size(r.oldLayers, r.oldBytes)} | ${size(r.newLayers, r.newBytes)} |`);
    }
    out.push(...more(d.instructions.length), '');
  }

  out.push(`<details><summary>Layers: ${said.layers}</summary>`, '');
  out.push('| | Old # | New # | Instruction | Old | New | Change |', '| --- | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const l of d.layers) {
    const cell = (x: LayerDiff['old']): [string, string] => (x ? [String(x.index), formatBytes(x.sizeBytes)] : ['', '']);
    const [oi, os] = cell(l.old);
    const [ni, ns] = cell(l.new);
    out.push(`| ${l.status} | ${oi} | ${ni} | ${literal(ellipsize(l.instruction, 80))} | ${os} | ${ns} | ${formatSignedBytes(l.deltaBytes)} |`);
  }
  out.push('', '</details>', '');

  const f = d.files;
  if (FILE_KINDS.some((k) => f[k].length > 0)) {
    const names = layerInstructions(d);
    out.push(`<details><summary>Files: ${said.files}</summary>`, '');
    for (const kind of FILE_KINDS) {
      const list = f[kind];
      if (list.length === 0) continue;
      out.push(`**${FILE_TITLES[kind]}** (${list.length}${kind === 'changed' ? '' : `, ${formatSignedBytes(f.bytes[kind])}`})`, '');
      out.push('| Change | Path | Old | New | Layer |', '| ---: | --- | ---: | ---: | --- |');
      for (const x of list.slice(0, top)) {
        const layer = fileLayer(x, names);
        const where = layer ? `#${layer.index} ${literal(ellipsize(layer.instruction, 60))}` : '';
        const size = (b: number | null): string => (b === null ? '' : formatBytes(b));
        out.push(`| ${kind === 'changed' ? 'content' : formatSignedBytes(x.deltaBytes)} | ${literal(`/${x.path}`)} | ${size(x.oldBytes)} | ${size(x.newBytes)} | ${where} |`);
      }
      out.push(...more(list.length), '');
    }
    out.push('</details>', '');
  }

  const p = d.packages;
  if (p.added.length + p.removed.length + p.upgraded.length > 0) {
    out.push(`<details><summary>Packages: ${said.packages}</summary>`, '');
    out.push('| | Manager | Package | Old version | New version | Bytes |', '| --- | --- | --- | --- | --- | ---: |');
    const rowsOf = (what: string, list: PackageChange[]): void => {
      for (const x of list.slice(0, top)) {
        out.push(`| ${what} | ${x.manager} | ${literal(x.name)} | ${x.oldVersion === null ? '' : literal(x.oldVersion)} | ${x.newVersion === null ? '' : literal(x.newVersion)} | ${formatSignedBytes(x.deltaBytes)} |`);
      }
      if (list.length > top) out.push(`| ${what} | | … and ${list.length - top} more | | | |`);
    };
    rowsOf('upgraded', p.upgraded);
    rowsOf('added', p.added);
    rowsOf('removed', p.removed);
    out.push('', '</details>', '');
  }

  const fd = d.findings;
  out.push(`**Findings: ${said.findings}**`, '');
  if (fd.new.length + fd.fixed.length > 0) {
    out.push('| | Severity | Rule | Bytes | Finding |', '| --- | --- | --- | ---: | --- |');
    for (const [what, list] of [['🆕 new', fd.new], ['✅ fixed', fd.fixed]] as const) {
      for (const x of list.slice(0, top)) out.push(`| ${what} | ${x.severity} | ${literal(x.id)} | ${x.bytes > 0 ? formatBytes(x.bytes) : ''} | ${text(x.message)} |`);
      if (list.length > top) out.push(`| ${what} | | | | … and ${list.length - top} more |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '|': '\\|' };

/** Words from the image in a table cell: one line, control characters shown, no Markdown or HTML left active. */
function text(s: string): string {
  return printable(s.replace(/\s+/g, ' ')).replace(/[\\`*_[\]~#|<>&]/g, (ch) => ENTITIES[ch] ?? `\\${ch}`);
}

/** A path, name or instruction as a code span: fenced by more backticks than it holds, pipes kept out of the table. */
function literal(s: string): string {
  const body = printable(s.replace(/\s+/g, ' ')).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
