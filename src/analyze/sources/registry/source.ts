import { createHash } from 'node:crypto';
import { InputError, withContext } from '../../../errors';
import { LAYER_CONCURRENCY, mapLimit } from '../concurrency';
import { Descriptor, isIndex, ManifestJson, selectManifest } from '../oci-index';
import { planOf } from '../types';
import type { ConfigJson, ImageSource, LayerConsumer, Platform, PlanListener, SourceImage } from '../types';
import { verifiedBlob } from './blob';
import { RegistryClient } from './client';
import { Credentials, findCredentials } from './credentials';
import { parseRegistryRef, RegistryRef } from './reference';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Manifests and configs are small; refuse anything that is not. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

export interface RegistryOptions {
  platform?: Platform;
  /** `USER:PASSWORD` from --creds. */
  creds?: string;
  insecure?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Tries per request (default 5) and a signal that ends the read: see ClientOptions. */
  attempts?: number;
  signal?: AbortSignal;
  /** The scheme, when the caller found it already. */
  scheme?: 'https' | 'http';
}

/** An image in a registry, read over the Registry HTTP API v2 with no daemon: layers stream into the walk. */
export class RegistrySource implements ImageSource {
  readonly transport = 'docker' as const;
  readonly ref: RegistryRef;
  private readonly client: RegistryClient;

  constructor(text: string, private readonly options: RegistryOptions = {}) {
    this.ref = parseRegistryRef(text);
    const credentials: Credentials | null = findCredentials(this.ref.host, options.creds, options.env ?? process.env);
    this.client = new RegistryClient(this.ref, { credentials, insecure: options.insecure ?? false, attempts: options.attempts, signal: options.signal, scheme: options.scheme });
  }

  /** The image manifest for the platform asked, an index followed to its entry. */
  private async resolveManifest(): Promise<{ manifest: ManifestJson; manifestDigest: string }> {
    const top = await this.json<ManifestJson>(`manifests/${this.ref.reference}`, this.ref.display, this.ref.reference.startsWith('sha256:') ? this.ref.reference : null);
    let manifest = top.value;
    let manifestDigest = top.digest;
    if (isIndex(manifest)) {
      const chosen = await selectManifest(
        { manifests: manifest.manifests },
        { platform: this.options.platform, where: this.ref.display },
        async (d: Descriptor) => (await this.json<ManifestJson>(`manifests/${d.digest}`, `manifest ${d.digest}`, d.digest)).value,
      );
      manifest = chosen.manifest;
      manifestDigest = chosen.digest;
    }
    if (!manifest.config || !Array.isArray(manifest.layers)) {
      throw new InputError(`${this.ref.display} is not an image manifest this tool reads (schema 1 or an artifact?)`);
    }
    return { manifest, manifestDigest };
  }

  /** The manifest for the platform and the config, no layer read (a few KB: what base matching needs). */
  async readConfig(): Promise<{ config: ConfigJson; configDigest: string; manifestDigest: string; manifest: ManifestJson }> {
    const { manifest, manifestDigest } = await this.resolveManifest();
    const config = await this.json<ConfigJson>(`blobs/${manifest.config!.digest}`, `config ${manifest.config!.digest}`, manifest.config!.digest);
    return { config: config.value, configDigest: config.digest, manifestDigest, manifest };
  }

  async read<T>(consume: LayerConsumer<T>, plan?: PlanListener): Promise<SourceImage<T>> {
    const { manifest, manifestDigest, config, configDigest } = await this.readConfig();
    plan?.(planOf(manifest.layers!.map((d) => d.size)));
    const layers = await mapLimit(manifest.layers!, LAYER_CONCURRENCY, async (d) => {
      const descriptor = { digest: d.digest, mediaType: d.mediaType ?? null, size: d.size ?? null };
      // When the blob stream itself failed (digest mismatch, registry gone), that is the error to report, not
      // what the layer walk made of the broken stream ("cannot be decompressed").
      let blobError: unknown = null;
      const open = () => recordFailure(verifiedBlob(this.client, d.digest), (e) => (blobError ??= e));
      try {
        return { descriptor, result: await consume({ descriptor, open }) };
      } catch (err) {
        throw withContext(blobError ?? err, `${this.ref.display}: layer ${d.digest}`);
      }
    });
    const tags = this.ref.reference.startsWith('sha256:') ? [] : [`${this.ref.host}/${this.ref.repository}:${this.ref.reference}`];
    return { config, configDigest, manifestDigest, tags, layers };
  }

  /** Fetches a manifest or config, checking its digest when one is known. */
  private async json<T>(path: string, what: string, expected: string | null): Promise<{ value: T; digest: string }> {
    const res = await this.client.get(path, { accept: MANIFEST_TYPES });
    if (!res.ok) throw await this.client.fail(res, what);
    const raw = Buffer.from(await res.arrayBuffer());
    if (raw.length > MAX_JSON_BYTES) throw new InputError(`${what} from ${this.ref.host} is ${raw.length} bytes: too large for a manifest or config`);
    const digest = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    if (expected !== null && expected.startsWith('sha256:') && digest !== expected) {
      throw new InputError(`${what} from ${this.ref.host}/${this.ref.repository} does not match its digest (its bytes hash to ${digest}); the registry's copy is corrupt`);
    }
    try {
      return { value: JSON.parse(raw.toString('utf8')) as T, digest };
    } catch {
      throw new InputError(`${what} from ${this.ref.host} is not valid JSON`);
    }
  }
}

/** Passes a stream through, telling `failed` about the error it throws, if any. */
async function* recordFailure(stream: AsyncIterable<Buffer>, failed: (err: unknown) => void): AsyncGenerator<Buffer> {
  try {
    yield* stream;
  } catch (err) {
    failed(err);
    throw err;
  }
}
