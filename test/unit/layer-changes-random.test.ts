/**
 * Per-layer changes on seeded random images: identities that tie them to the totals, and every layer's changed
 * paths against a straightforward replay of the raw tar entries (a Map from path to what stands there).
 */
import { analyzeSteps, expectConsistent } from '../helpers/analyze-built';
import { Entry, removeTemps } from '../helpers/image-builder';
import { randomImage } from '../helpers/random-image';
import { replayChanges, countChanges, RawEntry } from '../helpers/replay-changes';
import { layerPathChanges, PathChange } from '../../src/analyze/filesystem/changes';
import type { Analysis } from '../../src/model';

afterAll(removeTemps);

const raw = (e: Entry): RawEntry => ({ name: e.name, type: e.type, size: e.content?.length ?? 0 });

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
    const expected = replayChanges(steps.map((s) => s.entries?.map(raw) ?? null));
    for (const l of analysis.layers) {
      const got = layerPathChanges(filesystem, l.index);
      expect({ layer: l.index, changes: got }).toEqual({ layer: l.index, changes: expected[l.index] });
      expect(l.changes).toMatchObject(countChanges(got));
      const files = got.filter((p) => p.type === 'file');
      const count = (list: PathChange[]) => ({ files: list.length, bytes: sum(list.map((p) => p.bytes)) });
      // The files in top are the largest changed files, ties by path.
      const largest = [...files].sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1)).slice(0, 10);
      expect(l.changes.top.filter((t) => t.type === 'file').map((t) => [t.path, t.change, t.bytes])).toEqual(largest.map((f) => [f.path, f.change, f.bytes]));
      // Every directory in top aggregates exactly the changed files below it.
      for (const t of l.changes.top) {
        const below = t.type === 'file' ? files.filter((p) => p.path === t.path) : files.filter((p) => p.path.startsWith(`${t.path}/`));
        expect({ path: t.path, files: t.files, bytes: t.bytes }).toEqual({ path: t.path, ...count(below) });
      }
    }
    checkIdentities(analysis, filesystem.files.filter((f) => filesystem.type(f) === 'file').map((f) => ({ size: filesystem.size(f) })), hardlinks);
  });
});
