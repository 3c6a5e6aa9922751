import { run } from '../helpers/analyze-built';
import { file, removeTemps } from '../helpers/image-builder';
import { findingsOf } from '../helpers/rules';

afterAll(removeTemps);

const passwd = file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\napp:x:10001:10001::/home/app:/bin/sh\n');
const base = [run('adduser', [passwd])];
const user = (User: string) => findingsOf('root-user', base, { config: { User } });

describe('root-user', () => {
  it.each([
    ['', 'no USER is set, so it runs as root'],
    ['root', 'USER root is root'],
    ['0', 'USER 0 is uid 0'],
    ['0:0', 'USER 0:0 is uid 0'],
    ['root:app', 'USER root:app is root'],
    ['toor', 'USER toor maps to uid 0 in /etc/passwd'],
  ])('fires for USER %p', async (spec, why) => {
    const found = await user(spec);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ category: 'security', severity: 'high', bytes: 0, message: `The container runs as root: ${why}` });
  });

  it.each(['app', '10001', '10001:10001', 'app:0', 'nobody-unknown'])('does not fire for USER %p', async (spec) => {
    expect(await user(spec)).toEqual([]);
  });

  it('reads the final /etc/passwd: a later layer that gives a name uid 0 makes it root, the first line of a name wins', async () => {
    const rewrite = run('usermod', [file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\napp:x:0:0::/home/app:/bin/sh\napp:x:10001:10001::/home/app:/bin/sh\n')]);
    const found = await findingsOf('root-user', [...base, rewrite], { config: { User: 'app' } });
    expect(found.map((f) => f.message)).toEqual(['The container runs as root: USER app maps to uid 0 in /etc/passwd']);
    const restored = run('restore', [passwd]);
    expect(await findingsOf('root-user', [...base, rewrite, restored], { config: { User: 'app' } })).toEqual([]);
  });
});
