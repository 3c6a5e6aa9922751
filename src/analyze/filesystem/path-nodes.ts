import type { PathTable } from '../../util/path-table';

export const ABSENT = 0;
export const DIR = 1;
export const NON_DIR = 2;

/**
 * What stands at each path of the image's PathTable while the model applies the layers, in typed arrays under
 * the path's id: no node object, no Map and no name string per path. A path taken away is marked absent, with
 * everything below it, and keeps its id for when it comes back; so memory grows with the distinct paths of the
 * image, however often they are written or deleted. Invariant: a path that is not absent has a directory above.
 */
export class PathNodes {
  /** What stands at each path: its entry's row (-1 for a directory no layer named, or when absent). */
  private readonly entries: Int32Array<ArrayBuffer>;
  /** ABSENT, DIR or NON_DIR. */
  private states: Uint8Array<ArrayBuffer>;
  /** The layer that put what stands there. */
  private layers: Int32Array<ArrayBuffer>;

  constructor(readonly table: PathTable) {
    this.entries = new Int32Array(table.size).fill(-1);
    this.states = new Uint8Array(table.size);
    this.layers = new Int32Array(table.size);
    this.states[0] = DIR;
  }

  /** The id of a path that is not absent, or -1. */
  present(path: string): number {
    const id = this.table.find(path);
    return id >= 0 && this.states[id] !== ABSENT ? id : -1;
  }

  entry(id: number): number {
    return this.entries[id];
  }

  state(id: number): number {
    return this.states[id];
  }

  layer(id: number): number {
    return this.layers[id];
  }

  /** Puts something at a path: a directory (row -1 when no layer named it) or any other entry. */
  set(id: number, state: typeof DIR | typeof NON_DIR, entry: number, layer: number): void {
    this.states[id] = state;
    this.entries[id] = entry;
    this.layers[id] = layer;
  }

  /** Marks a path absent (what is below it is the caller's: see forEach). */
  clear(id: number): void {
    this.states[id] = ABSENT;
    this.entries[id] = -1;
  }

  /** The children of a directory that are not absent, in no particular order. */
  children(id: number): number[] {
    const out: number[] = [];
    this.table.eachChild(id, (c) => {
      if (this.states[c] !== ABSENT) out.push(c);
    });
    return out;
  }

  /** Depth-first from `id`, every path there that is not absent; `sorted` visits children in name order. */
  forEach(id: number, sorted: boolean, visit: (id: number) => void): void {
    if (this.states[id] === ABSENT) return;
    const paths = this.table.paths;
    const stack = [id];
    while (stack.length > 0) {
      const n = stack.pop() as number;
      visit(n);
      if (this.states[n] !== DIR) continue;
      const kids = this.children(n);
      // Siblings share their parent's path: ordering paths orders names. Pushed last first, popped first.
      if (sorted) kids.sort((a, b) => (paths[a] < paths[b] ? 1 : -1));
      for (const c of kids) stack.push(c);
    }
  }

  /** The ids of the root … `id`. */
  chain(id: number): number[] {
    const out: number[] = [];
    for (let at = id; at > 0; at = this.table.parent(at)) out.push(at);
    out.push(0);
    return out.reverse();
  }
}
