import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { InputError, withContext } from '../../errors';
import { peek, sniffCompression } from '../layers/decompress';
import { dirname, normalizePath } from '../layers/paths';
import { Descriptor, IndexJson, ManifestJson, selectManifest } from './oci-index';
import type { ConfigJson, LayerConsumer, LayerDescriptor, Platform, SourceImage } from './types';

/** Metadata files (configs, manifests) are small; anything larger is not one. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

interface JsonBlob {
  value: unknown;
  sha256: string;
}

interface DockerManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

export interface ArchiveOptions {
  /** Tag, `name:tag`, or `@N` to pick one image when the archive holds several. */
  selector?: string;
  platform?: Platform;
  /** How to name the archive in messages. */
  where: string;
}

export interface ArchiveImage<T> extends SourceImage<T> {
  layout: 'docker-archive' | 'oci-archive';
}

/**
 * Reads a `docker save` stream (legacy `*\/layer.tar` or Docker 25+ `blobs/`) or an OCI archive in one pass.
 * Layer tars are walked as they arrive — in a legacy stream they come before manifest.json — and put in order
 * once the manifest has been read. Only metadata JSON is held in memory, never a layer.
 */
export async function readArchive<T>(
  stream: Readable,
  consume: LayerConsumer<T>,
  options: ArchiveOptions,
): Promise<ArchiveImage<T>> {
  const extract = tar.extract();
  stream.on('error', (err) => extract.destroy(err));
  stream.pipe(extract as unknown as NodeJS.WritableStream);

  const jsons = new Map<string, JsonBlob>();
  const layers = new Map<string, T>();
  const links = new Map<string, string>();
  let entries = 0;
  try {
    for await (const entry of extract) {
      entries++;
      const h = entry.header;
      const name = normalizePath(h.name);
      if (h.type === 'symlink' && h.linkname) {
        links.set(name, normalizePath(`${dirname(name)}/${h.linkname}`));
      } else if (h.type === 'link' && h.linkname) {
        links.set(name, normalizePath(h.linkname));
      }
      if (h.type !== 'file' || !h.size) {
        entry.resume();
        continue;
      }
      const { head, all } = await peek(entry as AsyncIterable<Buffer>, 512);
      if (isTar(head) || sniffCompression(head) !== 'none') {
        const descriptor: LayerDescriptor = { digest: digestFromPath(name), mediaType: null, size: h.size };
        try {
          layers.set(name, await consume(all, descriptor));
        } catch (err) {
          throw withContext(err, `${options.where}: layer ${name} is unreadable`);
        }
        for await (const _ of all) void _; // padding the layer's own tar did not read
      } else if (looksLikeJson(head) && h.size <= MAX_JSON_BYTES) {
        const parts: Buffer[] = [];
        for await (const chunk of all) parts.push(chunk);
        const raw = Buffer.concat(parts);
        try {
          jsons.set(name, { value: JSON.parse(raw.toString('utf8')), sha256: createHash('sha256').update(raw).digest('hex') });
        } catch {
          // Not JSON after all: an archive may carry other files.
        }
      } else {
        for await (const _ of all) void _;
      }
    }
  } catch (err) {
    throw withContext(err, `${options.where} is not a readable image archive (truncated or corrupt?)`);
  }
  if (entries === 0) throw new InputError(`${options.where} is not an image archive: it is empty or not a tar file`);

  const resolve = (p: string): string => {
    let at = normalizePath(p);
    for (let hops = 0; links.has(at) && hops < 16; hops++) at = links.get(at) as string;
    return at;
  };
  const found = { jsons, layers, resolve, where: options.where };
  if (jsons.has('manifest.json')) return fromDockerManifest(found, options);
  if (jsons.has('index.json')) return fromOciIndex(found, options);
  throw new InputError(`${options.where} is not an image archive: it has neither manifest.json nor index.json`);
}

interface Found<T> {
  jsons: Map<string, JsonBlob>;
  layers: Map<string, T>;
  resolve: (p: string) => string;
  where: string;
}

function fromDockerManifest<T>(found: Found<T>, options: ArchiveOptions): ArchiveImage<T> {
  const manifest = found.jsons.get('manifest.json')?.value;
  if (!Array.isArray(manifest) || manifest.length === 0) {
    throw new InputError(`${found.where}: manifest.json lists no images`);
  }
  const entry = pickDockerEntry(manifest as DockerManifestEntry[], options);
  const configPath = found.resolve(entry.Config);
  const config = found.jsons.get(configPath);
  if (!config) throw new InputError(`${found.where}: config ${entry.Config} is missing (truncated archive?)`);
  const cfg = config.value as ConfigJson;
  const diffIds = cfg.rootfs?.diff_ids ?? [];
  const layers = entry.Layers.map((p, i) => {
    const result = found.layers.get(found.resolve(p));
    if (result === undefined) throw new InputError(`${found.where}: layer ${p} is missing (truncated archive?)`);
    const descriptor: LayerDescriptor = { digest: digestFromPath(found.resolve(p)) ?? diffIds[i] ?? null, mediaType: null, size: null };
    return { descriptor, result };
  });
  return {
    layout: 'docker-archive',
    config: cfg,
    configDigest: `sha256:${config.sha256}`,
    manifestDigest: null,
    tags: entry.RepoTags ?? [],
    layers,
  };
}

function pickDockerEntry(entries: DockerManifestEntry[], options: ArchiveOptions): DockerManifestEntry {
  const sel = options.selector;
  if (sel === undefined) {
    if (entries.length === 1) return entries[0];
    const names = entries.map((e, i) => (e.RepoTags ?? [`@${i}`]).join(' ')).join(', ');
    throw new InputError(`${options.where} holds ${entries.length} images (${names}); name one, e.g. docker-archive:PATH:NAME:TAG`);
  }
  const at = /^@(\d+)$/.exec(sel);
  if (at) {
    const e = entries[Number(at[1])];
    if (!e) throw new InputError(`${options.where} has no image @${at[1]}; it holds ${entries.length}`);
    return e;
  }
  const wanted = sel.includes(':') ? [sel] : [sel, `${sel}:latest`];
  const e = entries.find((x) => (x.RepoTags ?? []).some((t) => wanted.includes(t) || wanted.includes(t.replace(/^docker\.io\/(library\/)?/, ''))));
  if (!e) {
    const names = entries.flatMap((x) => x.RepoTags ?? []).join(', ') || 'no tags';
    throw new InputError(`${options.where} has no image tagged ${sel}; it has: ${names}`);
  }
  return e;
}

async function fromOciIndex<T>(found: Found<T>, options: ArchiveOptions): Promise<ArchiveImage<T>> {
  const blob = (d: Descriptor): JsonBlob => {
    const j = found.jsons.get(found.resolve(blobPath(d.digest)));
    if (!j) throw new InputError(`${found.where}: blob ${d.digest} is missing (truncated archive?)`);
    return j;
  };
  const index = found.jsons.get('index.json')?.value as IndexJson;
  const { manifest, digest } = await selectManifest(
    index,
    { tag: options.selector, platform: options.platform, where: found.where },
    async (d) => blob(d).value as ManifestJson,
  );
  if (!manifest.config) throw new InputError(`${found.where}: manifest ${digest} has no config`);
  const config = blob(manifest.config);
  const layers = (manifest.layers ?? []).map((d) => {
    const result = found.layers.get(found.resolve(blobPath(d.digest)));
    if (result === undefined) throw new InputError(`${found.where}: layer ${d.digest} is missing (truncated archive?)`);
    return { descriptor: { digest: d.digest, mediaType: d.mediaType ?? null, size: d.size ?? null }, result };
  });
  const tags = (index.manifests ?? []).filter((m) => m.digest === digest).map((m) => m.annotations?.['org.opencontainers.image.ref.name']).filter((t): t is string => !!t);
  return {
    layout: 'oci-archive',
    config: config.value as ConfigJson,
    configDigest: `sha256:${config.sha256}`,
    manifestDigest: digest,
    tags,
    layers,
  };
}

export function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  return `blobs/${alg}/${hex}`;
}

function digestFromPath(path: string): string | null {
  const m = /^blobs\/(sha256|sha512)\/([0-9a-f]+)$/.exec(path);
  return m ? `${m[1]}:${m[2]}` : null;
}

function isTar(head: Buffer): boolean {
  return head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar';
}

function looksLikeJson(head: Buffer): boolean {
  const s = head.toString('utf8', 0, Math.min(head.length, 64)).trimStart();
  return s.startsWith('{') || s.startsWith('[');
}
