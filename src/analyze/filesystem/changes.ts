import type { ChangeKind, LayerChanges } from '../../model';
import type { EntryType, LayerEntry } from '../layers/walk';
import type { FilesystemModel, LayerRecord } from './model';
import { TopChanges } from './top-changes';
import { dirname } from '../layers/paths';
import { compareText } from '../../util/compare';

/** One changed path of a layer. Only regular files (`file`) carry bytes; the other types are counted apart. */
export interface PathChange {
  path: string;
  type: Exclude<EntryType, 'whiteout' | 'opaque'>;
  change: ChangeKind;
  /** added/modified: this layer's bytes; removed: the lower file's. */
  bytes: number;
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
 * entry it took away and did not write again with the same type. `lower` is the entry a modified one replaced.
 *   - file, hard link, symlink, other: modified when the same type stood at the path just below, else added;
 *     so a symlink over a file is the file removed and the symlink added.
 *   - directory: modified when a directory stood there as the entry was applied (a restated parent), else added.
 *   - removed: non-directory entries below that the layer took away: whiteout, opaque directory, a different
 *     type written over them, a directory written over or through them. Directories are not listed as removed:
 *     what they held is.
 */
function eachChange(record: LayerRecord, visit: (e: LayerEntry, change: ChangeKind, lower: LayerEntry | undefined, at: number) => void): void {
  let below: Map<string, LayerEntry> | null = null;
  if (record.lost.length > 0) {
    below = new Map();
    for (const e of record.lost) below.set(e.path, e);
  }
  const entries = record.entries;
  for (let at = 0; at < entries.length; at++) {
    const e = entries[at];
    if (e.type === 'whiteout' || e.type === 'opaque' || record.superseded?.has(e)) continue;
    if (e.type === 'dir') {
      visit(e, record.restated?.has(e) ? 'modified' : 'added', undefined, at);
      continue;
    }
    const lower = below?.get(e.path);
    if (lower !== undefined && lower.type === e.type) {
      // Written again: not removed.
      (below as Map<string, LayerEntry>).delete(e.path);
      visit(e, 'modified', lower, at);
    } else visit(e, 'added', undefined, at);
  }
  if (below) for (const e of below.values()) visit(e, 'removed', undefined, -1);
}

/** Every changed path of one layer (index as in `layers[].index`), sorted by path; [] for an empty layer. */
export function layerPathChanges(model: FilesystemModel, layer: number): PathChange[] {
  const record = model.layers.find((r) => r.index === layer);
  if (!record) return [];
  const out: PathChange[] = [];
  eachChange(record, (e, change) => {
    out.push({ path: e.path, type: e.type as PathChange['type'], change, bytes: e.type === 'file' ? e.size : 0 });
  });
  // At one path a removal sorts before what replaced it.
  return out.sort((a, b) => compareText(a.path, b.path) || (a.change === 'removed' ? 0 : 1) - (b.change === 'removed' ? 0 : 1) || compareText(a.type, b.type));
}

/** The counts of one layer (README, "What the numbers mean"), in one pass over its entries and losses. */
export function layerChanges(record: LayerRecord): LayerChanges {
  const c = noChanges();
  const top = new TopChanges();
  // The parent of each entry comes from the runs the model kept (no string work per entry); a removed file's from its path.
  let run = -1;
  eachChange(record, (e, change, lower, at) => {
    if (e.type === 'file') {
      const count = c[change];
      count.files++;
      count.bytes += e.size;
      if (lower) c.modified.replacedBytes += lower.size;
      if (at < 0) top.add(dirname(e.path), e.path, change, e.size);
      else {
        while (run + 1 < record.runs.length && record.runs[run + 1] <= at) run++;
        top.add(record.runDirs[run], e.path, change, e.size);
      }
    } else if (change === 'removed') return;
    else if (e.type === 'hardlink') c.hardlinks++;
    else if (e.type === 'symlink') c.symlinks++;
    else if (e.type === 'dir') c.directories++;
  });
  c.top = top.result();
  return c;
}

/** The changes of every layer with a tar, by layer index. */
export function changesByLayer(model: FilesystemModel): Map<number, LayerChanges> {
  return new Map(model.layers.map((r) => [r.index, layerChanges(r)]));
}
