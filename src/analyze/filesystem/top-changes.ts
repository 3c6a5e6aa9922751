import type { ChangedPath, ChangeKind } from '../../model';
import { compareText } from '../../util/compare';

/** How many directories and how many files `changes.top` lists at most. */
export const TOP_DIRS = 10;
export const TOP_FILES = 10;

interface DirTotal {
  path: string;
  /** Changed files below it, and of each change. */
  files: number;
  bytes: number;
  added: number;
  modified: number;
  removed: number;
  /** Changed files directly in it. */
  direct: number;
  /** Child directories with changes below them. */
  branches: number;
  parent: DirTotal | null;
}

/**
 * The largest changed directories and files of one layer. A directory aggregates every changed file below it
 * (bytes: this layer's for added/modified, the lower file's for removed). Listed: the TOP_DIRS largest directories
 * that hold changed files themselves or branch into two or more changed subdirectories (a chain such as `usr` →
 * `usr/lib` with one child says nothing its child does not), the root excluded (it is the layer's total), and the
 * TOP_FILES largest files; together largest first, ties by path. One map entry per directory, none per file.
 */
export class TopChanges {
  private readonly dirs = new Map<string, DirTotal>();
  private current: DirTotal | null = null;
  private files: ChangedPath[] = [];
  /** A file among the largest was taken back: the caller offers every file again. */
  filesIncomplete = false;

  /** The directory the next addHere calls are in. */
  enter(dir: string): void {
    this.current = this.dir(dir);
  }

  addHere(path: string, change: ChangeKind, bytes: number): void {
    const d = this.current as DirTotal;
    d.files++;
    d.bytes += bytes;
    d[change]++;
    d.direct++;
    this.offerFile(path, change, bytes);
  }

  add(dir: string, path: string, change: ChangeKind, bytes: number): void {
    this.enter(dir);
    this.addHere(path, change, bytes);
  }

  /** Takes back a file added before (a later entry of the layer replaced it). */
  remove(dir: string, path: string, change: ChangeKind, bytes: number): void {
    const d = this.dir(dir);
    d.files--;
    d.bytes -= bytes;
    d[change]--;
    d.direct--;
    if (this.files.some((f) => f.path === path)) this.filesIncomplete = true;
  }

  /** Forgets the largest files, for offerFile to be called with every file again. */
  clearFiles(): void {
    this.files = [];
    this.filesIncomplete = false;
  }

  offerFile(path: string, change: ChangeKind, bytes: number): void {
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
      const p = d.parent;
      if (p === null || d.files === 0) continue;
      p.files += d.files;
      p.bytes += d.bytes;
      p.added += d.added;
      p.modified += d.modified;
      p.removed += d.removed;
      p.branches++;
    }
    const top: ChangedPath[] = [];
    for (const d of all) {
      if (d.path === '' || d.files === 0 || (d.direct === 0 && d.branches < 2)) continue;
      const least = top.length === TOP_DIRS ? top[TOP_DIRS - 1] : null;
      if (least !== null && (d.bytes < least.bytes || (d.bytes === least.bytes && d.path > least.path))) continue;
      keepLargest(top, { path: d.path, type: 'dir', change: kindOf(d), files: d.files, bytes: d.bytes }, TOP_DIRS);
    }
    return [...top, ...this.files].sort(byBytes);
  }

  private dir(path: string, created?: DirTotal[]): DirTotal {
    let d = this.dirs.get(path);
    if (d === undefined) {
      d = { path, files: 0, bytes: 0, added: 0, modified: 0, removed: 0, direct: 0, branches: 0, parent: null };
      this.dirs.set(path, d);
      created?.push(d);
    }
    return d;
  }
}

function kindOf(d: DirTotal): ChangedPath['change'] {
  if (d.added === d.files) return 'added';
  if (d.modified === d.files) return 'modified';
  return d.removed === d.files ? 'removed' : 'mixed';
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
