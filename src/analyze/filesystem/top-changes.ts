import type { ChangedPath, ChangeKind } from '../../model';
import { compareText } from '../../util/compare';

/** How many directories and how many files `changes.top` lists at most. */
export const TOP_DIRS = 10;
export const TOP_FILES = 10;

const BIT: Record<ChangeKind, number> = { added: 1, modified: 2, removed: 4 };
const KIND: Record<number, ChangeKind> = { 1: 'added', 2: 'modified', 4: 'removed' };

interface DirTotal {
  path: string;
  files: number;
  bytes: number;
  /** BIT of every change below. */
  kinds: number;
  /** Changed files directly in it. */
  direct: boolean;
  /** Child directories with changes below them. */
  branches: number;
  parent: DirTotal | null;
}

/**
 * The largest changed directories and files of one layer. A directory aggregates every changed file below it
 * (bytes: this layer's for added/modified, the lower file's for removed). Listed: the TOP_DIRS largest directories
 * that hold changed files themselves or branch into two or more changed subdirectories (a chain such as `usr` →
 * `usr/lib` with one child says nothing its child does not), the root excluded (it is the layer's total), and the
 * TOP_FILES largest files; together largest first. One map entry per directory, none per file.
 */
export class TopChanges {
  private readonly dirs = new Map<string, DirTotal>();
  private last: DirTotal | null = null;
  private readonly files: ChangedPath[] = [];

  /** A changed file and its parent directory (usually the very string of the file before: compared as such first). */
  add(parent: string, path: string, change: ChangeKind, bytes: number): void {
    let dir = this.last;
    if (dir === null || dir.path !== parent) {
      dir = this.dir(parent);
      this.last = dir;
    }
    dir.files++;
    dir.bytes += bytes;
    dir.kinds |= BIT[change];
    dir.direct = true;
    // Most files are not among the largest: decided before an object is made for them.
    const least = this.files.length === TOP_FILES ? this.files[TOP_FILES - 1] : null;
    if (least === null || bytes > least.bytes || (bytes === least.bytes && path < least.path)) {
      keepLargest(this.files, { path, type: 'file', change, files: 1, bytes }, TOP_FILES);
    }
  }

  result(): ChangedPath[] {
    // Every ancestor, so that each directory can take in what is below it.
    const all = [...this.dirs.values()];
    for (let i = 0; i < all.length; i++) {
      const d = all[i];
      if (d.path === '') continue;
      const cut = d.path.lastIndexOf('/');
      d.parent = this.dir(cut < 0 ? '' : d.path.slice(0, cut), all);
    }
    // Longer paths first: a directory is complete before its parent takes it in.
    all.sort((a, b) => b.path.length - a.path.length);
    for (const d of all) {
      if (d.parent) {
        d.parent.files += d.files;
        d.parent.bytes += d.bytes;
        d.parent.kinds |= d.kinds;
        d.parent.branches++;
      }
    }
    const top: ChangedPath[] = [];
    for (const d of all) {
      if (d.path === '' || (!d.direct && d.branches < 2)) continue;
      const least = top.length === TOP_DIRS ? top[TOP_DIRS - 1] : null;
      if (least !== null && (d.bytes < least.bytes || (d.bytes === least.bytes && d.path > least.path))) continue;
      keepLargest(top, { path: d.path, type: 'dir', change: KIND[d.kinds] ?? 'mixed', files: d.files, bytes: d.bytes }, TOP_DIRS);
    }
    return [...top, ...this.files].sort(byBytes);
  }

  private dir(path: string, created?: DirTotal[]): DirTotal {
    let d = this.dirs.get(path);
    if (d === undefined) {
      d = { path, files: 0, bytes: 0, kinds: 0, direct: false, branches: 0, parent: null };
      this.dirs.set(path, d);
      created?.push(d);
    }
    return d;
  }
}

function byBytes(a: ChangedPath, b: ChangedPath): number {
  return b.bytes - a.bytes || (a.type === b.type ? 0 : a.type === 'dir' ? -1 : 1) || compareText(a.path, b.path);
}

/** Inserts into a list kept sorted by byBytes and at most `limit` long. */
function keepLargest(list: ChangedPath[], item: ChangedPath, limit: number): void {
  let i = list.length;
  while (i > 0 && byBytes(item, list[i - 1]) < 0) i--;
  if (i >= limit) return;
  list.splice(i, 0, item);
  if (list.length > limit) list.pop();
}
