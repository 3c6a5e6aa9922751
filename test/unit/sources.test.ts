/**
 * One image, every way imgdiet can read it: each source must give the same analysis (a shared correctness
 * suite, as go-containerregistry runs against every source), plus what only that source knows.
 */
import { analyzeImage, AnalysisResult } from '../../src/pipeline';
import type { Analysis } from '../../src/model';
import { analyzeArchive, analyzeLayoutDir, fakeEngine } from '../helpers/analyze-built';
import { ArchiveFile, buildImage, BuiltImage, dir, docker25ArchiveFiles, file, hardlink, legacyArchiveFiles, ociLayoutFiles, opaque, removeTemps, sha256, Step, tarFiles, whiteout } from '../helpers/image-builder';

afterAll(removeTemps);

const BIN = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 251));
const DUP = 'd'.repeat(700);
const TAG = 'shop/app:1.0';

const STEPS: Step[] = [
  {
    createdBy: '/bin/sh -c #(nop) ADD file:base in / ',
    compression: 'gzip',
    entries: [dir('bin/'), file('bin/app', BIN, { mode: 0o755 }), dir('etc/'), file('etc/conf', 'conf-v1'), dir('etc/cache/'), file('etc/cache/c', 'cache!'), file('dup1', DUP)],
  },
  { createdBy: '/bin/sh -c #(nop)  ENV MODE=prod' },
  {
    createdBy: 'RUN /bin/sh -c edit # buildkit',
    compression: 'zstd',
    entries: [dir('etc/'), file('etc/conf', 'conf-version-2'), file('dup2', DUP), whiteout('bin/app')],
  },
  {
    createdBy: 'COPY . . # buildkit',
    entries: [dir('etc/'), opaque('etc/cache'), file('etc/cache/fresh', 'f'), hardlink('dup1-link', 'dup2'), file('empty', '')],
  },
  // What the legacy builder commits for a RUN that changes nothing: a tar with no entries.
  { createdBy: '/bin/sh -c true', entries: [] },
];

/** What every source must agree on, exactly. */
function expectSharedAnalysis(a: Analysis, image: BuiltImage): void {
  const [l0, l2, l3, l4] = image.layers;
  expect(a.layers.map((l) => [l.index, l.instruction, l.emptyLayer, l.digest, l.sizeBytes, l.compressedBytes, l.hiddenBytes, l.files, l.whiteouts])).toEqual([
    [0, 'ADD file:base in /', false, l0.diffId, 5713, l0.blob.length, 5013, 4, 0],
    [1, 'ENV MODE=prod', true, null, 0, null, 0, 0, 0],
    [2, 'RUN edit', false, l2.diffId, 714, l2.blob.length, 0, 2, 1],
    [3, 'COPY . .', false, l3.diffId, 1, null, 0, 3, 1],
    [4, 'RUN true', false, l4.diffId, 0, null, 0, 0, 0],
  ]);
  expect(a.hidden).toEqual([
    { path: 'bin/app', bytes: 5000, addedByLayer: 0, hiddenByLayer: 2, reason: 'deleted' },
    { path: 'etc/conf', bytes: 7, addedByLayer: 0, hiddenByLayer: 2, reason: 'overwritten' },
    { path: 'etc/cache/c', bytes: 6, addedByLayer: 0, hiddenByLayer: 3, reason: 'opaque' },
  ]);
  expect(a.duplicates).toEqual([{ sha256: sha256(DUP), sizeBytes: 700, paths: ['dup1', 'dup1-link'], wastedBytes: 700 }]);
  expect(a.totals).toEqual({
    layerBytes: 6428,
    compressedBytes: null, // two layers are plain tars
    finalBytes: 1415,
    hiddenBytes: 5013,
    junkBytes: 0, // no cache or junk paths in this image
    duplicateBytes: 700,
    wasteBytes: 5713,
    efficiency: 1 - 5713 / 6428,
    layerCount: 4,
    finalFiles: 6,
  });
  expect(a.image).toMatchObject({ id: image.configDigest, os: 'linux', architecture: 'amd64', variant: null, created: '2024-01-01T00:00:00.000Z' });
}

async function viaEngine(files: ArchiveFile[]): Promise<AnalysisResult> {
  return analyzeImage(`docker-daemon:${TAG}`, { engine: fakeEngine(await tarFiles(files)) });
}

/** Moves manifest.json and the configs ahead of the layers. */
function metadataFirst(files: ArchiveFile[]): ArchiveFile[] {
  const meta = (f: ArchiveFile) => f.name === 'manifest.json' || f.name.endsWith('.json') && !f.name.includes('/');
  return [...files.filter(meta), ...files.filter((f) => !meta(f))];
}

interface Expected {
  transport: Analysis['source']['transport'];
  tags: string[];
  manifestDigest: 'known' | null;
  /** Whether layers name their stored blob (digest and media type) apart from the diffID. */
  blobs: boolean;
}

const LEGACY: Expected = { transport: 'docker-archive', tags: [TAG], manifestDigest: null, blobs: false };
const DOCKER25: Expected = { transport: 'docker-archive', tags: [TAG], manifestDigest: null, blobs: true };
const OCI = (transport: Analysis['source']['transport']): Expected => ({ transport, tags: ['1.0'], manifestDigest: 'known', blobs: true });

const SOURCES: Array<[string, (image: BuiltImage) => Promise<AnalysisResult>, Expected]> = [
  ['docker-archive, legacy layout', (image) => analyzeArchive(legacyArchiveFiles([{ image, tags: [TAG] }])), LEGACY],
  ['docker-archive, legacy layout, layer tars in reverse order', (image) => analyzeArchive(legacyArchiveFiles([{ image, tags: [TAG] }], [3, 2, 1, 0])), LEGACY],
  ['docker-archive, legacy layout, layers shuffled after the metadata', (image) => analyzeArchive(metadataFirst(legacyArchiveFiles([{ image, tags: [TAG] }], [2, 0, 3, 1]))), LEGACY],
  ['docker-archive, Docker 25+ layout', (image) => analyzeArchive(docker25ArchiveFiles([{ image, tags: [TAG] }])), DOCKER25],
  ['docker-archive, Docker 25+ layout through <id>/layer.tar links', (image) => analyzeArchive(docker25ArchiveFiles([{ image, tags: [TAG] }], { legacyLinks: true })), DOCKER25],
  ['OCI layout directory', (image) => analyzeLayoutDir(ociLayoutFiles([{ image, ref: '1.0' }])), OCI('oci')],
  ['oci-archive', (image) => analyzeArchive(ociLayoutFiles([{ image, ref: '1.0' }]), 'oci-archive'), OCI('oci-archive')],
  ['oci-archive named as docker-archive (found while reading)', (image) => analyzeArchive(ociLayoutFiles([{ image, ref: '1.0' }])), OCI('oci-archive')],
  ['engine, legacy save stream, layer tars in reverse order', (image) => viaEngine(legacyArchiveFiles([{ image, tags: [TAG] }], [3, 2, 1, 0])), { ...LEGACY, transport: 'docker-daemon' }],
  ['engine, Docker 25+ save stream', (image) => viaEngine(docker25ArchiveFiles([{ image, tags: [TAG] }])), { ...DOCKER25, transport: 'docker-daemon' }],
];

describe.each(SOURCES)('%s', (_name, read, expected) => {
  let image: BuiltImage;
  let analysis: Analysis;
  beforeAll(async () => {
    image = await buildImage({ steps: STEPS });
    ({ analysis } = await read(image));
  });

  it('gives the shared analysis, exactly', () => {
    expectSharedAnalysis(analysis, image);
  });

  it('says where the image came from and what the source knows of it', () => {
    expect(analysis.source.transport).toBe(expected.transport);
    expect(analysis.image.tags).toEqual(expected.tags);
    expect(analysis.image.manifestDigest).toBe(expected.manifestDigest && image.manifestDigest);
    const [l0, l2, l3] = image.layers;
    expect(analysis.layers.filter((l) => !l.emptyLayer).slice(0, 3).map((l) => [l.blobDigest, l.mediaType])).toEqual(
      expected.blobs
        ? [
            [l0.digest, expected.transport === 'oci' || expected.transport === 'oci-archive' ? l0.mediaType : null],
            [l2.digest, expected.transport === 'oci' || expected.transport === 'oci-archive' ? l2.mediaType : null],
            [null, expected.transport === 'oci' || expected.transport === 'oci-archive' ? l3.mediaType : null],
          ]
        : [
            [null, null],
            [null, null],
            [null, null],
          ],
    );
  });
});

describe('compressed sizes', () => {
  it('are known for every layer of an all-compressed image, and add up', async () => {
    const image = await buildImage({
      steps: [
        { createdBy: 'ADD a', compression: 'gzip', entries: [file('a', 'a'.repeat(10_000))] },
        { createdBy: 'ADD b', compression: 'zstd', entries: [file('b', 'b'.repeat(20_000))] },
      ],
    });
    const { analysis } = await analyzeLayoutDir(ociLayoutFiles([{ image }]));
    const sizes = image.layers.map((l) => l.blob.length);
    expect(analysis.layers.map((l) => l.compressedBytes)).toEqual(sizes);
    expect(analysis.totals.compressedBytes).toBe(sizes[0] + sizes[1]);
    expect(analysis.totals.layerBytes).toBe(30_000);
  });
});

describe('image config', () => {
  it('is reported as the config says, with a healthcheck of NONE as none', async () => {
    const config = {
      User: 'app',
      Entrypoint: ['python'],
      Cmd: ['app.py'],
      Env: ['PATH=/usr/bin', 'MODE=prod'],
      WorkingDir: '/srv',
      ExposedPorts: { '8080/tcp': {}, '5000/tcp': {} },
      Labels: { 'org.opencontainers.image.source': 'https://example.com/shop' },
      StopSignal: 'SIGINT',
      Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost:5000/'], Interval: 30e9, Retries: 3 },
    };
    const steps = [{ createdBy: 'ADD a', entries: [file('a', 'a')] }];
    const platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    const image = await buildImage({ steps, config, platform });
    const { analysis } = await analyzeLayoutDir(ociLayoutFiles([{ image }]));
    expect(analysis.image).toMatchObject({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(analysis.image.config).toEqual({
      user: 'app',
      entrypoint: ['python'],
      cmd: ['app.py'],
      env: ['PATH=/usr/bin', 'MODE=prod'],
      workingDir: '/srv',
      exposedPorts: ['5000/tcp', '8080/tcp'],
      labels: { 'org.opencontainers.image.source': 'https://example.com/shop' },
      stopSignal: 'SIGINT',
      healthcheck: { test: ['CMD-SHELL', 'curl -f http://localhost:5000/'], intervalNs: 30e9, timeoutNs: null, startPeriodNs: null, retries: 3 },
    });

    const none = await buildImage({ steps, config: { Healthcheck: { Test: ['NONE'] } } });
    const { analysis: b } = await analyzeLayoutDir(ociLayoutFiles([{ image: none }]));
    expect(b.image.config).toMatchObject({ user: '', entrypoint: null, cmd: null, env: [], healthcheck: null, labels: {} });
  });
});
