/**
 * A layer's changed paths as a bounded directory tree, for the terminal's `--layer` view and the HTML layer view.
 * Directories carry the bytes and entries below them; the largest directories are opened first until the node
 * budget is spent; an opened directory lists its largest entries and folds the rest into one `more` node; a
 * directory left closed keeps its totals and no children.
 */
import { compareText } from '../util/compare';

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

interface Dir {
  node: ChangeTreeNode;
  parent: Dir | null;
  /** Whether a file below has marked it yet. */
  marked: boolean;
  /** The change of the directory's own entry, when the layer has one. */
  ownChange: Change | null;
  depth: number;
  dirs: Map<string, Dir>;
  /** Its non-directory entries, as indexes into the entries: a node is made only for the ones listed. */
  leaves: number[];
}

export function changeTree(entries: readonly TreeEntry[], limits: ChangeTreeLimits): ChangeTreeNode {
  const root = newDir('', null);
  const all: Dir[] = [root];
  // Directories by path, each path split once; entries come grouped by directory, so the last one is kept at hand.
  const dirs = new Map<string, Dir>([['', root]]);
  const dirOf = (dirPath: string): Dir => {
    let d = dirs.get(dirPath);
    if (d) return d;
    const cut = dirPath.lastIndexOf('/');
    const up = dirOf(cut < 0 ? '' : dirPath.slice(0, cut));
    const name = dirPath.slice(cut + 1);
    d = up.dirs.get(name);
    if (!d) {
      d = newDir(name, up);
      up.dirs.set(name, d);
      all.push(d);
    }
    dirs.set(dirPath, d);
    return d;
  };
  let lastPath: string | null = null;
  let last = root;
  for (let at = 0; at < entries.length; at++) {
    const e = entries[at];
    const path = e.path.startsWith('/') || e.path.endsWith('/') ? e.path.replace(/^\/+|\/+$/g, '') : e.path;
    if (path === '') continue;
    if (e.type === 'dir') {
      // Layers restate their parent directories: a directory's own entry marks only itself, and only when no file
      // below it changed.
      dirOf(path).ownChange = e.change;
      continue;
    }
    const cut = path.lastIndexOf('/');
    if (lastPath === null || cut !== lastPath.length || !path.startsWith(lastPath)) {
      lastPath = cut < 0 ? '' : path.slice(0, cut);
      last = dirOf(lastPath);
    }
    const d = last;
    for (let c: Dir | null = d; c !== null; c = c.parent) {
      mark(c, e.change);
      c.node.bytes += e.bytes;
      c.node.files += 1;
    }
    d.leaves.push(at);
  }
  const leaf = (at: number): ChangeTreeNode => {
    const e = entries[at];
    const name = e.path.replace(/\/+$/, '');
    return { name: name.slice(name.lastIndexOf('/') + 1), kind: e.type, change: e.change, bytes: e.bytes, files: 1 };
  };

  for (const d of all) if (!d.marked) d.node.change = d.ownChange;

  const budget = Math.max(1, limits.maxNodes);
  const perDir = Math.max(1, limits.maxChildren);
  let listed = 0;
  // Largest first; a parent has at least its child's bytes and comes first on a tie by its depth.
  all.sort((a, b) => b.node.bytes - a.node.bytes || b.node.files - a.node.files || a.depth - b.depth);
  const opened = new Set<Dir>([root]);
  for (const d of all) {
    if (!opened.has(d)) continue; // its parent stayed closed
    const count = d.dirs.size + d.leaves.length;
    const keep = count <= perDir ? count : perDir - 1;
    const size = keep + (keep < count ? 1 : 0);
    if (size === 0 || listed + size > budget) continue;
    listed += size;
    const items = [...[...d.dirs.values()].map((c) => ({ node: c.node, dir: c as Dir | null })), ...d.leaves.map((at) => ({ node: leaf(at), dir: null }))];
    items.sort((a, b) => b.node.bytes - a.node.bytes || b.node.files - a.node.files || compareText(a.node.name, b.node.name));
    d.node.children = items.slice(0, keep).map((i) => i.node);
    for (const i of items.slice(0, keep)) if (i.dir) opened.add(i.dir);
    if (keep < items.length) d.node.children.push(folded(items.slice(keep).map((i) => i.node)));
  }
  return root.node;
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

function mark(d: Dir, change: Change | null): void {
  d.node.change = !d.marked || d.node.change === change ? change : 'mixed';
  d.marked = true;
}

function newDir(name: string, parent: Dir | null): Dir {
  return { node: { name, kind: 'dir', change: null, bytes: 0, files: 0 }, parent, marked: false, ownChange: null, depth: parent === null ? 0 : parent.depth + 1, dirs: new Map(), leaves: [] };
}

