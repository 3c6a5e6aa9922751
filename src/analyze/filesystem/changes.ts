import type { ChangeKind, LayerChanges } from '../../model';
import { DIR_TYPE, EntryTable, EntryType, FILE, HARDLINK, OPAQUE, SYMLINK, WHITEOUT } from '../layers/entry-table';
import { dirname } from '../../util/paths';
import { TopChanges } from './top-changes';
import { compareText } from '../../util/compare';

/** One changed path of a layer. Only regular files (`file`) carry bytes; the other types are counted apart. */
export interface PathChange {
  path: string;
  type: Exclude<EntryType, 'whiteout' | 'opaque'>;
  change: ChangeKind;
  /** added/modified: this layer's bytes; removed: the lower file's. */
  bytes: number;
}

/**
 * What applying one layer did (filesystem/model.ts fills it), so that its changes can be told without replaying.
 * Sets are null while empty: most layers write each path once.
 */
export interface LayerRecord {
  index: number;
  /** The layer's rows in the image's entry table. */
  entries: Int32Array;
  /** Non-directory entries of lower layers that this layer took away or replaced, in the order it did. */
  lost: number[];
  /** This layer's entries that a later entry of the same layer took away (at their path or above it). */
  superseded: Set<number> | null;
  /** Directory entries of this layer at a path where a directory stood as they were applied. */
  restated: Set<number> | null;
  /** The counts, made while the layer was applied (LayerTally). */
  changes: LayerChanges;
}

/** The changes of a layer that touches no file (an empty history entry). */
export function noChanges(): LayerChanges {
  const zero = () => ({ files: 0, bytes: 0 });
  return {
    added: zero(), modified: { files: 0, bytes: 0, replacedBytes: 0 }, removed: zero(),
    hardlinks: 0, symlinks: 0, directories: 0, top: [],
  };
}

/**
 * Visits each changed path of a layer, unsorted: every entry it wrote (the last one at a path), then every lower
 * entry it took away and did not write again with the same type.
 *   - file, hard link, symlink, other: modified when the same type stood at the path just below, else added;
 *     so a symlink over a file is the file removed and the symlink added.
 *   - directory: modified when a directory stood there as the entry was applied (a restated parent), else added.
 *   - removed: non-directory entries below that the layer took away: whiteout, opaque directory, a different
 *     type written over them, a directory written over or through them. Directories are not listed as removed:
 *     what they held is.
 */
function eachChange(t: EntryTable, record: LayerRecord, visit: (e: number, change: ChangeKind) => void): void {
  let below: Map<number, number> | null = null;
  if (record.lost.length > 0) {
    below = new Map();
    for (const e of record.lost) below.set(t.pathIds[e], e);
  }
  for (const e of record.entries) {
    const type = t.types[e];
    if (type === WHITEOUT || type === OPAQUE || record.superseded?.has(e)) continue;
    if (type === DIR_TYPE) {
      visit(e, record.restated?.has(e) ? 'modified' : 'added');
      continue;
    }
    const lower = below?.get(t.pathIds[e]);
    if (lower !== undefined && t.types[lower] === type) {
      // Written again: not removed.
      (below as Map<number, number>).delete(t.pathIds[e]);
      visit(e, 'modified');
    } else visit(e, 'added');
  }
  if (below) for (const e of below.values()) visit(e, 'removed');
}

/** Every changed path of one layer (index as in `layers[].index`), sorted by path; [] for an empty layer. */
export function layerPathChanges(model: { layers: readonly LayerRecord[]; table: EntryTable }, layer: number): PathChange[] {
  const record = model.layers.find((r) => r.index === layer);
  if (!record) return [];
  const t = model.table;
  const out: PathChange[] = [];
  eachChange(t, record, (e, change) => {
    out.push({ path: t.path(e), type: t.type(e) as PathChange['type'], change, bytes: t.types[e] === FILE ? t.sizes[e] : 0 });
  });
  // At one path a removal sorts before what replaced it.
  return out.sort((a, b) => compareText(a.path, b.path) || (a.change === 'removed' ? 0 : 1) - (b.change === 'removed' ? 0 : 1) || compareText(a.type, b.type));
}

/** The changes of every layer with a tar, by layer index. */
export function changesByLayer(model: { layers: readonly LayerRecord[] }): Map<number, LayerChanges> {
  return new Map(model.layers.map((r) => [r.index, r.changes]));
}

/**
 * Counts a layer's changes (the same as eachChange tells) while the model applies it, O(1) an entry and no string
 * per entry: each entry as it is placed, taken back when a later entry of the layer takes it away; the removals
 * once the layer is done. The model says which directory the next entries are in (enter), as it knows already.
 */
export class LayerTally {
  private readonly changes = noChanges();
  private readonly top = new TopChanges();
  /** Lower rows this layer took away, by path id. */
  private lostAt: Map<number, number> | null = null;
  /** Lower files this layer wrote again (modified, so not removed). */
  private readonly rewritten = new Set<number>();

  constructor(private readonly t: EntryTable) {}

  lost(e: number): void {
    (this.lostAt ??= new Map()).set(this.t.pathIds[e], e);
  }

  /** The directory the next entries are in: its path and the model's numbers for the root … it. */
  enter(dir: string, chain: readonly number[]): void {
    this.top.enter(dir, chain);
  }

  /** A directory of the model was taken away (its number, as in enter). */
  dirGone(key: number): void {
    this.top.retire(key);
  }

  /** An entry placed, in the directory last entered. */
  wrote(e: number): void {
    this.count(e, 1);
  }

  /** An entry of this layer taken away again. */
  undo(e: number): void {
    this.count(e, -1);
  }

  finish(record: LayerRecord): LayerChanges {
    const c = this.changes;
    const t = this.t;
    for (const e of record.lost) {
      if (t.types[e] !== FILE || this.rewritten.has(e)) continue;
      c.removed.files++;
      c.removed.bytes += t.sizes[e];
      const path = t.path(e);
      this.top.addIn(dirname(path), path, 'removed', t.sizes[e]);
    }
    if (this.top.filesIncomplete) {
      this.top.clearFiles();
      eachChange(t, record, (e, change) => {
        if (t.types[e] === FILE) this.top.offerFile(t.path(e), change, t.sizes[e]);
      });
    }
    c.top = this.top.result();
    return c;
  }

  private count(e: number, sign: 1 | -1): void {
    const c = this.changes;
    const t = this.t;
    const type = t.types[e];
    if (type === DIR_TYPE) c.directories += sign;
    else if (type === HARDLINK) c.hardlinks += sign;
    else if (type === SYMLINK) c.symlinks += sign;
    if (type !== FILE) return;
    const lower = this.lostAt?.get(t.pathIds[e]);
    let change: ChangeKind = 'added';
    if (lower !== undefined && t.types[lower] === FILE) {
      change = 'modified';
      c.modified.replacedBytes += sign * t.sizes[lower];
      if (sign > 0) this.rewritten.add(lower);
      else this.rewritten.delete(lower);
    }
    const count = c[change];
    count.files += sign;
    count.bytes += sign * t.sizes[e];
    const path = t.path(e);
    if (sign > 0) this.top.addHere(path, change, t.sizes[e]);
    else this.top.remove(dirname(path), path, change, t.sizes[e]);
  }
}
