import type { HiddenFile, HiddenReason } from '../../model';
import type { LayerEntry } from '../layers/walk';
import { compareText } from '../../util/compare';
import { LayerRecord, LayerTally, noChanges } from './changes';
import type { FilesystemModel, ModelLayer } from './model';
import { ObjectFilesystem } from './object-filesystem';
import { ABSENT, DIR, NON_DIR, PathNodes } from './path-nodes';
import { PathTable } from '../../util/path-table';

/**
 * Applies layers bottom-up. In each layer deletions (whiteouts, opaque markers) act on the lower layers first,
 * then entries are added in tar order, as the OCI image spec applies a changeset. `onLayer(i, n)` is told before
 * each layer is applied (for progress). The entries are the model's from then on: apply them once.
 */
export function buildFilesystem(layers: ModelLayer[], onLayer?: (done: number, count: number) => void): FilesystemModel {
  const table = layers[0]?.walk.paths ?? new PathTable();
  if (layers.some((l) => l.walk.paths !== table)) throw new Error('the layers of one model must be walked with one path table');
  const nodes = new PathNodes(table);
  const hidden: HiddenFile[] = [];
  const inodes: LayerEntry[] = [];
  const records: LayerRecord[] = [];

  for (const [done, { index, walk }] of layers.entries()) {
    onLayer?.(done, layers.length);
    const record: LayerRecord = { index, entries: walk.entries, lost: [], superseded: null, restated: null, changes: noChanges() };
    records.push(record);
    const tally = new LayerTally();
    const supersede = (e: LayerEntry): void => {
      (record.superseded ??= new Set()).add(e);
      tally.undo(e);
    };
    const hide = (top: number, reason: HiddenReason): void => {
      const gone: number[] = [];
      nodes.forEach(top, false, (n) => {
        gone.push(n);
        if (nodes.state(n) === DIR) tally.dirGone(n);
        const e = nodes.entries[n];
        if (!e) return;
        if (nodes.layer(n) >= index) supersede(e);
        else if (e.type !== 'dir') {
          record.lost.push(e);
          tally.lost(e);
        }
        const i = e.inode;
        if (i && --i.links === 0) {
          i.hiddenBy = index;
          i.hiddenReason = reason;
          hidden.push({ path: i.path, bytes: i.size, addedByLayer: i.layer, hiddenByLayer: index, reason });
        }
      });
      for (const n of gone) nodes.clear(n);
    };

    for (const e of walk.entries) {
      if (e.type === 'whiteout') {
        const victim = e.path === '' ? -1 : nodes.present(e.path);
        if (victim > 0) hide(victim, 'deleted');
      } else if (e.type === 'opaque') {
        const dir = nodes.present(e.path);
        if (dir >= 0 && nodes.state(dir) === DIR) for (const child of nodes.children(dir)) hide(child, 'opaque');
      }
    }

    // Only hard-link targets need finding by path within the layer.
    const linkTargets = new Set<string>();
    for (const e of walk.entries) if (e.type === 'hardlink' && e.link !== undefined) linkTargets.add(e.link);
    const layerInodes = new Map<string, LayerEntry>();
    let lastParent = -1;
    for (const e of walk.entries) {
      if (e.type === 'whiteout' || e.type === 'opaque') continue;
      e.layer = index;
      // Earlier versions of this path in this layer, folded into this entry by the walk.
      if (e.shadowedBytes) hidden.push({ path: e.path, bytes: e.shadowedBytes, addedByLayer: index, hiddenByLayer: index, reason: 'overwritten' });
      let inode: LayerEntry | null = null;
      if (e.type === 'file') {
        if (e.offset !== undefined) e.file = walk.file;
        inode = e;
        inodes.push(e);
        if (linkTargets.has(e.path)) layerInodes.set(e.path, e);
      } else if (e.type === 'hardlink' && e.link !== undefined) {
        // A link names a file earlier in the same layer; failing that, whatever the tree shows there now.
        const target = layerInodes.get(e.link);
        if (target) inode = target;
        else {
          const at = nodes.present(e.link);
          inode = at < 0 ? null : (nodes.entries[at]?.inode ?? null);
        }
      }
      const id = e.id;
      let parent = table.parent(id);
      // Tar order keeps siblings together, so most entries share the previous entry's parent.
      if (parent !== lastParent || nodes.state(parent) !== DIR) {
        parent = ensureDir(nodes, parent, index, hide);
        lastParent = parent;
        tally.enter(table.paths[parent], nodes.chain(parent));
      }
      const state = nodes.state(id);
      if (e.type === 'dir') {
        if (state === DIR) {
          // This layer's own entry for it is replaced; a lower directory, or a restatement of one, is restated.
          const had = nodes.entries[id];
          const again = nodes.layer(id) === index && had !== null;
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
      if (state !== ABSENT) {
        hide(id, state === DIR ? 'replaced' : 'overwritten');
      }
      // A link to a body already taken away (by this entry too: a link over its own target's directory) shows none.
      if (inode?.hiddenBy !== null) inode = null;
      else inode.links++;
      e.inode = inode;
      nodes.set(id, NON_DIR, e, index);
      tally.wrote(e);
    }
    record.changes = tally.finish(record);
  }

  const files: LayerEntry[] = [];
  // Only a body with several visible paths can be met twice.
  const seen = new Set<LayerEntry>();
  const visibleInodes: LayerEntry[] = [];
  nodes.forEach(0, true, (n) => {
    const e = nodes.entries[n];
    if (nodes.state(n) !== NON_DIR || !e) return;
    files.push(e);
    const inode = e.inode;
    if (inode === null) return;
    if (inode.links > 1) {
      if (seen.has(inode)) return;
      seen.add(inode);
    }
    visibleInodes.push(inode);
  });
  const finalBytes = visibleInodes.reduce((sum, i) => sum + i.size, 0);
  hidden.sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path) || a.addedByLayer - b.addedByLayer);
  return new ObjectFilesystem({ files, layers: records, inodes, visibleInodes, hidden, finalBytes }, nodes);
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
    nodes.set(id, DIR, null, layer);
  }
  return dir;
}
