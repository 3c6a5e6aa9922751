import { hiddenFiles } from '../../src/analyze/findings/rules/hidden-files';
import { analyzeSteps, run } from '../helpers/analyze-built';
import { dir, file, opaque, removeTemps, Step, whiteout } from '../helpers/image-builder';
import { findingsOf, onlyFinding } from '../helpers/rules';

// Totals come from the registered rules: here exactly these, whatever the registry holds.
jest.mock('../../src/analyze/findings/list', () => jest.requireActual('../helpers/rules-only').registryWith('apt-cache', 'hidden-files'));

afterAll(removeTemps);

const copy = (text: string, entries: Step['entries']): Step => ({ createdBy: `/bin/sh -c #(nop) ${text}`, entries });
const steps = [
  run('make install', [file('app/a.bin', 'a'.repeat(3000)), file('app/b.bin', 'b'.repeat(1000)), file('app/c.txt', 'c'.repeat(500)), file('app/keep', 'k'.repeat(10))]),
  copy('COPY dir:5e1f in /app', [file('app/a.bin', 'A'.repeat(200)), whiteout('app/b.bin')]),
  run('rm /app/c.txt /app/a.bin', [whiteout('app/c.txt'), whiteout('app/a.bin')]),
];

describe('hidden-files', () => {
  it('reports each (added by, hidden by) pair of layers with exact bytes and paths, naming both instructions', async () => {
    const found = await findingsOf(hiddenFiles, steps);
    expect(found.map((f) => ({ layer: f.layer, hiddenBy: f.hiddenBy, bytes: f.bytes, paths: f.paths, message: f.message }))).toEqual([
      {
        layer: 0,
        hiddenBy: 1,
        bytes: 4000,
        paths: [
          { path: 'app/a.bin', bytes: 3000 },
          { path: 'app/b.bin', bytes: 1000 },
        ],
        message: '2 files, 4.00 kB added by layer 0 (RUN make install), overwritten or deleted by layer 1 (COPY dir:5e1f in /app), still shipped in layer 0',
      },
      { layer: 0, hiddenBy: 2, bytes: 500, paths: [{ path: 'app/c.txt', bytes: 500 }], message: '1 file, 500 B added by layer 0 (RUN make install), deleted by layer 2 (RUN rm /app/c.txt /app/a.bin), still shipped in layer 0' },
      { layer: 1, hiddenBy: 2, bytes: 200, paths: [{ path: 'app/a.bin', bytes: 200 }], message: '1 file, 200 B added by layer 1 (COPY dir:5e1f in /app), deleted by layer 2 (RUN rm /app/c.txt /app/a.bin), still shipped in layer 1' },
    ]);
    expect(found[0]).toMatchObject({ id: 'hidden-files', category: 'waste', severity: 'medium' });
  });

  it('adds up to totals.hiddenBytes, and names opaque directories and directories replaced by a file', async () => {
    const more = [
      run('setup', [file('data/x', 'x'.repeat(700)), file('conf/y', 'y'.repeat(300))]),
      run('reset', [opaque('data'), file('conf', 'now a file')]),
    ];
    const f = await onlyFinding(hiddenFiles, more);
    expect(f).toMatchObject({ bytes: 1000, layer: 0, hiddenBy: 1, pathCount: 2 });
    expect(f.message).toBe('2 files, 1.00 kB added by layer 0 (RUN setup), hidden (opaque directory) or removed (its directory became a file) by layer 1 (RUN reset), still shipped in layer 0');
    const { analysis } = await analyzeSteps(steps);
    expect((await findingsOf(hiddenFiles, steps)).reduce((n, f) => n + f.bytes, 0)).toBe(analysis.totals.hiddenBytes);
  });

  it('leaves out hidden bytes a cache rule already names, and counts them once in the waste total, not as junk', async () => {
    const archives = 'var/cache/apt/archives';
    const { analysis } = await analyzeSteps([
      run('apt-get install -y curl', [file(`${archives}/curl.deb`, 'd'.repeat(1000)), file('var/cache/apt/pkgcache.bin', 'p'.repeat(300)), file('usr/bin/curl', 'e'.repeat(50))]),
      run('rm /var/cache/apt/archives/curl.deb', [whiteout(`${archives}/curl.deb`)]),
    ]);
    expect(analysis.findings.map((f) => [f.id, f.layer, f.hiddenBy, f.bytes])).toEqual([
      ['apt-cache', 0, 1, 1000],
      ['apt-cache', 0, null, 300],
    ]);
    expect(analysis.totals).toMatchObject({ layerBytes: 1350, hiddenBytes: 1000, junkBytes: 300, duplicateBytes: 0, wasteBytes: 1300 });
  });

  it('does not fire when nothing is hidden, or only empty files are', async () => {
    expect(await findingsOf(hiddenFiles, [run('touch', [file('app/x', 'x'), file('app/.keep', ''), dir('app/d')]), run('rm /app/.keep', [whiteout('app/.keep'), file('app/y', 'y')])])).toEqual([]);
  });
});
