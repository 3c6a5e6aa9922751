import * as fs from 'node:fs';
import { InputError, withContext } from '../../errors';
import type { Transport } from '../../model';
import { normalizePath, dirname } from '../layers/paths';
import { TarFormatError } from '../layers/tar-header';
import { indexTar, readFully } from '../layers/tar-index';
import { ArchiveImage, looksLikeJson, looksLikeLayer, MAX_JSON_BYTES, resolveArchive, JsonBlob } from './archive-layout';
import { addJson } from './archive-stream';
import { planOf } from './types';
import type { ImageSource, LayerConsumer, LayerDescriptor, Platform, PlanListener, SourceImage } from './types';

/**
 * A docker-archive or oci-archive tar on disk (which of the two is found while reading). Read at random:
 * headers first, then metadata, then each layer where it lies, so nothing is read that is not needed.
 */
export class ArchiveFileSource implements ImageSource {
  transport: Transport;
  constructor(
    readonly path: string,
    expected: 'docker-archive' | 'oci-archive',
    readonly selector?: string,
    readonly platform?: Platform,
  ) {
    this.transport = expected;
  }

  async read<T>(consume: LayerConsumer<T>, plan?: PlanListener): Promise<SourceImage<T>> {
    const stat = await fs.promises.stat(this.path).catch(() => null);
    if (!stat) throw new InputError(`${this.path}: no such file; give the path of a docker save or OCI archive`);
    if (!stat.isFile()) throw new InputError(`${this.path} is not a file; for an OCI layout directory use oci:${this.path}`);
    const fd = fs.openSync(this.path, 'r');
    let image: ArchiveImage<T>;
    try {
      image = await this.readOpen(fd, stat.size, consume, plan);
    } finally {
      fs.closeSync(fd);
    }
    this.transport = image.layout;
    return image;
  }

  private async readOpen<T>(fd: number, size: number, consume: LayerConsumer<T>, plan?: PlanListener): Promise<ArchiveImage<T>> {
    const where = this.path;
    let members;
    try {
      members = indexTar(fd, 0, size);
    } catch (err) {
      if (err instanceof TarFormatError) throw new InputError(`${where} is not a readable image archive: ${err.message}`, { cause: err });
      throw err;
    }
    const jsons = new Map<string, JsonBlob>();
    const links = new Map<string, string>();
    const blobs = new Map<string, { offset: number; size: number }>();
    const head = Buffer.alloc(512);
    for (const m of members) {
      const name = normalizePath(m.header.name);
      const h = m.header;
      if (h.type === '2' && h.linkname) links.set(name, normalizePath(`${dirname(name)}/${h.linkname}`));
      else if (h.type === '1' && h.linkname) links.set(name, normalizePath(h.linkname));
      if ((h.type !== '0' && h.type !== '7') || m.dataSize === 0) continue;
      const n = Math.min(512, m.dataSize);
      readFully(fd, head.subarray(0, n), m.offset);
      if (looksLikeLayer(head.subarray(0, n))) blobs.set(name, { offset: m.offset, size: m.dataSize });
      else if (looksLikeJson(head.subarray(0, n)) && m.dataSize <= MAX_JSON_BYTES) {
        const raw = Buffer.alloc(m.dataSize);
        readFully(fd, raw, m.offset);
        addJson(jsons, name, raw);
      }
    }
    const done = new Map<string, Promise<T>>();
    const layer = (path: string, descriptor: LayerDescriptor): Promise<T> | Promise<undefined> => {
      const blob = blobs.get(path);
      if (!blob) return Promise.resolve(undefined);
      // The same blob may stand at several places in one image: walk it once.
      let result = done.get(path);
      if (!result) {
        const file = { path: this.path, offset: blob.offset, size: blob.size };
        const open = () => fs.createReadStream(this.path, { start: blob.offset, end: blob.offset + blob.size - 1, highWaterMark: 1024 * 1024 });
        result = consume({ descriptor: { ...descriptor, size: descriptor.size ?? blob.size }, file, open }).catch((err: unknown) => {
          throw withContext(err, `${where}: layer ${path}`);
        });
        done.set(path, result);
      }
      return result;
    };
    // A blob named twice is read once: count it once.
    const planned = plan && ((paths: string[]) => plan(planOf([...new Set(paths)].map((p) => blobs.get(p)?.size ?? 0))));
    return resolveArchive({ jsons, links, layer, plan: planned }, { selector: this.selector, platform: this.platform, where });
  }
}
