import { createHash, Hash } from 'node:crypto';
import * as fs from 'node:fs';
import { ImgdietError } from '../../errors';
import type { LayerBlob } from '../sources/types';
import { ByteCounter, Compression, decompress, sniffCompression } from './decompress';
import { contentKind, HEAD_BYTES, keptContent, shouldCapture } from './content';
import { dirname, joinPath, normalizePath } from '../../util/paths';
import { isRouteSource, routeLines } from './routes';
import { grownFor } from '../../util/typed-arrays';
import { DIR_TYPE, EntryFields, EntryTable, FILE, HARDLINK, OPAQUE, OTHER, SYMLINK, WHITEOUT } from './entry-table';
import { indexTar, readFully } from './tar-index';
import { isNativeCapture, nativeLinksAt } from '../base/capture';
import { TarFormatError, TarHeader, TarParser, TarVisitor } from './tar-parser';

export type { EntryType } from './entry-table';

export interface LayerWalk {
  /** The layer's rows in `table`, in tar order; a path written again in the layer keeps only its last row. */
  entries: Int32Array;
  compression: Compression;
  /** Bytes of the blob as stored (before decompression). */
  blobBytes: number;
  /** Sum of regular-file content bytes. */
  sizeBytes: number;
  /** The file that the rows' offsets point into, for a plain tar read at random. */
  file: string | null;
  /** Where the rows are: one table (and one path table) for all the layers of an image. */
  table: EntryTable;
}

/**
 * A layer blob that cannot be read. Not an InputError on purpose: the source that handed the blob over wraps it
 * (withContext) with which layer of which image it was; withContext would pass an InputError through unnamed.
 */
export class LayerError extends Error {}

const WH = '.wh.';
const WH_OPAQUE = '.wh..wh..opq';

/**
 * Walks one layer blob. A plain tar in a file is indexed by its headers alone (file contents are hashed later,
 * and only where a duplicate is possible); anything else — a stream, or a compressed blob — is read once and
 * every file hashed as it passes.
 */
export interface WalkOptions {
  /** The image's entry table (a new one when not given: then this layer cannot join the others in a model). */
  table?: EntryTable;
  /**
   * Hears the rows of a plain tar in a file while it is indexed, a few thousand at a time, so that work on
   * them (hashing on another thread) can start before the layer is done. Streamed layers are hashed already.
   */
  onEntries?: (file: string, table: EntryTable, rows: Int32Array) => void;
}

/** Entries handed to onEntries at a time. */
const ENTRY_BATCH = 4096;

export async function walkLayer(blob: LayerBlob, options: WalkOptions = {}): Promise<LayerWalk> {
  const table = options.table ?? new EntryTable();
  if (blob.file) {
    const { path, offset, size } = blob.file;
    const fd = fs.openSync(path, 'r');
    try {
      const head = Buffer.alloc(Math.min(4, size));
      readFully(fd, head, offset);
      if (sniffCompression(head) === 'none') return indexLayer(table, fd, path, offset, size, options.onEntries);
    } catch (err) {
      throw err instanceof TarFormatError ? new LayerError(`layer: ${err.message}`, { cause: err }) : err;
    } finally {
      fs.closeSync(fd);
    }
  }
  return streamLayer(table, blob.open());
}

function indexLayer(table: EntryTable, fd: number, file: string, offset: number, size: number, onEntries?: WalkOptions['onEntries']): LayerWalk {
  const collector = new EntryCollector(table, false, onEntries !== undefined);
  indexTar(fd, offset, offset + size, (ix, read, view) => {
    if (onEntries && collector.freshCount >= ENTRY_BATCH) onEntries(file, table, collector.takeFresh());
    const row = collector.add(ix.header, ix.offset);
    if (row < 0 || table.types[row] !== FILE || table.sizes[row] === 0) return;
    const bytes = table.sizes[row];
    const kind = contentKind(view(ix.offset, Math.min(HEAD_BYTES, bytes)));
    if (kind) table.setKind(row, kind);
    const path = table.path(row);
    if (!shouldCapture(path, bytes)) return;
    // A native module is kept as its links: read the few parts of it they come from, not all of it.
    if (isNativeCapture(path, bytes)) {
      table.data.set(row, nativeLinksAt((at, len) => view(ix.offset + at, Math.max(0, Math.min(len, bytes - at))), bytes));
    } else {
      // A source file is only searched for its routes: a look at it in place, no copy kept.
      const kept = isRouteSource(path, bytes) ? routeLines(view(ix.offset, bytes)) : keptContent(path, read(ix.offset, bytes));
      if (kept !== undefined) table.data.set(row, kept);
    }
  });
  if (onEntries && collector.freshCount > 0) onEntries(file, table, collector.takeFresh());
  return { entries: collector.finish(), compression: 'none', blobBytes: size, sizeBytes: collector.sizeBytes, file, table };
}

async function streamLayer(table: EntryTable, blob: AsyncIterable<Buffer>): Promise<LayerWalk> {
  const collector = new EntryCollector(table, true);
  const parser = new TarParser(collector);
  const counter = new ByteCounter();
  // The blob's own iterator, kept apart from the decompressor: breaking out of the decompressed data must not
  // end it, so that the rest of the blob can still be read.
  const inner = counter.count(blob)[Symbol.asyncIterator]();
  // A failure of the blob itself (its digest check ends it) may reach a decompressor that was already given
  // up on after the tar's end: it is kept here, so that it is never lost.
  let failure: unknown = null;
  const raw = {
    next: async (): Promise<IteratorResult<Buffer>> => {
      try {
        return await inner.next();
      } catch (err) {
        failure ??= err;
        throw err;
      }
    },
  };
  const { compression, data } = await decompress({ [Symbol.asyncIterator]: () => raw });
  try {
    for await (const chunk of data) {
      parser.write(chunk);
      // What follows the end-of-archive marker is padding, or a decompression bomb: not decompressed.
      if (parser.done) break;
    }
    parser.end();
  } catch (err) {
    if (err instanceof TarFormatError) {
      throw new LayerError(`${compression === 'none' ? '' : `${compression} `}layer: ${err.message}`, { cause: err });
    }
    // A blob whose digest does not match says so as it is (see sources/digest.ts).
    if (err instanceof ImgdietError) throw err;
    throw new LayerError(`${compression} layer cannot be decompressed: ${(err as Error).message} (corrupt or truncated blob)`, { cause: err });
  }
  // The rest of the blob is still read: its byte count, and the digest check that wraps the source, need it.
  for (let r = await raw.next(); !r.done; r = await raw.next());
  if (failure) throw failure;
  return { entries: collector.finish(), compression, blobBytes: counter.bytes, sizeBytes: collector.sizeBytes, file: null, table };
}

/** Stands in the list for a row moved to the end of it (its path written again), until the list is compacted. */
const FOLDED = -1;

/**
 * Turns tar headers into rows of the entry table; when streaming, hashes file content as it passes and keeps what
 * it must. A path written again in the same layer takes over its earlier row, whose bytes it carries as folded
 * (shadowed) bytes: memory grows with the distinct paths of a layer, not with how often a path is written.
 */
class EntryCollector implements TarVisitor {
  sizeBytes = 0;
  /** Rows added since the last takeFresh, when someone takes them. */
  private fresh: number[] = [];
  /** The layer's rows in tar order, FOLDED where a row moved on. */
  private list = new Int32Array(1024);
  private length = 0;
  private folded = 0;
  /** Where each path's latest row stands in `list`, + 1, by path id. */
  private at = new Int32Array(1024);
  /** Path ids a hard link in this layer names: their earlier versions stay, since the link shows them. */
  private readonly linked = new Set<number>();
  private file = -1;
  private hash: Hash | null = null;
  private head: Buffer[] = [];
  private headBytes = 0;
  private captured: Buffer[] | null = null;

  constructor(
    private readonly table: EntryTable,
    private readonly hashing: boolean,
    private readonly keepFresh = false,
  ) {}

  get freshCount(): number {
    return this.fresh.length;
  }

  /** The row of a header, or -1 for a directory entry naming the root (which says nothing). */
  add(h: TarHeader, offset?: number): number {
    const t = this.table;
    const { path, type, link } = headerFields(h);
    // `.`, `/`, `./`, `..` and `a/..` all name the root: a directory there says nothing, and anything else there
    // could never be extracted, so it is refused rather than counted in the layer and missing from the tree.
    if (path === '' && type !== OPAQUE) {
      if (type === DIR_TYPE) return -1;
      throw new TarFormatError(`tar entry "${h.name.slice(0, 100)}" names the root of the image but is not a directory`);
    }
    const size = type === FILE ? h.size : 0;
    this.sizeBytes += size;
    const fields = { pathId: t.paths.intern(path), type, size, mode: h.mode, uid: h.uid, gid: h.gid };
    if (type === HARDLINK && link !== undefined) this.linked.add(t.paths.intern(link));
    const row = type === WHITEOUT || type === OPAQUE ? t.add(fields) : this.place(fields);
    if (link !== undefined) t.linkTargets.set(row, link);
    if (type === FILE && offset !== undefined) t.offsets[row] = offset;
    this.push(row);
    if (this.keepFresh) this.fresh.push(row);
    return row;
  }

  /** A new row, or the row of the path's earlier entry in this layer when nothing else can still see that one. */
  private place(fields: EntryFields): number {
    const t = this.table;
    this.at = grownFor(this.at, fields.pathId);
    const prev = this.at[fields.pathId] - 1;
    this.at[fields.pathId] = this.length + 1;
    if (prev < 0) return t.add(fields);
    const p = this.list[prev];
    // A directory may have children after it; a key or captured file is read by findings even when hidden.
    if (t.types[p] === DIR_TYPE || t.kinds[p] !== 0 || t.data.has(p) || this.linked.has(fields.pathId)) return t.add(fields);
    const shadowed = (t.shadowed.get(p) ?? 0) + t.sizes[p];
    t.write(p, fields);
    t.shadowed.set(p, shadowed);
    this.list[prev] = FOLDED;
    this.folded++;
    return p;
  }

  private push(row: number): void {
    this.list = grownFor(this.list, this.length);
    this.list[this.length++] = row;
    // Only once the row is in the list: compact() points each path at its row's new place.
    if (this.folded > 4096 && this.folded * 2 > this.length) this.compact();
  }

  private compact(): void {
    const t = this.table;
    let kept = 0;
    for (let k = 0; k < this.length; k++) {
      const row = this.list[k];
      if (row === FOLDED) continue;
      this.list[kept++] = row;
      if (t.types[row] !== WHITEOUT && t.types[row] !== OPAQUE) this.at[t.pathIds[row]] = kept;
    }
    this.length = kept;
    this.folded = 0;
  }

  takeFresh(): Int32Array {
    const out = Int32Array.from(this.fresh);
    this.fresh = [];
    return out;
  }

  /** The rows in tar order, folded ones left out. */
  finish(): Int32Array {
    if (this.folded > 0) this.compact();
    return this.list.slice(0, this.length);
  }

  header(h: TarHeader): void {
    const row = this.add(h);
    if (row >= 0 && this.table.types[row] === FILE && this.hashing) {
      this.file = row;
      this.hash = createHash('sha256');
      this.head = [];
      this.headBytes = 0;
      this.captured = shouldCapture(this.table.path(row), this.table.sizes[row]) ? [] : null;
    }
  }

  data(chunk: Uint8Array): void {
    this.hash?.update(chunk);
    // Chunks are views of the parser's input: copy what is kept.
    if (this.headBytes < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headBytes);
      this.head.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    this.captured?.push(Buffer.from(chunk));
  }

  end(): void {
    const t = this.table;
    if (this.file >= 0 && this.hash) {
      // An empty body's hash is known (see EntryTable.sha256): 5 million empty files keep no digest.
      if (t.sizes[this.file] > 0) t.setDigest(this.file, this.hash.digest());
      const kind = this.headBytes > 0 ? contentKind(Buffer.concat(this.head)) : undefined;
      if (kind) t.setKind(this.file, kind);
      if (this.captured) {
        const kept = keptContent(t.path(this.file), Buffer.concat(this.captured));
        if (kept !== undefined) t.data.set(this.file, kept);
      }
    }
    this.file = -1;
    this.hash = null;
    this.captured = null;
  }
}

/** A header's normalised path and type (whiteouts and opaque markers told by name) and link target. */
function headerFields(h: TarHeader): { path: string; type: number; link: string | undefined } {
  const path = normalizePath(h.name);
  // Looked at in place: a name string per entry only for the rare whiteout.
  const at = path.lastIndexOf('/') + 1;
  if (path.startsWith(WH, at)) {
    const name = path.slice(at);
    if (name === WH_OPAQUE) return { path: dirname(path), type: OPAQUE, link: undefined };
    if (name === WH) throw new TarFormatError(`tar whiteout "${h.name.slice(0, 100)}" names no file`);
    // `.wh..wh.*` other than the opaque marker is aufs bookkeeping, not a deletion.
    if (name.startsWith(`${WH}${WH}`)) return { path, type: OTHER, link: undefined };
    return { path: joinPath(dirname(path), name.slice(WH.length)), type: WHITEOUT, link: undefined };
  }
  switch (h.type) {
    case '0':
    case '7':
      return { path, type: FILE, link: undefined };
    case '5':
      return { path, type: DIR_TYPE, link: undefined };
    case '2':
      return { path, type: SYMLINK, link: h.linkname };
    case '1':
      return { path, type: HARDLINK, link: normalizePath(h.linkname) };
    default:
      return { path, type: OTHER, link: undefined };
  }
}
