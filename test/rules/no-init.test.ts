import { noInit } from '../../src/analyze/findings/rules/no-init';
import { run } from '../helpers/analyze-built';
import { file, removeTemps } from '../helpers/image-builder';
import { findingsOf } from '../helpers/rules';

afterAll(removeTemps);

const steps = [run('x', [file('app/x', '1')])];
const pid1 = async (config: Record<string, unknown>) => (await findingsOf(noInit, steps, { config })).map((f) => f.message);
const tail = 'not an init: unless it handles them itself, it ignores SIGTERM and leaves orphaned processes as zombies';

describe('no-init', () => {
  it.each([
    [{ Cmd: ['python', 'app.py'] }, '`python` (CMD)'],
    [{ Entrypoint: ['/usr/local/bin/docker-entrypoint.sh'], Cmd: ['node', 'server.js'] }, '`/usr/local/bin/docker-entrypoint.sh` (ENTRYPOINT)'],
    [{ Entrypoint: ['/usr/bin/env', 'NODE_ENV=production', 'node', 'server.js'] }, '`node` (ENTRYPOINT)'],
    [{ Cmd: ['/bin/sh', '-c', 'python app.py'] }, '`/bin/sh` (CMD in shell form, running `python`)'],
    [{ Entrypoint: ['/bin/sh', '-c', 'cd /app && exec gunicorn app:app'] }, '`/bin/sh` (ENTRYPOINT in shell form, running `cd`)'],
    [{ Cmd: ['/usr/sbin/tinyproxy', '-d'] }, '`/usr/sbin/tinyproxy` (CMD)'],
    [{ Cmd: ['initdb'] }, '`initdb` (CMD)'],
  ])('fires for %j', async (config, what) => {
    const found = await findingsOf(noInit, steps, { config });
    expect(found).toEqual([
      expect.objectContaining({ id: 'no-init', category: 'practice', severity: 'low', bytes: 0, paths: [], layer: null, hiddenBy: null, message: `PID 1 is ${what}, ${tail}` }),
    ]);
  });

  it.each([
    { Entrypoint: ['/usr/bin/tini', '--'], Cmd: ['python', 'app.py'] },
    { Entrypoint: ['tini', '-g', '--', 'node', 'server.js'] },
    { Entrypoint: ['/tini-static-amd64', '--'] },
    { Entrypoint: ['/usr/bin/dumb-init', '--'], Cmd: ['node'] },
    { Entrypoint: ['/sbin/docker-init', '--', 'app'] },
    { Entrypoint: ['/init'] },
    { Entrypoint: ['/command/s6-svscan', '/run/service'] },
    { Entrypoint: ['catatonit', '--', 'app'] },
    { Cmd: ['/sbin/init'] },
    { Cmd: ['/lib/systemd/systemd'] },
    { Entrypoint: ['env', 'A=1', 'tini', '--'] },
    { Cmd: ['/bin/sh', '-c', 'exec tini -- python app.py'] },
    { Cmd: ['/bin/bash', '-ec', 'FOO=1 exec /usr/bin/dumb-init node server.js'] },
    {},
    { Entrypoint: [], Cmd: [] },
  ])('does not fire for %j', async (config) => {
    expect(await pid1(config)).toEqual([]);
  });

  it('takes PID 1 from ENTRYPOINT, CMD being only its arguments', async () => {
    expect(await pid1({ Entrypoint: ['node'], Cmd: ['tini'] })).toEqual([`PID 1 is \`node\` (ENTRYPOINT), ${tail}`]);
  });
});
