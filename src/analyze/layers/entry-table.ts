import type { HiddenReason } from '../../model';
import type { ContentKind } from './content';
import { PathTable } from '../../util/path-table';
import { grownFor, resized } from '../../util/typed-arrays';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'other';

/** Entry types and content kinds as the table stores them (one byte each). */
export const TYPES: readonly EntryType[] = ['file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque', 'other'];
export const FILE = 0;
export const DIR_TYPE = 1;
export const SYMLINK = 2;
export const HARDLINK = 3;
export const WHITEOUT = 4;
export const OPAQUE = 5;
export const OTHER = 6;
/** The sha256 of no bytes: an empty file's hash, never stored. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const KINDS: readonly (ContentKind | undefined)[] = [undefined, 'private-key', 'elf'];
const REASONS: readonly (HiddenReason | null)[] = [null, 'overwritten', 'deleted', 'opaque', 'replaced'];

/** The fields of a tar header an entry keeps. */
export interface EntryFields {
  pathId: number;
  type: number;
  size: number;
  mode: number;
  uid: number;
  gid: number;
}

/**
 * Every tar entry of an image, one row each, in typed arrays: about 60 bytes an entry instead of an object, a
 * path string and a hash string. The layer walks append rows (a path written again in one layer reuses its
 * row, see EntryCollector); the filesystem model fills the model columns (layer, inode, links, hidden) as it
 * applies the layers. Rare fields (link targets, kept content, folded bytes) live in Maps by row.
 */
export class EntryTable {
  /** Row 0 is never used: a row is a handle, and a handle is never falsy. */
  private count = 1;
  pathIds = new Int32Array(1024);
  types = new Uint8Array(1024);
  sizes = new Float64Array(1024);
  modes = new Int32Array(1024);
  uids = new Float64Array(1024);
  gids = new Float64Array(1024);
  /** Where a regular file's content lies in its layer's file; -1 when it was not located (streamed). */
  offsets = new Float64Array(1024);
  kinds = new Uint8Array(1024);
  /** The row's digest slot in `digests`, or -1. */
  digestSlots = new Int32Array(1024);
  /** Model columns: the layer index that applied the row, the body it shows (row, or -1), visible paths of a body,
   * the layer that hid a body (-1: visible) and how. */
  layers = new Int32Array(1024);
  inodes = new Int32Array(1024);
  links = new Int32Array(1024);
  hiddenBy = new Int32Array(1024);
  reasons = new Uint8Array(1024);
  readonly linkTargets = new Map<number, string>();
  readonly data = new Map<number, Buffer>();
  readonly shadowed = new Map<number, number>();
  /** The file each layer's offsets point into, by layer index (the model sets them). */
  readonly layerFiles = new Map<number, string>();
  /** Eight 32-bit words a digest, read in place (a Buffer's methods cost a call each). */
  private digests = new Int32Array(8 * 1024);
  private digestCount = 0;
  /** Digest slots of rows written over, for the next digests: a path hashed a million times keeps one. */
  private readonly freeSlots: number[] = [];

  constructor(readonly paths: PathTable = new PathTable()) {}

  get size(): number {
    return this.count;
  }

  /** A new row. */
  add(f: EntryFields): number {
    const id = this.count++;
    if (id === this.pathIds.length) this.grow();
    this.digestSlots[id] = -1;
    this.set(id, f);
    return id;
  }

  /** Writes a header's fields over a row (a path written again in its layer), its content facts cleared. */
  write(id: number, f: EntryFields): void {
    this.set(id, f);
    this.linkTargets.delete(id);
    this.data.delete(id);
  }

  private set(id: number, f: EntryFields): void {
    this.pathIds[id] = f.pathId;
    this.types[id] = f.type;
    this.sizes[id] = f.size;
    this.modes[id] = f.mode;
    this.uids[id] = f.uid;
    this.gids[id] = f.gid;
    this.offsets[id] = -1;
    this.kinds[id] = 0;
    if (this.digestSlots[id] >= 0) this.freeSlots.push(this.digestSlots[id]);
    this.digestSlots[id] = -1;
    this.layers[id] = -1;
    this.inodes[id] = -1;
    this.links[id] = 0;
    this.hiddenBy[id] = -1;
    this.reasons[id] = 0;
  }

  path(id: number): string {
    return this.paths.paths[this.pathIds[id]];
  }

  type(id: number): EntryType {
    return TYPES[this.types[id]];
  }

  kind(id: number): ContentKind | undefined {
    return KINDS[this.kinds[id]];
  }

  setKind(id: number, kind: ContentKind): void {
    this.kinds[id] = KINDS.indexOf(kind);
  }

  reason(id: number): HiddenReason | null {
    return REASONS[this.reasons[id]];
  }

  setReason(id: number, reason: HiddenReason): void {
    this.reasons[id] = REASONS.indexOf(reason);
  }

  /** The content hash, as hex; null when the row has none. */
  sha256(id: number): string | null {
    const slot = this.digestSlots[id];
    if (slot >= 0) return Buffer.from(this.digests.buffer, 32 * slot, 32).toString('hex');
    return this.types[id] === FILE && this.sizes[id] === 0 ? EMPTY_SHA256 : null;
  }

  /** The first four bytes of a row's hash, as a number (a hash of the hash); 0 when it has none. */
  digestPrefix(id: number): number {
    const slot = this.digestSlots[id];
    return slot < 0 ? 0 : this.digests[8 * slot];
  }

  /** Whether two rows have the same hash (both having one), compared in place. */
  sameDigest(a: number, b: number): boolean {
    const sa = this.digestSlots[a];
    const sb = this.digestSlots[b];
    if (sa < 0 || sb < 0) return false;
    const d = this.digests;
    for (let k = 0; k < 8; k++) if (d[8 * sa + k] !== d[8 * sb + k]) return false;
    return true;
  }

  /** Sets a row's hash from 32 bytes of `from` at `at`. */
  setDigest(id: number, from: Uint8Array, at = 0): void {
    let slot = this.digestSlots[id];
    if (slot < 0 && this.freeSlots.length > 0) slot = this.freeSlots.pop() as number;
    if (slot < 0) {
      slot = this.digestCount++;
      this.digests = grownFor(this.digests, 8 * this.digestCount - 1);
    }
    this.digestSlots[id] = slot;
    new Uint8Array(this.digests.buffer, 32 * slot, 32).set(from.subarray(at, at + 32));
  }

  /** Drops the room kept for more rows, once the walks are done (growth leaves up to a third unused). */
  trim(): void {
    if (this.count < this.pathIds.length) this.resize(this.count);
    if (8 * this.digestCount < this.digests.length) this.digests = this.digests.slice(0, 8 * this.digestCount);
  }

  private grow(): void {
    this.resize(Math.ceil(this.pathIds.length * 1.5));
  }

  private resize(n: number): void {
    this.pathIds = resized(this.pathIds, n);
    this.types = resized(this.types, n);
    this.sizes = resized(this.sizes, n);
    this.modes = resized(this.modes, n);
    this.uids = resized(this.uids, n);
    this.gids = resized(this.gids, n);
    this.offsets = resized(this.offsets, n);
    this.kinds = resized(this.kinds, n);
    this.digestSlots = resized(this.digestSlots, n);
    this.layers = resized(this.layers, n);
    this.inodes = resized(this.inodes, n);
    this.links = resized(this.links, n);
    this.hiddenBy = resized(this.hiddenBy, n);
    this.reasons = resized(this.reasons, n);
  }

}
