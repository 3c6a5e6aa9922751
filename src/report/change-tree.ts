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
  /** Whether a file below has marked it yet. */
  marked: boolean;
  /** The change of the directory's own entry, when the layer has one. */
  ownChange: Change | null;
  depth: number;
  dirs: Map<string, Dir>;
  leaves: ChangeTreeNode[];
}

export function changeTree(entries: readonly TreeEntry[], limits: ChangeTreeLimits): ChangeTreeNode {
  const root = newDir('', 0);
  const all: Dir[] = [root];
  for (const e of entries) {
    const parts = e.path.split('/').filter((p) => p !== '');
    if (parts.length === 0) continue;
    let d = root;
    const chain = [root];
    for (const part of parts.slice(0, -1)) {
      let next = d.dirs.get(part);
      if (!next) {
        next = newDir(part, d.depth + 1);
        d.dirs.set(part, next);
        all.push(next);
      }
      chain.push(next);
      d = next;
    }
    const name = parts[parts.length - 1];
    if (e.type === 'dir') {
      let own = d.dirs.get(name);
      if (!own) {
        own = newDir(name, d.depth + 1);
        d.dirs.set(name, own);
        all.push(own);
      }
      // Layers restate their parent directories: a directory's own entry marks only itself, and only when no file
      // below it changed.
      own.ownChange = e.change;
      continue;
    }
    for (const c of chain) {
      mark(c, e.change);
      c.node.bytes += e.bytes;
      c.node.files += 1;
    }
    d.leaves.push({ name, kind: e.type, change: e.change, bytes: e.bytes, files: 1 });
  }

  for (const d of all) if (!d.marked) d.node.change = d.ownChange;

  const budget = Math.max(1, limits.maxNodes);
  const perDir = Math.max(1, limits.maxChildren);
  let listed = 0;
  // Largest first; a parent has at least its child's bytes and comes first on a tie by its depth.
  all.sort((a, b) => b.node.bytes - a.node.bytes || b.node.files - a.node.files || a.depth - b.depth);
  const opened = new Set<Dir>([root]);
  for (const d of all) {
    if (!opened.has(d)) continue; // its parent stayed closed
    const items = [...[...d.dirs.values()].map((c) => ({ node: c.node, dir: c as Dir | null })), ...d.leaves.map((node) => ({ node, dir: null }))];
    if (items.length === 0) continue;
    items.sort((a, b) => b.node.bytes - a.node.bytes || b.node.files - a.node.files || compareText(a.node.name, b.node.name));
    const keep = items.length <= perDir ? items.length : perDir - 1;
    const size = keep + (keep < items.length ? 1 : 0);
    if (listed + size > budget) continue;
    listed += size;
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

function newDir(name: string, depth: number): Dir {
  return { node: { name, kind: 'dir', change: null, bytes: 0, files: 0 }, marked: false, ownChange: null, depth, dirs: new Map(), leaves: [] };
}

