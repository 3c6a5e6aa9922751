import { npmCache } from '../../src/analyze/findings/rules/npm-cache';
import { run } from '../helpers/analyze-built';
import { file, removeTemps } from '../helpers/image-builder';
import { onlyFinding, wasteRuleCases } from '../helpers/rules';

afterAll(removeTemps);

const content = 'root/.npm/_cacache/content-v2/sha512/ab/cd/0123456789';
const index = 'root/.npm/_cacache/index-v5/12/34/abcdef';
const log = 'home/node/.npm/_logs/2024-01-01T00_00_00_000Z-debug-0.log';

describe('npm-cache', () => {
  wasteRuleCases(npmCache, {
    adds: run('npm ci', [file(content, 'c'.repeat(6000)), file(index, 'i'.repeat(400)), file(log, 'l'.repeat(250)), file('app/node_modules/express/package.json', '{}')]),
    reports: [
      [content, 6000],
      [index, 400],
      [log, 250],
    ],
    quiet: [
      run('npm ci --omit=dev && npm cache clean --force', [
        file('app/node_modules/express/package.json', '{"name":"express"}'),
        file('usr/local/lib/node_modules/npm/lib/commands/cache.js', 'module.exports = {}'),
        file('app/.npm/_cacache/x', 'the app is not a home'),
        file('root/.npmrc', 'fund=false\n'),
      ]),
    ],
  });

  it('honours npm_config_cache, and finds the cache in / for a user without a home', async () => {
    const steps = [run('npm ci', [file('tmp/npm/_cacache/content-v2/sha512/00/11/x', 'n'.repeat(700)), file('.npm/_cacache/index-v5/aa/bb/y', 'r'.repeat(300)), file('tmp/npm/other.json', '{}')])];
    const f = await onlyFinding(npmCache, steps, { config: { Env: ['npm_config_cache=/tmp/npm'] } });
    expect(f).toMatchObject({ bytes: 1000, layer: 0, hiddenBy: null });
    expect(f.paths.map((p) => p.path)).toEqual(['tmp/npm/_cacache/content-v2/sha512/00/11/x', '.npm/_cacache/index-v5/aa/bb/y']);
  });
});
