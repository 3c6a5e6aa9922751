/**
 * What goes wrong with a real registry, each one line on stderr and exit 2 through the built CLI: a tag or
 * repository that is not there (404), a blob corrupted in the registry's own storage (its bytes no longer hash to
 * its digest), and the registry killed while a large layer streams (named with the registry and the blob, in
 * bounded time, after the client's tries).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeImage } from '../../src/pipeline';
import { InputError } from '../../src/errors';
import type { Analysis } from '../../src/model';
import { analyzeJson, escapeRegExp, expectOneLineError, runCli } from '../helpers/cli';
import { buildImage, BuiltImage, dir, file, ociLayoutFiles, removeTemps, tempDir, writeDir } from '../helpers/image-builder';
import { describeRegistry, Registry, skopeoCopy, startRegistry } from '../helpers/registry';

afterAll(removeTemps);

/** Copies an in-memory image into the registry unchanged (no recompression, same digests). */
function push(registry: Registry, image: BuiltImage, repoAndTag: string): string {
  const layout = writeDir(ociLayoutFiles([{ image, ref: 'x' }]));
  const ref = registry.ref(repoAndTag);
  skopeoCopy(`oci:${layout}:x`, ref, ['--preserve-digests']);
  return ref;
}

/** A text file of some kilobytes that differs per seed. */
function body(seed: string): Buffer {
  return Buffer.concat(Array.from({ length: 200 }, (_, i) => Buffer.from(`${seed} line ${i} ${'x'.repeat(i % 37)}\n`)));
}

/** The line for a registry that died mid-blob; group 1 is the bytes received. */
function stopped(registry: Registry, digest: string): string {
  return `registry ${escapeRegExp(registry.host)} stopped sending blob ${digest} after (\\d+) bytes and cannot be reached again: ECONNREFUSED \\(tried 5 times\\)`;
}

/** Flips the bits of `count` bytes of a file from `offset` on, in place. */
function flipBytes(target: string, offset: number, count = 4): void {
  const fd = fs.openSync(target, 'r+');
  try {
    const b = Buffer.alloc(count);
    fs.readSync(fd, b, 0, count, offset);
    for (let i = 0; i < count; i++) b[i] ^= 0xff;
    fs.writeSync(fd, b, 0, count, offset);
  } finally {
    fs.closeSync(fd);
  }
}

describeRegistry('registry errors: missing images and corrupt blobs', { skopeo: true }, () => {
  let registry: Registry;
  let plain: BuiltImage;
  let gzipped: BuiltImage;
  let deflated: BuiltImage;
  let config: BuiltImage;

  beforeAll(async () => {
    registry = await startRegistry();
    const steps = (seed: string, compression: 'none' | 'gzip') => [{ createdBy: `/bin/sh -c make ${seed}`, compression, entries: [dir('data/'), file(`data/${seed}.txt`, body(seed))] }];
    plain = await buildImage({ steps: steps('plain', 'none') });
    gzipped = await buildImage({ steps: steps('gzip-header', 'gzip') });
    deflated = await buildImage({ steps: steps('gzip-body', 'gzip') });
    config = await buildImage({ steps: steps('config', 'gzip'), config: { Env: ['WHO=config-test'] } });
    push(registry, plain, 'corrupt/plain:1');
    push(registry, gzipped, 'corrupt/gzip-header:1');
    push(registry, deflated, 'corrupt/gzip-body:1');
    push(registry, config, 'corrupt/config:1');
  }, 120_000);

  afterAll(async () => {
    await registry?.dispose();
  });

  test('a tag that is not there: one line naming the image and saying not found', async () => {
    const line = expectOneLineError(await runCli(['analyze', registry.ref('corrupt/plain:nope')]));
    expect(line).toBe(`imgdiet: ${registry.host}/corrupt/plain:nope not found in registry ${registry.host} (404 MANIFEST_UNKNOWN); check the name and tag`);
  });

  test('a repository that is not there: the same, with the registry’s code', async () => {
    const line = expectOneLineError(await runCli(['analyze', registry.ref('no/such-repo:1')]));
    // distribution 2.8 answers MANIFEST_UNKNOWN here; others say NAME_UNKNOWN.
    expect(line).toMatch(
      new RegExp(`^imgdiet: ${escapeRegExp(registry.host)}/no/such-repo:1 not found in registry ${escapeRegExp(registry.host)} \\(404 (MANIFEST|NAME)_UNKNOWN\\); check the name and tag$`),
    );
  });

  test('a digest that is not there', async () => {
    const digest = `sha256:${'0'.repeat(64)}`;
    const line = expectOneLineError(await runCli(['analyze', registry.ref(`corrupt/plain@${digest}`)]));
    expect(line).toBe(`imgdiet: ${registry.host}/corrupt/plain@${digest} not found in registry ${registry.host} (404 MANIFEST_UNKNOWN); check the name and tag`);
  });

  test('the intact images read, before anything is corrupted', async () => {
    for (const [image, repo, seed] of [
      [plain, 'corrupt/plain:1', 'plain'],
      [gzipped, 'corrupt/gzip-header:1', 'gzip-header'],
      [deflated, 'corrupt/gzip-body:1', 'gzip-body'],
      [config, 'corrupt/config:1', 'config'],
    ] as const) {
      const a: Analysis = await analyzeJson(registry.ref(repo));
      expect([a.image.id, a.image.manifestDigest, a.totals.layerBytes]).toEqual([image.configDigest, image.manifestDigest, body(seed).length]);
    }
  });

  const mismatch = (image: BuiltImage, repo: string): string =>
    `blob ${image.layers[0].digest} from ${registry.host}/${repo} does not match its digest (its bytes hash to sha256:`;

  test('a plain layer with bytes flipped inside a file’s content: the blob does not match its digest', async () => {
    // Past the first 512-byte tar header (data/) and the second (data/plain.txt): content, so the tar still parses.
    flipBytes(registry.blobPath(plain.layers[0].digest), 1024 + 100);
    const line = expectOneLineError(await runCli(['analyze', registry.ref('corrupt/plain:1')]));
    expect(line.startsWith(`imgdiet: ${mismatch(plain, 'corrupt/plain')}`)).toBe(true);
    expect(line).toMatch(/\); the registry's copy is corrupt$/);
  });

  test('a gzip layer with its header’s mtime flipped (it still decompresses): does not match its digest', async () => {
    // Bytes 4–7 of a gzip member are MTIME: no decompressor checks them.
    flipBytes(registry.blobPath(gzipped.layers[0].digest), 4);
    const line = expectOneLineError(await runCli(['analyze', registry.ref('corrupt/gzip-header:1')]));
    expect(line.startsWith(`imgdiet: ${mismatch(gzipped, 'corrupt/gzip-header')}`)).toBe(true);
  });

  test('a gzip layer with its compressed data flipped: one line naming the blob', async () => {
    const blob = registry.blobPath(deflated.layers[0].digest);
    flipBytes(blob, Math.floor(fs.statSync(blob).size / 2), 8);
    const line = expectOneLineError(await runCli(['analyze', registry.ref('corrupt/gzip-body:1')]));
    // Whichever notices first: the digest at the end of the blob, or the decompressor on the damaged data.
    expect(line).toMatch(
      new RegExp(
        `^imgdiet: (${escapeRegExp(mismatch(deflated, 'corrupt/gzip-body'))}|${escapeRegExp(registry.host)}/corrupt/gzip-body:1: layer ${deflated.layers[0].digest}: gzip layer cannot be decompressed)`,
      ),
    );
  });

  test('a corrupted config blob: does not match its digest', async () => {
    const blob = registry.blobPath(config.configDigest);
    const text = fs.readFileSync(blob, 'utf8');
    fs.writeFileSync(blob, text.replace('config-test', 'config-TEST'));
    const line = expectOneLineError(await runCli(['analyze', registry.ref('corrupt/config:1')]));
    expect(line).toMatch(
      new RegExp(`^imgdiet: config ${config.configDigest} from ${escapeRegExp(registry.host)}/corrupt/config does not match its digest \\(its bytes hash to sha256:[0-9a-f]{64}\\); the registry's copy is corrupt$`),
    );
  });
});

/**
 * A preload for the built CLI: counts the bytes of blob bodies as undici's request() hands them over and SIGKILLs
 * the registry (its pid in the environment) once enough have passed, so the registry dies mid-stream, at a known
 * point.
 */
const KILLER = `
const { pipeline, Transform } = require('node:stream');
const undici = require(${JSON.stringify(require.resolve('undici'))});
const pid = Number(process.env.IMGDIET_TEST_KILL_PID);
const after = Number(process.env.IMGDIET_TEST_KILL_AFTER);
const realRequest = undici.request;
let seen = 0;
let killed = false;
undici.request = async (url, options) => {
  const res = await realRequest(url, options);
  if (!/\\/blobs\\/sha256:/.test(String(url))) return res;
  const counter = new Transform({
    transform(chunk, _encoding, done) {
      seen += chunk.length;
      if (!killed && seen >= after) {
        killed = true;
        process.kill(pid, 'SIGKILL');
      }
      done(null, chunk);
    },
  });
  pipeline(res.body, counter, () => undefined);
  return { ...res, body: counter };
};
`;

describeRegistry('the registry stopped mid-stream', { skopeo: true }, () => {
  const BIG = 40 * 1000 * 1000;
  let registry: Registry;
  let image: BuiltImage;
  let big: string;
  let ref: string;
  let preload: string;

  beforeAll(async () => {
    registry = await startRegistry();
    image = await buildImage({
      steps: [
        { createdBy: '/bin/sh -c #(nop) ADD file:small in / ', compression: 'gzip', entries: [file('small.txt', 'small\n')] },
        // Random bytes: gzip cannot shrink them, so the blob stays tens of MB.
        { createdBy: '/bin/sh -c head -c 40000000 /dev/urandom > /big.bin', compression: 'gzip', entries: [file('big.bin', randomBytes(BIG))] },
      ],
    });
    big = image.layers[1].digest;
    ref = push(registry, image, 'big/random:1');
    preload = path.join(tempDir(), 'kill-registry.js');
    fs.writeFileSync(preload, KILLER);
  }, 120_000);

  afterAll(async () => {
    await registry?.dispose();
  });

  test('the whole image reads while the registry runs', async () => {
    const a = await analyzeJson(ref);
    expect(a.totals.layerBytes).toBe(BIG + 6);
    expect(a.totals.compressedBytes).toBe(image.layers[0].blob.length + image.layers[1].blob.length);
    expect(image.layers[1].blob.length).toBeGreaterThan(BIG);
  });

  test('killed (SIGKILL) after 4 MB of the large blob: one line naming the registry and the blob, exit 2, in bounded time', async () => {
    const pid = registry.process?.pid;
    if (!pid) throw new Error('the registry is not running');
    const started = Date.now();
    const r = await runCli(['analyze', ref, '--json'], {
      env: { NODE_OPTIONS: `--require ${preload}`, IMGDIET_TEST_KILL_PID: String(pid), IMGDIET_TEST_KILL_AFTER: String(4_000_000) },
      timeout: 90_000,
    });
    const seconds = (Date.now() - started) / 1000;
    registry.kill();
    const line = expectOneLineError(r);
    const m = new RegExp(`^imgdiet: ${stopped(registry, big)}$`).exec(line);
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(4_000_000);
    expect(Number(m?.[1])).toBeLessThan(BIG);
    // The read that broke, one more after 250 ms, that one's 5 tries 0.25 + 0.5 + 1 + 2 s apart: about 4 s.
    expect(seconds).toBeLessThan(20);
  }, 120_000);

  test('in process: the error is an InputError naming the registry and the blob; started again, the image reads', async () => {
    await registry.start();
    let killedAt = -1;
    const started = Date.now();
    const err = await analyzeImage(ref, {
      onProgress: (n) => {
        if (killedAt < 0 && n >= 8_000_000) {
          killedAt = n;
          registry.kill();
        }
      },
    }).then(
      () => new Error('the analysis succeeded with the registry killed'),
      (e: unknown) => e,
    );
    const seconds = (Date.now() - started) / 1000;
    expect(killedAt).toBeGreaterThanOrEqual(8_000_000);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(new RegExp(`^${stopped(registry, big)}$`));
    expect(seconds).toBeLessThan(20);

    await registry.start();
    const again = await analyzeJson(ref);
    expect(again.totals.layerBytes).toBe(BIG + 6);
  }, 120_000);
});
