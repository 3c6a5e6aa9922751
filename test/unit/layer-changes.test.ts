/** Per-layer changes (DESIGN.md "Definitions"), each case of the definition on images built in memory. */
import { analyzeSteps, expectConsistent, run } from '../helpers/analyze-built';
import { dir, file, hardlink, opaque, removeTemps, symlink, whiteout } from '../helpers/image-builder';
import { layerPathChanges, PathChange } from '../../src/analyze/filesystem/changes';
import type { Step } from '../helpers/image-builder';

afterAll(removeTemps);

const bytes = (n: number): string => 'x'.repeat(n);

async function analyze(...steps: Step[]) {
  const result = await analyzeSteps(steps);
  expectConsistent(result.analysis);
  const layers = result.analysis.layers;
  return {
    layers,
    /** [added, modified, removed] as [files, bytes] of a layer. */
    counts: (i: number) => {
      const c = layers[i].changes;
      return { added: [c.added.files, c.added.bytes], modified: [c.modified.files, c.modified.bytes], removed: [c.removed.files, c.removed.bytes] };
    },
    paths: (i: number): PathChange[] => layerPathChanges(result.filesystem, i),
  };
}

const change = (path: string, type: PathChange['type'], kind: PathChange['change'], n = 0): PathChange => ({ path, type, change: kind, bytes: n });

describe('per-layer changes', () => {
  it('plain add and modify: modified counts this layer bytes, replacedBytes the lower ones', async () => {
    const { counts, paths, layers } = await analyze(
      run('one', [dir('etc/'), file('etc/a', bytes(100)), file('etc/b', bytes(10))]),
      run('two', [dir('etc/'), file('etc/a', bytes(30)), file('etc/c', bytes(5))]),
    );
    expect(counts(0)).toEqual({ added: [2, 110], modified: [0, 0], removed: [0, 0] });
    expect(counts(1)).toEqual({ added: [1, 5], modified: [1, 30], removed: [0, 0] });
    expect(layers[1].changes.modified.replacedBytes).toBe(100);
    expect(layers[1].changes.directories).toBe(1);
    expect(paths(1)).toEqual([change('etc', 'dir', 'modified'), change('etc/a', 'file', 'modified', 30), change('etc/c', 'file', 'added', 5)]);
    expect(paths(0)[0]).toEqual(change('etc', 'dir', 'added'));
  });

  it('whiteout of a file removes it with the lower bytes', async () => {
    const { counts, paths } = await analyze(run('one', [file('a', bytes(40)), file('b', bytes(1))]), run('rm', [whiteout('a')]));
    expect(counts(1)).toEqual({ added: [0, 0], modified: [0, 0], removed: [1, 40] });
    expect(paths(1)).toEqual([change('a', 'file', 'removed', 40)]);
  });

  it('whiteout of a directory removes every file below it, from every lower layer', async () => {
    const { counts, paths, layers } = await analyze(
      run('one', [dir('d/'), file('d/a', bytes(10)), dir('d/s/'), file('d/s/b', bytes(20)), symlink('d/l', 'a')]),
      run('two', [dir('d/'), file('d/c', bytes(30))]),
      run('rm', [whiteout('d')]),
    );
    expect(counts(2)).toEqual({ added: [0, 0], modified: [0, 0], removed: [3, 60] });
    expect(paths(2)).toEqual([change('d/a', 'file', 'removed', 10), change('d/c', 'file', 'removed', 30), change('d/l', 'symlink', 'removed'), change('d/s/b', 'file', 'removed', 20)]);
    expect(layers[2].changes.top).toEqual([
      { path: 'd', type: 'dir', change: 'removed', files: 3, bytes: 60 },
      { path: 'd/c', type: 'file', change: 'removed', files: 1, bytes: 30 },
      { path: 'd/s', type: 'dir', change: 'removed', files: 1, bytes: 20 },
      { path: 'd/s/b', type: 'file', change: 'removed', files: 1, bytes: 20 },
      { path: 'd/a', type: 'file', change: 'removed', files: 1, bytes: 10 },
    ]);
  });

  it('opaque directory: lower files not written again are removed, those written again are modified', async () => {
    const { counts, paths } = await analyze(
      run('one', [dir('d/'), file('d/a', bytes(10)), file('d/b', bytes(20)), file('e', bytes(1))]),
      run('opq', [dir('d/'), opaque('d'), file('d/b', bytes(25)), file('d/n', bytes(3))]),
    );
    expect(counts(1)).toEqual({ added: [1, 3], modified: [1, 25], removed: [1, 10] });
    expect(paths(1)).toEqual([change('d', 'dir', 'modified'), change('d/a', 'file', 'removed', 10), change('d/b', 'file', 'modified', 25), change('d/n', 'file', 'added', 3)]);
  });

  it('directory → file: the files below are removed and the file added', async () => {
    const { counts, paths } = await analyze(
      run('one', [dir('p/'), file('p/a', bytes(10)), file('p/b', bytes(20))]),
      run('two', [file('p', bytes(7))]),
    );
    expect(counts(1)).toEqual({ added: [1, 7], modified: [0, 0], removed: [2, 30] });
    expect(paths(1)).toEqual([change('p', 'file', 'added', 7), change('p/a', 'file', 'removed', 10), change('p/b', 'file', 'removed', 20)]);
  });

  it('file → directory: the file is removed, what the directory holds added', async () => {
    const { counts, paths } = await analyze(run('one', [file('p', bytes(7))]), run('two', [dir('p/'), file('p/a', bytes(10))]));
    expect(counts(1)).toEqual({ added: [1, 10], modified: [0, 0], removed: [1, 7] });
    expect(paths(1)).toEqual([change('p', 'file', 'removed', 7), change('p', 'dir', 'added'), change('p/a', 'file', 'added', 10)]);
  });

  it('a file in the way of a path is removed even with no directory entry', async () => {
    const { counts } = await analyze(run('one', [file('p', bytes(7))]), run('two', [file('p/a', bytes(10))]));
    expect(counts(1)).toEqual({ added: [1, 10], modified: [0, 0], removed: [1, 7] });
  });

  it.each([
    ['larger', 50, 8],
    ['smaller', 8, 50],
  ])('a path written twice in one layer counts once, as its last entry (first write %s)', async (_, first, second) => {
    const { counts, paths } = await analyze(
      run('one', [file('a', bytes(100))]),
      run('two', [file('a', bytes(first)), file('a', bytes(second)), file('n', bytes(first)), file('n', bytes(second))]),
    );
    expect(counts(1)).toEqual({ added: [1, second], modified: [1, second], removed: [0, 0] });
    expect(paths(1)).toEqual([change('a', 'file', 'modified', second), change('n', 'file', 'added', second)]);
  });

  it('a path written as a file then a symlink in one layer: the lower file is removed, the symlink added', async () => {
    const { counts, paths } = await analyze(run('one', [file('a', bytes(9))]), run('two', [file('a', bytes(4)), symlink('a', 'b')]));
    expect(counts(1)).toEqual({ added: [0, 0], modified: [0, 0], removed: [1, 9] });
    expect(paths(1)).toEqual([change('a', 'file', 'removed', 9), change('a', 'symlink', 'added')]);
  });

  it('hard links are counted apart; a body hard-linked twice is added once', async () => {
    const { counts, paths, layers } = await analyze(
      run('one', [file('a', bytes(64)), hardlink('b', 'a'), hardlink('c', 'a')]),
      run('rm', [whiteout('a'), whiteout('b')]),
    );
    expect(counts(0)).toEqual({ added: [1, 64], modified: [0, 0], removed: [0, 0] });
    expect(layers[0].changes.hardlinks).toBe(2);
    expect(paths(0)).toEqual([change('a', 'file', 'added', 64), change('b', 'hardlink', 'added'), change('c', 'hardlink', 'added')]);
    // The regular file a is removed (its body stays visible through c); the link b is not a regular file.
    expect(counts(1)).toEqual({ added: [0, 0], modified: [0, 0], removed: [1, 64] });
    expect(paths(1)).toEqual([change('a', 'file', 'removed', 64), change('b', 'hardlink', 'removed')]);
  });

  it('a hard link to a body already taken away links to nothing, so each stored byte stays visible or hidden once', async () => {
    // The link at d replaces the directory d that holds its own target.
    const { counts, paths } = await analyze(run('one', [file('d/f', bytes(60)), hardlink('d', 'd/f')]));
    expect(counts(0)).toEqual({ added: [0, 0], modified: [0, 0], removed: [0, 0] });
    expect(paths(0)).toEqual([change('d', 'hardlink', 'added')]);
  });

  it('a symlink over a file removes the file; a file over a symlink is added', async () => {
    const { counts, paths, layers } = await analyze(
      run('one', [file('f', bytes(12)), symlink('s', 'f')]),
      run('two', [symlink('f', 's'), file('s', bytes(5))]),
    );
    expect(counts(1)).toEqual({ added: [1, 5], modified: [0, 0], removed: [1, 12] });
    expect(layers[1].changes.symlinks).toBe(1);
    expect(paths(1)).toEqual([change('f', 'file', 'removed', 12), change('f', 'symlink', 'added'), change('s', 'symlink', 'removed'), change('s', 'file', 'added', 5)]);
  });

  it('empty layers change nothing', async () => {
    const { layers, paths } = await analyze(run('one', [file('a', bytes(3))]), { createdBy: 'ENV A=1' }, run('empty', []));
    expect(layers[1].changes).toEqual({ added: { files: 0, bytes: 0 }, modified: { files: 0, bytes: 0, replacedBytes: 0 }, removed: { files: 0, bytes: 0 }, hardlinks: 0, symlinks: 0, directories: 0, top: [] });
    expect(layers[2].changes).toEqual(layers[1].changes);
    expect(paths(1)).toEqual([]);
    expect(paths(2)).toEqual([]);
  });
});
