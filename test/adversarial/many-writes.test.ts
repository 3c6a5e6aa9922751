/**
 * Memory grows with distinct paths, never with how often a path is written nor with bytes: one layer that
 * writes the same path a million times (a 1 GB tar, a few MB gzipped) is one file, and the process stays small.
 * Slow (it decompresses 1 GB); run on its own with `npx jest test/adversarial/many-writes`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Analysis } from '../../src/model';
import { expectOneLineError, runCli } from '../helpers/cli';
import { measureCli } from './measure';
import { dockerArchiveItems, entry, tar } from './tar-writer';

const WRITES = 1_000_000;

describe('a path written a million times', () => {
  let dir: string;
  let archive: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-many-'));
    const { blob, diffId } = await gzipRepeated(WRITES);
    const config = {
      architecture: 'amd64', os: 'linux', config: {},
      rootfs: { type: 'layers', diff_ids: [diffId] }, history: [{ created_by: 'RUN write the same file a million times' }],
    };
    archive = path.join(dir, 'many.tar');
    fs.writeFileSync(archive, tar(dockerArchiveItems({ layers: [{ blob, tar: Buffer.alloc(0) }], config })));
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is one file, its earlier versions hidden, in little memory', async () => {
    const r = await measureCli(['analyze', `docker-archive:${archive}`, '--json'], dir, 'many');
    expect(r.stderr).toBe('');
    const a = JSON.parse(r.stdout) as Analysis;
    expect(a.totals).toMatchObject({ layerBytes: WRITES, finalBytes: 1, hiddenBytes: WRITES - 1, finalFiles: 1 });
    process.stderr.write(`${WRITES} writes of one path (${fs.statSync(archive).size} B on disk): ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMb.toFixed(0)} MB\n`);
    expect(r.peakMb).toBeLessThan(300);
  }, 300_000);

  it('stops at the entry limit with a clear error', async () => {
    const limited = await runCli(['analyze', `docker-archive:${archive}`], { env: { IMGDIET_MAX_ENTRIES: '1000' } });
    expect(expectOneLineError(limited)).toMatch(/more than 1,000 entries/);
  }, 300_000);
});

/** Gzips the repeated entries through a stream, so that 1 GB of tar is never held. */
async function gzipRepeated(count: number): Promise<{ blob: Buffer; diffId: string }> {
  const one = entry({ name: 'var/log/same', data: 'x' });
  const run = Buffer.concat(Array(1000).fill(one));
  const hash = createHash('sha256');
  const gz = zlib.createGzip({ level: 1 });
  const out: Buffer[] = [];
  gz.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => gz.on('end', resolve).on('error', reject));
  for (let i = 0; i < count / 1000; i++) {
    hash.update(run);
    if (!gz.write(run)) await new Promise((resolve) => gz.once('drain', resolve));
  }
  const end = Buffer.alloc(1024);
  hash.update(end);
  gz.end(end);
  await done;
  return { blob: Buffer.concat(out), diffId: `sha256:${hash.digest('hex')}` };
}
