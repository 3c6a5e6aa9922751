/**
 * The changed paths of every layer, replayed straightforwardly from raw tar entries: a Map from path to what
 * stands there, deletions of a layer first (as the OCI spec applies a changeset), then its entries in order.
 * Written apart from src/ on purpose, so that tests can hold the model to it.
 */
import type { PathChange } from '../../src/analyze/filesystem/changes';

/** One tar entry as written: the name as in the header, its type, its content size. */
export interface RawEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
  size: number;
}

interface State {
  type: PathChange['type'];
  size: number;
  /** Layer of the entry (or implicit parent) that put it there. */
  layer: number;
  /** Written by an entry, not made as a parent of one. */
  explicit: boolean;
  /** A directory entry written over a directory that stood there. */
  restated: boolean;
}

const TYPE = { file: 'file', directory: 'dir', symlink: 'symlink', link: 'hardlink', other: 'other' } as const;

function clean(name: string): string {
  return name.split('/').filter((p) => p !== '' && p !== '.').join('/');
}

/** Every layer's changes in layerPathChanges's order; null stands for a history entry without a layer. */
export function replayChanges(layers: Array<RawEntry[] | null>): PathChange[][] {
  const tree = new Map<string, State>();
  // Only a directory has paths below it (parents are always made directories), so only then is a scan needed.
  const remove = (path: string, withSelf: boolean): void => {
    if (path !== '' && tree.get(path)?.type !== 'dir') {
      if (withSelf) tree.delete(path);
      return;
    }
    for (const p of [...tree.keys()]) if ((withSelf && p === path) || path === '' || p.startsWith(`${path}/`)) tree.delete(p);
  };
  return layers.map((entries, layer) => {
    if (!entries) return [];
    const before = new Map(tree);
    const written: Array<{ path: string; type: PathChange['type']; size: number }> = [];
    for (const e of entries) {
      const path = clean(e.name);
      const cut = path.lastIndexOf('/');
      const base = path.slice(cut + 1);
      const parent = cut < 0 ? '' : path.slice(0, cut);
      if (base === '.wh..wh..opq') remove(parent, false);
      else if (base.startsWith('.wh.') && !base.startsWith('.wh..wh.')) remove(parent === '' ? base.slice(4) : `${parent}/${base.slice(4)}`, true);
      else if (path !== '') written.push({ path, type: base.startsWith('.wh..wh.') ? 'other' : TYPE[e.type], size: e.type === 'file' ? e.size : 0 });
    }
    for (const { path, type, size } of written) {
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) {
        const up = parts.slice(0, i).join('/');
        if (tree.get(up)?.type === 'dir') continue;
        tree.delete(up);
        tree.set(up, { type: 'dir', size: 0, layer, explicit: false, restated: false });
      }
      const there = tree.get(path);
      if (type === 'dir' && there?.type === 'dir') {
        tree.set(path, { type, size: 0, layer, explicit: true, restated: there.layer < layer || there.restated });
        continue;
      }
      remove(path, true);
      tree.set(path, { type, size, layer, explicit: true, restated: false });
    }
    const out: PathChange[] = [];
    for (const [path, s] of tree) {
      if (s.layer !== layer || !s.explicit) continue;
      const modified = s.type === 'dir' ? s.restated : before.get(path)?.type === s.type;
      out.push({ path, type: s.type, change: modified ? 'modified' : 'added', bytes: s.size });
    }
    for (const [path, b] of before) {
      const now = tree.get(path);
      if (b.type === 'dir' || now === b) continue;
      if (now && now.explicit && now.layer === layer && now.type === b.type) continue;
      out.push({ path, type: b.type, change: 'removed', bytes: b.size });
    }
    const rank = (c: PathChange): number => (c.change === 'removed' ? 0 : 1);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : rank(a) - rank(b) || (a.type < b.type ? -1 : 1)));
  });
}

/** A layer's counts from its changed paths, in the shape of `layers[].changes` (top left out). */
export function countChanges(paths: PathChange[]) {
  const files = paths.filter((p) => p.type === 'file');
  const of = (kind: PathChange['change']) => {
    const list = files.filter((p) => p.change === kind);
    return { files: list.length, bytes: list.reduce((n, p) => n + p.bytes, 0) };
  };
  const written = (type: PathChange['type']) => paths.filter((p) => p.type === type && p.change !== 'removed').length;
  return { added: of('added'), modified: of('modified'), removed: of('removed'), hardlinks: written('hardlink'), symlinks: written('symlink'), directories: written('dir') };
}
