import * as fs from 'node:fs';
import { InputError, withContext } from '../../errors';
import type { Transport } from '../../model';
import { normalizePath, dirname } from '../../util/paths';
import { TarFormatError } from '../layers/tar-header';
import { indexTar, readFully } from '../layers/tar-index';
import { ArchiveImage, looksLikeJson, looksLikeLayer, MAX_JSON_BYTES, resolveArchive, digestFromPath } from './archive-layout';
import { verified } from './digest';
import { tooLarge } from './json-checks';
import { verifyFileRange } from './verify-file';
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
    /** Hash every layer blob against its digest, even where its bytes need not be read (--verify). */
    readonly verify = false,
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
    // Only where the layers and the metadata files lie is kept; metadata is read when it is asked for.
    const jsons = new Map<string, { offset: number; size: number }>();
    const links = new Map<string, string>();
    const blobs = new Map<string, { offset: number; size: number }>();
    try {
      indexTar(fd, 0, size, (m, _read, view) => {
        const name = normalizePath(m.header.name);
        const h = m.header;
        if (h.type === '2' && h.linkname) links.set(name, normalizePath(`${dirname(name)}/${h.linkname}`));
        else if (h.type === '1' && h.linkname) links.set(name, normalizePath(h.linkname));
        if ((h.type !== '0' && h.type !== '7') || m.dataSize === 0) return;
        const head = view(m.offset, Math.min(512, m.dataSize));
        const place = { offset: m.offset, size: m.dataSize };
        if (looksLikeLayer(head)) blobs.set(name, place);
        else if (looksLikeJson(head)) jsons.set(name, place);
      });
    } catch (err) {
      if (err instanceof TarFormatError) throw new InputError(`${where} is not a readable image archive: ${err.message}`, { cause: err });
      throw err;
    }
    const json = (path: string): Buffer | undefined => {
      const at = jsons.get(path);
      if (!at) return undefined;
      if (at.size > MAX_JSON_BYTES) throw tooLarge(`${where}: ${path}`, at.size);
      const raw = Buffer.alloc(at.size);
      readFully(fd, raw, at.offset);
      return raw;
    };
    const done = new Map<string, Promise<T>>();
    const layer = (path: string, descriptor: LayerDescriptor): Promise<T> | Promise<undefined> => {
      const blob = blobs.get(path);
      if (!blob) return Promise.resolve(undefined);
      // The same blob may stand at several places in one image: walk it once.
      let result = done.get(path);
      if (!result) {
        const file = { path: this.path, offset: blob.offset, size: blob.size };
        // A blob named by its digest is verified whenever it is read whole; with --verify, always.
        const digest = digestFromPath(path);
        const what = `${where}: layer ${path}`;
        const stream = () => fs.createReadStream(this.path, { start: blob.offset, end: blob.offset + blob.size - 1, highWaterMark: 1024 * 1024 });
        const open = digest ? () => verified(stream(), digest, what) : stream;
        const check = this.verify ? verifyFileRange(fd, file, digest ?? descriptor.digest, what, digest !== null) : Promise.resolve();
        result = check.then(() => consume({ descriptor: { ...descriptor, size: descriptor.size ?? blob.size }, file, open })).catch((err: unknown) => {
          throw withContext(err, what);
        });
        done.set(path, result);
      }
      return result;
    };
    // A blob named twice is read once: count it once.
    const planned = plan && ((paths: string[]) => plan(planOf([...new Set(paths)].map((p) => blobs.get(p)?.size ?? 0))));
    return resolveArchive({ json, links, layer, plan: planned }, { selector: this.selector, platform: this.platform, where });
  }
}
