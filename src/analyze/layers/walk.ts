import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { Compression, ByteCounter, decompress } from './decompress';
import { basename, dirname, joinPath, normalizePath } from './paths';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'other';

/** One tar entry, metadata only: the content is hashed as it streams and then dropped. */
export interface LayerEntry {
  /** Normalised path (see normalizePath). For a whiteout, the path it deletes; for an opaque marker, its directory. */
  path: string;
  type: EntryType;
  /** Content bytes; 0 for everything but regular files. */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target as written, or the normalised path a hard link points to. */
  link?: string;
  /** sha256 (hex) of a regular file's content. */
  sha256?: string;
}

export interface LayerWalk {
  entries: LayerEntry[];
  compression: Compression;
  /** Bytes of the blob as stored (before decompression). */
  blobBytes: number;
  /** Sum of regular-file content bytes. */
  sizeBytes: number;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** Walks one layer blob (gzip, zstd or plain tar) and returns its entries. Reads the stream once. */
export async function walkLayer(blob: AsyncIterable<Buffer>): Promise<LayerWalk> {
  const counter = new ByteCounter();
  const { compression, data } = await decompress(counter.count(blob));
  const extract = tar.extract();
  const input = Readable.from(data, { objectMode: false });
  input.on('error', (err) => extract.destroy(err));
  input.pipe(extract as unknown as NodeJS.WritableStream);

  const entries: LayerEntry[] = [];
  let sizeBytes = 0;
  for await (const entry of extract) {
    const h = entry.header;
    const e = toEntry(h);
    if (e.type === 'file') {
      const hash = createHash('sha256');
      let n = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        hash.update(chunk);
        n += chunk.length;
      }
      e.size = n;
      e.sha256 = hash.digest('hex');
      sizeBytes += n;
    } else {
      entry.resume();
    }
    // The root directory entry (`./`) says nothing; an opaque marker at the root does.
    if (e.path !== '' || e.type === 'opaque') entries.push(e);
  }
  return { entries, compression, blobBytes: counter.bytes, sizeBytes };
}

function toEntry(h: tar.Header): LayerEntry {
  const path = normalizePath(h.name);
  const base = { mode: h.mode ?? 0, uid: h.uid ?? 0, gid: h.gid ?? 0, size: 0 };
  const name = basename(path);
  if (name === OPAQUE) return { ...base, path: dirname(path), type: 'opaque' };
  if (name.startsWith(WHITEOUT)) {
    // `.wh..wh.*` other than the opaque marker is aufs bookkeeping, not a deletion.
    if (name.startsWith(`${WHITEOUT}${WHITEOUT}`)) return { ...base, path, type: 'other' };
    return { ...base, path: joinPath(dirname(path), name.slice(WHITEOUT.length)), type: 'whiteout' };
  }
  switch (h.type) {
    case 'file':
    case 'contiguous-file':
      return { ...base, path, type: 'file' };
    case 'directory':
      return { ...base, path, type: 'dir' };
    case 'symlink':
      return { ...base, path, type: 'symlink', link: h.linkname ?? '' };
    case 'link':
      return { ...base, path, type: 'hardlink', link: normalizePath(h.linkname ?? '') };
    default:
      return { ...base, path, type: 'other' };
  }
}
