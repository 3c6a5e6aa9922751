import { dockerignore } from '../../src/analyze/findings/rules/dockerignore';
import { run } from '../helpers/analyze-built';
import { Entry, file, removeTemps, Step, whiteout } from '../helpers/image-builder';
import { findingsOf, onlyFinding } from '../helpers/rules';

afterAll(removeTemps);

/** A layer as the legacy builder records a COPY or ADD (`#(nop) COPY dir:HASH in /app`). */
const legacy = (instruction: string, entries: Entry[]): Step => ({ createdBy: `/bin/sh -c #(nop) ${instruction}`, entries });
/** A layer as BuildKit records it (`COPY . . # buildkit`; a COPY --from loses its flag). */
const buildkit = (instruction: string, entries: Entry[]): Step => ({ createdBy: `${instruction} # buildkit`, entries });
const sized = (path: string, bytes: number): Entry => file(path, 'x'.repeat(bytes));

const base = run('debootstrap', [sized('etc/debian_version', 5)]);
const junk: [string, number][] = [
  ['app/.git/objects/pack/pack-1.pack', 5000],
  ['app/node_modules/left-pad/index.js', 2000],
  ['app/src/__pycache__/main.cpython-312.pyc', 800],
  ['app/tests/test_main.py', 700],
  ['app/debug.log', 400],
  ['app/legacy.pyc', 300],
  ['app/logs/today.txt', 250],
  ['app/web/test/app.spec.js', 150],
  ['app/src/.main.py.swp', 120],
  ['app/web/__tests__/x.test.js', 110],
  ['app/.idea/workspace.xml', 90],
  ['app/.vscode/settings.json', 60],
  ['app/.env', 40],
  ['app/.env.production', 30],
  ['app/.git/HEAD', 23],
  ['app/.DS_Store', 6],
];
const project = legacy('COPY dir:7d2c in /app', [
  ...junk.map(([p, n]) => sized(p, n)),
  sized('app/package.json', 100),
  sized('app/main.py', 1000),
  sized('app/.env.example', 20),
  file('app/logs/.gitkeep', ''),
]);

describe('dockerignore', () => {
  it('reports what a COPY of the build context brought in, with the .dockerignore entries, largest first', async () => {
    const f = await onlyFinding(dockerignore, [base, project]);
    expect(f).toMatchObject({ id: 'dockerignore', category: 'waste', severity: 'medium', bytes: 10079, layer: 1, hiddenBy: null, pathCount: 16 });
    expect(f.paths).toEqual(junk.map(([path, bytes]) => ({ path, bytes })));
    expect(f.message).toBe(
      'Build-context junk: 16 files, 10.1 kB added by layer 1, still in the final image; .dockerignore entries that keep them out: ' +
        '**/.git, **/node_modules, **/__pycache__, **/tests, **/*.log, **/*.pyc, **/logs, **/test, **/*.swp, **/__tests__, **/.idea, **/.vscode, **/.env, **/.env.*, **/.DS_Store',
    );
  });

  it('reports context files a later RUN deleted (npm ci replacing node_modules, rm -rf .git) as still shipped, with hiddenBy', async () => {
    const steps = [
      base,
      buildkit('COPY . .', [sized('app/package.json', 100), sized('app/node_modules/left-pad/index.js', 2000), sized('app/.git/index', 900), sized('app/server.js', 300)]),
      run('npm ci && rm -rf .git', [whiteout('app/node_modules'), whiteout('app/.git'), sized('app/node_modules/left-pad/index.js', 2000)]),
    ];
    const f = await onlyFinding(dockerignore, steps);
    expect(f).toMatchObject({ bytes: 2900, layer: 1, hiddenBy: 2, pathCount: 2 });
    expect(f.paths).toEqual([
      { path: 'app/node_modules/left-pad/index.js', bytes: 2000 },
      { path: 'app/.git/index', bytes: 900 },
    ]);
    expect(f.message).toBe(
      'Build-context junk: 2 files, 2.90 kB added by layer 1, deleted by layer 2 but still shipped in layer 1; .dockerignore entries that keep them out: **/node_modules, **/.git',
    );
  });

  it('counts app folders under system trees (/usr/src, web roots) but not the system files beside them', async () => {
    const steps = [
      legacy('COPY dir:1a2b in /usr/src/app', [sized('usr/src/app/.git/config', 70), sized('usr/src/app/index.js', 10)]),
      buildkit('COPY dist/ /usr/share/nginx/html/', [sized('usr/share/nginx/html/.DS_Store', 8), sized('usr/share/doc/nginx/tests/t.txt', 9)]),
    ];
    const found = await findingsOf(dockerignore, steps);
    expect(found.map((f) => [f.layer, f.bytes, f.paths.map((p) => p.path)])).toEqual([
      [0, 70, ['usr/src/app/.git/config']],
      [1, 8, ['usr/share/nginx/html/.DS_Store']],
    ]);
  });

  it('does not fire on files a RUN made, system trees, installed packages, or node_modules from a build stage', async () => {
    const steps = [
      legacy('ADD file:9f8e in /', [
        sized('usr/lib/python3/dist-packages/debian/tests/test_changelog.py', 50),
        sized('usr/lib/python3.11/__pycache__/os.cpython-311.pyc', 50),
        sized('usr/local/lib/python3.12/site-packages/flask/__pycache__/app.cpython-312.pyc', 50),
        sized('var/log/dpkg.log', 50),
        sized('etc/.env', 50),
      ]),
      run('git clone https://example.com/app.git /app && python -m compileall /app && ./run-tests > /app/test.log', [
        sized('app/.git/HEAD', 50),
        sized('app/__pycache__/main.cpython-312.pyc', 50),
        sized('app/test.log', 50),
      ]),
      buildkit('COPY /opt/venv /opt/venv', [sized('opt/venv/lib/python3.12/site-packages/numpy/tests/test_x.py', 50), sized('opt/venv/lib/python3.12/site-packages/numpy/__pycache__/x.pyc', 50)]),
      buildkit('COPY /app/node_modules ./node_modules', [sized('srv/node_modules/express/index.js', 50)]),
      buildkit('COPY /build /srv/api', [sized('srv/api/package.json', 50), sized('srv/api/node_modules/express/index.js', 50)]),
      legacy('COPY dir:4c5d in /web/node_modules', [sized('web/node_modules/react/index.js', 50), sized('web/node_modules/react/package.json', 50)]),
      buildkit('COPY . /site', [
        sized('site/vendor/laravel/framework/tests/Test.php', 50),
        sized('site/.env.example', 50),
        sized('site/testing/x.php', 50),
        sized('site/latest/x.php', 50),
        sized('site/contest.py', 50),
        sized('site/logsearch.py', 50),
        sized('site/.gitignore', 50),
        file('site/logs/.gitkeep', ''),
      ]),
    ];
    expect(await findingsOf(dockerignore, steps)).toEqual([]);
  });
});
