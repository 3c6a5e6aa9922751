import { HASH_START, hashFrom, StringIndex } from './string-index';
import { resized } from './typed-arrays';

/**
 * Every path of an image once, as a number: ids are dense from 0 (the root, ''), in the order paths were first
 * met, and never change. Each path knows its parent and its children (lists threaded through typed arrays), so
 * a tree over the ids needs no node object and no Map per directory. The layer walks intern their entries'
 * paths here and the filesystem model works on the numbers.
 *
 * A path's hash goes on from its directory's (see hashPath), so that a file costs hashing its name, not its path.
 */
export class PathTable {
  /** Each id's path (normalised: no leading or trailing `/`). */
  readonly paths: string[] = [''];
  private readonly index = new StringIndex((id) => this.paths[id]);
  private parents = new Int32Array(1024);
  /** Children as lists threaded through the arrays, newest first; -1 ends one. */
  private firstChild = new Int32Array(1024).fill(-1);
  private nextSibling = new Int32Array(1024).fill(-1);
  /** Entries come grouped by directory: the last directory met is remembered, with its children's start hash. */
  private lastDir = '';
  private lastDirId = 0;
  private lastDirHash = HASH_START;

  constructor() {
    this.index.add('', 0, HASH_START);
    this.parents[0] = -1;
  }

  /** How many paths, the root included. */
  get size(): number {
    return this.paths.length;
  }

  /** The id of a path, or -1 when it was never interned. */
  find(path: string): number {
    return this.index.get(path, hashPath(path));
  }

  /** The id of a normalised path, adding it and its missing parents. */
  intern(path: string): number {
    if (path === '') return 0;
    const cut = path.lastIndexOf('/');
    const dirLength = cut < 0 ? 0 : cut;
    // A slice and === are several times faster than startsWith in V8.
    const dir = path.slice(0, dirLength);
    if (dir !== this.lastDir) {
      const known = this.index.get(dir, hashPath(dir));
      this.lastDirId = known >= 0 ? known : this.intern(dir);
      this.lastDir = dir;
      this.lastDirHash = childStart(this.lastDirId, this.index.hashOf(this.lastDirId));
    }
    const parent = this.lastDirId;
    const id = this.paths.length;
    const known = this.index.add(path, id, hashFrom(this.lastDirHash, path, cut + 1));
    if (known >= 0) return known;
    if (id === this.parents.length) this.grow();
    this.paths.push(path);
    this.parents[id] = parent;
    this.nextSibling[id] = this.firstChild[parent];
    this.firstChild[parent] = id;
    return id;
  }

  /** The parent's id; -1 for the root. */
  parent(id: number): number {
    return this.parents[id];
  }

  /** Calls `visit` with each child id of `id`, newest first. */
  eachChild(id: number, visit: (child: number) => void): void {
    for (let c = this.firstChild[id]; c >= 0; c = this.nextSibling[c]) visit(c);
  }

  /** Drops the room kept for more paths, once no more are coming. */
  trim(): void {
    this.resize(this.paths.length);
    this.index.trim();
  }

  private grow(): void {
    this.resize(Math.ceil(this.parents.length * 1.5));
  }

  private resize(n: number): void {
    this.parents = resized(this.parents, n);
    this.firstChild = resized(this.firstChild, n, -1);
    this.nextSibling = resized(this.nextSibling, n, -1);
  }

}

/** What a directory's children's hashes start from: its own hash and a `/` (the root's children: nothing). */
function childStart(dir: number, hash: number): number {
  return dir === 0 ? HASH_START : Math.imul(hash ^ 0x2f, 0x01000193);
}

/** A path's hash, name by name as intern makes it: each name's hash goes on from childStart of its directory. */
function hashPath(path: string): number {
  let h = HASH_START;
  for (let from = 0; ; ) {
    const slash = path.indexOf('/', from);
    h = hashFrom(h, path, from, slash < 0 ? path.length : slash);
    if (slash < 0) return h;
    h = Math.imul(h ^ 0x2f, 0x01000193);
    from = slash + 1;
  }
}
