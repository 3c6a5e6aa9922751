/**
 * Per-layer changes on an image the real engine built: RUNs that add, overwrite with another size, delete a file
 * and a directory, and swap a file and a directory, a file and a symlink. `layers[].changes` (through the engine)
 * and every layer's changed paths (from the `docker save` archive) are held to an independent count: the saved
 * archive streamed with tar-stream and its layers replayed with a plain Map (test/helpers/replay-changes.ts).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { analyzeImage } from '../../src/pipeline';
import { layerPathChanges } from '../../src/analyze/filesystem/changes';
import type { Analysis } from '../../src/model';
import { analyzeJson } from '../helpers/cli';
import { BASE_IMAGE, buildImage, describeEngine, removeImages, saveImage } from '../helpers/engine';
import { countChanges, RawEntry, replayChanges } from '../helpers/replay-changes';

// Random bytes so that nothing equals a file of the base; only the sizes are fixed.
const DOCKERFILE = `FROM ${BASE_IMAGE}
RUN mkdir -p /opt/ch/tree/sub /opt/ch/todir \\
 && head -c 100000 /dev/urandom > /opt/ch/a.bin \\
 && head -c 50000 /dev/urandom > /opt/ch/b.bin \\
 && head -c 3000 /dev/urandom > /opt/ch/tree/t1 \\
 && head -c 4000 /dev/urandom > /opt/ch/tree/sub/t2 \\
 && head -c 2000 /dev/urandom > /opt/ch/swap \\
 && head -c 5000 /dev/urandom > /opt/ch/todir/x \\
 && head -c 900 /dev/urandom > /opt/ch/s.txt \\
 && ln -s a.bin /opt/ch/link \\
 && head -c 700 /dev/urandom > /opt/ch/keep \\
 && ln /opt/ch/keep /opt/ch/keep-too
RUN head -c 70000 /dev/urandom > /opt/ch/a.bin \\
 && rm /opt/ch/b.bin \\
 && rm -rf /opt/ch/tree \\
 && rm /opt/ch/swap && mkdir /opt/ch/swap && head -c 6000 /dev/urandom > /opt/ch/swap/inner \\
 && rm -rf /opt/ch/todir && head -c 8000 /dev/urandom > /opt/ch/todir \\
 && rm /opt/ch/s.txt && ln -s a.bin /opt/ch/s.txt \\
 && rm /opt/ch/link && head -c 1500 /dev/urandom > /opt/ch/link \\
 && head -c 1234 /dev/urandom > /opt/ch/c.bin
`;

const TYPES: Record<string, RawEntry['type']> = { file: 'file', 'contiguous-file': 'file', directory: 'directory', symlink: 'symlink', link: 'link' };

/** The entries of one layer tar and its diffID, streamed. */
async function readLayer(stream: Readable): Promise<{ digest: string; entries: RawEntry[] }> {
  const hash = createHash('sha256');
  const inner = tar.extract();
  const entries: RawEntry[] = [];
  const listed = (async () => {
    for await (const e of inner) {
      entries.push({ name: e.header.name, type: TYPES[e.header.type ?? 'file'] ?? 'other', size: e.header.size ?? 0 });
      e.resume();
    }
  })();
  const hashing = new Transform({ transform: (chunk: Buffer, _, done) => { hash.update(chunk); done(null, chunk); } });
  await Promise.all([pipeline(stream, hashing, inner), listed]);
  return { digest: `sha256:${hash.digest('hex')}`, entries };
}

/** Streams the archive once, handing each member to `visit` (which must consume it). */
async function eachMember(file: string, visit: (name: string, body: Readable) => Promise<void>): Promise<void> {
  const outer = tar.extract();
  const done = pipeline(fs.createReadStream(file), outer);
  for await (const entry of outer) await visit(entry.header.name, entry as unknown as Readable);
  await done;
}

/** The layers of a legacy `docker save` archive, in the manifest's order. */
async function savedLayers(file: string): Promise<Array<{ digest: string; entries: RawEntry[] }>> {
  let manifest = '';
  await eachMember(file, async (name, body) => {
    if (name !== 'manifest.json') return void body.resume();
    for await (const chunk of body) manifest += chunk.toString();
  });
  const order: string[] = (JSON.parse(manifest) as Array<{ Layers: string[] }>)[0].Layers;
  const layers = new Map<string, { digest: string; entries: RawEntry[] }>();
  await eachMember(file, async (name, body) => {
    if (order.includes(name)) layers.set(name, await readLayer(body));
    else body.resume();
  });
  return order.map((name) => layers.get(name) as { digest: string; entries: RawEntry[] });
}

describeEngine('per-layer changes on an engine-built image', () => {
  const name = `imgdiet-test-changes/demo:${process.pid}-${Date.now().toString(36)}`;
  let work: string;
  let viaEngine: Analysis;
  let archive: string;
  let saved: Array<{ digest: string; entries: RawEntry[] }>;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-changes-'));
    buildImage(name, DOCKERFILE);
    viaEngine = await analyzeJson(name);
    archive = saveImage(name, path.join(work, 'image.tar'));
    saved = await savedLayers(archive);
  }, 600_000);

  afterAll(() => {
    removeImages(name);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('layers[].changes match the independent count, layer by layer', () => {
    const real = viaEngine.layers.filter((l) => !l.emptyLayer);
    expect(real.map((l) => l.digest)).toEqual(saved.map((s) => s.digest));
    const replayed = replayChanges(saved.map((s) => s.entries));
    real.forEach((l, i) => expect({ layer: l.index, changes: l.changes }).toMatchObject({ layer: l.index, changes: countChanges(replayed[i]) }));
  });

  test('every changed path of every layer, from the saved archive, matches the replay', async () => {
    const { analysis, filesystem } = await analyzeImage(`docker-archive:${archive}`);
    const replayed = replayChanges(saved.map((s) => s.entries));
    const real = analysis.layers.filter((l) => !l.emptyLayer);
    real.forEach((l, i) => expect({ layer: l.index, paths: layerPathChanges(filesystem, l.index) }).toEqual({ layer: l.index, paths: replayed[i] }));
    // What the second RUN did to /opt/ch, spelled out.
    const second = real[real.length - 1].index;
    const ours = layerPathChanges(filesystem, second).filter((p) => p.path.startsWith('opt/ch/'));
    expect(ours.map((p) => [p.change, p.type, p.path, p.bytes])).toEqual([
      ['modified', 'file', 'opt/ch/a.bin', 70_000],
      ['removed', 'file', 'opt/ch/b.bin', 50_000],
      ['added', 'file', 'opt/ch/c.bin', 1234],
      ['removed', 'symlink', 'opt/ch/link', 0],
      ['added', 'file', 'opt/ch/link', 1500],
      ['removed', 'file', 'opt/ch/s.txt', 900],
      ['added', 'symlink', 'opt/ch/s.txt', 0],
      ['removed', 'file', 'opt/ch/swap', 2000],
      ['added', 'dir', 'opt/ch/swap', 0],
      ['added', 'file', 'opt/ch/swap/inner', 6000],
      ['added', 'file', 'opt/ch/todir', 8000],
      ['removed', 'file', 'opt/ch/todir/x', 5000],
      ['removed', 'file', 'opt/ch/tree/sub/t2', 4000],
      ['removed', 'file', 'opt/ch/tree/t1', 3000],
    ]);
    expect(analysis.layers[second].changes).toMatchObject({
      added: { files: 4, bytes: 6000 + 8000 + 1500 + 1234 },
      modified: { files: 1, bytes: 70_000, replacedBytes: 100_000 },
      removed: { files: 6, bytes: 50_000 + 3000 + 4000 + 2000 + 5000 + 900 },
      symlinks: 1,
    });
  });
});
