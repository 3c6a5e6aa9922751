/**
 * The regular files visible after each layer (dive's aggregated view) as bounded trees, for the HTML layer view.
 * One directory index lives through all layers: each body is added when its layer comes and taken out when the
 * layer that hides it comes, so a 200k-file image costs one pass over its bodies, not one per layer.
 */
import { Change, ChangeTreeLimits, ChangeTreeNode, Dir, DirIndex, summarize } from '../../util/change-tree';

/** What the trees read of the filesystem model: every stored body, with its first path, size and layers. */
export interface BodySource<I> {
  inodes: readonly I[];
  path(i: I): string;
  size(i: I): number;
  /** The layer that stored it, and the one that hid it (null: visible at the end). */
  layer(i: I): number;
  hiddenBy(i: I): number | null;
}

export class AsOfTrees<I> {
  private readonly index = new DirIndex();
  private readonly parents: Dir[] = [];
  private readonly addedBy = new Map<number, number[]>();
  private readonly hiddenBy = new Map<number, number[]>();
  private applied = -Infinity;
  /** Directories the last tree marked, to unmark before the next. */
  private marked: Dir[] = [];

  private readonly bodies: readonly I[];

  constructor(private readonly fs: BodySource<I>) {
    this.bodies = fs.inodes;
    this.bodies.forEach((b, i) => {
      push(this.addedBy, fs.layer(b), i);
      const hiddenBy = fs.hiddenBy(b);
      if (hiddenBy !== null) push(this.hiddenBy, hiddenBy, i);
    });
  }

  /**
   * The tree just after `layer` (layers asked in increasing order), this layer's bodies marked with their change
   * in it (`written`: path → added or modified; else added).
   */
  after(layer: number, written: ReadonlyMap<string, Change>, limits: ChangeTreeLimits): ChangeTreeNode {
    if (layer < this.applied) throw new Error(`AsOfTrees: layer ${layer} asked after ${this.applied}`);
    const layers = [...new Set([...this.addedBy.keys(), ...this.hiddenBy.keys()])].filter((l) => l > this.applied && l <= layer).sort((a, b) => a - b);
    for (const l of layers) {
      for (const i of this.addedBy.get(l) ?? []) this.move(i, +1);
      for (const i of this.hiddenBy.get(l) ?? []) this.move(i, -1);
    }
    this.applied = layer;
    const mine = (this.addedBy.get(layer) ?? []).filter((i) => {
      const hiddenBy = this.fs.hiddenBy(this.bodies[i]);
      return hiddenBy === null || hiddenBy > layer;
    });
    const changeOf = (i: number): Change => written.get(this.fs.path(this.bodies[i])) ?? 'added';
    // A directory's mark: the one change of everything below it; none when nothing below changed.
    const changed = new Map<Dir, { files: number; first: Change; mixed: boolean }>();
    for (const i of mine) {
      const change = changeOf(i);
      for (let d: Dir | null = this.parents[i]; d !== null; d = d.parent) {
        const c = changed.get(d);
        if (c === undefined) changed.set(d, { files: 1, first: change, mixed: false });
        else {
          c.files += 1;
          c.mixed ||= c.first !== change;
        }
      }
    }
    for (const d of this.marked) d.change = null;
    for (const [d, c] of changed) d.change = c.files === d.files && !c.mixed ? c.first : 'mixed';
    this.marked = [...changed.keys()];
    const marked = new Set(mine);
    return summarize(this.index, limits, (i) => {
      const b = this.bodies[i];
      const path = this.fs.path(b);
      return { name: path.slice(path.lastIndexOf('/') + 1), kind: 'file', change: marked.has(i) ? changeOf(i) : null, bytes: this.fs.size(b), files: 1 };
    });
  }

  private move(i: number, sign: 1 | -1): void {
    const b = this.bodies[i];
    const d = this.parents[i] ?? (this.parents[i] = this.index.parentOf(this.fs.path(b)));
    if (sign > 0) d.leaves.add(i);
    else d.leaves.delete(i);
    for (let c: Dir | null = d; c !== null; c = c.parent) {
      c.bytes += sign * this.fs.size(b);
      c.files += sign;
    }
  }
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
