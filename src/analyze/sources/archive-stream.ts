import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type * as TarStream from 'tar-stream';
import { InputError, withContext } from '../../errors';
import { peek } from '../layers/decompress';
import { dirname, normalizePath } from '../layers/paths';
import { ArchiveImage, ArchiveOptions, JsonBlob, looksLikeJson, looksLikeLayer, MAX_JSON_BYTES, resolveArchive, digestFromPath } from './archive-layout';
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

  const jsons = new Map<string, JsonBlob>();
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
        const descriptor = { digest: digestFromPath(name), mediaType: null, size: h.size };
        try {
          layers.set(name, await consume({ descriptor, open: () => all }));
        } catch (err) {
          throw withContext(err, `${options.where}: layer ${name}`);
        }
        for await (const _ of all) void _; // padding the layer's own tar did not read
      } else if (looksLikeJson(head) && h.size <= MAX_JSON_BYTES) {
        const parts: Buffer[] = [];
        for await (const chunk of all) parts.push(chunk);
        addJson(jsons, name, Buffer.concat(parts));
      } else {
        for await (const _ of all) void _;
      }
    }
  } catch (err) {
    throw withContext(err, `${options.where} is not a readable image archive`);
  }
  if (entries === 0) throw new InputError(`${options.where} is not an image archive: it is empty or not a tar file`);
  return resolveArchive({ jsons, links, layer: async (path) => layers.get(path) }, options);
}

export function addJson(jsons: Map<string, JsonBlob>, name: string, raw: Buffer): void {
  try {
    jsons.set(name, { value: JSON.parse(raw.toString('utf8')), sha256: createHash('sha256').update(raw).digest('hex') });
  } catch {
    // Not JSON after all: an archive may carry other files.
  }
}
