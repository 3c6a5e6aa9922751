/**
 * Builds container images in memory for tests: layers from lists of tar entries, real diffIDs and digests,
 * and writers for every layout imgdiet reads (docker-archive legacy and Docker 25+, OCI layout dir and archive).
 * Nothing here uses Docker or the code under test; writers return plain file lists so that a test can drop or
 * reorder files before the tar is made.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as tar from 'tar-stream';

/** Fixed so that every build of the same spec gives the same bytes. */
const MTIME = new Date('2024-01-01T00:00:00Z');

export type Compression = 'none' | 'gzip' | 'zstd';

/** How a name too long for a ustar header is written: a PAX `path=` record or a GNU `././@LongLink` entry. */
export type LongName = 'pax' | 'gnu';

/** One entry of a layer tar. */
export interface Entry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link';
  content?: Buffer;
  linkname?: string;
  mode?: number;
  longName?: LongName;
}

export function file(name: string, content: string | Buffer, opts: { mode?: number; longName?: LongName } = {}): Entry {
  return { name, type: 'file', content: Buffer.from(content), ...opts };
}

export function dir(name: string, mode = 0o755): Entry {
  return { name, type: 'directory', mode };
}

export function symlink(name: string, target: string): Entry {
  return { name, type: 'symlink', linkname: target };
}

export function hardlink(name: string, target: string): Entry {
  return { name, type: 'link', linkname: target };
}

/** `.wh.NAME` next to NAME: deletes NAME from the lower layers. */
export function whiteout(name: string): Entry {
  const cut = name.lastIndexOf('/');
  return file(`${name.slice(0, cut + 1)}.wh.${name.slice(cut + 1)}`, '');
}

/** `DIR/.wh..wh..opq`: hides everything the lower layers had under DIR. */
export function opaque(dirName: string): Entry {
  return file(`${dirName.replace(/\/$/, '')}/.wh..wh..opq`, '');
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Tar bytes of one entry without the end-of-archive blocks. */
async function packOne(header: Partial<tar.Header> & { name: string }, content?: Buffer): Promise<Buffer> {
  const pack = tar.pack();
  if (content) pack.entry({ mtime: MTIME, ...header }, content);
  else pack.entry({ mtime: MTIME, ...header });
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack) parts.push(chunk as Buffer);
  const all = Buffer.concat(parts);
  return all.subarray(0, all.length - 1024);
}

/** A GNU `L` entry carrying the next entry's full name (tar-stream packs only PAX, so the type byte is patched). */
async function gnuLongName(name: string): Promise<Buffer> {
  const block = await packOne({ name: '././@LongLink', type: 'file', mode: 0 }, Buffer.from(`${name}\0`));
  block[156] = 'L'.charCodeAt(0);
  block.write('ustar  \0', 257, 'latin1'); // GNU magic and version
  block.fill(' ', 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += block[i];
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** An uncompressed layer tar, entries in the order given. */
export async function layerTar(entries: Entry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const header = { name: e.name, type: e.type, mode: e.mode ?? (e.type === 'directory' ? 0o755 : 0o644), linkname: e.linkname };
    if (e.longName === 'gnu') {
      parts.push(await gnuLongName(e.name));
      header.name = e.name.slice(0, 100);
    }
    parts.push(await packOne(e.longName === 'pax' ? { ...header, pax: {} } : header, e.content));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function compress(data: Buffer, compression: Compression): Buffer {
  if (compression === 'gzip') return zlib.gzipSync(data);
  if (compression === 'zstd') return execFileSync('/usr/bin/zstd', ['-q', '-c'], { input: data });
  return data;
}

const LAYER_MEDIA: Record<Compression, string> = {
  none: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};
const MANIFEST_MEDIA = 'application/vnd.oci.image.manifest.v1+json';
const INDEX_MEDIA = 'application/vnd.oci.image.index.v1+json';
const CONFIG_MEDIA = 'application/vnd.oci.image.config.v1+json';

/** One history entry; with `entries` it also adds a layer, without it is an empty_layer entry (ENV, CMD…). */
export interface Step {
  createdBy: string;
  entries?: Entry[];
  compression?: Compression;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ImageSpec {
  steps: Step[];
  platform?: Platform;
  /** The `config` object of the image config (User, Env, Cmd…). */
  config?: Record<string, unknown>;
  /** Keep only the first N history entries; 0 leaves `history` out. All kept when absent. */
  historyLength?: number;
}

export interface BuiltLayer {
  /** Uncompressed tar. */
  tar: Buffer;
  /** The blob as stored. */
  blob: Buffer;
  /** sha256:… of `tar`. */
  diffId: string;
  /** sha256:… of `blob`. */
  digest: string;
  compression: Compression;
  mediaType: string;
}

export interface BuiltImage {
  layers: BuiltLayer[];
  config: Buffer;
  configDigest: string;
  manifest: Buffer;
  manifestDigest: string;
  platform: Platform;
}

export async function buildImage(spec: ImageSpec): Promise<BuiltImage> {
  const layers: BuiltLayer[] = [];
  for (const step of spec.steps) {
    if (!step.entries) continue;
    const compression = step.compression ?? 'none';
    const tarBytes = await layerTar(step.entries);
    const blob = compress(tarBytes, compression);
    layers.push({ tar: tarBytes, blob, diffId: `sha256:${sha256(tarBytes)}`, digest: `sha256:${sha256(blob)}`, compression, mediaType: LAYER_MEDIA[compression] });
  }
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
  const history = spec.steps
    .map((s, i) => ({ created: new Date(MTIME.getTime() + i * 1000).toISOString(), created_by: s.createdBy, ...(s.entries ? {} : { empty_layer: true }) }))
    .slice(0, spec.historyLength);
  const config = Buffer.from(
    JSON.stringify({
      ...platform,
      created: MTIME.toISOString(),
      config: spec.config ?? {},
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      ...(spec.historyLength === 0 ? {} : { history }),
    }),
  );
  const configDigest = `sha256:${sha256(config)}`;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_MEDIA,
      config: { mediaType: CONFIG_MEDIA, digest: configDigest, size: config.length },
      layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.blob.length })),
    }),
  );
  return { layers, config, configDigest, manifest, manifestDigest: `sha256:${sha256(manifest)}`, platform };
}

/** A file of an outer archive or layout directory: content, or a symlink when `linkname` is set. */
export interface ArchiveFile {
  name: string;
  data?: Buffer;
  linkname?: string;
}

function json(name: string, value: unknown): ArchiveFile {
  return { name, data: Buffer.from(JSON.stringify(value)) };
}

function hex(digest: string): string {
  return digest.slice('sha256:'.length);
}

function blobFile(digest: string, data: Buffer): ArchiveFile {
  return { name: `blobs/sha256/${hex(digest)}`, data };
}

export async function tarFiles(files: ArchiveFile[]): Promise<Buffer> {
  return layerTar(files.map((f) => (f.linkname !== undefined ? symlink(f.name, f.linkname) : file(f.name, f.data ?? ''))));
}

export interface Tagged {
  image: BuiltImage;
  tags?: string[];
}

/** Legacy v1 layer ids: a chain over the diffIDs, so that images sharing a base share directories. */
function legacyIds(image: BuiltImage): string[] {
  let parent = '';
  return image.layers.map((l) => (parent = sha256(`${parent} ${l.diffId}`)));
}

/**
 * `docker save` before Docker 25: `<id>/layer.tar` (+ VERSION, json), `<config hex>.json`, then `manifest.json`
 * and `repositories`. `layerOrder` permutes the layer directories (indexes into all distinct layers, first image
 * first), as a legacy stream writes them in no particular order.
 */
export function legacyArchiveFiles(images: Tagged[], layerOrder?: number[]): ArchiveFile[] {
  const layerDirs = new Map<string, ArchiveFile[]>();
  for (const { image } of images) {
    legacyIds(image).forEach((id, i) => {
      layerDirs.set(id, [
        { name: `${id}/VERSION`, data: Buffer.from('1.0') },
        json(`${id}/json`, { id, ...(i > 0 ? { parent: legacyIds(image)[i - 1] } : {}) }),
        { name: `${id}/layer.tar`, data: image.layers[i].blob },
      ]);
    });
  }
  const dirs = [...layerDirs.values()];
  const ordered = (layerOrder ?? dirs.map((_, i) => i)).map((i) => dirs[i]);
  const repositories: Record<string, Record<string, string>> = {};
  for (const { image, tags } of images) {
    for (const t of tags ?? []) {
      const cut = t.lastIndexOf(':');
      (repositories[t.slice(0, cut)] ??= {})[t.slice(cut + 1)] = legacyIds(image).at(-1) ?? '';
    }
  }
  return [
    ...ordered.flat(),
    ...images.map(({ image }) => ({ name: `${hex(image.configDigest)}.json`, data: image.config })),
    json(
      'manifest.json',
      images.map(({ image, tags }) => ({
        Config: `${hex(image.configDigest)}.json`,
        RepoTags: tags ?? null,
        Layers: legacyIds(image).map((id) => `${id}/layer.tar`),
      })),
    ),
    json('repositories', repositories),
  ];
}

/**
 * `docker save` from Docker 25 on: an OCI layout (`blobs/sha256`, `index.json`, `oci-layout`) plus `manifest.json`
 * whose Config and Layers point into blobs/. With `legacyLinks`, `<id>/layer.tar` symlinks into blobs/ are added
 * and manifest.json names those instead.
 */
export function docker25ArchiveFiles(images: Tagged[], opts: { legacyLinks?: boolean } = {}): ArchiveFile[] {
  const blobs = new Map<string, ArchiveFile>();
  const links: ArchiveFile[] = [];
  for (const { image } of images) {
    for (const l of image.layers) blobs.set(l.digest, blobFile(l.digest, l.blob));
    blobs.set(image.configDigest, blobFile(image.configDigest, image.config));
    blobs.set(image.manifestDigest, blobFile(image.manifestDigest, image.manifest));
  }
  const layerPath = (image: BuiltImage, i: number): string => {
    if (!opts.legacyLinks) return `blobs/sha256/${hex(image.layers[i].digest)}`;
    const id = legacyIds(image)[i];
    links.push({ name: `${id}/layer.tar`, linkname: `../blobs/sha256/${hex(image.layers[i].digest)}` });
    return `${id}/layer.tar`;
  };
  const manifest = images.map(({ image, tags }) => ({
    Config: `blobs/sha256/${hex(image.configDigest)}`,
    RepoTags: tags ?? null,
    Layers: image.layers.map((_, i) => layerPath(image, i)),
  }));
  const index = {
    schemaVersion: 2,
    mediaType: INDEX_MEDIA,
    manifests: images.flatMap(({ image, tags }) =>
      (tags ?? [undefined]).map((t) => ({
        mediaType: MANIFEST_MEDIA,
        digest: image.manifestDigest,
        size: image.manifest.length,
        ...(t ? { annotations: { 'io.containerd.image.name': `docker.io/library/${t}`, 'org.opencontainers.image.ref.name': t.slice(t.lastIndexOf(':') + 1) } } : {}),
      })),
    ),
  };
  return [...blobs.values(), ...links, json('index.json', index), json('manifest.json', manifest), json('oci-layout', { imageLayoutVersion: '1.0.0' }), json('repositories', {})];
}

/** What an OCI index.json lists: one image, or an image index blob that lists several platforms. */
export type IndexItem = { image: BuiltImage; ref?: string; platform?: boolean } | { platforms: BuiltImage[]; ref?: string };

function descriptor(image: BuiltImage, withPlatform: boolean, ref?: string): Record<string, unknown> {
  return {
    mediaType: MANIFEST_MEDIA,
    digest: image.manifestDigest,
    size: image.manifest.length,
    ...(withPlatform ? { platform: image.platform } : {}),
    ...(ref ? { annotations: { 'org.opencontainers.image.ref.name': ref } } : {}),
  };
}

/** An OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/…`), as skopeo writes it. */
export function ociLayoutFiles(items: IndexItem[]): ArchiveFile[] {
  const blobs = new Map<string, ArchiveFile>();
  const addImage = (image: BuiltImage): void => {
    for (const l of image.layers) blobs.set(l.digest, blobFile(l.digest, l.blob));
    blobs.set(image.configDigest, blobFile(image.configDigest, image.config));
    blobs.set(image.manifestDigest, blobFile(image.manifestDigest, image.manifest));
  };
  const manifests = items.map((item) => {
    if ('image' in item) {
      addImage(item.image);
      return descriptor(item.image, item.platform ?? false, item.ref);
    }
    item.platforms.forEach(addImage);
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX_MEDIA, manifests: item.platforms.map((p) => descriptor(p, true)) }));
    const digest = `sha256:${sha256(index)}`;
    blobs.set(digest, blobFile(digest, index));
    return { mediaType: INDEX_MEDIA, digest, size: index.length, ...(item.ref ? { annotations: { 'org.opencontainers.image.ref.name': item.ref } } : {}) };
  });
  return [json('oci-layout', { imageLayoutVersion: '1.0.0' }), json('index.json', { schemaVersion: 2, mediaType: INDEX_MEDIA, manifests }), ...blobs.values()];
}

const temps: string[] = [];

/** A fresh directory under os.tmpdir(); removeTemps() deletes it. */
export function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-test-'));
  temps.push(d);
  return d;
}

/** Writes files (symlinks included) into a fresh temp directory and returns its path. */
export function writeDir(files: ArchiveFile[]): string {
  const root = tempDir();
  for (const f of files) {
    const to = path.join(root, f.name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (f.linkname !== undefined) fs.symlinkSync(f.linkname, to);
    else fs.writeFileSync(to, f.data ?? '');
  }
  return root;
}

/** Writes bytes to a file in a fresh temp directory and returns its path. */
export function writeTemp(name: string, data: Buffer): string {
  const to = path.join(tempDir(), name);
  fs.writeFileSync(to, data);
  return to;
}

export function removeTemps(): void {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}
