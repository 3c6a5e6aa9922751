import { run } from '../helpers/analyze-built';
import { file, hardlink, removeTemps, whiteout } from '../helpers/image-builder';
import { body, dpkgList, dpkgStatus } from '../helpers/packages';
import { contextOf, findingsOf } from '../helpers/rules';
import { buildToolchain } from '../../src/analyze/findings/rules/build-toolchain';
import { runRules } from '../../src/analyze/findings/find';

afterAll(removeTemps);

const status = (...names: string[]) => dpkgStatus(...names.map((name) => ({ name, version: '1.0' })));
const list = (name: string, ...paths: string[]) => dpkgList(name, ...paths.map((p) => `/${p}`));

const base = run('#(nop) ADD file:debian in /', [
  status('libc6', 'gcc-12-base'),
  list('libc6', 'usr/lib/libc.so.6'),
  file('usr/lib/libc.so.6', body(2000, '6')),
  list('gcc-12-base', 'usr/share/doc/gcc-12-base/copyright'),
  file('usr/share/doc/gcc-12-base/copyright', body(10, 'c')),
]);
const toolchain = run('apt-get install -y build-essential', [
  status('libc6', 'gcc-12-base', 'gcc-12', 'libc6-dev', 'make', 'build-essential'),
  list('gcc-12', 'usr/bin/gcc-12', 'usr/bin/x86_64-linux-gnu-gcc-12'),
  file('usr/bin/gcc-12', body(7000, 'g')),
  hardlink('usr/bin/x86_64-linux-gnu-gcc-12', 'usr/bin/gcc-12'),
  list('libc6-dev', 'usr/include/stdio.h'),
  file('usr/include/stdio.h', body(300, 'h')),
  list('make', 'usr/bin/make'),
  file('usr/bin/make', body(1200, 'm')),
  list('build-essential', 'usr/share/doc/build-essential/list'),
  file('usr/share/doc/build-essential/list', body(20, 'l')),
]);
const SITE = 'usr/local/lib/python3.11/site-packages';
const wheelRecord = 'wheel/__init__.py,,\n';
const wheel = run('pip install wheel', [
  file(`${SITE}/wheel-0.42.0.dist-info/METADATA`, 'Name: wheel\nVersion: 0.42.0\n'),
  file(`${SITE}/wheel-0.42.0.dist-info/RECORD`, wheelRecord),
  file(`${SITE}/wheel/__init__.py`, body(700, 'w')),
]);
const tsJson = '{"name":"typescript","version":"5.4.5"}';
const npm = run('npm ci', [
  file('app/package.json', '{"name":"app","devDependencies":{"typescript":"^5"},"dependencies":{"ms":"*"}}'),
  file('app/node_modules/typescript/package.json', tsJson),
  file('app/node_modules/typescript/lib/tsc.js', body(2500, 't')),
  file('app/node_modules/ms/package.json', '{"name":"ms","version":"2.1.3"}'),
  file('app/node_modules/ms/index.js', body(100, 'i')),
]);

describe('build-toolchain', () => {
  it('sums every build-only package once, lists their files largest first, points at the layer that installed most', async () => {
    const [f, ...rest] = await findingsOf(buildToolchain, [base, toolchain, wheel, npm]);
    expect(rest).toEqual([]);
    const tsBytes = 2500 + tsJson.length;
    const dpkgBytes = 7000 + 300 + 1200 + 20;
    // wheel's RECORD lists only wheel/__init__.py; gcc-12's hard link is one body.
    expect(f).toMatchObject({ id: 'build-toolchain', category: 'waste', severity: 'medium', bytes: dpkgBytes + 700 + tsBytes, layer: 1, hiddenBy: null, pathCount: 7 });
    expect(f.paths).toEqual([
      { path: 'usr/bin/gcc-12', bytes: 7000 },
      { path: 'app/node_modules/typescript/lib/tsc.js', bytes: 2500 },
      { path: 'usr/bin/make', bytes: 1200 },
      { path: `${SITE}/wheel/__init__.py`, bytes: 700 },
      { path: 'usr/include/stdio.h', bytes: 300 },
      { path: 'app/node_modules/typescript/package.json', bytes: tsJson.length },
      { path: 'usr/share/doc/build-essential/list', bytes: 20 },
    ]);
    expect(f.message).toBe(
      '6 build-only packages, 11.8 kB in the final image: gcc-12 (dpkg) 7.00 kB, typescript (npm) 2.54 kB, ' +
        'make (dpkg) 1.20 kB, wheel (pip) 700 B, libc6-dev (dpkg) 300 B and 1 more',
    );
    expect(f.fix).toMatch(/multi-stage build/);
  });

  it('counts the visible bodies as junk, so they are waste once', async () => {
    const ctx = await contextOf([base, toolchain]);
    const { junk } = runRules(ctx, [buildToolchain]);
    expect([...junk].map((i) => ctx.filesystem.path(i)).sort()).toEqual(['usr/bin/gcc-12', 'usr/bin/make', 'usr/include/stdio.h', 'usr/share/doc/build-essential/list']);
  });

  it('does not fire for runtime packages alone, nor for a toolchain purged in a later layer', async () => {
    expect(await findingsOf(buildToolchain, [base])).toEqual([]);
    const purge = run('apt-get purge -y build-essential gcc-12 libc6-dev make', [
      status('libc6', 'gcc-12-base'),
      ...['gcc-12', 'libc6-dev', 'make', 'build-essential'].map((n) => whiteout(`var/lib/dpkg/info/${n}.list`)),
      whiteout('usr/bin/gcc-12'),
      whiteout('usr/bin/x86_64-linux-gnu-gcc-12'),
      whiteout('usr/include'),
      whiteout('usr/bin/make'),
      whiteout('usr/share/doc/build-essential'),
    ]);
    expect(await findingsOf(buildToolchain, [base, toolchain, purge])).toEqual([]);
  });
});
