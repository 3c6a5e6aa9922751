import { createHash } from 'node:crypto';
import { InputError, listSome } from '../../errors';
import { sniffCompression } from '../layers/decompress';
import { normalizePath } from '../../util/paths';
import { LAYER_CONCURRENCY, mapLimit } from './concurrency';
import { digestProblem, verifyBytes } from './digest';
import { checkConfig, checkDockerManifest, checkIndex, checkManifestOrIndex, DockerManifestEntry, parseJson } from './json-checks';
import { Descriptor, selectManifest } from './oci-index';
import type { LayerDescriptor, Platform, SourceImage } from './types';

export { MAX_JSON_BYTES } from './json-checks';

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

/** What a reader found in an archive: its metadata files, its links, and a way to get a layer's result by path. */
export interface ArchiveContents<T> {
  /** The bytes of the JSON-looking file at this path, or undefined when there is none; fails when it is too large. */
  json(path: string): Buffer | undefined;
  links: Map<string, string>;
  /** The result for the layer blob at this path, or undefined when the archive has no such blob. */
  layer(path: string, descriptor: LayerDescriptor): Promise<T | undefined>;
  /** Told the (resolved) paths of the layers about to be read. */
  plan?: (paths: string[]) => void;
}

/**
 * Finds the image in an archive's metadata — `manifest.json` for `docker save` (legacy and Docker 25+), else an
 * OCI `index.json` — and returns its config and layers in image order.
 */
export async function resolveArchive<T>(contents: ArchiveContents<T>, options: ArchiveOptions): Promise<ArchiveImage<T>> {
  const resolve = (p: string): string => {
    let at = normalizePath(p);
    for (let hops = 0; contents.links.has(at) && hops < 16; hops++) at = contents.links.get(at) as string;
    return at;
  };
  const found: Found<T> = { ...contents, resolve, where: options.where };
  const manifest = contents.json('manifest.json');
  if (manifest) return fromDockerManifest(found, manifest, options);
  const index = contents.json('index.json');
  if (index) return fromOciIndex(found, index, options);
  throw new InputError(`${options.where} is not an image archive: it has neither manifest.json nor index.json (truncated?)`);
}

interface Found<T> extends ArchiveContents<T> {
  resolve: (p: string) => string;
  where: string;
}

async function layerAt<T>(found: Found<T>, path: string, descriptor: LayerDescriptor, name: string): Promise<T> {
  const result = await found.layer(found.resolve(path), descriptor);
  if (result === undefined) throw new InputError(`${found.where}: layer ${name} is missing (truncated archive?)`);
  return result;
}

/** A metadata file of the archive, parsed; when its name is a digest (blobs/ALG/HEX), its bytes are verified. */
function readJson<T>(found: Found<T>, path: string, what: string, size?: number): { value: unknown; sha256: string } | undefined {
  const at = found.resolve(path);
  const raw = found.json(at);
  if (raw === undefined) return undefined;
  const label = `${found.where}: ${what}`;
  if (size !== undefined && raw.length !== size) throw new InputError(`${label} is ${raw.length} bytes, but its descriptor says ${size}`);
  const digest = digestFromPath(at);
  if (digest) verifyBytes(raw, digest, label);
  return { value: parseJson(raw, label), sha256: createHash('sha256').update(raw).digest('hex') };
}

async function fromDockerManifest<T>(found: Found<T>, raw: Buffer, options: ArchiveOptions): Promise<ArchiveImage<T>> {
  const manifest = checkDockerManifest(parseJson(raw, `${found.where}: manifest.json`), `${found.where}: manifest.json`);
  if (manifest.length === 0) throw new InputError(`${found.where}: manifest.json lists no images`);
  const entry = pickDockerEntry(manifest, options);
  const config = readJson(found, entry.Config, `config ${entry.Config}`);
  if (!config) throw new InputError(`${found.where}: config ${entry.Config} is missing (truncated archive?)`);
  const cfg = checkConfig(config.value, `${found.where}: config ${entry.Config}`);
  const diffIds = cfg.rootfs?.diff_ids ?? [];
  found.plan?.(entry.Layers.map(found.resolve));
  const layers = await mapLimit(entry.Layers, LAYER_CONCURRENCY, async (p, i) => {
    const descriptor: LayerDescriptor = { digest: digestFromPath(found.resolve(p)) ?? diffIds[i] ?? null, mediaType: null, size: null };
    return { descriptor, result: await layerAt(found, p, descriptor, p) };
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
    const names = listSome(entries.map((e, i) => (e.RepoTags ?? [`@${i}`]).join(' ')));
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
    const names = listSome(entries.flatMap((x) => x.RepoTags ?? [])) || 'no tags';
    throw new InputError(`${options.where} has no image tagged ${sel}; it has: ${names}`);
  }
  return e;
}

async function fromOciIndex<T>(found: Found<T>, raw: Buffer, options: ArchiveOptions): Promise<ArchiveImage<T>> {
  const blob = (d: Descriptor, what: string): { value: unknown; sha256: string } => {
    const j = readJson(found, blobPath(d.digest), `${what} ${d.digest}`, d.size);
    if (!j) throw new InputError(`${found.where}: ${what} ${d.digest} is missing (truncated archive?)`);
    return j;
  };
  const index = checkIndex(parseJson(raw, `${found.where}: index.json`), `${found.where}: index.json`);
  const { manifest, digest } = await selectManifest(
    index,
    { tag: options.selector, platform: options.platform, where: found.where },
    async (d) => checkManifestOrIndex(blob(d, 'manifest').value, `${found.where}: manifest ${d.digest}`),
  );
  if (!manifest.config) throw new InputError(`${found.where}: manifest ${digest} has no config`);
  const config = blob(manifest.config, 'config');
  const cfg = checkConfig(config.value, `${found.where}: config ${manifest.config.digest}`);
  found.plan?.((manifest.layers ?? []).map((d) => found.resolve(blobPath(d.digest))));
  const layers = await mapLimit(manifest.layers ?? [], LAYER_CONCURRENCY, async (d) => {
    const descriptor = { digest: d.digest, mediaType: d.mediaType ?? null, size: d.size ?? null };
    return { descriptor, result: await layerAt(found, blobPath(d.digest), descriptor, d.digest) };
  });
  const tags = (index.manifests ?? []).filter((m) => m.digest === digest).map((m) => m.annotations?.['org.opencontainers.image.ref.name']).filter((t): t is string => !!t);
  return {
    layout: 'oci-archive',
    config: cfg,
    configDigest: `sha256:${config.sha256}`,
    manifestDigest: digest,
    tags,
    layers,
  };
}

/** Where a blob lies in a layout; the digest was checked (digestProblem) when its document was. */
export function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  return `blobs/${alg}/${hex}`;
}

/** The digest a content-addressed path names, by the one digest grammar; null for any other path. */
export function digestFromPath(path: string): string | null {
  const m = /^blobs\/([^/]+)\/([^/]+)$/.exec(path);
  const digest = m ? `${m[1]}:${m[2]}` : null;
  return digest !== null && digestProblem(digest) === null ? digest : null;
}

/** Whether the first bytes of an archive member start a layer (a tar, or a compressed blob). */
export function looksLikeLayer(head: Buffer): boolean {
  return isTar(head) || isEmptyTar(head) || sniffCompression(head) !== 'none';
}

/** A layer that changed nothing is a tar of only the end-of-archive zero blocks (diffID sha256:5f70bf18…). */
function isEmptyTar(head: Buffer): boolean {
  return head.length >= 512 && head.subarray(0, 512).every((b) => b === 0);
}

function isTar(head: Buffer): boolean {
  return head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar';
}

export function looksLikeJson(head: Buffer): boolean {
  const s = head.toString('utf8', 0, Math.min(head.length, 64)).trimStart();
  return s.startsWith('{') || s.startsWith('[');
}
