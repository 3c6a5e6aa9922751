import { pipCache } from '../../src/analyze/findings/rules/pip-cache';
import { run } from '../helpers/analyze-built';
import { file, removeTemps, whiteout } from '../helpers/image-builder';
import { onlyFinding, wasteRuleCases } from '../helpers/rules';

afterAll(removeTemps);

const site = 'usr/local/lib/python3.12/site-packages';
const rootHttp = 'root/.cache/pip/http-v2/4/2/a/f/0/42af0c1e';
const userWheel = 'home/app/.cache/pip/wheels/3e/91/numpy-2.0.0-cp312-linux_x86_64.whl';
const install = run('pip install -r requirements.txt', [file(rootHttp, 'h'.repeat(3000)), file(userWheel, 'w'.repeat(5000)), file(`${site}/flask/__init__.py`, 'flask')]);

describe('pip-cache', () => {
  wasteRuleCases(pipCache, {
    adds: install,
    reports: [
      [userWheel, 5000],
      [rootHttp, 3000],
    ],
    quiet: [
      run('pip install --no-cache-dir flask', [
        file(`${site}/flask/__init__.py`, 'flask'),
        file(`${site}/pip/_internal/cache.py`, 'class Cache: pass\n'),
        file('opt/app/.cache/pip/http/1', 'not a home'),
        file('home/app/src/.cache/pip/http/1', 'not a home either'),
        file('root/.cache/pipenv/http/1', 'another tool'),
        file('cache/x', 'a relative PIP_CACHE_DIR is ignored'),
      ]),
    ],
    spec: { config: { Env: ['PIP_CACHE_DIR=cache', 'XDG_CACHE_HOME=$HOME/.xdg'] } },
  });

  it('follows PIP_CACHE_DIR, XDG_CACHE_HOME, HOME and the homes in /etc/passwd', async () => {
    const passwd = file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nsvc:x:999:999::/srv/svc:/usr/sbin/nologin\n');
    const steps = [
      run('useradd svc', [passwd]),
      run('pip install …', [
        file('tmp/pip-cache/http/a/b/1', 'e'.repeat(1000)),
        file('var/cache/xdg/pip/wheels/x.whl', 'x'.repeat(800)),
        file('workspace/.cache/pip/selfcheck/1.json', 'h'.repeat(60)),
        file('srv/svc/.cache/pip/http/c/d/2', 's'.repeat(40)),
      ]),
    ];
    const config = { Env: ['PIP_CACHE_DIR=/tmp/pip-cache/', 'XDG_CACHE_HOME=/var/cache/xdg', 'HOME=/workspace'] };
    const f = await onlyFinding(pipCache, steps, { config });
    expect(f).toMatchObject({ bytes: 1900, layer: 1, hiddenBy: null });
    expect(f.paths.map((p) => p.path)).toEqual(['tmp/pip-cache/http/a/b/1', 'var/cache/xdg/pip/wheels/x.whl', 'workspace/.cache/pip/selfcheck/1.json', 'srv/svc/.cache/pip/http/c/d/2']);
  });

  it('reports a cache whose directories a later RUN deleted as still shipped, with hiddenBy', async () => {
    const f = await onlyFinding(pipCache, [install, run('rm -rf /root/.cache /home/app/.cache', [whiteout('root/.cache'), whiteout('home/app/.cache')])]);
    expect(f).toMatchObject({ bytes: 8000, layer: 0, hiddenBy: 1, pathCount: 2 });
  });
});
