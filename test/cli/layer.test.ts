/**
 * `imgdiet analyze REF --layer N` on the built binary, with an in-memory image (LAYER_STEPS): the change tree line
 * for line, `--json` with every changed path, a Dockerfile line naming the layer, and bad choices (exit 2, one line
 * with the valid range).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LayerChangesReport } from '../../src/model';
import { expectOneLineError, runCli } from '../helpers/cli';
import { file, removeTemps, tempDir } from '../helpers/image-builder';
import { LAYER_STEPS, LAYERS_DOCKERFILE, writeArchive } from '../html/fixture';

let archive: string;
let dockerfile: string;

beforeAll(async () => {
  archive = await writeArchive(LAYER_STEPS, {}, 'layers:1');
  dockerfile = path.join(tempDir(), 'Dockerfile');
  fs.writeFileSync(dockerfile, LAYERS_DOCKERFILE);
});
afterAll(removeTemps);

async function ok(args: string[]): Promise<string> {
  const r = await runCli(['analyze', archive, ...args]);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return r.stdout;
}

const LEGEND = 'A added · M modified · D removed · * mixed; directories: the file bytes changed below';

test('prints the layer change tree: totals, directories with their bytes, A/M/D marks, links apart', async () => {
  expect((await ok(['--layer', '1'])).split('\n')).toEqual([
    'Layer #1: RUN update && add app',
    'added 2 files, 2.05 kB · modified 1 file, 4.00 kB · removed 4 files, 2.82 kB',
    '1 directory, 1 symlink, 1 hard link written',
    '',
    '*   8.87 kB  /',
    'M   4.00 kB    usr/',
    'M   4.00 kB      lib/',
    'M   4.00 kB        libx.so',
    '*   2.05 kB    srv/',
    'D   2.00 kB      data/',
    'D   1.10 kB        a.bin',
    'D     900 B        b.bin',
    'A      50 B      data',
    'A   2.00 kB    app/',
    'A   2.00 kB      main.js',
    'A                main-link.js (hard link)',
    'D     700 B    old/',
    'D     700 B      gone.txt',
    '*     120 B    etc/',
    'D     120 B      conf',
    'A                conf (symlink)',
    '',
    LEGEND,
    '',
  ]);
});

test('a single directory chain is one row; --top folds smaller entries into "N more"', async () => {
  expect((await ok(['--layer', '2'])).split('\n').slice(4, 6)).toEqual(['D   5.00 kB  /usr/bin/', 'D   5.00 kB    tool']);
  const lines = (await ok(['--layer', '1', '--top', '2'])).split('\n');
  expect(lines.slice(4, 9)).toEqual(['*   8.87 kB  /', 'M   4.00 kB    usr/', 'M   4.00 kB      lib/', 'M   4.00 kB        libx.so', '               … 4 more, 4.87 kB']);
});

test('--json: the layer, its counts and every changed path, sorted by path', async () => {
  const r = JSON.parse(await ok(['--layer', '1', '--json'])) as LayerChangesReport;
  expect(r.layer).toBe(1);
  expect(r.instruction).toBe('RUN update && add app');
  expect(r.changes).toMatchObject({ added: { files: 2, bytes: 2_050 }, modified: { files: 1, bytes: 4_000 }, removed: { files: 4, bytes: 2_820 }, hardlinks: 1, symlinks: 1, directories: 1 });
  expect(r.paths).toEqual([
    { path: 'app', type: 'dir', change: 'added', bytes: 0 },
    { path: 'app/main-link.js', type: 'hardlink', change: 'added', bytes: 0 },
    { path: 'app/main.js', type: 'file', change: 'added', bytes: 2_000 },
    { path: 'etc/conf', type: 'file', change: 'removed', bytes: 120 },
    { path: 'etc/conf', type: 'symlink', change: 'added', bytes: 0 },
    { path: 'old/gone.txt', type: 'file', change: 'removed', bytes: 700 },
    { path: 'srv/data', type: 'file', change: 'added', bytes: 50 },
    { path: 'srv/data/a.bin', type: 'file', change: 'removed', bytes: 1_100 },
    { path: 'srv/data/b.bin', type: 'file', change: 'removed', bytes: 900 },
    { path: 'usr/lib/libx.so', type: 'file', change: 'modified', bytes: 4_000 },
  ]);
});

test('with --dockerfile, line:L names the layer whose instruction covers line L', async () => {
  const out = await ok(['--dockerfile', dockerfile, '--layer', 'line:4']);
  expect(out.split('\n').slice(0, 2)).toEqual(['Layer #1: RUN update && add app', 'Dockerfile line 3: RUN update && add app']);
  expect(await ok(['--dockerfile', dockerfile, '--layer', 'line:3'])).toBe(out);
});

test('no line is wider than 100 columns, however deep or long the paths', async () => {
  const deep = `${Array.from({ length: 60 }, (_, i) => `level-${i}-${'x'.repeat(i)}`).join('/')}/file.bin`;
  const wide = await writeArchive([{ createdBy: '/bin/sh -c deep', entries: [file(deep, 'x'.repeat(3000)), file(`srv/${'n'.repeat(300)}`, 'y')] }], {}, 'deep:1');
  const r = await runCli(['analyze', wide, '--layer', '0']);
  expect(r.code).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines.length).toBeGreaterThan(40);
  expect(lines.filter((l) => [...l].length > 100)).toEqual([]);
});

test('a bad layer: one line, exit 2, with the valid range', async () => {
  expect(expectOneLineError(await runCli(['analyze', archive, '--layer', '3']))).toBe('imgdiet: --layer 3: no such layer; this image has layers 0–2');
  expect(expectOneLineError(await runCli(['analyze', archive, '--layer', '-1']))).toMatch(/^imgdiet: --layer "-1": give a layer index/);
  expect(expectOneLineError(await runCli(['analyze', archive, '--layer', 'line:2']))).toBe(
    'imgdiet: --layer line:2: no Dockerfile is joined to this image; give --dockerfile FILE, or a layer index 0–2',
  );
  expect(expectOneLineError(await runCli(['analyze', archive, '--dockerfile', dockerfile, '--layer', 'line:1']))).toBe(
    `imgdiet: --layer line:1: no layer's instruction covers line 1 of ${dockerfile}; lines that made layers: 2, 3–5, 6`,
  );
  // An image with no layers and no history has no index to give.
  const empty = await writeArchive([], {}, 'empty:1');
  expect(expectOneLineError(await runCli(['analyze', empty, '--layer', '0']))).toBe('imgdiet: --layer 0: no such layer; this image has no layers or history at all');
});
