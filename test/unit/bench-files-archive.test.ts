/**
 * The file-count bench's generator (scripts/bench-files-archive.js) at a small size: imgdiet reads back exactly
 * the files and layer bytes the generator says it wrote, for the plain four-layer archive and for the one
 * gzip-compressed layer of mostly empty files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { runCli } from '../helpers/cli';

interface Summary {
  files: number;
  layerBytes: number;
  layers: number;
  perLayer: { files: number; contentBytes: number }[];
}
const gen = require('../../scripts/bench-files-archive.js') as {
  generateFilesArchive(file: string, o: { mode: 'files' | 'entries'; count: number; seed: number; tag: string }): Summary;
};

describe('the file-count bench archive', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-benchfiles-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['files', 4],
    ['entries', 1],
  ] as const)('in %s mode holds what the generator reports', async (mode, layers) => {
    const file = path.join(dir, `${mode}.tar`);
    const s = gen.generateFilesArchive(file, { mode, count: 400, seed: 3, tag: `bench-test/${mode}:1` });
    expect(s.files).toBe(400);
    expect(s.layers).toBe(layers);
    expect(s.layerBytes).toBe(s.perLayer.reduce((n, L) => n + L.contentBytes, 0));
    if (mode === 'files') expect(s.layerBytes).toBeGreaterThan(0);

    const r = await runCli(['analyze', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Analysis;
    expect(a.totals).toMatchObject({ finalFiles: s.files, layerBytes: s.layerBytes, layerCount: s.layers, hiddenBytes: 0 });
    expect(a.layers.map((L) => [L.files, L.sizeBytes])).toEqual(s.perLayer.map((L) => [L.files, L.contentBytes]));
  });
});
