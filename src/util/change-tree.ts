/**
 * A layer's changed paths as a bounded directory tree, for the terminal's `--layer` view and the HTML layer view.
 * Directories carry the bytes and entries below them; the largest directories are opened first until the node
 * budget is spent; an opened directory lists its largest entries and folds the rest into one `more` node; a
 * directory left closed keeps its totals and no children.
 */
import { compareText } from './compare';

export type Change = 'added' | 'modified' | 'removed';

/** One path: a changed path of a layer (PathChange), or a visible file with its change in the layer (or none). */
export interface TreeEntry {
  /** No leading slash. */
  path: string;
  type: 'file' | 'hardlink' | 'symlink' | 'dir' | 'other';
  change: Change | null;
  bytes: number;
}

export interface ChangeTreeNode {
  name: string;
  /** `more`: the smaller entries of a directory, folded into one. */
  kind: TreeEntry['type'] | 'more';
  /** A directory's is the one change of everything below it (and its own), `mixed` when they differ. */
  change: Change | 'mixed' | null;
  /** Regular-file bytes below (added and modified: this layer's; removed: the lower file's). */
  bytes: number;
  /** Non-directory entries below (1 for a file). */
  files: number;
  /** Largest first; only for an opened directory. A directory with entries but no children was left closed. */
  children?: ChangeTreeNode[];
}

export interface ChangeTreeLimits {
  /** Nodes listed in all, the root excluded. */
  maxNodes: number;
  /** Entries listed per directory, the `more` node included. */
  maxChildren: number;
}

/** A directory while a tree is built; `summarize` turns the largest into nodes. */
export interface Dir {
  name: string;
  /** Full path, no leading slash: ties between directories of the same size go by it. */
  path: string;
  parent: Dir | null;
  depth: number;
  dirs: Map<string, Dir>;
  /** Its non-directory entries, by the builder's own indexes: a node is made only for the ones listed. */
  leaves: Set<number>;
  bytes: number;
  files: number;
  change: ChangeTreeNode['change'];
  /** The change of the directory's own entry, when the layer has one. */
  ownChange: Change | null;
}

/** Directories by path, each path split once; entries come grouped by directory, so the last one is kept at hand. */
export class DirIndex {
  readonly root: Dir = newDir('', '', null);
  readonly all: Dir[] = [this.root];
  private readonly byPath = new Map<string, Dir>([['', this.root]]);
  private lastPath: string | null = null;
  private last: Dir = this.root;

  dir(dirPath: string): Dir {
    // Up to the nearest directory known, then down making the missing ones: no recursion, however deep the path.
    const missing: string[] = [];
    let p = dirPath;
    let known = this.byPath.get(p);
    while (known === undefined) {
      missing.push(p);
      const cut = p.lastIndexOf('/');
      p = cut < 0 ? '' : p.slice(0, cut);
      known = this.byPath.get(p);
    }
    let up: Dir = known;
    for (let i = missing.length - 1; i >= 0; i--) {
      const path = missing[i];
      const name = path.slice(path.lastIndexOf('/') + 1);
      let d: Dir | undefined = up.dirs.get(name);
      if (!d) {
        d = newDir(name, path, up);
        up.dirs.set(name, d);
        this.all.push(d);
      }
      this.byPath.set(path, d);
      up = d;
    }
    return up;
  }

  /** The directory holding a path (no leading or trailing slash). */
  parentOf(path: string): Dir {
    const cut = path.lastIndexOf('/');
    const last = this.lastPath;
    if (last === null || cut !== last.length || !path.startsWith(last)) {
      this.lastPath = cut < 0 ? '' : path.slice(0, cut);
      this.last = this.dir(this.lastPath);
    }
    return this.last;
  }
}

export function changeTree(entries: readonly TreeEntry[], limits: ChangeTreeLimits): ChangeTreeNode {
  const index = new DirIndex();
  const marked = new Set<Dir>();
  for (let at = 0; at < entries.length; at++) {
    const e = entries[at];
    const path = trimSlashes(e.path);
    if (path === '') continue;
    if (e.type === 'dir') {
      // Layers restate their parent directories: a directory's own entry marks only itself, and only when no file
      // below it changed.
      index.dir(path).ownChange = e.change;
      continue;
    }
    const d = index.parentOf(path);
    for (let c: Dir | null = d; c !== null; c = c.parent) {
      c.change = !marked.has(c) || c.change === e.change ? e.change : 'mixed';
      marked.add(c);
      c.bytes += e.bytes;
      c.files += 1;
    }
    d.leaves.add(at);
  }
  for (const d of index.all) if (!marked.has(d)) d.change = d.ownChange;
  return summarize(index, limits, (at) => {
    const e = entries[at];
    const name = trimSlashes(e.path);
    return { name: name.slice(name.lastIndexOf('/') + 1), kind: e.type, change: e.change, bytes: e.bytes, files: 1 };
  });
}

/**
 * The bounded tree: directories opened largest first while the budget lasts; an opened directory lists its largest
 * entries and folds the rest into one `more` node. Directories with nothing below and no entry of their own are
 * left out. Makes new nodes: the index can change and be summarised again.
 */
export function summarize(index: DirIndex, limits: ChangeTreeLimits, leaf: (at: number) => ChangeTreeNode): ChangeTreeNode {
  const budget = Math.max(1, limits.maxNodes);
  const perDir = Math.max(1, limits.maxChildren);
  const shown = (d: Dir): boolean => d.files > 0 || d.ownChange !== null;
  const nodes = new Map<Dir, ChangeTreeNode>();
  const nodeOf = (d: Dir): ChangeTreeNode => {
    let n = nodes.get(d);
    if (!n) {
      n = { name: d.name, kind: 'dir', change: d.change, bytes: d.bytes, files: d.files };
      nodes.set(d, n);
    }
    return n;
  };
  let listed = 0;
  // Largest first: the candidates are the shown directories of opened ones, taken in this order (a parent has at
  // least its child's bytes and comes first on a tie by its depth).
  const before = (a: Dir, b: Dir): boolean => (a.bytes !== b.bytes ? a.bytes > b.bytes : a.files !== b.files ? a.files > b.files : a.depth !== b.depth ? a.depth < b.depth : compareText(a.path, b.path) < 0);
  const queue = new Heap<Dir>(before);
  queue.push(index.root);
  for (let d = queue.pop(); d !== undefined; d = queue.pop()) {
    const dirs = [...d.dirs.values()].filter(shown);
    const count = dirs.length + d.leaves.size;
    const keep = count <= perDir ? count : perDir - 1;
    const size = keep + (keep < count ? 1 : 0);
    if (size === 0 || listed + size > budget) continue;
    listed += size;
    const items = [...dirs.map((c) => ({ node: nodeOf(c), dir: c as Dir | null })), ...[...d.leaves].map((at) => ({ node: leaf(at), dir: null }))];
    items.sort((a, b) => b.node.bytes - a.node.bytes || b.node.files - a.node.files || compareText(a.node.name, b.node.name));
    const children = items.slice(0, keep).map((i) => i.node);
    for (const i of items.slice(0, keep)) if (i.dir) queue.push(i.dir);
    if (keep < items.length) children.push(folded(items.slice(keep).map((i) => i.node)));
    nodeOf(d).children = children;
  }
  return nodeOf(index.root);
}

/** The smaller entries of a directory as one node: "N more". */
function folded(nodes: ChangeTreeNode[]): ChangeTreeNode {
  const change = nodes.every((n) => n.change === nodes[0].change) ? nodes[0].change : 'mixed';
  return {
    name: `${nodes.length} more`,
    kind: 'more',
    change,
    bytes: nodes.reduce((s, n) => s + n.bytes, 0),
    files: nodes.reduce((s, n) => s + n.files, 0),
  };
}

/** A binary heap: `pop` gives the item that comes `before` all others. */
class Heap<T> {
  private readonly items: T[] = [];
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  push(item: T): void {
    const h = this.items;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!this.before(h[i], h[up])) break;
      [h[i], h[up]] = [h[up], h[i]];
      i = up;
    }
  }

  pop(): T | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l], h[m])) m = l;
        if (r < h.length && this.before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function trimSlashes(path: string): string {
  return path.startsWith('/') || path.endsWith('/') ? path.replace(/^\/+|\/+$/g, '') : path;
}

function newDir(name: string, path: string, parent: Dir | null): Dir {
  return { name, path, parent, depth: parent === null ? 0 : parent.depth + 1, dirs: new Map(), leaves: new Set(), bytes: 0, files: 0, change: null, ownChange: null };
}
