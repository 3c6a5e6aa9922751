import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, withContext } from '../../errors';
import { LAYER_CONCURRENCY, mapLimit } from './concurrency';
import { blobPath } from './archive-layout';
import { Descriptor, IndexJson, ManifestJson, selectManifest } from './oci-index';
import { planOf } from './types';
import type { ConfigJson, ImageSource, LayerConsumer, Platform, PlanListener, SourceImage } from './types';

/** An OCI image layout directory (`oci-layout`, `index.json`, `blobs/`), as skopeo or buildx write it. */
export class OciLayoutSource implements ImageSource {
  readonly transport = 'oci' as const;
  constructor(
    readonly dir: string,
    readonly tag?: string,
    readonly platform?: Platform,
  ) {}

  private file(digest: string): string {
    if (!/^sha(256|512):[0-9a-f]+$/.test(digest)) throw new InputError(`${this.dir}: malformed digest ${digest}`);
    return path.join(this.dir, blobPath(digest));
  }

  private async json<T>(file: string, what: string): Promise<{ value: T; sha256: string }> {
    let raw: Buffer;
    try {
      raw = await fs.promises.readFile(file);
    } catch {
      throw new InputError(`${this.dir}: ${what} is missing; is this a complete OCI layout?`);
    }
    try {
      return { value: JSON.parse(raw.toString('utf8')) as T, sha256: createHash('sha256').update(raw).digest('hex') };
    } catch {
      throw new InputError(`${this.dir}: ${what} is not valid JSON`);
    }
  }

  async read<T>(consume: LayerConsumer<T>, plan?: PlanListener): Promise<SourceImage<T>> {
    const index = (await this.json<IndexJson>(path.join(this.dir, 'index.json'), 'index.json')).value;
    const { manifest, digest } = await selectManifest(
      index,
      { tag: this.tag, platform: this.platform, where: `oci:${this.dir}` },
      async (d: Descriptor) => (await this.json<ManifestJson>(this.file(d.digest), `manifest ${d.digest}`)).value,
    );
    if (!manifest.config) throw new InputError(`oci:${this.dir}: manifest ${digest} has no config`);
    const config = await this.json<ConfigJson>(this.file(manifest.config.digest), `config ${manifest.config.digest}`);
    plan?.(planOf((manifest.layers ?? []).map((d) => d.size)));
    const layers = await mapLimit(manifest.layers ?? [], LAYER_CONCURRENCY, async (d) => {
      const file = this.file(d.digest);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat?.isFile()) throw new InputError(`oci:${this.dir}: layer ${d.digest} is missing`);
      const descriptor = { digest: d.digest, mediaType: d.mediaType ?? null, size: d.size ?? stat.size };
      const open = () => fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
      try {
        return { descriptor, result: await consume({ descriptor, open, file: { path: file, offset: 0, size: stat.size } }) };
      } catch (err) {
        throw withContext(err, `oci:${this.dir}: layer ${d.digest} is unreadable`);
      }
    });
    const tags = (index.manifests ?? [])
      .filter((m) => m.digest === digest)
      .map((m) => m.annotations?.['org.opencontainers.image.ref.name'])
      .filter((t): t is string => !!t);
    return { config: config.value, configDigest: `sha256:${config.sha256}`, manifestDigest: digest, tags, layers };
  }
}
