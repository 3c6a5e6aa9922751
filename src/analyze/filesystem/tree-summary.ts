/**
 * The final tree by directory, bounded, for the report's treemap. The analysis JSON lists no tree, so this reads
 * the filesystem model's visible paths once. Bytes are regular-file bytes with each body counted at its first
 * path (a hard link's other names add 0), so the root's bytes equal `totals.finalBytes` and its files
 * `totals.finalFiles`.
 *
 * Bounded: directories are opened largest first until `maxNodes` nodes are listed; an opened directory lists at
 * most `maxChildren` entries and puts the rest in one `other` node; a directory left closed is a `more` node with
 * its totals. A 200k-file tree stays a few hundred kB of JSON.
 */
import type { TreeNode } from '../../model';

export interface TreeLimits {
  /** Nodes listed in all, the root included (default 6,000). */
  maxNodes?: number;
  /** Entries listed per directory before the `other` bucket (default 40). */
  maxChildren?: number;
}

interface Dir {
  name: string;
  depth: number;
  bytes: number;
  files: number;
  dirs: Map<string, Dir>;
  leaves: TreeNode[];
}

/** What `summarizeTree` reads of the filesystem model: its visible paths and the bodies they show. */
export interface TreeSource<F, I> {
  files: readonly F[];
  path(f: F): string;
  inode(f: F): I | null;
  size(i: I): number;
  /** Visible paths of a body: only one with several can be met twice. */
  links(i: I): number;
}

export function summarizeTree<F, I>(fs: TreeSource<F, I>, limits: TreeLimits = {}): TreeNode {
  const maxNodes = Math.max(1, limits.maxNodes ?? 6000);
  const maxChildren = Math.max(1, limits.maxChildren ?? 40);

  const root = newDir('', 0);
  const all: Dir[] = [root];
  const counted = new Set<I>();
  // Paths come sorted, so siblings follow each other: remember the last directory looked up.
  let lastPath: string | null = null;
  let lastChain: Dir[] = [root];
  for (const f of fs.files) {
    const path = fs.path(f);
    const cut = path.lastIndexOf('/');
    const dirPath = cut < 0 ? '' : path.slice(0, cut);
    let chain: Dir[];
    if (dirPath === lastPath) chain = lastChain;
    else {
      chain = [root];
      if (dirPath !== '') {
        let d = root;
        for (const part of dirPath.split('/')) {
          let next = d.dirs.get(part);
          if (!next) {
            next = newDir(part, d.depth + 1);
            d.dirs.set(part, next);
            all.push(next);
          }
          chain.push(next);
          d = next;
        }
      }
      lastPath = dirPath;
      lastChain = chain;
    }
    let bytes = 0;
    const inode = fs.inode(f);
    if (inode !== null && (fs.links(inode) < 2 || !counted.has(inode))) {
      if (fs.links(inode) > 1) counted.add(inode);
      bytes = fs.size(inode);
    }
    for (const d of chain) {
      d.bytes += bytes;
      d.files += 1;
    }
    chain[chain.length - 1].leaves.push({ name: path.slice(cut + 1), bytes, files: 1, kind: 'file' });
  }

  const nodeOf = new Map<Dir, TreeNode>();
  const top: TreeNode = { name: '', bytes: root.bytes, files: root.files, kind: 'more' };
  nodeOf.set(root, top);
  let listed = 1;
  // Largest first; a parent always has at least its child's bytes, and comes first on a tie by its depth.
  all.sort((a, b) => b.bytes - a.bytes || a.depth - b.depth);
  for (const d of all) {
    const node = nodeOf.get(d);
    if (!node) continue; // its parent stayed closed
    const entries: Array<{ node: TreeNode; dir: Dir | null }> = [
      ...[...d.dirs.values()].map((c) => ({ node: { name: c.name, bytes: c.bytes, files: c.files, kind: 'more' as const }, dir: c })),
      ...d.leaves.map((leaf) => ({ node: leaf, dir: null })),
    ];
    entries.sort((a, b) => b.node.bytes - a.node.bytes || (a.node.name < b.node.name ? -1 : a.node.name > b.node.name ? 1 : 0));
    // Empty entries would draw nothing: they go to the bucket, which still counts their files.
    let shown = entries.filter((e) => e.node.bytes > 0).slice(0, maxChildren);
    if (shown.length < entries.length && shown.length === maxChildren) shown = shown.slice(0, maxChildren - 1);
    const rest = entries.length - shown.length;
    const size = shown.length + (rest > 0 ? 1 : 0);
    if (d !== root && listed + size > maxNodes) continue;
    listed += size;
    node.kind = 'dir';
    node.children = shown.map((e) => e.node);
    for (const e of shown) if (e.dir) nodeOf.set(e.dir, e.node);
    if (rest > 0) {
      const other = entries.slice(shown.length);
      node.children.push({
        name: `${rest} more`,
        bytes: other.reduce((n, e) => n + e.node.bytes, 0),
        files: other.reduce((n, e) => n + e.node.files, 0),
        kind: 'other',
      });
    }
  }
  return top;
}

function newDir(name: string, depth: number): Dir {
  return { name, depth, bytes: 0, files: 0, dirs: new Map(), leaves: [] };
}
