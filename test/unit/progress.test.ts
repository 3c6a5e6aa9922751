/** The progress line on a fake terminal with a fake clock: exact text at fixed times, nothing off a terminal. */
import { Writable } from 'node:stream';
import type { ProgressEvent } from '../../src/pipeline';
import { analyzeImage } from '../../src/pipeline';
import { startProgress } from '../../src/cli/progress';
import { fakeEngine } from '../helpers/analyze-built';
import { buildImage, file, legacyArchiveFiles, ociLayoutFiles, removeTemps, tarFiles, writeDir, writeTemp } from '../helpers/image-builder';

class FakeTty extends Writable {
  isTTY = true;
  columns = 120;
  written: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.written.push(chunk.toString());
    done();
  }
}

const MB = 1_000_000;
const reading = (done: number, total: number | null, index: number, count = 8): ProgressEvent => ({ phase: 'reading', done, total, layer: { index, count } });

function run(events: Array<[number, ProgressEvent]>, tty = true): string[] {
  const stream = new FakeTty();
  stream.isTTY = tty;
  let clock = 0;
  const progress = startProgress(stream, { enabled: true, now: () => clock });
  for (const [at, event] of events) {
    clock = at;
    progress.update(event.phase === 'reading' ? event.done : 0, event);
  }
  progress.stop();
  return stream.written;
}

describe('progress on a terminal', () => {
  test('a bar with percentage, bytes, throughput and ETA while the total is known; named steps after; cleared', () => {
    expect(run([
      [1000, reading(0, 100 * MB, 1)],
      [3000, reading(25 * MB, 100 * MB, 3)],
      [3050, reading(26 * MB, 100 * MB, 3)], // under 100 ms after the last, same step: not drawn
      [5000, reading(50 * MB, 100 * MB, 4)],
      [5100, { phase: 'indexing', done: 2, total: 8, layer: { index: 3, count: 8 } }],
      [5200, { phase: 'packages', done: 0, total: null, layer: null }],
      [5300, { phase: 'hashing', done: 0, total: null, layer: null }],
      [5400, { phase: 'rules', done: 0, total: null, layer: null }],
    ])).toEqual([
      '\rreading layer 1/8  [░░░░░░░░░░░░░░░░░░░░]   0 %  0 B of 100 MB\u001b[K',
      '\rreading layer 3/8  [█████░░░░░░░░░░░░░░░]  25 %  25.0 MB of 100 MB  12.5 MB/s  ETA 6s\u001b[K',
      '\rreading layer 4/8  [██████████░░░░░░░░░░]  50 %  50.0 MB of 100 MB  12.5 MB/s  ETA 4s\u001b[K',
      '\rindexing layer 3/8  [█████░░░░░░░░░░░░░░░]  25 %\u001b[K',
      '\rreading packages …\u001b[K',
      '\rhashing duplicate candidates …\u001b[K',
      '\rrunning rules …\u001b[K',
      '\r\u001b[K',
    ]);
  });

  test('without a total: the bytes and the throughput, no bar', () => {
    expect(run([[0, reading(0, null, 1, 2)], [2000, reading(3 * MB, null, 2, 2)]])).toEqual([
      '\rreading layer 1/2  0 B\u001b[K',
      '\rreading layer 2/2  3.00 MB  1.50 MB/s\u001b[K',
      '\r\u001b[K',
    ]);
  });

  test('an ETA over a minute, and a line cut to the terminal', () => {
    const stream = new FakeTty();
    stream.columns = 40;
    let clock = 0;
    const p = startProgress(stream, { enabled: true, now: () => clock });
    p.update(0, reading(0, 1000 * MB, 1));
    clock = 10_000;
    p.update(10 * MB, reading(10 * MB, 1000 * MB, 1, 20));
    expect(stream.written[1]).toBe('\rreading layer 1/20  [░░░░░░░░░░░░░░░░░…\u001b[K');
    const wide = new FakeTty();
    const q = startProgress(wide, { enabled: true, now: () => clock });
    clock = 0;
    q.update(0, reading(0, 1000 * MB, 1));
    clock = 10_000;
    q.update(10 * MB, reading(10 * MB, 1000 * MB, 1, 20));
    expect(wide.written[1]).toBe('\rreading layer 1/20  [░░░░░░░░░░░░░░░░░░░░]   1 %  10.0 MB of 1.00 GB  1.00 MB/s  ETA 16m 30s\u001b[K');
  });

  test('nothing is written when stderr is not a terminal, or when disabled (CI)', () => {
    expect(run([[0, reading(0, 10, 1)], [500, { phase: 'rules', done: 0, total: null, layer: null }]], false)).toEqual([]);
    const stream = new FakeTty();
    const p = startProgress(stream, { enabled: false });
    p.update(5, reading(5, 10, 1));
    p.stop();
    expect(stream.written).toEqual([]);
  });
});

describe('analyzeImage onProgress', () => {
  afterAll(() => removeTemps());

  async function events(ref: (image: Awaited<ReturnType<typeof buildImage>>) => Promise<string>): Promise<{ seen: ProgressEvent[]; bytes: number[]; blobs: number }> {
    const image = await buildImage({ steps: [{ createdBy: 'ADD rootfs', entries: [file('bin/sh', 'x'.repeat(5000))] }, { createdBy: 'RUN make', entries: [file('app/a', 'y'.repeat(3000)), file('app/b', 'y'.repeat(3000))], compression: 'gzip' }] });
    const seen: ProgressEvent[] = [];
    const bytes: number[] = [];
    await analyzeImage(await ref(image), { onProgress: (n, e) => { bytes.push(n); seen.push(e); } });
    return { seen, bytes, blobs: image.layers.reduce((n, l) => n + l.blob.length, 0) };
  }

  test.each([
    ['docker-archive', async (image: Awaited<ReturnType<typeof buildImage>>) => writeTemp('i.tar', await tarFiles(legacyArchiveFiles([{ image }])))],
    ['oci', async (image: Awaited<ReturnType<typeof buildImage>>) => `oci:${writeDir(ociLayoutFiles([{ image }]))}`],
  ])('%s: the total is the blobs to read, layers counted i/n, then the named steps in order', async (_name, ref) => {
    const { seen, bytes, blobs } = await events(ref);
    const reads = seen.filter((e) => e.phase === 'reading');
    expect(reads.every((e) => e.total === blobs && e.layer?.count === 2)).toBe(true);
    expect(reads.at(-1)).toMatchObject({ done: blobs, layer: { index: 2, count: 2 } });
    // Callers of the byte count get the running total, as before.
    expect(bytes.at(-1)).toBe(blobs);
    const phases = seen.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['reading', 'indexing', 'packages', 'hashing', 'rules', 'suggestions']);
    expect(seen.filter((e) => e.phase === 'indexing').map((e) => e.layer)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
  });

  test('engine: the total is the image size the engine reports, the layers its RootFS', async () => {
    const image = await buildImage({ steps: [{ createdBy: 'ADD rootfs', entries: [file('bin/sh', 'x'.repeat(5000))] }, { createdBy: 'RUN make', entries: [file('app/a', 'y'.repeat(3000))] }] });
    const archive = await tarFiles(legacyArchiveFiles([{ image, tags: ['app:1'] }]));
    const engine = { ...fakeEngine(archive), inspect: async () => ({ Id: image.configDigest, Size: 8000, RootFS: { Layers: ['sha256:a', 'sha256:b'] } }) };
    const seen: ProgressEvent[] = [];
    await analyzeImage('docker-daemon:app:1', { engine, onProgress: (_n, e) => seen.push(e) });
    const reads = seen.filter((e) => e.phase === 'reading');
    expect(reads[0]).toEqual({ phase: 'reading', done: 0, total: 8000, layer: { index: 1, count: 2 } });
    expect(reads.at(-1)?.layer).toEqual({ index: 2, count: 2 });
    // The stream carries tar headers on top of the content: done may pass the total; the bar stops at 100 %.
    expect(reads.at(-1)!.done).toBeGreaterThanOrEqual(8000);
  });
});
