import Table from 'cli-table3';
import pc from 'picocolors';
import type { FileChange, FileChangeKind, ImageDiff, LayerDiff, PackageChange } from '../diff/model';
import { describeImage, FILE_KINDS, fileLayer, isEmpty, layerInstructions, summaries, totalsRows } from './diff-format';
import { ellipsize, formatBytes, formatSignedBytes } from '../util/units';
import { printable } from '../util/text';

export interface DiffTextOptions {
  color: boolean;
  /** Rows per list (instructions, files of each kind, packages of each kind, findings); default 10. */
  top?: number;
}

const FILE_TITLES: Record<FileChangeKind, string> = {
  added: 'Files added',
  removed: 'Files removed',
  grown: 'Files grown',
  shrunk: 'Files shrunk',
  changed: 'Files changed at the same size',
};

/** The terminal report of `imgdiet diff`. Reads the diff object; computes nothing new. */
export function renderDiffText(d: ImageDiff, options: DiffTextOptions): string {
  const c = pc.createColors(options.color);
  const top = options.top ?? 10;
  const style = { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] };
  const tint = (sign: number, s: string): string => (sign > 0 ? c.red(s) : sign < 0 ? c.green(s) : s);
  const bytes = (n: number): string => tint(Math.sign(n), formatSignedBytes(n));
  const more = (shown: number, all: number): string[] => (all > shown ? [c.dim(`… and ${all - shown} more (all of them with --json)`)] : []);
  const names = layerInstructions(d);
  const said = summaries(d);
  const out: string[] = [];

  out.push(c.bold(`imgdiet diff: ${printable(d.old.reference)} → ${printable(d.new.reference)}`));
  out.push(`  old  ${describeImage(d.old)}`, `  new  ${describeImage(d.new)}`);
  const totals = new Table({ head: ['', 'Old', 'New', 'Change'], style, colAligns: ['left', 'right', 'right', 'right'] });
  for (const r of totalsRows(d)) totals.push([r.label, r.old, r.new, tint(r.sign, r.change)]);
  out.push(totals.toString());
  if (isEmpty(d)) {
    out.push('', d.old.id === d.new.id ? 'The two references are the same image.' : 'No layer, file, package or finding differs.');
    return `${out.join('\n')}\n`;
  }

  if (d.instructions.length > 0) {
    out.push('', c.bold(`Changes by instruction (${d.instructions.length})`));
    const t = new Table({ head: ['Change', 'Instruction', 'Old', 'New'], style, colAligns: ['right', 'left', 'right', 'right'] });
    for (const r of d.instructions.slice(0, top)) {
      const layers = (n: number, b: number): string => (n === 0 ? c.dim('none') : `${formatBytes(b)}${n > 1 ? ` in ${n}` : ''}`);
      t.push([bytes(r.deltaBytes), ellipsize(r.instruction, 60), layers(r.oldLayers, r.oldBytes), layers(r.newLayers, r.newBytes)]);
    }
    out.push(t.toString(), ...more(top, d.instructions.length));
  }

  out.push('', c.bold(`Layers: ${said.layers}`));
  const lt = new Table({ head: ['', 'Old #', 'New #', 'Instruction', 'Old', 'New', 'Change'], style, colAligns: ['left', 'right', 'right', 'left', 'right', 'right', 'right'] });
  for (const run of runs(d.layers)) {
    if (run.length > 1 || run[0].status === 'shared') {
      const size = run.reduce((n, l) => n + (l.old?.sizeBytes ?? 0), 0);
      const span = (k: 'old' | 'new'): string => `${run[0][k]?.index}${run.length > 1 ? `–${run[run.length - 1][k]?.index}` : ''}`;
      const what = run.length > 1 ? `${run.length} shared layers` : ellipsize(run[0].instruction, 50);
      lt.push([c.dim('shared'), span('old'), span('new'), c.dim(what), formatBytes(size), formatBytes(size), '0 B']);
      continue;
    }
    const l = run[0];
    lt.push([
      l.status === 'added' ? c.red('added') : l.status === 'removed' ? c.green('removed') : c.yellow('changed'),
      l.old ? String(l.old.index) : '',
      l.new ? String(l.new.index) : '',
      ellipsize(l.instruction, 50),
      l.old ? formatBytes(l.old.sizeBytes) : '',
      l.new ? formatBytes(l.new.sizeBytes) : '',
      bytes(l.deltaBytes),
    ]);
  }
  out.push(lt.toString());

  const f = d.files;
  out.push('', c.bold(`Files: ${said.files}`));
  for (const kind of FILE_KINDS) {
    const list: FileChange[] = f[kind];
    if (list.length === 0) continue;
    const sum = kind === 'changed' ? '' : `, ${formatSignedBytes(f.bytes[kind])}`;
    out.push(`${FILE_TITLES[kind]} (${list.length}${sum})`);
    const t = new Table({ head: ['Change', 'Path', 'Old', 'New', 'Layer'], style, colAligns: ['right', 'left', 'right', 'right', 'left'] });
    for (const x of list.slice(0, top)) {
      const layer = fileLayer(x, names);
      t.push([
        kind === 'changed' ? c.yellow('content') : bytes(x.deltaBytes),
        ellipsize(`/${x.path}`, 50),
        x.oldBytes === null ? '' : formatBytes(x.oldBytes),
        x.newBytes === null ? '' : formatBytes(x.newBytes),
        layer ? `#${layer.index} ${ellipsize(layer.instruction, 36)}` : '',
      ]);
    }
    out.push(t.toString(), ...more(top, list.length));
  }
  if (f.notCompared > 0) out.push(c.dim(`${f.notCompared} files of the same size could not be compared (content not hashed)`));

  const p = d.packages;
  if (p.added.length + p.removed.length + p.upgraded.length > 0) {
    out.push('', c.bold(`Packages: ${said.packages}`));
    const t = new Table({ head: ['', 'Manager', 'Package', 'Old version', 'New version', 'Bytes'], style, colAligns: ['left', 'left', 'left', 'left', 'left', 'right'] });
    const rows = (what: string, list: PackageChange[]): void => {
      for (const x of list.slice(0, top)) t.push([what, x.manager, printable(x.name), printable(x.oldVersion ?? ''), printable(x.newVersion ?? ''), bytes(x.deltaBytes)]);
      if (list.length > top) t.push([what, '', c.dim(`… and ${list.length - top} more`), '', '', '']);
    };
    rows('upgraded', p.upgraded);
    rows('added', p.added);
    rows('removed', p.removed);
    out.push(t.toString());
  }

  const fd = d.findings;
  out.push('', c.bold(`Findings: ${said.findings}`));
  for (const [title, list] of [['New', fd.new], ['Fixed', fd.fixed]] as const) {
    if (list.length === 0) continue;
    const t = new Table({ head: [title, 'Severity', 'Rule', 'Bytes', 'Finding'], style, colAligns: ['left', 'left', 'left', 'right', 'left'], colWidths: [null, null, null, null, 70] as unknown as number[], wordWrap: true });
    for (const x of list.slice(0, top)) t.push([title === 'New' ? c.red('new') : c.green('fixed'), x.severity, x.id, x.bytes > 0 ? formatBytes(x.bytes) : '', printable(x.message)]);
    out.push(t.toString(), ...more(top, list.length));
  }
  return `${out.join('\n')}\n`;
}

/** Consecutive shared layers together; every other layer alone. */
function runs(layers: LayerDiff[]): LayerDiff[][] {
  const out: LayerDiff[][] = [];
  for (const l of layers) {
    const last = out[out.length - 1];
    if (l.status === 'shared' && last && last[0].status === 'shared') last.push(l);
    else out.push([l]);
  }
  return out;
}
