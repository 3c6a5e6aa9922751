import { yarnCache } from '../../src/analyze/findings/rules/yarn-cache';
import { run } from '../helpers/analyze-built';
import { file, opaque, removeTemps } from '../helpers/image-builder';
import { findingsOf, onlyFinding, wasteRuleCases } from '../helpers/rules';

afterAll(removeTemps);

const v1Root = 'usr/local/share/.cache/yarn/v6/npm-express-4.19.2-abc/node_modules/express/index.js';
const v1Home = 'home/node/.cache/yarn/v6/npm-lodash-4.17.21-def/node_modules/lodash/lodash.js';
const berry = 'root/.yarn/berry/cache/react-npm-18.3.1-af38f3c1ae-10c0.zip';
const install = run('yarn install --frozen-lockfile', [file(v1Root, 'e'.repeat(1500)), file(v1Home, 'l'.repeat(2500)), file(berry, 'r'.repeat(900)), file('app/node_modules/express/index.js', '{}')]);

describe('yarn-cache', () => {
  wasteRuleCases(yarnCache, {
    adds: install,
    reports: [
      [v1Home, 2500],
      [v1Root, 1500],
      [berry, 900],
    ],
    quiet: [
      run('yarn install --immutable', [
        file('app/.yarn/cache/react-npm-18.3.1-af38f3c1ae-10c0.zip', "a project's zero-install cache"),
        file('root/.yarn/cache/react.zip', 'a project in /root'),
        file('app/.yarnrc.yml', 'enableGlobalCache: false\n'),
        file('app/node_modules/react/index.js', 'module.exports = {}'),
      ]),
    ],
  });

  it('honours YARN_CACHE_FOLDER and YARN_GLOBAL_FOLDER', async () => {
    const steps = [run('yarn', [file('tmp/yarn-cache/v6/a.tgz', 'a'.repeat(300)), file('opt/yarn-global/cache/b.zip', 'b'.repeat(200)), file('opt/yarn-global/bin/x', 'x')])];
    const f = await onlyFinding(yarnCache, steps, { config: { Env: ['YARN_CACHE_FOLDER=/tmp/yarn-cache', 'YARN_GLOBAL_FOLDER=/opt/yarn-global'] } });
    expect(f).toMatchObject({ bytes: 500, layer: 0, hiddenBy: null });
    expect(f.paths.map((p) => p.path)).toEqual(['tmp/yarn-cache/v6/a.tgz', 'opt/yarn-global/cache/b.zip']);
  });

  it('splits a cache an opaque directory hid in a later layer from what is still visible', async () => {
    const found = await findingsOf(yarnCache, [install, run('yarn cache clean', [opaque('usr/local/share/.cache/yarn')])]);
    expect(found.map((f) => [f.layer, f.hiddenBy, f.bytes, f.paths.map((p) => p.path)])).toEqual([
      [0, null, 3400, [v1Home, berry]],
      [0, 1, 1500, [v1Root]],
    ]);
  });
});
