import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { InputError, withContext } from '../../errors';
import { LAYER_CONCURRENCY, mapLimit } from './concurrency';
import { blobPath } from './archive-layout';
import { verified, verifyBytes } from './digest';
import { checkConfig, checkIndex, checkManifestOrIndex, parseJson } from './json-checks';
import { LayoutFiles } from './layout-files';
import { Descriptor, selectManifest } from './oci-index';
import { verifyFileRange } from './verify-file';
import { planOf } from './types';
import type { ImageSource, LayerConsumer, Platform, PlanListener, SourceImage } from './types';

/** An OCI image layout directory (`oci-layout`, `index.json`, `blobs/`), as skopeo or buildx write it. */
export class OciLayoutSource implements ImageSource {
  readonly transport = 'oci' as const;
  private readonly files: LayoutFiles;
  constructor(
    readonly dir: string,
    readonly tag?: string,
    readonly platform?: Platform,
    /** Hash every layer blob against its digest, even where its bytes need not be read (--verify). */
    readonly verify = false,
  ) {
    this.files = new LayoutFiles(dir);
  }

  /** A JSON blob named by its descriptor: size, digest and JSON limits checked before it is used. */
  private async blob(d: Descriptor, what: string): Promise<{ value: unknown; sha256: string }> {
    const label = `oci:${this.dir}: ${what} ${d.digest}`;
    const raw = await this.files.read(blobPath(d.digest), `${what} ${d.digest}`);
    if (d.size !== undefined && raw.length !== d.size) throw new InputError(`${label} is ${raw.length} bytes, but its descriptor says ${d.size}`);
    verifyBytes(raw, d.digest, label);
    return { value: parseJson(raw, label), sha256: createHash('sha256').update(raw).digest('hex') };
  }

  async read<T>(consume: LayerConsumer<T>, plan?: PlanListener): Promise<SourceImage<T>> {
    const where = `oci:${this.dir}`;
    const layoutFile = parseJson(await this.files.read('oci-layout', 'oci-layout'), `${where}: oci-layout`) as { imageLayoutVersion?: unknown };
    const version = layoutFile?.imageLayoutVersion;
    if (typeof version !== 'string' || !/^1\./.test(version)) {
      throw new InputError(`${where}: oci-layout does not name image layout version 1.x (imageLayoutVersion ${JSON.stringify(version)?.slice(0, 40)})`);
    }
    const index = checkIndex(parseJson(await this.files.read('index.json', 'index.json'), `${where}: index.json`), `${where}: index.json`);
    const { manifest, digest } = await selectManifest(index, { tag: this.tag, platform: this.platform, where }, async (d: Descriptor) =>
      checkManifestOrIndex((await this.blob(d, 'manifest')).value, `${where}: manifest ${d.digest}`),
    );
    if (!manifest.config) throw new InputError(`${where}: manifest ${digest} has no config`);
    const config = await this.blob(manifest.config, 'config');
    const cfg = checkConfig(config.value, `${where}: config ${manifest.config.digest}`);
    plan?.(planOf((manifest.layers ?? []).map((d) => d.size)));
    const layers = await mapLimit(manifest.layers ?? [], LAYER_CONCURRENCY, async (d) => {
      const what = `${where}: layer ${d.digest}`;
      const file = await this.files.locate(blobPath(d.digest), `layer ${d.digest}`);
      if (d.size !== undefined && file.size !== d.size) throw new InputError(`${what} is ${file.size} bytes, but its descriptor says ${d.size}`);
      const descriptor = { digest: d.digest, mediaType: d.mediaType ?? null, size: d.size ?? file.size };
      // Read whole (compressed, or streamed), a blob is verified on the way; --verify hashes the rest too.
      const open = () => verified(fs.createReadStream(file.path, { highWaterMark: 1024 * 1024 }), d.digest, what);
      const range = { path: file.path, offset: 0, size: file.size };
      try {
        if (this.verify) await verifyWhole(range, d.digest, what);
        return { descriptor, result: await consume({ descriptor, open, file: range }) };
      } catch (err) {
        throw withContext(err, `${what} is unreadable`);
      }
    });
    const tags = (index.manifests ?? [])
      .filter((m) => m.digest === digest)
      .map((m) => m.annotations?.['org.opencontainers.image.ref.name'])
      .filter((t): t is string => !!t);
    return { config: cfg, configDigest: `sha256:${config.sha256}`, manifestDigest: digest, tags, layers };
  }
}

async function verifyWhole(range: { path: string; offset: number; size: number }, digest: string, what: string): Promise<void> {
  const fd = fs.openSync(range.path, 'r');
  try {
    await verifyFileRange(fd, range, digest, what);
  } finally {
    fs.closeSync(fd);
  }
}
