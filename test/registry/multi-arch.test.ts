/**
 * A multi-platform image in a real registry: two images built in memory (linux/amd64 with gzip layers,
 * linux/arm64/v8 with a plain and a zstd layer, different files), written as an OCI layout with an image index
 * and copied with `skopeo copy --all`. `--platform` picks each entry, the default is linux/amd64, a digest picks
 * a manifest directly, and a platform the index lacks is one line listing those it has.
 */
import type { Analysis } from '../../src/model';
import { analyzeJson, expectOneLineError, runCli } from '../helpers/cli';
import { buildImage, BuiltImage, dir, file, ociLayoutFiles, removeTemps, Step, writeDir } from '../helpers/image-builder';
import { describeRegistry, readManifest, Registry, skopeoCopy, startRegistry } from '../helpers/registry';

/** Deterministic bytes that do not compress to nothing. */
function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

const AMD64: Step[] = [
  { createdBy: '/bin/sh -c #(nop) ADD file:amd64 in / ', compression: 'gzip', entries: [dir('bin/'), file('bin/tool', bytes(40_000, 1), { mode: 0o755 }), file('etc-amd64', 'x86')] },
  { createdBy: '/bin/sh -c #(nop)  ENV ARCH=amd64' },
  { createdBy: '/bin/sh -c build', compression: 'gzip', entries: [dir('bin/'), file('bin/tool', bytes(30_000, 2), { mode: 0o755 }), file('amd64-only', bytes(5_000, 3))] },
];

const ARM64: Step[] = [
  { createdBy: '/bin/sh -c #(nop) ADD file:arm64 in / ', compression: 'none', entries: [dir('bin/'), file('bin/tool', bytes(25_000, 4), { mode: 0o755 })] },
  { createdBy: '/bin/sh -c build', compression: 'zstd', entries: [file('arm-a', bytes(7_000, 5)), file('arm-b', bytes(7_000, 5))] },
];

function blobs(image: BuiltImage): number {
  return image.layers.reduce((n, l) => n + l.blob.length, 0);
}

describeRegistry('a multi-platform image in a registry', { skopeo: true }, () => {
  let registry: Registry;
  let amd64: BuiltImage;
  let arm64: BuiltImage;
  let ref: string;

  beforeAll(async () => {
    registry = await startRegistry();
    amd64 = await buildImage({ steps: AMD64, platform: { os: 'linux', architecture: 'amd64' } });
    arm64 = await buildImage({ steps: ARM64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    const layout = writeDir(ociLayoutFiles([{ platforms: [amd64, arm64], ref: '1' }]));
    ref = registry.ref('multi:1');
    skopeoCopy(`oci:${layout}:1`, ref, ['--all', '--preserve-digests']);
  }, 120_000);

  afterAll(async () => {
    await registry?.dispose();
    removeTemps();
  });

  test('the registry holds an OCI index of both platforms', async () => {
    const index = await readManifest(registry, 'multi', '1');
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.json.manifests?.map((m) => [m.digest, m.platform])).toEqual([
      [amd64.manifestDigest, { os: 'linux', architecture: 'amd64' }],
      [arm64.manifestDigest, { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ]);
  });

  function expectAmd64(a: Analysis): void {
    expect([a.image.os, a.image.architecture, a.image.variant, a.image.id, a.image.manifestDigest]).toEqual(['linux', 'amd64', null, amd64.configDigest, amd64.manifestDigest]);
    expect(a.totals).toEqual({
      // 40,000 + 3, then 30,000 + 5,000; the first bin/tool is overwritten
      layerBytes: 75_003,
      compressedBytes: blobs(amd64),
      finalBytes: 35_003,
      hiddenBytes: 40_000,
      duplicateBytes: 0,
      junkBytes: 0,
      wasteBytes: 40_000,
      efficiency: 1 - 40_000 / 75_003,
      layerCount: 2,
      finalFiles: 3,
    });
    expect(a.layers.map((l) => [l.blobDigest, l.mediaType, l.compressedBytes])).toEqual([
      [amd64.layers[0].digest, 'application/vnd.oci.image.layer.v1.tar+gzip', amd64.layers[0].blob.length],
      [null, null, null],
      [amd64.layers[1].digest, 'application/vnd.oci.image.layer.v1.tar+gzip', amd64.layers[1].blob.length],
    ]);
  }

  test('--platform linux/amd64, and the default, pick the amd64 entry', async () => {
    const picked = await runCli(['analyze', ref, '--json', '--platform', 'linux/amd64']);
    expect({ code: picked.code, stderr: picked.stderr }).toEqual({ code: 0, stderr: '' });
    const explicit = JSON.parse(picked.stdout) as Analysis;
    expectAmd64(explicit);
    const byDefault = await analyzeJson(ref);
    expect(byDefault).toEqual(explicit);
  });

  test('--platform linux/arm64/v8 (and linux/arm64) pick the arm64 entry: a plain and a zstd layer', async () => {
    const r = await runCli(['analyze', ref, '--json', '--platform', 'linux/arm64/v8']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const a = JSON.parse(r.stdout) as Analysis;
    expect([a.image.os, a.image.architecture, a.image.variant, a.image.id, a.image.manifestDigest]).toEqual(['linux', 'arm64', 'v8', arm64.configDigest, arm64.manifestDigest]);
    // arm-a and arm-b are the same 7,000 bytes: one is a duplicate.
    expect(a.totals).toMatchObject({ layerBytes: 39_000, finalBytes: 39_000, hiddenBytes: 0, duplicateBytes: 7_000, layerCount: 2, finalFiles: 3 });
    // A plain tar has no compressed size, so neither has the image.
    expect(a.totals.compressedBytes).toBeNull();
    expect(a.layers.map((l) => [l.blobDigest, l.mediaType, l.compressedBytes])).toEqual([
      [null, 'application/vnd.oci.image.layer.v1.tar', null],
      [arm64.layers[1].digest, 'application/vnd.oci.image.layer.v1.tar+zstd', arm64.layers[1].blob.length],
    ]);
    const noVariant = await runCli(['analyze', ref, '--json', '--platform', 'linux/arm64']);
    expect(noVariant.code).toBe(0);
    expect(JSON.parse(noVariant.stdout)).toEqual(a);
  });

  test('a manifest digest reads that manifest; the index digest with --platform picks from the index', async () => {
    const byDigest = await analyzeJson(registry.ref(`multi@${arm64.manifestDigest}`));
    expect(byDigest.image.manifestDigest).toBe(arm64.manifestDigest);
    expect(byDigest.image.tags).toEqual([]);
    const index = await readManifest(registry, 'multi', '1');
    const viaIndex = await runCli(['analyze', registry.ref(`multi@${index.digest}`), '--json', '--platform', 'linux/arm64/v8']);
    expect(viaIndex.code).toBe(0);
    expect({ ...(JSON.parse(viaIndex.stdout) as Analysis), source: null }).toEqual({ ...byDigest, source: null });
  });

  test('a platform the index lacks: one line listing the platforms it has', async () => {
    const line = expectOneLineError(await runCli(['analyze', ref, '--platform', 'linux/s390x']));
    expect(line).toBe(`imgdiet: ${registry.host}/multi:1 has no image for platform linux/s390x; it has: linux/amd64, linux/arm64/v8. Choose one with --platform`);
  });
});
