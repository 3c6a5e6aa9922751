import { analyzeSteps, run } from '../helpers/analyze-built';
import { file, removeTemps, whiteout } from '../helpers/image-builder';

// hidden-files listed before the cache rule whose claims it reads: it still runs after it (Rule.readsClaims).
jest.mock('../../src/analyze/findings/list', () => jest.requireActual('../helpers/rules-only').registryWith('hidden-files', 'apt-cache'));

afterAll(removeTemps);

describe('rule order', () => {
  it('a rule that reads claims sees every other rule’s, whatever the list order', async () => {
    const archives = 'var/cache/apt/archives';
    const { analysis } = await analyzeSteps([
      run('apt-get install -y curl', [file(`${archives}/curl.deb`, 'd'.repeat(1000)), file('var/cache/apt/pkgcache.bin', 'p'.repeat(300)), file('usr/bin/curl', 'e'.repeat(50))]),
      run('rm /var/cache/apt/archives/curl.deb', [whiteout(`${archives}/curl.deb`)]),
      run('rm -f /usr/bin/curl', [whiteout('usr/bin/curl')]),
    ]);
    expect(analysis.findings.map((f) => [f.id, f.layer, f.hiddenBy, f.bytes])).toEqual([
      ['apt-cache', 0, 1, 1000],
      ['apt-cache', 0, null, 300],
      ['hidden-files', 0, 2, 50],
    ]);
    expect(analysis.totals).toMatchObject({ layerBytes: 1350, hiddenBytes: 1050, junkBytes: 300, wasteBytes: 1350 });
  });
});
