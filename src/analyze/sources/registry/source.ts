import { InputError, withContext } from '../../../errors';
import { LAYER_CONCURRENCY } from '../concurrency';
import { checkConfig, checkManifestOrIndex } from '../json-checks';
import { Descriptor, isIndex, ManifestJson, selectManifest } from '../oci-index';
import { planOf } from '../types';
import type { ConfigJson, ImageSource, LayerConsumer, Platform, PlanListener, SourceImage } from '../types';
import { verifiedBlob } from './blob';
import { RegistryClient } from './client';
import { Credentials, findCredentials } from './credentials';
import { fetchDocument } from './documents';
import { NetSettings, netSettings } from './net';
import { parseRegistryRef, RegistryRef } from './reference';

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
  /** Time limits over the defaults and the environment's (see netSettings). */
  net?: Partial<NetSettings>;
}

/** An image in a registry, read over the Registry HTTP API v2 with no daemon: layers stream into the walk. */
export class RegistrySource implements ImageSource {
  readonly transport = 'docker' as const;
  readonly ref: RegistryRef;
  private readonly client: RegistryClient;

  constructor(text: string, private readonly options: RegistryOptions = {}) {
    this.ref = parseRegistryRef(text);
    const env = options.env ?? process.env;
    const credentials: Credentials | null = findCredentials(this.ref.host, options.creds, env);
    const net = netSettings(env, { ...options.net, ...(options.attempts !== undefined ? { attempts: options.attempts } : {}) });
    this.client = new RegistryClient(this.ref, { credentials, insecure: options.insecure ?? false, net, signal: options.signal, scheme: options.scheme });
  }

  /** Ends every request still in flight. */
  close(): void {
    this.client.close();
  }

  /** The image manifest for the platform asked, indexes followed (selectManifest limits loops and depth). */
  private async resolveManifest(): Promise<{ manifest: ManifestJson; manifestDigest: string }> {
    const reference = this.ref.reference;
    const top = await this.manifest(reference, this.ref.display, reference.includes(':') ? reference : null);
    let manifest = top.value;
    let manifestDigest = top.digest;
    if (isIndex(manifest)) {
      const want = { platform: this.options.platform, where: this.ref.display, root: top.digest };
      const chosen = await selectManifest({ manifests: manifest.manifests }, want, async (d: Descriptor) => (await this.manifest(d.digest, `manifest ${d.digest}`, d.digest)).value);
      manifest = chosen.manifest;
      manifestDigest = chosen.digest;
    }
    if (!manifest.config || !Array.isArray(manifest.layers)) {
      throw new InputError(`${this.ref.display} is not an image manifest this tool reads (schema 1 or an artifact?)`);
    }
    return { manifest, manifestDigest };
  }

  private async manifest(reference: string, what: string, expected: string | null): Promise<{ value: ManifestJson; digest: string }> {
    const got = await fetchDocument(this.client, `manifests/${reference}`, what, expected);
    return { value: checkManifestOrIndex(got.value, `${what} from ${this.ref.host}`), digest: got.digest };
  }

  /** The manifest for the platform and the config, no layer read (a few KB: what base matching needs). */
  async readConfig(): Promise<{ config: ConfigJson; configDigest: string; manifestDigest: string; manifest: ManifestJson }> {
    const { manifest, manifestDigest } = await this.resolveManifest();
    const digest = manifest.config!.digest;
    const what = `config ${digest}`;
    const config = await fetchDocument(this.client, `blobs/${digest}`, what, digest);
    return { config: checkConfig(config.value, `${what} from ${this.ref.host}`), configDigest: config.digest, manifestDigest, manifest };
  }

  async read<T>(consume: LayerConsumer<T>, plan?: PlanListener): Promise<SourceImage<T>> {
    try {
      const { manifest, manifestDigest, config, configDigest } = await this.readConfig();
      plan?.(planOf(manifest.layers!.map((d) => d.size)));
      const layers = await allOrNone(manifest.layers!, LAYER_CONCURRENCY, () => this.client.close(), async (d) => {
        const descriptor = { digest: d.digest, mediaType: d.mediaType ?? null, size: d.size ?? null };
        // When the blob stream itself failed (digest mismatch, registry gone), that is the error to report, not
        // what the layer walk made of the broken stream ("cannot be decompressed").
        let blobError: unknown = null;
        const open = () => recordFailure(verifiedBlob(this.client, d.digest, d.size ?? null), (e) => (blobError ??= e));
        try {
          return { descriptor, result: await consume({ descriptor, open }) };
        } catch (err) {
          throw withContext(blobError ?? err, `${this.ref.display}: layer ${d.digest}`);
        }
      });
      const tags = this.ref.reference.includes(':') ? [] : [`${this.ref.host}/${this.ref.repository}:${this.ref.reference}`];
      return { config, configDigest, manifestDigest, tags, layers };
    } finally {
      this.client.close();
    }
  }
}

/**
 * Maps in order with at most `limit` calls at once. The first failure calls `abort` (which ends the others' reads),
 * waits for the calls in flight to end, and is thrown: nothing is still downloading once the error is out.
 */
async function allOrNone<A, B>(items: readonly A[], limit: number, abort: () => void, fn: (item: A) => Promise<B>): Promise<B[]> {
  const out: B[] = new Array(items.length);
  let next = 0;
  let failed: { err: unknown } | null = null;
  const run = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await fn(items[i]);
      } catch (err) {
        if (!failed) {
          failed = { err };
          abort();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  if (failed) throw (failed as { err: unknown }).err;
  return out;
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
