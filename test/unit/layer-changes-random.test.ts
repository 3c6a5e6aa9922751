/**
 * Per-layer changes on seeded random images: identities that tie them to the totals, and every layer's changed
 * paths against a straightforward replay of the raw tar entries (a Map from path to what stands there).
 */
import { analyzeSteps, expectConsistent } from '../helpers/analyze-built';
import { removeTemps, Step } from '../helpers/image-builder';
import { randomImage } from '../helpers/random-image';
import { layerPathChanges, PathChange } from '../../src/analyze/filesystem/changes';
import type { Analysis } from '../../src/model';

afterAll(removeTemps);

interface State {
  type: PathChange['type'];
  size: number;
  /** Layer of the entry (or implicit parent) that put it there. */
  layer: number;
  /** Written by an entry (not made as a parent of one). */
  explicit: boolean;
  /** A directory entry written over a directory that stood there. */
  restated: boolean;
}

const under = (dir: string, path: string): boolean => dir === '' || path.startsWith(`${dir}/`);
const trim = (name: string): string => name.replace(/\/+$/, '').replace(/^\/+/, '');

/** The changed paths of every layer, replayed from the raw entries, in the order layerPathChanges sorts them. */
function replay(steps: Step[]): PathChange[][] {
  const tree = new Map<string, State>();
  const remove = (path: string, withSelf: boolean): void => {
    for (const p of [...tree.keys()]) if ((withSelf && p === path) || under(path, p)) tree.delete(p);
  };
  return steps.map((step, layer) => {
    if (!step.entries) return [];
    const before = new Map(tree);
    const written: Array<Exclude<Step['entries'], undefined>[number]> = [];
    // Deletions first, as the OCI spec applies a changeset.
    for (const e of step.entries) {
      const name = trim(e.name);
      const base = name.slice(name.lastIndexOf('/') + 1);
      const parent = name.slice(0, Math.max(0, name.lastIndexOf('/')));
      if (base === '.wh..wh..opq') remove(parent, false);
      else if (base.startsWith('.wh.')) remove(parent === '' ? base.slice(4) : `${parent}/${base.slice(4)}`, true);
      else written.push(e);
    }
    for (const e of written) {
      const path = trim(e.name);
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) {
        const up = parts.slice(0, i).join('/');
        if (tree.get(up)?.type === 'dir') continue;
        tree.delete(up);
        tree.set(up, { type: 'dir', size: 0, layer, explicit: false, restated: false });
      }
      const type = ({ file: 'file', directory: 'dir', symlink: 'symlink', link: 'hardlink' } as const)[e.type];
      const there = tree.get(path);
      if (type === 'dir' && there?.type === 'dir') {
        tree.set(path, { type, size: 0, layer, explicit: true, restated: there.layer < layer || there.restated });
        continue;
      }
      remove(path, true);
      tree.set(path, { type, size: type === 'file' ? (e.content?.length ?? 0) : 0, layer, explicit: true, restated: false });
    }
    const out: PathChange[] = [];
    for (const [path, s] of tree) {
      if (s.layer !== layer || !s.explicit) continue;
      const modified = s.type === 'dir' ? s.restated : before.get(path)?.type === s.type;
      out.push({ path, type: s.type, change: modified ? 'modified' : 'added', bytes: s.size });
    }
    for (const [path, b] of before) {
      if (b.type === 'dir' || tree.get(path) === b) continue;
      const now = tree.get(path);
      if (now && now.explicit && now.layer === layer && now.type === b.type) continue;
      out.push({ path, type: b.type, change: 'removed', bytes: b.size });
    }
    const rank = (c: PathChange): number => (c.change === 'removed' ? 0 : 1);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : rank(a) - rank(b) || (a.type < b.type ? -1 : 1)));
  });
}

const sum = (values: number[]): number => values.reduce((n, v) => n + v, 0);

function checkIdentities(a: Analysis, finalFiles: Array<{ size: number }>, hardlinks: boolean): void {
  const c = a.layers.map((l) => l.changes);
  // Files: added ones appear, removed ones go, modified ones stay.
  expect(sum(c.map((x) => x.added.files - x.removed.files))).toBe(finalFiles.length);
  // Bytes: the final regular-file paths hold what was written minus what was replaced or removed.
  expect(sum(c.map((x) => x.added.bytes + x.modified.bytes - x.modified.replacedBytes - x.removed.bytes))).toBe(sum(finalFiles.map((f) => f.size)));
  if (hardlinks) return;
  // Without hard links each body has one path, so bytes by path are bytes by body.
  expect(sum(finalFiles.map((f) => f.size))).toBe(a.totals.finalBytes);
  const sameLayer = sum(a.hidden.filter((h) => h.addedByLayer === h.hiddenByLayer).map((h) => h.bytes));
  expect(sum(c.map((x) => x.added.bytes + x.modified.bytes))).toBe(a.totals.layerBytes - sameLayer);
  for (const l of a.layers) {
    // What a layer takes away from below is what it hides from below.
    const hiddenBelow = sum(a.hidden.filter((h) => h.hiddenByLayer === l.index && h.addedByLayer < l.index).map((h) => h.bytes));
    expect(l.changes.removed.bytes + l.changes.modified.replacedBytes).toBe(hiddenBelow);
  }
}

describe.each([
  ['with hard links', true],
  ['without hard links', false],
])('per-layer changes on random images, %s', (_, hardlinks) => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %i', async (seed) => {
    const steps = randomImage(seed * (hardlinks ? 7919 : 104729), { hardlinks });
    const { analysis, filesystem } = await analyzeSteps(steps);
    expectConsistent(analysis);
    const expected = replay(steps);
    for (const l of analysis.layers) {
      const got = layerPathChanges(filesystem, l.index);
      expect({ layer: l.index, changes: got }).toEqual({ layer: l.index, changes: expected[l.index] });
      const files = got.filter((p) => p.type === 'file');
      const of = (kind: PathChange['change']) => files.filter((p) => p.change === kind);
      const count = (list: PathChange[]) => ({ files: list.length, bytes: sum(list.map((p) => p.bytes)) });
      expect(l.changes).toMatchObject({ added: count(of('added')), modified: count(of('modified')), removed: count(of('removed')) });
      for (const [type, key] of [['hardlink', 'hardlinks'], ['symlink', 'symlinks'], ['dir', 'directories']] as const) {
        expect(l.changes[key]).toBe(got.filter((p) => p.type === type && p.change !== 'removed').length);
      }
      // Every directory in top aggregates exactly the changed files below it.
      for (const t of l.changes.top) {
        const below = t.type === 'file' ? files.filter((p) => p.path === t.path) : files.filter((p) => p.path.startsWith(`${t.path}/`));
        expect({ path: t.path, files: t.files, bytes: t.bytes }).toEqual({ path: t.path, ...count(below) });
      }
    }
    checkIdentities(analysis, filesystem.files.filter((f) => f.entry.type === 'file').map((f) => f.entry), hardlinks);
  });
});
