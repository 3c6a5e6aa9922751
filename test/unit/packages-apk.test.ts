/** apk inventory: /lib/apk/db/installed, bytes and layers from the files in the final tree. */
import { run } from '../helpers/analyze-built';
import { file, hardlink, removeTemps, symlink, whiteout } from '../helpers/image-builder';
import { body, packagesOf, rows } from '../helpers/packages';

afterAll(removeTemps);

interface Rec {
  name: string;
  version: string;
  /** folder → file names in it */
  files: Record<string, string[]>;
}

/** A database as apk writes it, with the fields the inventory skips (checksums, owners, sizes). */
function installed(...recs: Rec[]): string {
  return recs
    .map((r) => {
      const lines = [`C:Q1${r.name}AAAAAAAAAAAAAAAAAAAAAAA=`, `P:${r.name}`, `V:${r.version}`, 'A:x86_64', 'S:1000', 'I:4096', `T:the ${r.name} package`, 'o:x'];
      for (const [folder, names] of Object.entries(r.files)) {
        lines.push(`F:${folder}`, 'M:0:0:755');
        for (const n of names) lines.push(`R:${n}`, 'a:0:0:755', 'Z:Q1abcdefabcdefabcdefabcdefabcd=');
      }
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

const musl: Rec = { name: 'musl', version: '1.2.4-r2', files: { lib: ['ld-musl-x86_64.so.1', 'libc.musl-x86_64.so.1'] } };
const busybox = (version: string): Rec => ({ name: 'busybox', version, files: { bin: ['busybox', 'sh'], 'etc/busybox-paths.d': ['busybox'] } });
const data: Rec = { name: 'alpine-baselayout-data', version: '3.4.3-r1', files: { etc: ['fstab'] } };
const gcc: Rec = { name: 'gcc', version: '13.2.1_git20231014-r0', files: { 'usr/bin': ['gcc', 'cc', 'x86_64-alpine-linux-musl-gcc'] } };
const muslDev: Rec = { name: 'musl-dev', version: '1.2.4-r2', files: { 'usr/include': ['stdio.h'], 'usr/lib': ['libc.a'] } };
const DB = 'lib/apk/db/installed';

const layers = [
  run('#(nop) ADD file:alpine in /', [
    file(DB, installed(musl, busybox('1.36.1-r5'), data)),
    file('lib/ld-musl-x86_64.so.1', body(600, 'm')),
    symlink('lib/libc.musl-x86_64.so.1', 'ld-musl-x86_64.so.1'),
    file('bin/busybox', body(800, 'b')),
    symlink('bin/sh', '/bin/busybox'),
    file('etc/busybox-paths.d/busybox', body(40, 'p')),
    file('etc/fstab', body(20, 'f')),
  ]),
  run('apk add gcc musl-dev', [
    file(DB, installed(musl, busybox('1.36.1-r5'), data, gcc, muslDev)),
    file('usr/bin/gcc', body(9000, 'g')),
    hardlink('usr/bin/cc', 'usr/bin/gcc'),
    hardlink('usr/bin/x86_64-alpine-linux-musl-gcc', 'usr/bin/gcc'),
    file('usr/include/stdio.h', body(250, 'h')),
    file('usr/lib/libc.a', body(700, 'a')),
  ]),
  run('apk upgrade busybox', [file(DB, installed(musl, busybox('1.36.1-r6'), data, gcc, muslDev)), file('bin/busybox', body(850, 'B'))]),
];

describe('apk inventory', () => {
  it('lists every record with the bytes of its files, hard links once, at the layer that stored most of them', async () => {
    const { packages, finalBytes } = await packagesOf('apk', layers);
    // busybox was upgraded in layer 2: its 850-byte binary outweighs the 40 bytes left from layer 0.
    expect(rows(packages)).toEqual([
      ['alpine-baselayout-data', '3.4.3-r1', 20, 0, false],
      ['busybox', '1.36.1-r6', 890, 2, false],
      ['gcc', '13.2.1_git20231014-r0', 9000, 1, true],
      ['musl', '1.2.4-r2', 600, 0, false],
      ['musl-dev', '1.2.4-r2', 950, 1, true],
    ]);
    expect(packages.every((p) => p.source === DB)).toBe(true);
    expect(packages.reduce((n, p) => n + p.bytes, 0)).toBeLessThanOrEqual(finalBytes);
  });

  it('measures a file a later layer overwrote, and drops a package deleted with its files', async () => {
    const { packages } = await packagesOf('apk', [
      ...layers,
      run('#(nop) COPY file:fstab in /etc/fstab', [file('etc/fstab', body(35, 'F'))]),
      run('apk del musl-dev', [file(DB, installed(musl, busybox('1.36.1-r6'), data, gcc)), whiteout('usr/include'), whiteout('usr/lib/libc.a')]),
    ]);
    expect(rows(packages)).toEqual([
      ['alpine-baselayout-data', '3.4.3-r1', 35, 3, false],
      ['busybox', '1.36.1-r6', 890, 2, false],
      ['gcc', '13.2.1_git20231014-r0', 9000, 1, true],
      ['musl', '1.2.4-r2', 600, 0, false],
    ]);
  });

  it('gives a package without bytes the layer of the database, and reads nothing without one', async () => {
    const meta: Rec = { name: 'alpine-base', version: '3.19.1-r0', files: {} };
    const { packages } = await packagesOf('apk', [run('base', [file('etc/motd', 'hi')]), run('apk add alpine-base', [file(DB, installed(meta))])]);
    expect(rows(packages)).toEqual([['alpine-base', '3.19.1-r0', 0, 1, false]]);
    expect((await packagesOf('apk', [run('x', [file('lib/apk/db/other', 'P:x\n')])])).packages).toEqual([]);
  });
});
