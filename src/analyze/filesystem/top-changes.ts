import type { ChangedPath, ChangeKind } from '../../model';
import { compareText } from '../../util/compare';

/** How many directories and how many files `changes.top` lists at most. */
export const TOP_DIRS = 10;
export const TOP_FILES = 10;

interface DirTotal {
  /** null until asked for, for a directory met only as the ancestor of another: `depth` segments of `below`. */
  path: string | null;
  below: string;
  depth: number;
  /** Changed files directly in it, and of each change. */
  files: number;
  bytes: number;
  added: number;
  modified: number;
  removed: number;
  /** The same for everything below it, filled by result(). */
  sumFiles: number;
  sumBytes: number;
  sumAdded: number;
  sumModified: number;
  sumRemoved: number;
  /** Child directories with changes below them; whether it counts as one of its parent's. */
  branches: number;
  linked: boolean;
  parent: DirTotal | null;
}

/**
 * The largest changed directories and files of one layer. A directory aggregates every changed file below it
 * (bytes: this layer's for added/modified, the lower file's for removed). Listed: the TOP_DIRS largest directories
 * that hold changed files themselves or branch into two or more changed subdirectories (a chain such as `usr` →
 * `usr/lib` with one child says nothing its child does not), the root excluded (it is the layer's total), and the
 * TOP_FILES largest files; together largest first, ties by path.
 *
 * Directories are told by the model's numbers for their paths (see PathNodes), with the chain of their ancestors: a map
 * keyed by freshly sliced path strings costs about a microsecond a lookup in V8, an identity map a fraction of it.
 * Paths are looked up only for files taken back or removed, which few layers have.
 */
export class TopChanges {
  private readonly byKey = new Map<number, DirTotal>();
  private readonly all: DirTotal[] = [];
  private byPath: Map<string, DirTotal> | null = null;
  /** Directories replaced during the layer, by path: made again at the same path, they count as one. */
  private retired: Map<string, DirTotal> | null = null;
  private current: DirTotal | null = null;
  private files: ChangedPath[] = [];
  /** A file among the largest was taken back: the caller offers every file again. */
  filesIncomplete = false;

  /** The directory the next addHere calls are in: its path and the model's numbers for root … it. */
  enter(path: string, chain: readonly number[]): void {
    let d = this.byKey.get(chain[chain.length - 1]);
    if (d === undefined) {
      d = this.adopt(chain[chain.length - 1], path, path, chain.length - 1);
      for (let i = chain.length - 2, child = d; i >= 0 && child.parent === null; i--) {
        child.parent = this.byKey.get(chain[i]) ?? this.adopt(chain[i], null, path, i);
        child = child.parent;
      }
    }
    this.current = d;
  }

  /** The model replaced this directory (key as in enter). */
  retire(key: number): void {
    const d = this.byKey.get(key);
    if (d === undefined) return;
    this.byKey.delete(key);
    (this.retired ??= new Map()).set(pathOf(d), d);
  }

  addHere(path: string, change: ChangeKind, bytes: number): void {
    count(this.current as DirTotal, change, bytes, 1);
    this.offerFile(path, change, bytes);
  }

  /** A removed file, in its directory by path. */
  addIn(dir: string, path: string, change: ChangeKind, bytes: number): void {
    count(this.dirByPath(dir), change, bytes, 1);
    this.offerFile(path, change, bytes);
  }

  /** Takes back a file added before (a later entry of the layer replaced it). */
  remove(dir: string, path: string, change: ChangeKind, bytes: number): void {
    count(this.dirByPath(dir), change, bytes, -1);
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
    for (const d of this.all) {
      d.sumFiles = d.files;
      d.sumBytes = d.bytes;
      d.sumAdded = d.added;
      d.sumModified = d.modified;
      d.sumRemoved = d.removed;
    }
    // Each directory's own changes go up its ancestors; a child counts once among its parent's branches.
    for (const d of this.all) {
      if (d.files === 0) continue;
      for (let c = d, p = d.parent; p !== null; c = p, p = p.parent) {
        p.sumFiles += d.files;
        p.sumBytes += d.bytes;
        p.sumAdded += d.added;
        p.sumModified += d.modified;
        p.sumRemoved += d.removed;
        if (!c.linked) {
          c.linked = true;
          p.branches++;
        }
      }
    }
    const top: ChangedPath[] = [];
    for (const d of this.all) {
      if (d.depth === 0 || d.sumFiles === 0 || (d.files === 0 && d.branches < 2)) continue;
      const least = top.length === TOP_DIRS ? top[TOP_DIRS - 1] : null;
      if (least !== null && d.sumBytes < least.bytes) continue;
      keepLargest(top, { path: pathOf(d), type: 'dir', change: kindOf(d), files: d.sumFiles, bytes: d.sumBytes }, TOP_DIRS);
    }
    return [...top, ...this.files].sort(byBytes);
  }

  /** The total for a directory met for the first time (one of the same path replaced before, if any). */
  private adopt(key: number, path: string | null, below: string, depth: number): DirTotal {
    let d = this.retired === null ? undefined : this.retired.get(path ?? leading(below, depth));
    if (d === undefined) {
      d = this.make(path, below, depth);
      this.byPath?.set(pathOf(d), d);
    }
    this.byKey.set(key, d);
    return d;
  }

  private make(path: string | null, below: string, depth: number): DirTotal {
    const d: DirTotal = {
      path, below, depth, files: 0, bytes: 0, added: 0, modified: 0, removed: 0,
      sumFiles: 0, sumBytes: 0, sumAdded: 0, sumModified: 0, sumRemoved: 0, branches: 0, linked: false, parent: null,
    };
    this.all.push(d);
    return d;
  }

  /** The slow way in, by path: every directory met so far is indexed once, then each new one as it comes. */
  private dirByPath(dir: string): DirTotal {
    if (this.byPath === null) {
      this.byPath = new Map();
      for (const d of this.all) this.byPath.set(pathOf(d), d);
    }
    let d = this.byPath.get(dir);
    if (d === undefined) {
      d = this.make(dir, dir, dir === '' ? 0 : dir.split('/').length);
      this.byPath.set(dir, d);
      if (dir !== '') {
        const cut = dir.lastIndexOf('/');
        d.parent = this.dirByPath(cut < 0 ? '' : dir.slice(0, cut));
      }
    }
    return d;
  }
}

function count(d: DirTotal, change: ChangeKind, bytes: number, sign: 1 | -1): void {
  d.files += sign;
  d.bytes += sign * bytes;
  d[change] += sign;
}

function pathOf(d: DirTotal): string {
  d.path ??= leading(d.below, d.depth);
  return d.path;
}

/** The first `depth` segments of a path. */
function leading(path: string, depth: number): string {
  let at = -1;
  for (let i = 0; i < depth; i++) at = path.indexOf('/', at + 1);
  return depth === 0 ? '' : at < 0 ? path : path.slice(0, at);
}

function kindOf(d: DirTotal): ChangedPath['change'] {
  if (d.sumAdded === d.sumFiles) return 'added';
  if (d.sumModified === d.sumFiles) return 'modified';
  return d.sumRemoved === d.sumFiles ? 'removed' : 'mixed';
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
