import type { HiddenFile, HiddenReason } from '../../model';
import { DIR_TYPE, EntryTable, FILE, HARDLINK, OPAQUE, WHITEOUT } from '../layers/entry-table';
import { compareText } from '../../util/compare';
import { LayerRecord, LayerTally, noChanges } from './changes';
import type { FilesystemModel, ModelLayer } from './model';
import { TableFilesystem } from './table-filesystem';
import { ABSENT, DIR, NON_DIR, PathNodes } from './path-nodes';

/**
 * Applies layers bottom-up. In each layer deletions (whiteouts, opaque markers) act on the lower layers first,
 * then entries are added in tar order, as the OCI image spec applies a changeset. `onLayer(i, n)` is told before
 * each layer is applied (for progress). The entries are the model's from then on: apply them once.
 */
export function buildFilesystem(layers: ModelLayer[], onLayer?: (done: number, count: number) => void): FilesystemModel {
  const t = layers[0]?.walk.table ?? new EntryTable();
  if (layers.some((l) => l.walk.table !== t)) throw new Error('the layers of one model must be walked with one entry table');
  const table = t.paths;
  // The walks are done: no more rows or paths.
  t.trim();
  table.trim();
  const nodes = new PathNodes(table);
  const hidden: HiddenFile[] = [];
  const inodes: number[] = [];
  const records: LayerRecord[] = [];

  for (const [done, { index, walk }] of layers.entries()) {
    onLayer?.(done, layers.length);
    if (walk.file !== null) t.layerFiles.set(index, walk.file);
    const record: LayerRecord = { index, entries: walk.entries, lost: [], superseded: null, restated: null, changes: noChanges() };
    records.push(record);
    const tally = new LayerTally(t);
    const supersede = (e: number): void => {
      (record.superseded ??= new Set()).add(e);
      tally.undo(e);
    };
    const hide = (top: number, reason: HiddenReason): void => {
      const gone: number[] = [];
      nodes.forEach(top, false, (n) => {
        gone.push(n);
        if (nodes.state(n) === DIR) tally.dirGone(n);
        const e = nodes.entry(n);
        if (e < 0) return;
        if (nodes.layer(n) >= index) supersede(e);
        else if (t.types[e] !== DIR_TYPE) {
          record.lost.push(e);
          tally.lost(e);
        }
        const i = t.inodes[e];
        if (i >= 0 && --t.links[i] === 0) {
          t.hiddenBy[i] = index;
          t.setReason(i, reason);
          hidden.push({ path: t.path(i), bytes: t.sizes[i], addedByLayer: t.layers[i], hiddenByLayer: index, reason });
        }
      });
      for (const n of gone) nodes.clear(n);
    };

    for (const e of walk.entries) {
      if (t.types[e] === WHITEOUT) {
        const victim = t.pathIds[e];
        if (victim > 0 && nodes.state(victim) !== ABSENT) hide(victim, 'deleted');
      } else if (t.types[e] === OPAQUE) {
        const dir = t.pathIds[e];
        if (nodes.state(dir) === DIR) for (const child of nodes.children(dir)) hide(child, 'opaque');
      }
    }

    // Only hard-link targets need finding within the layer, by path id (the walk interned them).
    const linkTargets = new Set<number>();
    for (const e of walk.entries) if (t.types[e] === HARDLINK && t.linkTargets.has(e)) linkTargets.add(table.find(t.linkTargets.get(e) as string));
    const layerInodes = new Map<number, number>();
    let lastParent = -1;
    for (const e of walk.entries) {
      const type = t.types[e];
      if (type === WHITEOUT || type === OPAQUE) continue;
      t.layers[e] = index;
      // Earlier versions of this path in this layer, folded into this entry by the walk.
      const shadowed = t.shadowed.get(e);
      if (shadowed) hidden.push({ path: t.path(e), bytes: shadowed, addedByLayer: index, hiddenByLayer: index, reason: 'overwritten' });
      let inode = -1;
      if (type === FILE) {
        inode = e;
        inodes.push(e);
        if (linkTargets.has(t.pathIds[e])) layerInodes.set(t.pathIds[e], e);
      } else if (type === HARDLINK && t.linkTargets.has(e)) {
        // A link names a file earlier in the same layer; failing that, whatever the tree shows there now.
        const link = t.linkTargets.get(e) as string;
        const target = layerInodes.get(table.find(link));
        if (target !== undefined) inode = target;
        else {
          const at = nodes.present(link);
          inode = at < 0 || nodes.entry(at) < 0 ? -1 : t.inodes[nodes.entry(at)];
        }
      }
      const id = t.pathIds[e];
      let parent = table.parent(id);
      // Tar order keeps siblings together, so most entries share the previous entry's parent.
      if (parent !== lastParent || nodes.state(parent) !== DIR) {
        parent = ensureDir(nodes, parent, index, hide);
        lastParent = parent;
        tally.enter(table.paths[parent], nodes.chain(parent));
      }
      const state = nodes.state(id);
      if (type === DIR_TYPE) {
        if (state === DIR) {
          // This layer's own entry for it is replaced; a lower directory, or a restatement of one, is restated.
          const had = nodes.entry(id);
          const again = nodes.layer(id) === index && had >= 0;
          if (again) supersede(had);
          if (nodes.layer(id) < index || (again && record.restated?.has(had))) (record.restated ??= new Set()).add(e);
          nodes.set(id, DIR, e, index);
          tally.wrote(e);
          continue;
        }
        if (state !== ABSENT) hide(id, 'overwritten');
        nodes.set(id, DIR, e, index);
        tally.wrote(e);
        continue;
      }
      if (state !== ABSENT) hide(id, state === DIR ? 'replaced' : 'overwritten');
      // A link to a body already taken away (by this entry too: a link over its own target's directory) shows none.
      if (inode >= 0 && t.hiddenBy[inode] >= 0) inode = -1;
      else if (inode >= 0) t.links[inode]++;
      t.inodes[e] = inode;
      nodes.set(id, NON_DIR, e, index);
      tally.wrote(e);
    }
    record.changes = tally.finish(record);
  }

  const files: number[] = [];
  // Only a body with several visible paths can be met twice.
  const seen = new Set<number>();
  const visibleInodes: number[] = [];
  let finalBytes = 0;
  nodes.forEach(0, true, (n) => {
    const e = nodes.entry(n);
    if (nodes.state(n) !== NON_DIR || e < 0) return;
    files.push(e);
    const inode = t.inodes[e];
    if (inode < 0) return;
    if (t.links[inode] > 1) {
      if (seen.has(inode)) return;
      seen.add(inode);
    }
    visibleInodes.push(inode);
    finalBytes += t.sizes[inode];
  });
  hidden.sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path) || a.addedByLayer - b.addedByLayer);
  return new TableFilesystem(t, nodes, { files, layers: records, inodes, visibleInodes, hidden, finalBytes });
}

/** The directory at path id `dir`, made where missing; a non-directory in the way is replaced (its bytes hidden). */
function ensureDir(nodes: PathNodes, dir: number, layer: number, hide: (id: number, reason: HiddenReason) => void): number {
  if (nodes.state(dir) === DIR) return dir;
  // Down from the nearest directory above that stands.
  const missing: number[] = [];
  for (let at = dir; nodes.state(at) !== DIR; at = nodes.table.parent(at)) missing.push(at);
  for (let k = missing.length - 1; k >= 0; k--) {
    const id = missing[k];
    if (nodes.state(id) === NON_DIR) hide(id, 'overwritten');
    nodes.set(id, DIR, -1, layer);
  }
  return dir;
}
