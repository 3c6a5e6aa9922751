import { duplicateFiles } from '../../src/analyze/findings/rules/duplicate-files';
import { analyzeSteps, run } from '../helpers/analyze-built';
import { file, hardlink, removeTemps, whiteout } from '../helpers/image-builder';
import { findingsOf, onlyFinding } from '../helpers/rules';

// Totals come from the registered rules: here exactly these, whatever the registry holds.
jest.mock('../../src/analyze/findings/list', () => jest.requireActual('../helpers/rules-only').registryWith('pip-cache', 'duplicate-files'));

afterAll(removeTemps);

const data = 'd'.repeat(2000);
const logo = 'l'.repeat(500);
const cached = 'root/.cache/pip/http-v2/a/b/c/d/e/0123';
const installed = 'usr/local/lib/python3.12/site-packages/pkg/data.bin';
const steps = [
  run('pip install pkg', [file(cached, data), file(installed, data)]),
  run('cp logo.png static/ && cp -r static copy2', [file('app/logo.png', logo), file('app/static/logo.png', logo), file('app/static/copy2/logo.png', logo), file('app/unique', 'u')]),
];

describe('duplicate-files', () => {
  it('reports totals.duplicateBytes once, with the redundant copies of the largest groups first', async () => {
    const f = await onlyFinding(duplicateFiles, steps);
    expect(f).toMatchObject({
      id: 'duplicate-files',
      category: 'waste',
      severity: 'low',
      bytes: 3000,
      layer: null,
      hiddenBy: null,
      pathCount: 3,
      message: '2 groups of identical files: 3 redundant copies, 3.00 kB',
    });
    expect(f.paths).toEqual([
      { path: installed, bytes: 2000 },
      { path: 'app/static/copy2/logo.png', bytes: 500 },
      { path: 'app/static/logo.png', bytes: 500 },
    ]);
    const { analysis } = await analyzeSteps(steps);
    expect(f.bytes).toBe(analysis.totals.duplicateBytes);
  });

  it('is not junk: a cached file with an installed copy counts once in the waste total', async () => {
    const { analysis } = await analyzeSteps(steps);
    // junk = the visible pip cache; the copies beyond junk = the two extra logos. The cache's twin is not added again.
    expect(analysis.totals).toMatchObject({ layerBytes: 5501, hiddenBytes: 0, duplicateBytes: 3000, junkBytes: 2000, wasteBytes: 3000 });
    expect(analysis.findings.map((f) => [f.id, f.bytes])).toEqual([
      ['pip-cache', 2000],
      ['duplicate-files', 3000],
    ]);
  });

  it('leaves out a copy a later layer deleted: it ships as hidden bytes, not as a duplicate', async () => {
    const pruned = [...steps, run('rm -rf /root/.cache/pip /app/static', [whiteout('root/.cache/pip'), whiteout('app/static')])];
    expect(await findingsOf(duplicateFiles, pruned)).toEqual([]);
    const { analysis } = await analyzeSteps(pruned);
    expect(analysis.totals).toMatchObject({ hiddenBytes: 3000, duplicateBytes: 0, junkBytes: 0, wasteBytes: 3000 });
  });

  it('does not fire on hard links in one layer, empty files, or different contents of one size', async () => {
    const same = [run('ln', [file('usr/bin/python3.12', 'p'.repeat(800)), hardlink('usr/bin/python3', 'usr/bin/python3.12'), file('a/.keep', ''), file('b/.keep', ''), file('c/one', 'x'.repeat(64)), file('c/two', 'y'.repeat(64))])];
    expect(await findingsOf(duplicateFiles, same)).toEqual([]);
  });
});
