/** Duplicate bytes, waste and efficiency (DESIGN.md "Definitions"). */
import { analyzeSteps, expectConsistent, run } from '../helpers/analyze-built';
import { dir, file, hardlink, removeTemps, sha256, symlink, whiteout } from '../helpers/image-builder';

afterAll(removeTemps);

const X = 'x'.repeat(1000);
const Y = 'y'.repeat(300);

async function analyze(...steps: Parameters<typeof analyzeSteps>[0]) {
  const { analysis } = await analyzeSteps(steps);
  expectConsistent(analysis);
  return analysis;
}

describe('duplicate bytes', () => {
  it('a group of N visible copies of S bytes wastes (N−1)×S, across layers; groups sorted by waste', async () => {
    const a = await analyze(
      run('one', [dir('a/'), file('a/x1', X), file('a/y1', Y)]),
      run('two', [dir('b/'), file('b/x2', X), file('b/x3', X), file('b/y2', Y)]),
    );
    expect(a.duplicates).toEqual([
      { sha256: sha256(X), sizeBytes: 1000, paths: ['a/x1', 'b/x2', 'b/x3'], wastedBytes: 2000 },
      { sha256: sha256(Y), sizeBytes: 300, paths: ['a/y1', 'b/y2'], wastedBytes: 300 },
    ]);
    expect(a.totals).toMatchObject({ layerBytes: 3600, duplicateBytes: 2300, hiddenBytes: 0, wasteBytes: 2300 });
  });

  it('finds copies whether their layer was hashed while streaming (gzip) or read later (plain tar on disk)', async () => {
    const a = await analyze({ ...run('one', [file('gz/x', X), file('gz/y', Y)]), compression: 'gzip' }, run('two', [file('plain/x', X), file('plain/z', 'z'.repeat(300))]));
    expect(a.duplicates).toEqual([{ sha256: sha256(X), sizeBytes: 1000, paths: ['gz/x', 'plain/x'], wastedBytes: 1000 }]);
  });

  it('same size is not same content', async () => {
    const a = await analyze(run('one', [file('p', 'a'.repeat(500)), file('q', 'b'.repeat(500)), file('r', `${'a'.repeat(499)}b`)]));
    expect(a.duplicates).toEqual([]);
  });

  it('hard links to one body are one file, not copies; a real copy next to them counts once', async () => {
    const links = await analyze(run('one', [file('bin/tool', X), hardlink('bin/alias', 'bin/tool'), hardlink('usr/bin/tool', 'bin/tool')]));
    expect(links.duplicates).toEqual([]);
    expect(links.totals.finalBytes).toBe(1000);

    const withCopy = await analyze(run('one', [file('bin/tool', X), hardlink('bin/alias', 'bin/tool'), file('opt/tool', X)]));
    expect(withCopy.duplicates).toHaveLength(1);
    expect(withCopy.duplicates[0].wastedBytes).toBe(1000);
    expect(withCopy.duplicates[0].paths).toHaveLength(2);
    expect(withCopy.duplicates[0].paths).toContain('opt/tool');
  });

  it('leaves out empty files and symlinks', async () => {
    // gzip, so that every file is hashed while it streams, the empty ones too
    const a = await analyze({ ...run('one', [file('e1', ''), file('e2', ''), file('e3', ''), file('real', Y), symlink('l1', 'real'), symlink('l2', 'real')]), compression: 'gzip' });
    expect(a.duplicates).toEqual([]);
    expect(a.totals.duplicateBytes).toBe(0);
  });

  it('counts only visible copies: a hidden copy is hidden bytes, not duplicate bytes', async () => {
    const a = await analyze(
      run('one', [file('keep', X), file('old', X), file('also-old', X)]),
      run('two', [whiteout('old'), file('also-old', Y)]),
    );
    expect(a.duplicates).toEqual([]);
    expect(a.hidden.map((h) => [h.path, h.bytes, h.reason])).toEqual([
      ['also-old', 1000, 'overwritten'],
      ['old', 1000, 'deleted'],
    ]);
    expect(a.totals).toMatchObject({ hiddenBytes: 2000, duplicateBytes: 0, wasteBytes: 2000 });
  });
});

describe('efficiency', () => {
  it('is 1 − (hidden + duplicate) / total layer bytes', async () => {
    const a = await analyze(
      run('one', [file('a', X), file('b', X), file('c', Y)]), // 2300 bytes, 1000 duplicate
      run('two', [whiteout('c'), file('d', 'z'.repeat(700))]), // 700 bytes, c's 300 hidden
    );
    expect(a.totals).toMatchObject({ layerBytes: 3000, hiddenBytes: 300, duplicateBytes: 1000, wasteBytes: 1300 });
    expect(a.totals.efficiency).toBeCloseTo(1 - 1300 / 3000, 12);
  });

  it('is 1 for an image that stores no bytes, and for one with no waste', async () => {
    const empty = await analyze(run('mkdir', [dir('data/')]), { createdBy: 'CMD ["sh"]' });
    expect(empty.totals).toMatchObject({ layerBytes: 0, wasteBytes: 0, efficiency: 1 });
    const clean = await analyze(run('one', [file('a', X), file('b', Y)]));
    expect(clean.totals).toMatchObject({ layerBytes: 1300, wasteBytes: 0, efficiency: 1 });
  });
});
