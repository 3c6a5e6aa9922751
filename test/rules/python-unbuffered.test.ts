import { pythonUnbuffered } from '../../src/analyze/findings/rules/python-unbuffered';
import { run } from '../helpers/analyze-built';
import { Entry, file, removeTemps, symlink } from '../helpers/image-builder';
import { findingsOf } from '../helpers/rules';

afterAll(removeTemps);

/** What python:3.12-slim puts in place, with some of the standard library. */
const python = run('install python', [
  file('usr/local/bin/python3.12', 'ELF'.repeat(100), { mode: 0o755 }),
  symlink('usr/local/bin/python3', 'python3.12'),
  symlink('usr/local/bin/python', 'python3'),
  file('usr/local/bin/python3.12-config', '#!/bin/sh\n'),
  file('usr/local/lib/python3.12/os.py', 'os'.repeat(50)),
  file('usr/local/lib/python3.12/site-packages/pip/__init__.py', 'pip'),
]);
/** Debian's python3 pulled in as a dependency of some tool. */
const systemPython = run('apt-get install -y python3', [
  file('usr/bin/python3.11', 'ELF'.repeat(100), { mode: 0o755 }),
  symlink('usr/bin/python3', 'python3.11'),
  file('usr/lib/python3.11/os.py', 'os'),
  file('usr/lib/python3/dist-packages/apt/__init__.py', 'apt'),
  file('usr/share/doc/tool/example.py', 'x'),
  file('etc/tool/hook.py', 'x'),
]);
const app = (...entries: Entry[]) => run('COPY . /app', entries);
const check = (steps: ReturnType<typeof run>[], config: Record<string, unknown>) => findingsOf(pythonUnbuffered, steps, { config });
const tail = 'without PYTHONUNBUFFERED: its output is block-buffered';

describe('python-unbuffered', () => {
  it.each([
    [{ Cmd: ['python', 'app.py'] }, 'its CMD runs `python`'],
    [{ Cmd: ['/usr/local/bin/python3', '-m', 'myapp'] }, 'its CMD runs `python3`'],
    [{ Entrypoint: ['gunicorn', '-b', '0.0.0.0:8000', 'app:app'] }, 'its ENTRYPOINT runs `gunicorn`'],
    [{ Cmd: ['/bin/sh', '-c', 'alembic upgrade head && uvicorn main:app'] }, 'its CMD runs `uvicorn`'],
    [{ Entrypoint: ['./manage.py'], Cmd: ['runserver'] }, 'its ENTRYPOINT runs `manage.py`'],
    [{ Cmd: ['python', '-X', 'utf8', 'app.py'] }, 'its CMD runs `python`'],
    [{ Cmd: ['python', '-Wignore::UserWarning', 'app.py'] }, 'its CMD runs `python`'],
    [{ Cmd: ['python', '-m', 'app', '-u'] }, 'its CMD runs `python`'],
  ])('fires when the interpreter is there and %j', async (config, why) => {
    const found = await check([python], { Env: ['PATH=/usr/local/bin:/usr/bin', 'PYTHONUNBUFFERED='], ...config });
    expect(found).toEqual([
      expect.objectContaining({
        id: 'python-unbuffered',
        category: 'practice',
        severity: 'low',
        bytes: 0,
        paths: [],
        layer: null,
        hiddenBy: null,
        message: `A Python app (/usr/local/bin/python is in the image and ${why}) ${tail}`,
      }),
    ]);
  });

  it('fires for app .py files outside the system directories, listing them largest first', async () => {
    const found = await check([python, app(file('app/main.py', 'm'.repeat(40)), file('app/pkg/util.py', 'u'.repeat(10)), file('app/README.md', 'r'))], {
      Entrypoint: ['/app/entrypoint.sh'],
    });
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe(`A Python app (/usr/local/bin/python is in the image and 2 .py files outside the system directories, such as /app/main.py) ${tail}`);
    expect(found[0].paths).toEqual([
      { path: 'app/main.py', bytes: 40 },
      { path: 'app/pkg/util.py', bytes: 10 },
    ]);
  });

  it('counts .py files under WORKDIR even inside /usr', async () => {
    const steps = [systemPython, run('COPY . .', [file('usr/src/app/server.py', 's')])];
    expect(await check(steps, { Cmd: ['./start'] })).toEqual([]);
    const found = await check(steps, { WorkingDir: '/usr/src/app', Cmd: ['./start'] });
    expect(found.map((f) => f.message)).toEqual([
      `A Python app (/usr/bin/python3 is in the image and 1 .py file outside the system directories, such as /usr/src/app/server.py) ${tail}`,
    ]);
  });

  it.each([
    ['PYTHONUNBUFFERED=1', { Env: ['PYTHONUNBUFFERED=1'], Cmd: ['python', 'app.py'] }],
    ['PYTHONUNBUFFERED=0 (any non-empty value counts)', { Env: ['PYTHONUNBUFFERED=0'], Cmd: ['python', 'app.py'] }],
    ['the later of two Env entries', { Env: ['PYTHONUNBUFFERED=', 'PYTHONUNBUFFERED=true'], Cmd: ['python', 'app.py'] }],
    ['python -u', { Cmd: ['python', '-u', 'app.py'] }],
    ['python -Bu', { Cmd: ['python3', '-Bu', 'app.py'] }],
    ['python -X dev -u', { Cmd: ['python3', '-X', 'dev', '-u', 'app.py'] }],
    ['a shell form setting it', { Cmd: ['/bin/sh', '-c', 'PYTHONUNBUFFERED=1 exec python app.py'] }],
  ])('does not fire with %s', async (_, config) => {
    expect(await check([python, app(file('app/app.py', 'a'))], config)).toEqual([]);
  });

  it('does not fire where python is only a system dependency', async () => {
    // A Debian image with python3 for a tool, running nginx.
    expect(await check([systemPython, run('apt-get install -y nginx', [file('usr/sbin/nginx', 'n')])], { Cmd: ['nginx', '-g', 'daemon off;'] })).toEqual([]);
    // A Node image: node-gyp's Python files in node_modules, caches in hidden directories, python3 to build addons.
    const node = run('npm ci', [
      file('app/server.js', 's'),
      file('app/node_modules/node-gyp/gyp/gyp_main.py', 'g'),
      file('usr/local/lib/node_modules/npm/node_modules/node-gyp/gyp/pylib/gyp/input.py', 'i'),
      file('root/.cache/node-gyp/20.0.0/include/x.py', 'x'),
    ]);
    expect(await check([systemPython, node], { WorkingDir: '/app', Cmd: ['node', 'server.js'] })).toEqual([]);
    // A Python installed under its own prefix: its standard library is not the app.
    expect(await check([run('x', [file('opt/python/bin/python3', 'p'), file('opt/python/lib/python3.12/os.py', 'o')])], { Cmd: ['/opt/tool'] })).toEqual([]);
  });

  it('does not fire without an interpreter, however Python-like the image', async () => {
    expect(await check([app(file('app/main.py', 'm'), file('usr/bin/python3-config', 'x'))], { Cmd: ['python', 'main.py'] })).toEqual([]);
  });

  it('finds interpreters in any bin directory: conda, virtual environments', async () => {
    const conda = run('conda', [file('opt/conda/bin/python3.11', 'p'), file('opt/conda/lib/python3.11/os.py', 'o'), file('opt/conda/pkgs/x/info/test/run_test.py', 't')]);
    expect(await check([conda], { Cmd: ['/bin/bash'] })).toEqual([]);
    expect((await check([conda], { Cmd: ['python', '-m', 'app'] })).map((f) => f.message)).toEqual([
      `A Python app (/opt/conda/bin/python3.11 is in the image and its CMD runs \`python\`) ${tail}`,
    ]);
    const venv = run('python -m venv', [symlink('opt/venv/bin/python', '/usr/bin/python3'), file('opt/venv/pyvenv.cfg', 'home = /usr/bin\n')]);
    expect((await check([venv], { Cmd: ['/opt/venv/bin/python', 'serve.py'] })).map((f) => f.message)).toEqual([
      `A Python app (/opt/venv/bin/python is in the image and its CMD runs \`python\`) ${tail}`,
    ]);
  });
});
