/** Bad input: each case ends in one InputError whose single line says what is wrong, never a hang or a crash. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeImage } from '../../src/pipeline';
import type { EngineClient } from '../../src/analyze/sources/engine';
import { analyzeArchive, analyzeLayoutDir, fakeEngine, inputError } from '../helpers/analyze-built';
import { ArchiveFile, buildImage, BuiltImage, dir, docker25ArchiveFiles, file, legacyArchiveFiles, ociLayoutFiles, removeTemps, tarFiles, writeDir, writeTemp } from '../helpers/image-builder';

afterAll(removeTemps);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

let image: BuiltImage;
beforeAll(async () => {
  image = await buildImage({
    steps: [
      { createdBy: 'ADD base', compression: 'gzip', entries: [dir('usr/'), file('usr/big', Buffer.alloc(200_000, 7)), file('usr/small', 'small')] },
      { createdBy: 'RUN x', entries: [file('x', 'x'.repeat(3000))] },
    ],
  });
});

const hex = (digest: string): string => digest.slice('sha256:'.length);

/** Analyzes bytes written to a temp file, named by its bare path as a user would. */
async function analyzeBytes(bytes: Buffer, name = 'image.tar') {
  const file = writeTemp(name, bytes);
  return { file, result: analyzeImage(file) };
}

/** Replaces one file's content in a file list. */
function withData(files: ArchiveFile[], name: string, change: (data: Buffer) => Buffer): ArchiveFile[] {
  return files.map((f) => (f.name === name ? { ...f, data: change(f.data as Buffer) } : f));
}

/** Flips bytes in the middle of a blob. */
const corrupt = (data: Buffer): Buffer => {
  const copy = Buffer.from(data);
  for (let i = Math.floor(copy.length / 2); i < Math.floor(copy.length / 2) + 16; i++) copy[i] ^= 0x5a;
  return copy;
};

describe('a truncated archive', () => {
  it.each([0.3, 0.6, 0.95])('cut at %p of its length is reported as truncated', async (fraction) => {
    const archive = await tarFiles(legacyArchiveFiles([{ image, tags: ['t:1'] }]));
    const { file, result } = await analyzeBytes(archive.subarray(0, Math.floor(archive.length * fraction)));
    expect(await inputError(result)).toMatch(new RegExp(`^${escape(file)}.*truncated`));
  });

  it('cut between members, before manifest.json, is reported as no image (truncated?)', async () => {
    const files = legacyArchiveFiles([{ image, tags: ['t:1'] }]);
    const layersOnly = await tarFiles(files.filter((f) => f.name.includes('/')));
    const { file, result } = await analyzeBytes(layersOnly.subarray(0, layersOnly.length - 1024)); // no end-of-archive blocks
    expect(await inputError(result)).toBe(`${file} is not an image archive: it has neither manifest.json nor index.json (truncated?)`);
  });

  it('streamed from the engine, ends in an error, not a hang', async () => {
    const archive = await tarFiles(legacyArchiveFiles([{ image, tags: ['t:1'] }]));
    const engine = fakeEngine(archive.subarray(0, archive.length / 2));
    expect(await inputError(analyzeImage('docker-daemon:t:1', { engine }))).toMatch(/^docker-daemon:t:1 is not a readable image archive/);
  });
});

describe('a corrupt layer', () => {
  it('gzip data that fails to inflate names the layer', async () => {
    const [gz] = image.layers;
    const files = withData(ociLayoutFiles([{ image }]), `blobs/sha256/${hex(gz.digest)}`, corrupt);
    const message = await inputError(analyzeArchive(files, 'oci-archive'));
    // The damage lies after the tar's end, which is not decompressed: the blob's digest catches it.
    expect(message).toMatch(new RegExp(`^/.*/image\\.tar: layer blobs/sha256/${hex(gz.digest)}(: gzip| does not match its digest)`));
  });

  it('gzip data that fails to inflate, streamed from the engine, names the image and the layer', async () => {
    const [gz] = image.layers;
    const files = withData(docker25ArchiveFiles([{ image, tags: ['t:1'] }]), `blobs/sha256/${hex(gz.digest)}`, corrupt);
    const engine = fakeEngine(await tarFiles(files));
    expect(await inputError(analyzeImage('docker-daemon:t:1', { engine }))).toMatch(new RegExp(`^docker-daemon:t:1: layer blobs/sha256/${hex(gz.digest)}(: gzip| does not match its digest)`));
  });

  it('a gzip blob cut short in an OCI layout names the layer', async () => {
    const [gz] = image.layers;
    const files = withData(ociLayoutFiles([{ image }]), `blobs/sha256/${hex(gz.digest)}`, (d) => d.subarray(0, d.length - 100));
    // Its size no longer matches its descriptor: refused before a byte is decompressed.
    expect(await inputError(analyzeLayoutDir(files))).toMatch(new RegExp(`^oci:/.*: layer ${gz.digest} is \\d+ bytes, but its descriptor says \\d+`));
  });

  it('a plain layer tar with a damaged header names the layer', async () => {
    const plain = image.layers[1];
    const files = withData(docker25ArchiveFiles([{ image, tags: ['t:1'] }]), `blobs/sha256/${hex(plain.digest)}`, (d) => {
      const copy = Buffer.from(d);
      copy[0] ^= 0xff; // the first header's name: its checksum no longer matches
      copy[257] = 0x75; // keep the ustar magic readable so the member is still taken for a layer
      return copy;
    });
    expect(await inputError(analyzeArchive(files))).toContain(hex(plain.digest));
  });
});

describe('a file that is not an image', () => {
  it.each([
    ['text', Buffer.from('hello, this is not a tar\n'.repeat(100)), /not a readable image archive/],
    ['JSON', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [] })), /not a readable image archive/],
    ['empty', Buffer.alloc(0), /not (a readable image|an image) archive/],
  ])('(%s) says so', async (_what, bytes, pattern) => {
    const { file, result } = await analyzeBytes(bytes, 'notes.tar');
    const message = await inputError(result);
    expect(message).toMatch(pattern);
    expect(message.startsWith(file)).toBe(true);
  });

  it('a tar of ordinary files says it has no manifest.json or index.json', async () => {
    const { file, result } = await analyzeBytes(await tarFiles([{ name: 'README', data: Buffer.from('hi') }, { name: 'src/a.c', data: Buffer.from('int x;') }]));
    expect(await inputError(result)).toBe(`${file} is not an image archive: it has neither manifest.json nor index.json (truncated?)`);
  });

  it('a directory without oci-layout and index.json, read as an OCI layout, says what is missing', async () => {
    const d = writeDir([{ name: 'hello.txt', data: Buffer.from('hi') }]);
    expect(await inputError(analyzeImage(`oci:${d}`))).toMatch(/oci-layout is missing/);
  });
});

describe('several images and no selector', () => {
  it('asks which one', async () => {
    const other = await buildImage({ steps: [{ createdBy: 'ADD o', entries: [file('o', 'o')] }] });
    const files = legacyArchiveFiles([{ image, tags: ['t:1'] }, { image: other, tags: ['o:1'] }]);
    expect(await inputError(analyzeArchive(files))).toMatch(/holds 2 images \(t:1, o:1\); name one/);
  });
});

describe('a missing layer blob', () => {
  const drop = (files: ArchiveFile[], name: string): ArchiveFile[] => {
    expect(files.some((f) => f.name === name)).toBe(true);
    return files.filter((f) => f.name !== name);
  };

  it('in a legacy docker-archive names the layer.tar', async () => {
    const files = legacyArchiveFiles([{ image, tags: ['t:1'] }]);
    const layerTar = files.filter((f) => f.name.endsWith('/layer.tar'))[1].name;
    expect(await inputError(analyzeArchive(drop(files, layerTar)))).toMatch(new RegExp(`layer ${escape(layerTar)} is missing`));
  });

  it('in a Docker 25+ docker-archive names the blob', async () => {
    const blob = `blobs/sha256/${hex(image.layers[0].digest)}`;
    const files = drop(docker25ArchiveFiles([{ image, tags: ['t:1'] }]), blob);
    expect(await inputError(analyzeArchive(files))).toMatch(new RegExp(`layer ${escape(blob)} is missing`));
  });

  it.each([
    ['oci-archive', (files: ArchiveFile[]) => analyzeArchive(files, 'oci-archive')],
    ['OCI layout directory', (files: ArchiveFile[]) => analyzeLayoutDir(files)],
  ])('in an %s names the digest', async (_what, read) => {
    const digest = image.layers[1].digest;
    const files = drop(ociLayoutFiles([{ image }]), `blobs/sha256/${hex(digest)}`);
    expect(await inputError(read(files))).toMatch(new RegExp(`layer ${digest} is missing`));
  });

  it('of the config, in an OCI layout directory, names the config', async () => {
    const files = drop(ociLayoutFiles([{ image }]), `blobs/sha256/${hex(image.configDigest)}`);
    expect(await inputError(analyzeLayoutDir(files))).toMatch(new RegExp(`config ${image.configDigest} is missing`));
  });
});

describe('the engine', () => {
  const engine = (err: object): EngineClient => ({
    address: 'unix:///run/test.sock',
    inspect: async () => Promise.reject(Object.assign(new Error('boom'), err)),
    save: async () => Promise.reject(new Error('not called')),
  });

  it('without the image says so and where it looked', async () => {
    expect(await inputError(analyzeImage('shop/none:1', { engine: engine({ statusCode: 404 }) }))).toBe(
      'image shop/none:1 is not in the Docker engine at unix:///run/test.sock; build or pull it first, or give an archive path',
    );
  });

  it('out of reach says how to reach it', async () => {
    expect(await inputError(analyzeImage('shop/app:1', { engine: engine({ code: 'ECONNREFUSED' }) }))).toBe(
      'cannot reach the Docker engine at unix:///run/test.sock (ECONNREFUSED); start dockerd or set DOCKER_HOST',
    );
  });
});

describe('a missing path', () => {
  it('is reported by name', async () => {
    const missing = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'imgdiet-none-')), 'gone.tar');
    expect(await inputError(analyzeImage(`docker-archive:${missing}`))).toBe(`${missing}: no such file; give the path of a docker save or OCI archive`);
    fs.rmSync(path.dirname(missing), { recursive: true });
  });
});
