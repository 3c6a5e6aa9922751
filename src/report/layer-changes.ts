/**
 * `imgdiet analyze REF --layer N`: one layer's change tree in the terminal. Directories carry the bytes below
 * them, each entry its mark (A added, M modified, D removed, * mixed), small entries are folded, and the whole
 * stays within a screenful unless --top widens it. Reads the report the command hands it.
 */
import pc from 'picocolors';
import type { ChangeCount, LayerChangesReport } from '../model';
import { changeTree, ChangeTreeNode } from '../util/change-tree';
import { ellipsize, formatBytes } from '../util/units';

export interface LayerChangesOptions {
  color: boolean;
  /** Entries listed per directory (--top; default 10); a larger --top also allows more rows. */
  top?: number;
  /** Dockerfile line and text of the instruction, when joined. */
  dockerfile?: { line: number; instruction: string } | null;
  /** Columns no line may pass (default 100, what a pipe gets). */
  width?: number;
}

const MIN_ROWS = 40;
/** Deeper rows stop indenting, so that a deep path still fits the width. */
const MAX_INDENT = 16;

export function renderLayerChanges(r: LayerChangesReport, options: LayerChangesOptions): string {
  const c = pc.createColors(options.color);
  const width = Math.max(40, options.width ?? 100);
  const top = Math.max(1, options.top ?? 10);
  const ch = r.changes;
  const out: string[] = [c.bold(ellipsize(`Layer #${r.layer}: ${r.instruction || '(no history)'}`, width))];
  if (options.dockerfile) out.push(ellipsize(`Dockerfile line ${options.dockerfile.line}: ${options.dockerfile.instruction}`, width));
  out.push(
    `${c.green(`added ${counted(ch.added)}`)} · ${c.yellow(`modified ${counted(ch.modified)}`)} · ${c.red(`removed ${counted(ch.removed)}`)}`,
    `${plural(ch.directories, 'directory', 'directories')}, ${plural(ch.symlinks, 'symlink')}, ${plural(ch.hardlinks, 'hard link')} written`,
  );
  if (r.paths.length === 0) {
    out.push('', 'No path changed: this instruction only set metadata.');
    return `${out.join('\n')}\n`;
  }
  const root = changeTree(r.paths, { maxNodes: Math.max(MIN_ROWS, top * 4), maxChildren: top });
  out.push('');
  const paint: Record<string, (s: string) => string> = { added: c.green, modified: c.yellow, removed: c.red, mixed: c.dim };
  const mark: Record<string, string> = { added: 'A', modified: 'M', removed: 'D', mixed: '*' };
  const row = (n: ChangeTreeNode, depth: number): void => {
    const indent = '  '.repeat(Math.min(depth, MAX_INDENT));
    if (n.kind === 'more') {
      out.push(`${' '.repeat(13)}${indent}${c.dim(`… ${n.name}, ${formatBytes(n.bytes)}`)}`);
      return;
    }
    const m = n.change === null ? ' ' : mark[n.change];
    const size = n.kind === 'dir' || n.kind === 'file' ? formatBytes(n.bytes) : '';
    const suffix = n.kind === 'dir' ? (depth === 0 && n.name === '' ? '' : '/') : n.kind === 'symlink' ? ' (symlink)' : n.kind === 'hardlink' ? ' (hard link)' : n.kind === 'other' ? ' (other)' : '';
    const closed = n.kind === 'dir' && n.children === undefined && n.files > 0 ? ` … ${plural(n.files, 'entry', 'entries')}` : '';
    const name = ellipsize(depth === 0 ? `/${n.name}` : n.name, Math.max(8, width - 13 - indent.length - suffix.length - closed.length));
    const text = `${n.change === null ? m : paint[n.change](m)} ${size.padStart(9)}  ${indent}${name}${suffix}${c.dim(closed)}`;
    out.push(text);
    for (const child of n.children ?? []) row(child, depth + 1);
  };
  // The root's one-child chain is printed as one path (/usr/local/lib/ rather than three rows).
  let start = root;
  const parts: string[] = [];
  while (start.children?.length === 1 && start.children[0].kind === 'dir' && start.children[0].children !== undefined) {
    start = start.children[0];
    parts.push(start.name);
  }
  row({ ...start, name: parts.join('/') }, 0);
  out.push('', c.dim(ellipsize('A added · M modified · D removed · * mixed; directories: the file bytes changed below', width)));
  return `${out.join('\n')}\n`;
}

function counted(n: ChangeCount): string {
  return `${plural(n.files, 'file')}, ${formatBytes(n.bytes)}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
