/**
 * imgdiet against a real Docker engine: an image built there (legacy builder, FROM the minbase Debian) with files of
 * known sizes that later layers overwrite, delete and copy, and ENV and CMD entries that add no layer. The built CLI reads it through dockerode and from its `docker save` archive; the engine's own answers
 * (`docker history`, `docker image inspect`) are what the figures are checked against.
 *
 * Few steps on purpose: with the vfs storage driver every step of the legacy builder, ENV and CMD included,
 * copies the whole Debian root file system (some seconds each).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { analyzeJson, escapeRegExp, expectOneLineError, runCli } from '../helpers/cli';
import {
  BASE_IMAGE,
  buildImage,
  describeEngine,
  dockerHistory,
  engineSocketPath,
  inspectImage,
  removeImages,
  saveImage,
  uniqueName,
} from '../helpers/engine';

const PAYLOAD = Buffer.alloc(4096, 'payload line\n');

// Random bytes, so that nothing the test makes can equal a file of the base; only the sizes are fixed.
const DOCKERFILE = `FROM ${BASE_IMAGE}
ENV DEMO_HOME=/opt/demo
RUN mkdir -p /opt/demo/cache \\
 && head -c 300000 /dev/urandom > /opt/demo/big.bin \\
 && head -c 120000 /dev/urandom > /opt/demo/cache/one.bin \\
 && head -c 80000 /dev/urandom > /opt/demo/cache/two.bin \\
 && head -c 50000 /dev/urandom > /opt/demo/doomed.bin \\
 && head -c 10000 /dev/urandom > /opt/demo/config.txt \\
 && head -c 7000 /dev/urandom > /opt/demo/linked.bin \\
 && ln /opt/demo/linked.bin /opt/demo/linked-too.bin
RUN head -c 20000 /dev/urandom > /opt/demo/config.txt \
 && cp /opt/demo/big.bin /opt/demo/big-copy1.bin && cp /opt/demo/big.bin /opt/demo/big-copy2.bin
RUN rm /opt/demo/doomed.bin && rm -rf /opt/demo/cache
COPY payload.txt /opt/demo/payload.txt
CMD ["cat", "/opt/demo/payload.txt"]
`;

describeEngine('imgdiet on images in the Docker engine', () => {
  const name = uniqueName('demo');
  let work: string;
  let viaEngine: Analysis;
  let base: Analysis;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-engine-'));
    buildImage(name, DOCKERFILE, { 'payload.txt': PAYLOAD });
    [viaEngine, base] = await Promise.all([analyzeJson(name), analyzeJson(BASE_IMAGE)]);
  }, 600_000);

  afterAll(() => {
    removeImages(name);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('per-layer bytes are what docker history reports, empty layers at 0', () => {
    const history = dockerHistory(name);
    expect(viaEngine.layers.map((l) => [l.createdBy, l.sizeBytes])).toEqual(history.map((h) => [h.createdBy, h.size]));
    expect(viaEngine.totals.layerBytes).toBe(history.reduce((n, h) => n + h.size, 0));
    expect(viaEngine.layers.map((l) => [l.instructionKind, l.emptyLayer, l.sizeBytes])).toEqual([
      ['OTHER', false, base.totals.layerBytes],
      ['ENV', true, 0],
      // 300,000 + 120,000 + 80,000 + 50,000 + 10,000 + 7,000: the hard link is the same body, stored once
      ['RUN', false, 567_000],
      // config.txt again (20,000) and two copies of big.bin
      ['RUN', false, 620_000],
      // only whiteouts
      ['RUN', false, 0],
      ['COPY', false, 4096],
      ['CMD', true, 0],
    ]);
  });

  test('ids and layer digests are the engine’s', () => {
    const inspect = inspectImage(name);
    expect(viaEngine.image.id).toBe(inspect.id);
    expect(viaEngine.image.tags).toEqual(inspect.repoTags);
    expect(viaEngine.layers.filter((l) => !l.emptyLayer).map((l) => l.digest)).toEqual(inspect.diffIds);
    expect(viaEngine.totals.layerCount).toBe(inspect.diffIds.length);
  });

  test('hidden: the overwritten config, the deleted file and the deleted directory, exactly', () => {
    expect(viaEngine.hidden).toEqual([
      { path: 'opt/demo/cache/one.bin', bytes: 120_000, addedByLayer: 2, hiddenByLayer: 4, reason: 'deleted' },
      { path: 'opt/demo/cache/two.bin', bytes: 80_000, addedByLayer: 2, hiddenByLayer: 4, reason: 'deleted' },
      { path: 'opt/demo/doomed.bin', bytes: 50_000, addedByLayer: 2, hiddenByLayer: 4, reason: 'deleted' },
      { path: 'opt/demo/config.txt', bytes: 10_000, addedByLayer: 2, hiddenByLayer: 3, reason: 'overwritten' },
    ]);
    expect(viaEngine.totals.hiddenBytes).toBe(260_000);
    expect(viaEngine.layers.map((l) => l.hiddenBytes)).toEqual([0, 0, 260_000, 0, 0, 0, 0]);
    expect(viaEngine.layers.map((l) => l.whiteouts)).toEqual([0, 0, 0, 0, 2, 0, 0]);
  });

  test('duplicates: the three copies of big.bin, not the hard link', () => {
    const ours = viaEngine.duplicates.filter((d) => d.paths.some((p) => p.startsWith('opt/demo/')));
    expect(ours.map(({ sha256: _, ...d }) => d)).toEqual([
      { sizeBytes: 300_000, paths: ['opt/demo/big-copy1.bin', 'opt/demo/big-copy2.bin', 'opt/demo/big.bin'], wastedBytes: 600_000 },
    ]);
    // Everything else is the base's, unchanged.
    expect(viaEngine.totals.duplicateBytes).toBe(base.totals.duplicateBytes + 600_000);
    expect(viaEngine.totals.wasteBytes).toBe(base.totals.wasteBytes + 260_000 + 600_000);
  });

  test('the final tree is the base plus the files the test made', () => {
    // big.bin ×3, linked.bin (two names, one body), config.txt v2, payload.txt
    expect(viaEngine.totals.finalBytes).toBe(base.totals.finalBytes + 3 * 300_000 + 7000 + 20_000 + 4096);
    expect(viaEngine.totals.finalFiles).toBe(base.totals.finalFiles + 7);
    expect(viaEngine.totals.layerBytes).toBe(viaEngine.totals.finalBytes + viaEngine.totals.hiddenBytes);
  });

  test('the config as the engine wrote it', () => {
    expect(viaEngine.image.config).toEqual({
      user: '',
      entrypoint: null,
      cmd: ['cat', '/opt/demo/payload.txt'],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'DEMO_HOME=/opt/demo'],
      workingDir: '',
      exposedPorts: [],
      labels: {},
      stopSignal: null,
      healthcheck: null,
    });
  });

  test('the docker save archive gives the same analysis, apart from the source', async () => {
    const tar = saveImage(name, path.join(work, 'demo.tar'));
    // Base detection asks the engine for engine images only, unless told to for archives too: tell it, so that the
    // two reading paths are compared on everything.
    const viaArchive = await analyzeJson(tar, { env: { IMGDIET_BASE_ENGINE: 'on' } });
    expect(viaEngine.source).toEqual({ reference: name, transport: 'docker-daemon' });
    expect(viaArchive.source).toEqual({ reference: tar, transport: 'docker-archive' });
    expect({ ...viaArchive, source: null }).toEqual({ ...viaEngine, source: null });
  });

  test('docker-daemon:NAME is the same image', async () => {
    const prefixed = await analyzeJson(`docker-daemon:${name}`);
    expect(prefixed.source).toEqual({ reference: `docker-daemon:${name}`, transport: 'docker-daemon' });
    expect({ ...prefixed, source: null }).toEqual({ ...viaEngine, source: null });
  });

  test('DOCKER_HOST is honoured: another path to the same socket works, a wrong one fails', async () => {
    const socket = engineSocketPath();
    if (socket === null) throw new Error(`this test needs DOCKER_HOST=unix://…, not ${process.env.DOCKER_HOST}`);
    const alias = path.join(work, 'alias.sock');
    fs.symlinkSync(socket, alias);
    const viaAlias = await analyzeJson(name, { env: { DOCKER_HOST: `unix://${alias}` } });
    expect(viaAlias).toEqual(viaEngine);

    const wrong = path.join(work, 'nothing-here.sock');
    const line = expectOneLineError(await runCli(['analyze', name], { env: { DOCKER_HOST: `unix://${wrong}` } }));
    expect(line).toBe(`imgdiet: cannot reach the Docker engine at unix://${wrong} (ENOENT); start dockerd or set DOCKER_HOST`);
  });

  test('the verbose report names the image and its layers', async () => {
    const r = await runCli(['analyze', name, '--verbose']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`imgdiet: ${name}`);
    expect(r.stdout).toMatch(/│\s+4 │ RUN rm \/opt\/demo\/doomed\.bin && rm -rf \/opt\/demo\/cache\s+│\s+0 B │/);
    expect(r.stdout).toMatch(/│\s+120 kB │ \/opt\/demo\/cache\/one\.bin\s+│ #2 RUN mkdir -p \/opt\/demo\/cache/);
  });
});

describeEngine('an engine image with no layers', () => {
  const name = uniqueName('no-layers');

  beforeAll(() => {
    buildImage(name, 'FROM scratch\nENV EMPTY=1\nCMD ["none"]\n');
  });

  afterAll(() => removeImages(name));

  test('the engine cannot save it; imgdiet says so in one line', async () => {
    expect(dockerHistory(name).map((h) => h.size)).toEqual([0, 0]);
    const line = expectOneLineError(await runCli(['analyze', name]));
    expect(line).toMatch(new RegExp(`^imgdiet: Docker engine at \\S+ failed for ${escapeRegExp(name)}: .*empty export`));
  });
});
