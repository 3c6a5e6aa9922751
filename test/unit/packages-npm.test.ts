/** npm inventory: package roots in node_modules trees, bytes without nested node_modules, devDependencies build-only. */
import { run } from '../helpers/analyze-built';
import { Entry, file, hardlink, removeTemps, symlink, whiteout } from '../helpers/image-builder';
import { body, packagesOf, rows } from '../helpers/packages';
import { packageRoot } from '../../src/analyze/packages/npm';

afterAll(removeTemps);

/** A package directory: its package.json (whole, as npm leaves it) and files of the given sizes. */
function pkg(dir: string, manifest: Record<string, unknown>, files: Record<string, number>): { entries: Entry[]; bytes: number } {
  const json = JSON.stringify({ description: 'a package', license: 'MIT', ...manifest }, null, 2);
  const entries = [file(`${dir}/package.json`, json), ...Object.entries(files).map(([name, n]) => file(`${dir}/${name}`, body(n, name[0])))];
  return { entries, bytes: Buffer.byteLength(json) + Object.values(files).reduce((a, b) => a + b, 0) };
}

const NM = 'app/node_modules';
const npm = pkg('usr/local/lib/node_modules/npm', { name: 'npm', version: '10.2.4', dependencies: { semver: '^7' } }, { 'index.js': 1234 });
const express = pkg(`${NM}/express`, { name: 'express', version: '4.18.2', dependencies: { debug: '2.6.9', ms: '*' } }, { 'index.js': 3000, 'lib/router.js': 2000 });
const expressLib = file(`${NM}/express/lib/package.json`, '{"type":"commonjs"}');
const nestedDebug = pkg(`${NM}/express/node_modules/debug`, { name: 'debug', version: '2.6.9', dependencies: { ms: '2.0.0' } }, { 'index.js': 500 });
const debug = pkg(`${NM}/debug`, { name: 'debug', version: '4.3.4', dependencies: { ms: '2.1.2' } }, { 'index.js': 800 });
const ms = pkg(`${NM}/ms`, { name: 'ms', version: '2.1.3' }, { 'index.js': 100 });
const util = pkg(`${NM}/@scope/util`, { name: '@scope/util', version: '1.0.0', peerDependencies: { left: '*' } }, { 'index.js': 50 });
const leftPad = pkg(`${NM}/left`, { name: 'left', version: '1.3.0' }, { 'index.js': 70 });
const typescript = pkg(`${NM}/typescript`, { name: 'typescript', version: '5.4.5' }, { 'lib/typescript.js': 9000 });
const jestPkg = pkg(`${NM}/jest`, { name: 'jest', version: '29.7.0', dependencies: { debug: '^4', left: '*' } }, { 'index.js': 400 });
const app = file(
  'app/package.json',
  JSON.stringify({ name: 'myapp', version: '0.0.1', dependencies: { express: '^4', '@scope/util': '1' }, devDependencies: { typescript: '^5', jest: '^29', ms: '*' } }),
);

const layers = [
  run('#(nop) ADD file:node in /', npm.entries),
  run('#(nop) COPY file:pkg in /app/', [app]),
  run('npm ci', [
    ...express.entries,
    expressLib,
    ...nestedDebug.entries,
    ...debug.entries,
    ...ms.entries,
    hardlink(`${NM}/ms/index.cjs`, `${NM}/ms/index.js`),
    ...util.entries,
    ...leftPad.entries,
    ...typescript.entries,
    ...jestPkg.entries,
    symlink(`${NM}/.bin/tsc`, '../typescript/bin/tsc'),
    file(`${NM}/.package-lock.json`, body(300, 'l')),
  ]),
];

describe('npm inventory', () => {
  it('measures each package root without its nested node_modules and marks what only devDependencies reach', async () => {
    const { packages, finalBytes } = await packagesOf('npm', layers);
    expect(rows(packages)).toEqual([
      ['@scope/util', '1.0.0', util.bytes, 2, false],
      // express needs its own nested debug 2.6.9; the top-level 4.3.4 is there for jest alone.
      ['debug', '2.6.9', nestedDebug.bytes, 2, false],
      ['debug', '4.3.4', debug.bytes, 2, true],
      ['express', '4.18.2', express.bytes + Buffer.byteLength('{"type":"commonjs"}'), 2, false],
      ['jest', '29.7.0', jestPkg.bytes, 2, true],
      // a peer dependency of a runtime package is needed at run time, even if jest needs it too
      ['left', '1.3.0', leftPad.bytes, 2, false],
      // a devDependency that a runtime package also needs (through express's debug) stays
      ['ms', '2.1.3', ms.bytes, 2, false],
      // a global install has no application next to it: nothing is build-only
      ['npm', '10.2.4', npm.bytes, 0, false],
      ['typescript', '5.4.5', typescript.bytes, 2, true],
    ]);
    expect(packages.find((p) => p.name === '@scope/util')?.source).toBe(`${NM}/@scope/util/package.json`);
    expect(packages.reduce((n, p) => n + p.bytes, 0)).toBeLessThanOrEqual(finalBytes);
  });

  it('follows an upgrade, a file overwritten later and a package deleted', async () => {
    const ts55 = pkg(`${NM}/typescript`, { name: 'typescript', version: '5.5.2' }, { 'lib/typescript.js': 9500 });
    const { packages } = await packagesOf('npm', [
      ...layers,
      run('#(nop) COPY file:patched in /app/node_modules/express/index.js', [file(`${NM}/express/index.js`, body(3500, 'X'))]),
      run('npm install typescript@5.5.2', ts55.entries),
      run('rm -rf node_modules/jest', [whiteout(`${NM}/jest`)]),
    ]);
    expect(rows(packages).filter(([name]) => ['express', 'jest', 'typescript', 'debug'].includes(name))).toEqual([
      ['debug', '2.6.9', nestedDebug.bytes, 2, false],
      // jest is gone: nothing reaches debug 4.3.4 any more, and an orphan is not called build-only
      ['debug', '4.3.4', debug.bytes, 2, false],
      ['express', '4.18.2', express.bytes + 500 + Buffer.byteLength('{"type":"commonjs"}'), 2, false],
      ['typescript', '5.5.2', ts55.bytes, 4, true],
    ]);
  });

  it('counts a body hard-linked into two packages once', async () => {
    const a = pkg('srv/node_modules/a', { name: 'a', version: '1.0.0' }, { 'big.js': 1000 });
    const { packages } = await packagesOf('npm', [
      run('pnpm install', [...a.entries, file('srv/node_modules/b/package.json', '{"name":"b","version":"2.0.0"}'), hardlink('srv/node_modules/b/big.js', 'srv/node_modules/a/big.js')]),
    ]);
    expect(rows(packages)).toEqual([
      ['a', '1.0.0', a.bytes, 0, false],
      ['b', '2.0.0', Buffer.byteLength('{"name":"b","version":"2.0.0"}'), 0, false],
    ]);
  });
});

describe('packageRoot', () => {
  it.each([
    ['app/node_modules/x/package.json', 'app/node_modules/x'],
    ['node_modules/x/lib/a.js', 'node_modules/x'],
    ['app/node_modules/@s/x/package.json', 'app/node_modules/@s/x'],
    ['app/node_modules/x/node_modules/@s/y/a/b.js', 'app/node_modules/x/node_modules/@s/y'],
    ['app/node_modules/x/my_node_modules/y/a.js', 'app/node_modules/x'],
    ['app/node_modules/.bin/tsc', null],
    ['app/node_modules/.package-lock.json', null],
    ['app/node_modules/@s/package.json', null],
    ['app/src/index.js', null],
  ])('%s → %s', (path, root) => {
    expect(packageRoot(path)).toBe(root);
  });
});
