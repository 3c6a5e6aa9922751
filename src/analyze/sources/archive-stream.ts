import type { Readable } from 'node:stream';
import type * as TarStream from 'tar-stream';
import { InputError, withContext } from '../../errors';
import { peek } from '../layers/decompress';
import { dirname, normalizePath } from '../../util/paths';
import { ArchiveImage, ArchiveOptions, looksLikeJson, looksLikeLayer, MAX_JSON_BYTES, resolveArchive, digestFromPath } from './archive-layout';
import { verified } from './digest';
import { tooLarge } from './json-checks';

/** Metadata held from one stream at most: a few images' manifests and configs fit many times over. */
const MAX_HELD_JSON = 4 * MAX_JSON_BYTES;
import type { LayerConsumer } from './types';

/**
 * Reads a `docker save` or OCI archive stream in one pass. Layer tars are walked as they arrive — in a legacy
 * stream they come before manifest.json — and put in order once the manifest has been read. Only metadata JSON
 * is held in memory, never a layer.
 */
export async function readArchiveStream<T>(stream: Readable, consume: LayerConsumer<T>, options: ArchiveOptions): Promise<ArchiveImage<T>> {
  // Loaded here: only a streamed archive (the engine's `docker save`, stdin) needs it.
  const extract = (require('tar-stream') as typeof TarStream).extract();
  stream.on('error', (err) => extract.destroy(err));
  stream.pipe(extract as unknown as NodeJS.WritableStream);

  const jsons = new Map<string, Buffer>();
  const oversized = new Map<string, number>();
  let held = 0;
  const layers = new Map<string, T>();
  const links = new Map<string, string>();
  let entries = 0;
  try {
    for await (const entry of extract) {
      entries++;
      const h = entry.header;
      const name = normalizePath(h.name);
      if (h.type === 'symlink' && h.linkname) links.set(name, normalizePath(`${dirname(name)}/${h.linkname}`));
      else if (h.type === 'link' && h.linkname) links.set(name, normalizePath(h.linkname));
      if (h.type !== 'file' || !h.size) {
        entry.resume();
        continue;
      }
      const { head, all } = await peek(entry as AsyncIterable<Buffer>, 512);
      if (looksLikeLayer(head)) {
        const digest = digestFromPath(name);
        const descriptor = { digest, mediaType: null, size: h.size };
        const what = `${options.where}: layer ${name}`;
        try {
          layers.set(name, await consume({ descriptor, open: () => (digest ? verified(all, digest, what) : all) }));
        } catch (err) {
          throw withContext(err, `${options.where}: layer ${name}`);
        }
        for await (const _ of all) void _; // padding the layer's own tar did not read
      } else if (looksLikeJson(head) && h.size <= MAX_JSON_BYTES && held + h.size <= MAX_HELD_JSON) {
        const parts: Buffer[] = [];
        for await (const chunk of all) parts.push(chunk);
        jsons.set(name, Buffer.concat(parts));
        held += h.size;
      } else {
        if (looksLikeJson(head)) oversized.set(name, h.size);
        for await (const _ of all) void _;
      }
    }
  } catch (err) {
    throw withContext(err, `${options.where} is not a readable image archive`);
  }
  if (entries === 0) throw new InputError(`${options.where} is not an image archive: it is empty or not a tar file`);
  const json = (path: string): Buffer | undefined => {
    const big = oversized.get(path);
    if (big !== undefined) throw tooLarge(`${options.where}: ${path}`, big);
    return jsons.get(path);
  };
  return resolveArchive({ json, links, layer: async (path) => layers.get(path) }, options);
}
