/**
 * Writes tars, zstd frames and image archives/layouts byte by byte, so that any field can be made wrong on
 * purpose. Only what the hostile-input generator needs; nothing here is used by imgdiet itself.
 */
import { createHash } from 'node:crypto';
import { Xxh64 } from '../../src/analyze/layers/xxh64';

export interface TarItem {
  name: string;
  /** Typeflag: '0' file (default), '1' hard link, '2' symlink, '5' directory, 'x' PAX, 'g' global PAX, 'L' GNU long name. */
  type?: string;
  data?: Buffer | string;
  linkname?: string;
  /** PAX records for this entry (written as an 'x' header before it). */
  pax?: Record<string, string>;
  /** The 12 bytes of the size field, as given (base-256, garbage, …); else the data's length in octal. */
  sizeField?: Buffer;
  /** Header size that differs from the data written (the data is still written as given). */
  size?: number;
  /** Break the header checksum. */
  badChecksum?: boolean;
}

export const BLOCK = 512;

function pad(n: number): number {
  return (BLOCK - (n % BLOCK)) % BLOCK;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

export function header(item: TarItem): Buffer {
  const b = Buffer.alloc(BLOCK);
  const data = item.data === undefined ? Buffer.alloc(0) : Buffer.from(item.data);
  b.write(item.name, 0, 100, 'utf8');
  b.write(octal(item.type === '5' ? 0o755 : 0o644, 8), 100, 'latin1');
  b.write(octal(0, 8), 108, 'latin1');
  b.write(octal(0, 8), 116, 'latin1');
  if (item.sizeField) item.sizeField.copy(b, 124, 0, 12);
  else b.write(octal(item.size ?? data.length, 12), 124, 'latin1');
  b.write(octal(1_700_000_000, 12), 136, 'latin1');
  b.write(item.type ?? '0', 156, 'latin1');
  if (item.linkname !== undefined) b.write(item.linkname, 157, 100, 'utf8');
  b.write('ustar\0', 257, 'latin1');
  b.write('00', 263, 'latin1');
  b.fill(32, 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(octal(item.badChecksum ? sum + 1 : sum, 7), 148, 'latin1');
  b[155] = 32;
  return b;
}

export function paxRecords(records: Record<string, string>): Buffer {
  const parts = Object.entries(records).map(([k, v]) => {
    const body = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(body) + 1;
    while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
    return Buffer.from(`${len}${body}`);
  });
  return Buffer.concat(parts);
}

/** One entry: its PAX header when it has one, its header, its data, padding. */
export function entry(item: TarItem): Buffer {
  const data = item.data === undefined ? Buffer.alloc(0) : Buffer.from(item.data);
  const parts: Buffer[] = [];
  // A name longer than the header's 100 bytes goes in a PAX record.
  const pax = Buffer.byteLength(item.name) > 100 && item.type !== 'x' && item.type !== 'g' ? { path: item.name, ...item.pax } : item.pax;
  if (pax) {
    const raw = paxRecords(pax);
    parts.push(header({ name: 'PaxHeader', type: 'x', data: raw }), raw, Buffer.alloc(pad(raw.length)));
  }
  parts.push(header(item), data, Buffer.alloc(pad(data.length)));
  return Buffer.concat(parts);
}

export function tar(items: TarItem[], end = true): Buffer {
  return Buffer.concat([...items.map(entry), Buffer.alloc(end ? 2 * BLOCK : 0)]);
}

export function sha256(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

export function sha512(b: Buffer): string {
  return `sha512:${createHash('sha512').update(b).digest('hex')}`;
}

/**
 * A zstd frame of raw blocks (no entropy coding, which a test need not exercise): `windowByte` is the window
 * descriptor; `checksum` adds the flag and the content's XXH64 (its low 32 bits).
 */
export function zstdFrame(data: Buffer, options: { windowByte?: number; checksum?: boolean; rle?: { byte: number; count: number } } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, options.checksum ? 0x04 : 0x00, options.windowByte ?? 0x58])];
  const blocks: Buffer[] = [];
  if (options.rle) {
    for (let left = options.rle.count; left > 0; left -= 128 * 1024) {
      const n = Math.min(left, 128 * 1024);
      blocks.push(Buffer.from([((n << 3) | (1 << 1)) & 0xff, (n >> 5) & 0xff, (n >> 13) & 0xff, options.rle.byte]));
    }
  }
  for (let at = 0; at < data.length || (blocks.length === 0 && at === 0); at += 128 * 1024) {
    const part = data.subarray(at, at + 128 * 1024);
    const h = part.length << 3;
    blocks.push(Buffer.concat([Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]), part]));
    if (data.length === 0) break;
  }
  blocks[blocks.length - 1][0] |= 1; // last block
  parts.push(...blocks);
  if (options.checksum) {
    const content = new Xxh64();
    content.update(data);
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(content.digestLow32());
    parts.push(sum);
  }
  return Buffer.concat(parts);
}

export function skippableFrame(payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(0x184d2a50, 0);
  h.writeUInt32LE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

/** The files of an image: the caller chooses a layout (docker-archive, OCI) and may replace any part. */
export interface ImageParts {
  /** Layer blobs as stored, with their uncompressed tars (for diff_ids). */
  layers: Array<{ blob: Buffer; tar: Buffer; mediaType?: string }>;
  config?: unknown;
}

export function defaultConfig(parts: ImageParts): Record<string, unknown> {
  return {
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/bin/sh'], Labels: { a: 'b' } },
    rootfs: { type: 'layers', diff_ids: parts.layers.map((l) => sha256(l.tar)) },
    history: parts.layers.map((_, i) => ({ created_by: `/bin/sh -c #(nop) ADD file:${i} in /` })),
  };
}

function json(v: unknown): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v));
}

function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

/** A Docker 25+ `docker save` archive's members (blobs named by digest, manifest.json). */
export function dockerArchiveItems(parts: ImageParts, over: { manifest?: unknown; configBytes?: Buffer; tags?: string[]; legacy?: boolean } = {}): TarItem[] {
  const config = over.configBytes ?? json(parts.config ?? defaultConfig(parts));
  const items: TarItem[] = [];
  const name = (b: Buffer, i: number): string => (over.legacy ? `${i}/layer.tar` : `blobs/sha256/${hexOf(sha256(b))}`);
  const configName = over.legacy ? `${hexOf(sha256(config))}.json` : `blobs/sha256/${hexOf(sha256(config))}`;
  items.push({ name: configName, data: config });
  parts.layers.forEach((l, i) => items.push({ name: name(l.blob, i), data: l.blob }));
  const manifest = over.manifest !== undefined ? over.manifest : [{ Config: configName, RepoTags: over.tags ?? ['hostile:latest'], Layers: parts.layers.map((l, i) => name(l.blob, i)) }];
  items.push({ name: 'manifest.json', data: json(manifest) });
  return items;
}

export interface OciOverrides {
  configBytes?: Buffer;
  manifest?: unknown;
  index?: unknown;
  ociLayout?: Buffer | null;
  /** Extra blobs by digest-path (`blobs/ALG/HEX`). */
  extra?: Map<string, Buffer>;
}

/** An OCI layout's files, by path. */
export function ociFiles(parts: ImageParts, over: OciOverrides = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const blob = (b: Buffer): { digest: string; size: number } => {
    const digest = sha256(b);
    files.set(`blobs/sha256/${hexOf(digest)}`, b);
    return { digest, size: b.length };
  };
  const config = over.configBytes ?? json(parts.config ?? defaultConfig(parts));
  const manifest =
    over.manifest ??
    {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...blob(config) },
      layers: parts.layers.map((l) => ({ mediaType: l.mediaType ?? 'application/vnd.oci.image.layer.v1.tar+gzip', ...blob(l.blob) })),
    };
  if (over.manifest !== undefined) {
    blob(config);
    parts.layers.forEach((l) => blob(l.blob));
  }
  const m = blob(json(manifest));
  const index = over.index ?? {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...m, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }],
  };
  files.set('index.json', json(index));
  if (over.ociLayout !== null) files.set('oci-layout', over.ociLayout ?? json({ imageLayoutVersion: '1.0.0' }));
  for (const [k, v] of over.extra ?? []) files.set(k, v);
  return files;
}

export function manifestDigestOf(files: Map<string, Buffer>): string {
  const index = JSON.parse(files.get('index.json')!.toString()) as { manifests: Array<{ digest: string }> };
  return index.manifests[0].digest;
}

export function filesToTar(files: Map<string, Buffer>): Buffer {
  return tar([...files].map(([name, data]) => ({ name, data })));
}
