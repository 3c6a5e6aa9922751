import type { HiddenFile, HiddenReason } from '../../model';
import type { LayerEntry, LayerWalk } from '../layers/walk';
import { basename } from '../../util/paths';
import { compareText } from '../../util/compare';
import { LayerRecord, LayerTally, noChanges } from './changes';

/** One stored regular-file body. Hard links in a layer share it; `links` counts its visible paths. */
export interface Inode {
  path: string;
  /** The tar entry that stored it (mode, owner, content facts). */
  entry: LayerEntry;
  layer: number;
  size: number;
  /** Content hash: set while streaming, or later for bodies that may have a duplicate; else null. */
  sha256: string | null;
  /** The file holding the content at `entry.offset`, when it was not read while streaming. */
  file: string | null;
  links: number;
  /** The layer that made it invisible, or null while it is visible. */
  hiddenBy: number | null;
  /** How it was hidden, when it is. */
  hiddenReason: HiddenReason | null;
}

/**
 * A path in the tree. Directories have children; `entry` is null for a directory no layer named. A visible
 * non-directory node is itself the FinalFile the model lists (one object a file, not two).
 */
interface Node {
  path: string;
  entry: LayerEntry | null;
  layer: number;
  inode: Inode | null;
  children: Map<string, Node> | null;
}

/** A visible non-directory path in the final tree. */
export interface FinalFile {
  path: string;
  entry: LayerEntry;
  /** Layer index that put this path here. */
  layer: number;
  /** The content this path shows, for regular files and hard links. */
  inode: Inode | null;
}

export interface FilesystemModel {
  files: FinalFile[];
  /** One record per layer with a tar, in layer order. */
  layers: LayerRecord[];
  /** Every stored body, visible or hidden, in layer order. */
  inodes: Inode[];
  /** Every inode that is still visible, each once. */
  visibleInodes: Inode[];
  hidden: HiddenFile[];
  finalBytes: number;
}

export interface ModelLayer {
  index: number;
  walk: LayerWalk;
}

/**
 * Applies layers bottom-up. In each layer deletions (whiteouts, opaque markers) act on the lower layers first,
 * then entries are added in tar order, as the OCI image spec applies a changeset.
 */
/** `onLayer(i, n)` is told before each layer is applied (for progress). */
export function buildFilesystem(layers: ModelLayer[], onLayer?: (done: number, count: number) => void): FilesystemModel {
  const root: Node = { path: '', entry: null, layer: -1, inode: null, children: new Map() };
  const hidden: HiddenFile[] = [];
  const inodes: Inode[] = [];
  const records: LayerRecord[] = [];
  // The directories from the root to the one ensureDir last reached (told to the tally).
  const chain: Array<Map<string, Node>> = [];

  for (const [done, { index, walk }] of layers.entries()) {
    onLayer?.(done, layers.length);
    const record: LayerRecord = { index, entries: walk.entries, lost: [], superseded: null, restated: null, changes: noChanges() };
    records.push(record);
    const tally = new LayerTally();
    const supersede = (e: LayerEntry): void => {
      (record.superseded ??= new Set()).add(e);
      tally.undo(e);
    };
    const hide = (node: Node, reason: HiddenReason): void => {
      forEachNode(node, false, (n) => {
        if (n.children) tally.dirGone(n.children);
        if (n.entry) {
          if (n.layer >= index) supersede(n.entry);
          else if (n.entry.type !== 'dir') {
            record.lost.push(n.entry);
            tally.lost(n.entry);
          }
        }
        if (n.inode && --n.inode.links === 0) {
          const i = n.inode;
          i.hiddenBy = index;
          i.hiddenReason = reason;
          hidden.push({ path: i.path, bytes: i.size, addedByLayer: i.layer, hiddenByLayer: index, reason });
        }
      });
    };

    for (const e of walk.entries) {
      if (e.type === 'whiteout') {
        const parent = lookup(root, parentOf(e.path));
        const name = basename(e.path);
        const victim = parent?.children?.get(name);
        if (victim && parent?.children) {
          hide(victim, 'deleted');
          parent.children.delete(name);
        }
      } else if (e.type === 'opaque') {
        const dir = lookup(root, e.path);
        if (dir?.children) {
          for (const child of dir.children.values()) hide(child, 'opaque');
          dir.children.clear();
        }
      }
    }

    // Only hard-link targets need finding by path within the layer.
    const linkTargets = new Set<string>();
    for (const e of walk.entries) if (e.type === 'hardlink' && e.link !== undefined) linkTargets.add(e.link);
    const layerInodes = new Map<string, Inode>();
    // Tar order keeps siblings together, so most entries share the previous entry's parent.
    let lastDir: string | null = null;
    let lastChildren: Map<string, Node> | null = null;
    for (const e of walk.entries) {
      if (e.type === 'whiteout' || e.type === 'opaque') continue;
      // Earlier versions of this path in this layer, folded into this entry by the walk.
      if (e.shadowedBytes) hidden.push({ path: e.path, bytes: e.shadowedBytes, addedByLayer: index, hiddenByLayer: index, reason: 'overwritten' });
      let inode: Inode | null = null;
      if (e.type === 'file') {
        const file = e.offset === undefined ? null : walk.file;
        inode = { path: e.path, entry: e, layer: index, size: e.size, sha256: e.sha256 ?? null, file, links: 0, hiddenBy: null, hiddenReason: null };
        inodes.push(inode);
        if (linkTargets.has(e.path)) layerInodes.set(e.path, inode);
      } else if (e.type === 'hardlink' && e.link !== undefined) {
        // A link names a file earlier in the same layer; failing that, whatever the tree shows there now.
        inode = layerInodes.get(e.link) ?? lookup(root, e.link)?.inode ?? null;
      }
      const slash = e.path.lastIndexOf('/');
      const dirLength = slash < 0 ? 0 : slash;
      let parent: Map<string, Node>;
      // Compared in place: slicing out every entry's directory would make a string per entry.
      if (lastChildren && lastDir !== null && lastDir.length === dirLength && e.path.startsWith(lastDir)) parent = lastChildren;
      else {
        const dirPath = e.path.slice(0, dirLength);
        parent = ensureDir(root, dirPath, index, hide, chain);
        lastDir = dirPath;
        lastChildren = parent;
        tally.enter(dirPath, chain);
      }
      const name = slash < 0 ? e.path : e.path.slice(slash + 1);
      const existing = parent.get(name);
      if (e.type === 'dir') {
        if (existing?.children) {
          // This layer's own entry for it is replaced; a lower directory, or a restatement of one, is restated.
          const again = existing.layer === index && existing.entry !== null;
          if (again) supersede(existing.entry as LayerEntry);
          if (existing.layer < index || (again && record.restated?.has(existing.entry as LayerEntry))) (record.restated ??= new Set()).add(e);
          existing.entry = e;
          existing.layer = index;
          tally.wrote(e);
          continue;
        }
        if (existing) hide(existing, 'overwritten');
        parent.set(name, { path: e.path, entry: e, layer: index, inode: null, children: new Map() });
        tally.wrote(e);
        continue;
      }
      if (existing) {
        // A directory replaced by a file may be the cached parent.
        if (existing.children) lastDir = null;
        hide(existing, existing.children ? 'replaced' : 'overwritten');
      }
      // A link to a body already taken away (by this entry too: a link over its own target's directory) shows none.
      if (inode?.hiddenBy !== null) inode = null;
      else inode.links++;
      parent.set(name, { path: e.path, entry: e, layer: index, inode, children: null });
      tally.wrote(e);
    }
    record.changes = tally.finish(record);
  }

  const files: FinalFile[] = [];
  // Only a body with several visible paths can be met twice.
  const seen = new Set<Inode>();
  const visibleInodes: Inode[] = [];
  forEachNode(root, true, (n) => {
    if (n.children || !n.entry) return;
    files.push(n as FinalFile);
    const inode = n.inode;
    if (inode === null) return;
    if (inode.links > 1) {
      if (seen.has(inode)) return;
      seen.add(inode);
    }
    visibleInodes.push(inode);
  });
  const finalBytes = visibleInodes.reduce((sum, i) => sum + i.size, 0);
  hidden.sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path) || a.addedByLayer - b.addedByLayer);
  return { files, layers: records, inodes, visibleInodes, hidden, finalBytes };
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function lookup(root: Node, path: string): Node | undefined {
  let node: Node | undefined = root;
  if (path === '') return node;
  for (const part of path.split('/')) {
    node = node.children?.get(part);
    if (!node) return undefined;
  }
  return node;
}

/** Walks to a directory, creating missing ones; a non-directory in the way is replaced (and its bytes hidden). */
function ensureDir(
  root: Node,
  path: string,
  layer: number,
  hide: (node: Node, reason: HiddenReason) => void,
  chain: Array<Map<string, Node>>,
): Map<string, Node> {
  let node = root;
  // Written in place and cut once: truncating an array is slow in V8.
  let depth = 0;
  chain[depth++] = root.children as Map<string, Node>;
  if (path === '') {
    if (chain.length > depth) chain.length = depth;
    return root.children as Map<string, Node>;
  }
  for (const part of path.split('/')) {
    const children = node.children as Map<string, Node>;
    let next = children.get(part);
    if (!next?.children) {
      if (next) hide(next, 'overwritten');
      next = { path: '', entry: null, layer, inode: null, children: new Map() };
      children.set(part, next);
    }
    node = next;
    chain[depth++] = node.children as Map<string, Node>;
  }
  if (chain.length > depth) chain.length = depth;
  return node.children as Map<string, Node>;
}

/** Depth-first; `sorted` visits children in name order, for lists that must be deterministic. */
function forEachNode(node: Node, sorted: boolean, visit: (n: Node) => void): void {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    visit(n);
    if (!n.children) continue;
    if (!sorted) for (const child of n.children.values()) stack.push(child);
    else {
      const names = [...n.children.keys()].sort().reverse();
      for (const name of names) stack.push(n.children.get(name) as Node);
    }
  }
}
