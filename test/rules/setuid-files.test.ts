import { setuidFiles } from '../../src/analyze/findings/rules/setuid-files';
import { run } from '../helpers/analyze-built';
import { file, hardlink, removeTemps, symlink, whiteout } from '../helpers/image-builder';
import { findingsOf } from '../helpers/rules';

afterAll(removeTemps);

const rootfs = run('ADD rootfs.tar /', [
  file('bin/su', 'su'.repeat(30), { mode: 0o4755 }),
  file('usr/bin/passwd', 'passwd', { mode: 0o4755 }),
  file('usr/bin/chage', 'chage', { mode: 0o2755 }),
  file('usr/bin/ls', 'ls', { mode: 0o755 }),
  file('usr/lib/dbus-1.0/dbus-daemon-launch-helper', 'dbus', { mode: 0o4754 }),
]);

describe('setuid-files', () => {
  it('lists the first layer\'s setuid and setgid files as low, largest first', async () => {
    const found = await findingsOf(setuidFiles, [rootfs]);
    expect(found).toEqual([
      expect.objectContaining({
        id: 'setuid-files',
        category: 'security',
        severity: 'low',
        bytes: 0,
        message: '4 setuid/setgid files from the first layer (0), the base root filesystem: 3 setuid (3 owned by root), 1 setgid',
        paths: [
          { path: 'bin/su', bytes: 60 },
          { path: 'usr/bin/passwd', bytes: 6 },
          { path: 'usr/bin/chage', bytes: 5 },
          { path: 'usr/lib/dbus-1.0/dbus-daemon-launch-helper', bytes: 4 },
        ],
        pathCount: 4,
        layer: 0,
        hiddenBy: null,
      }),
    ]);
  });

  it('rates files a later layer added or re-moded as medium, one finding per layer', async () => {
    const found = await findingsOf(setuidFiles, [
      { createdBy: '/bin/sh -c #(nop)  ENV A=1' },
      rootfs,
      run('apt-get install -y openssh-client', [file('usr/lib/openssh/ssh-keysign', 'keysign', { mode: 0o4755 })]),
      run('chmod g+s /usr/bin/ls && chmod u-s /bin/su', [file('usr/bin/ls', 'ls', { mode: 0o2755 }), file('bin/su', 'su'.repeat(30), { mode: 0o755 })]),
    ]);
    expect(found.map((f) => [f.severity, f.layer, f.message, f.paths.map((p) => p.path)])).toEqual([
      ['medium', 2, '1 setuid/setgid file from layer 2: 1 setuid (1 owned by root)', ['usr/lib/openssh/ssh-keysign']],
      ['medium', 3, '1 setuid/setgid file from layer 3: 1 setgid', ['usr/bin/ls']],
      ['low', 1, '3 setuid/setgid files from the first layer (1), the base root filesystem: 2 setuid (2 owned by root), 1 setgid', ['usr/bin/passwd', 'usr/bin/chage', 'usr/lib/dbus-1.0/dbus-daemon-launch-helper']],
    ]);
  });

  it('counts a file with both bits in each, and a hard link as a path with its body\'s bits', async () => {
    const found = await findingsOf(setuidFiles, [
      run('x', [file('usr/bin/both', 'b', { mode: 0o6755 }), hardlink('usr/bin/both-link', 'usr/bin/both'), symlink('usr/bin/alias', 'both')]),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe('2 setuid/setgid files from the first layer (0), the base root filesystem: 2 setuid (2 owned by root), 2 setgid');
    expect(found[0].paths).toEqual([
      { path: 'usr/bin/both', bytes: 1 },
      { path: 'usr/bin/both-link', bytes: 1 },
    ]);
  });

  it('ignores deleted files, directories with setgid, and plain files', async () => {
    expect(
      await findingsOf(setuidFiles, [
        run('a', [file('usr/bin/ls', 'ls'), { name: 'srv/shared', type: 'directory', mode: 0o2775 }]),
        run('b', [file('usr/local/bin/tool', 't', { mode: 0o4755 })]),
        run('c', [whiteout('usr/local/bin/tool')]),
      ]),
    ).toEqual([]);
  });
});
