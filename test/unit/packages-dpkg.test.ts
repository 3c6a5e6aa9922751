/** dpkg inventory: /var/lib/dpkg/status (and distroless' status.d) with bytes from info/*.list in the final tree. */
import { run } from '../helpers/analyze-built';
import { file, hardlink, removeTemps, symlink, whiteout } from '../helpers/image-builder';
import { body, dpkgList as info, dpkgStatus, packagesOf, rows } from '../helpers/packages';

afterAll(removeTemps);

const foo10 = { name: 'foo', version: '1.0' };
const bar = { name: 'bar', version: '2:2.0-1' };
const old = { name: 'old', version: '0.1', status: 'deinstall ok config-files' };

const base = run('debootstrap', [
  dpkgStatus(foo10, bar, old),
  info('foo', '/.', '/usr', '/usr/bin', '/usr/bin/foo', '/usr/bin/foo-alias', '/usr/share/doc/foo/copyright'),
  file('usr/bin/foo', body(1000, 'f')),
  hardlink('usr/bin/foo-alias', 'usr/bin/foo'),
  file('usr/share/doc/foo/copyright', body(200, 'c')),
  info('bar:amd64', '/usr/lib', '/usr/lib/bar.so', '/usr/lib/bar.so.1'),
  file('usr/lib/bar.so', body(3000, 'b')),
  symlink('usr/lib/bar.so.1', 'bar.so'),
  info('old', '/etc/old.conf'),
  file('etc/old.conf', body(50, 'o')),
]);

describe('dpkg inventory', () => {
  it('lists installed stanzas with the bytes of their listed regular files, hard links once', async () => {
    const { packages, finalBytes } = await packagesOf('dpkg', [base]);
    expect(rows(packages)).toEqual([
      ['bar', '2:2.0-1', 3000, 0, false],
      ['foo', '1.0', 1200, 0, false],
    ]);
    expect(packages.map((p) => p.source)).toEqual(['var/lib/dpkg/status', 'var/lib/dpkg/status']);
    expect(packages.reduce((n, p) => n + p.bytes, 0)).toBeLessThanOrEqual(finalBytes);
  });

  it('follows an upgrade in a later layer and measures files a later layer overwrote', async () => {
    const upgrade = run('apt-get install --only-upgrade foo', [
      dpkgStatus({ name: 'foo', version: '1.1' }, bar, old),
      info('foo', '/usr/bin/foo', '/usr/bin/foo-alias', '/usr/share/doc/foo/changelog.gz'),
      file('usr/bin/foo', body(1500, 'g')),
      hardlink('usr/bin/foo-alias', 'usr/bin/foo'),
      file('usr/share/doc/foo/changelog.gz', body(100, 'l')),
    ]);
    const copy = run('#(nop) COPY file:abc in /usr/lib/bar.so', [file('usr/lib/bar.so', body(5000, 'B'))]);
    const { packages } = await packagesOf('dpkg', [base, upgrade, copy]);
    // foo's copyright is still in the tree but no longer in its list; bar keeps the layer of its list.
    expect(rows(packages)).toEqual([
      ['bar', '2:2.0-1', 5000, 0, false],
      ['foo', '1.1', 1600, 1, false],
    ]);
  });

  it('drops a package purged in a later layer (status rewritten, list deleted by a whiteout)', async () => {
    const purge = run('apt-get purge -y bar', [
      dpkgStatus(foo10, old),
      whiteout('var/lib/dpkg/info/bar:amd64.list'),
      whiteout('usr/lib/bar.so'),
      whiteout('usr/lib/bar.so.1'),
    ]);
    const { packages } = await packagesOf('dpkg', [base, purge]);
    expect(rows(packages)).toEqual([['foo', '1.0', 1200, 0, false]]);
  });

  it('counts a package whose list is gone as 0 bytes, at the layer of the status file', async () => {
    const slim = run('rm -rf /var/lib/dpkg/info', [whiteout('var/lib/dpkg/info')]);
    const { packages } = await packagesOf('dpkg', [base, slim]);
    expect(rows(packages)).toEqual([
      ['bar', '2:2.0-1', 0, 0, false],
      ['foo', '1.0', 0, 0, false],
    ]);
  });

  it('finds files through /bin → usr/bin, tells multiarch copies apart, gives a shared file to the later list, marks toolchains', async () => {
    const installed = [
      { name: 'bash', version: '5.2.15-2+b2' },
      { name: 'libc6', version: '2.36-9' },
      { name: 'libc6', version: '2.36-9', arch: 'i386' },
      { name: 'gcc-12-base', version: '12.2.0-14' },
      { name: 'gcc-12', version: '12.2.0-14' },
      { name: 'libc6-dev', version: '2.36-9' },
      { name: 'held', version: '1', status: 'hold ok installed' },
    ];
    const layer0 = run('debootstrap', [
      symlink('bin', 'usr/bin'),
      dpkgStatus(...installed),
      info('bash', '/bin', '/bin/bash', '/bin/rbash'),
      file('usr/bin/bash', body(4000, 'a')),
      symlink('usr/bin/rbash', 'bash'),
      info('libc6:amd64', '/usr/lib/x86_64-linux-gnu/libc.so.6'),
      file('usr/lib/x86_64-linux-gnu/libc.so.6', body(2000, '6')),
      info('libc6:i386', '/usr/lib/i386-linux-gnu/libc.so.6'),
      file('usr/lib/i386-linux-gnu/libc.so.6', body(1800, '3')),
      info('gcc-12-base:amd64', '/usr/share/doc/gcc-12-base/copyright'),
      file('usr/share/doc/gcc-12-base/copyright', body(10, 'g')),
      info('gcc-12', '/usr/bin/gcc-12', '/usr/share/doc/shared.txt'),
      file('usr/bin/gcc-12', body(7000, 'c')),
      file('usr/share/doc/shared.txt', body(60, 's')),
      info('libc6-dev:amd64', '/usr/include/stdio.h'),
      file('usr/include/stdio.h', body(300, 'h')),
      info('held', '/usr/bin/held'),
      file('usr/bin/held', body(5, 'd')),
    ]);
    const layer1 = run('apt-get install -y qux', [
      dpkgStatus(...installed, { name: 'qux', version: '1.0' }),
      info('qux', '/usr/bin/qux', '/usr/share/doc/shared.txt'),
      file('usr/bin/qux', body(400, 'q')),
    ]);
    const { packages, finalBytes } = await packagesOf('dpkg', [layer0, layer1]);
    expect(rows(packages)).toEqual([
      ['bash', '5.2.15-2+b2', 4000, 0, false],
      ['gcc-12', '12.2.0-14', 7000, 0, true],
      ['gcc-12-base', '12.2.0-14', 10, 0, false],
      ['held', '1', 5, 0, false],
      ['libc6-dev', '2.36-9', 300, 0, true],
      ['libc6:amd64', '2.36-9', 2000, 0, false],
      ['libc6:i386', '2.36-9', 1800, 0, false],
      ['qux', '1.0', 460, 1, false],
    ]);
    expect(packages.reduce((n, p) => n + p.bytes, 0)).toBeLessThanOrEqual(finalBytes);
  });

  it("reads distroless' status.d stanzas with their md5sums", async () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const { packages } = await packagesOf('dpkg', [
      run('#(nop) ADD file:distroless in /', [
        file('var/lib/dpkg/status.d/base-files', 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n'),
        file('var/lib/dpkg/status.d/libssl3', 'Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nMulti-Arch: same\n'),
        file('var/lib/dpkg/status.d/libssl3.md5sums', `${md5}  usr/lib/x86_64-linux-gnu/libssl.so.3\n${md5}  usr/share/doc/libssl3/copyright\n`),
        file('usr/lib/x86_64-linux-gnu/libssl.so.3', body(6000, 's')),
        file('usr/share/doc/libssl3/copyright', body(30, 'c')),
      ]),
      run('#(nop) COPY file:tzdata in /', [file('var/lib/dpkg/status.d/tzdata', 'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n')]),
    ]);
    expect(rows(packages)).toEqual([
      ['base-files', '12.4+deb12u5', 0, 0, false],
      ['libssl3', '3.0.11-1~deb12u2', 6030, 0, false],
      ['tzdata', '2024a-0+deb12u1', 0, 1, false],
    ]);
    expect(packages.map((p) => p.source)).toEqual(['var/lib/dpkg/status.d/base-files', 'var/lib/dpkg/status.d/libssl3', 'var/lib/dpkg/status.d/tzdata']);
  });
});
