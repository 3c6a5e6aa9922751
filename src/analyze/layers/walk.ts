import { createHash, Hash } from 'node:crypto';
import * as fs from 'node:fs';
import { ImgdietError } from '../../errors';
import type { HiddenReason } from '../../model';
import type { LayerBlob } from '../sources/types';
import { ByteCounter, Compression, decompress, sniffCompression } from './decompress';
import { ContentKind, contentKind, HEAD_BYTES, keptContent, shouldCapture } from './content';
import { dirname, joinPath, normalizePath } from '../../util/paths';
import { isRouteSource, routeLines } from './routes';
import { PathTable } from '../../util/path-table';
import { indexTar, readFully } from './tar-index';
import { isNativeCapture, nativeLinksAt } from '../base/capture';
import { TarFormatError, TarHeader, TarParser, TarVisitor } from './tar-parser';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'other';

/**
 * One tar entry, metadata only: content is hashed as it streams, or located for later, and never kept. A regular
 * file's entry is also the body it stored (the model's Inode), and a visible entry the path it shows (FinalFile):
 * one object an entry, not three. The fields after `shadowedBytes` are the model's, set as it applies the layer.
 */
export interface LayerEntry {
  /** Normalised path (see normalizePath). For a whiteout, the path it deletes; for an opaque marker, its directory. */
  path: string;
  /** The path's id in `LayerWalk.paths`; -1 for whiteouts and opaque markers (their paths are only looked up). */
  id: number;
  type: EntryType;
  /** Content bytes; 0 for everything but regular files. */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target as written, or the normalised path a hard link points to. */
  link?: string;
  /** sha256 (hex) of a regular file's content: read while streaming, or hashed later when it may be a copy. */
  sha256: string | null;
  /** Where a regular file's content lies in `LayerWalk.file`, when it was not read. */
  offset?: number;
  /** What the file's first bytes say it is. */
  kind?: ContentKind;
  /** The whole content, for the few metadata files the analysis reads (see shouldCapture). */
  data?: Buffer;
  /** Bytes of earlier versions of this path in the same layer, folded into this entry (see EntryCollector.add). */
  shadowedBytes?: number;
  /** The layer index that applied it (-1 until the model does). */
  layer: number;
  /** The body this entry shows: a regular file its own entry, a hard link its target's (null once hidden). */
  inode: LayerEntry | null;
  /** A regular file's visible paths (hard links included). */
  links: number;
  /** The layer that made a regular file's body invisible, and how, or null while it is visible. */
  hiddenBy: number | null;
  hiddenReason: HiddenReason | null;
  /** The file holding the content at `offset`, when it was not read while streaming. */
  file: string | null;
}

export interface LayerWalk {
  entries: LayerEntry[];
  compression: Compression;
  /** Bytes of the blob as stored (before decompression). */
  blobBytes: number;
  /** Sum of regular-file content bytes. */
  sizeBytes: number;
  /** The file that `LayerEntry.offset` points into, for a plain tar read at random. */
  file: string | null;
  /** Where the entries' paths are interned: one table for all the layers of an image. */
  paths: PathTable;
}

/**
 * A layer blob that cannot be read. Not an InputError on purpose: the source that handed the blob over wraps it
 * (withContext) with which layer of which image it was; withContext would pass an InputError through unnamed.
 */
export class LayerError extends Error {}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/**
 * Walks one layer blob. A plain tar in a file is indexed by its headers alone (file contents are hashed later,
 * and only where a duplicate is possible); anything else — a stream, or a compressed blob — is read once and
 * every file hashed as it passes.
 */
export interface WalkOptions {
  /** The image's path table (a new one when not given: then this layer cannot join the others in a model). */
  paths?: PathTable;
  /**
   * Hears the entries of a plain tar in a file while it is indexed, a few thousand at a time, so that work on
   * them (hashing on another thread) can start before the layer is done. Streamed layers are hashed already.
   */
  onEntries?: (file: string, entries: readonly LayerEntry[]) => void;
}

/** Entries handed to onEntries at a time. */
const ENTRY_BATCH = 4096;

export async function walkLayer(blob: LayerBlob, options: WalkOptions = {}): Promise<LayerWalk> {
  const paths = options.paths ?? new PathTable();
  if (blob.file) {
    const { path, offset, size } = blob.file;
    const fd = fs.openSync(path, 'r');
    try {
      const head = Buffer.alloc(Math.min(4, size));
      readFully(fd, head, offset);
      if (sniffCompression(head) === 'none') return indexLayer(paths, fd, path, offset, size, options.onEntries);
    } catch (err) {
      throw err instanceof TarFormatError ? new LayerError(`layer: ${err.message}`, { cause: err }) : err;
    } finally {
      fs.closeSync(fd);
    }
  }
  return streamLayer(paths, blob.open());
}

function indexLayer(paths: PathTable, fd: number, file: string, offset: number, size: number, onEntries?: WalkOptions['onEntries']): LayerWalk {
  const collector = new EntryCollector(paths, false, onEntries !== undefined);
  indexTar(fd, offset, offset + size, (ix, read, view) => {
    if (onEntries && collector.fresh.length >= ENTRY_BATCH) onEntries(file, collector.takeFresh());
    const e = collector.add(ix.header, ix.offset);
    if (e.type !== 'file' || e.size === 0) return;
    const kind = contentKind(view(ix.offset, Math.min(HEAD_BYTES, e.size)));
    if (kind) e.kind = kind;
    if (!shouldCapture(e.path, e.size)) return;
    // A native module is kept as its links: read the few parts of it they come from, not all of it.
    if (isNativeCapture(e.path, e.size)) {
      e.data = nativeLinksAt((at, len) => view(ix.offset + at, Math.max(0, Math.min(len, e.size - at))), e.size);
    } else {
      // A source file is only searched for its routes: a look at it in place, no copy kept.
      const kept = isRouteSource(e.path, e.size) ? routeLines(view(ix.offset, e.size)) : keptContent(e.path, read(ix.offset, e.size));
      if (kept !== undefined) e.data = kept;
    }
  });
  if (onEntries && collector.fresh.length > 0) onEntries(file, collector.takeFresh());
  return { entries: collector.finish(), compression: 'none', blobBytes: size, sizeBytes: collector.sizeBytes, file, paths };
}

async function streamLayer(paths: PathTable, blob: AsyncIterable<Buffer>): Promise<LayerWalk> {
  const collector = new EntryCollector(paths, true);
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
  return { entries: collector.finish(), compression, blobBytes: counter.bytes, sizeBytes: collector.sizeBytes, file: null, paths };
}

/** Stands in the list for an entry folded into a later one at its path, until the list is compacted. */
const FOLDED = null;

/**
 * Turns tar headers into entries; when streaming, hashes file content as it passes and keeps what it must.
 * A path written again in the same layer replaces its earlier entry, whose bytes the new one carries as
 * shadowedBytes: memory grows with the distinct paths of a layer, not with how often a path is written.
 */
class EntryCollector implements TarVisitor {
  sizeBytes = 0;
  /** Entries added since the last takeFresh, when someone takes them. */
  fresh: LayerEntry[] = [];
  private list: Array<LayerEntry | typeof FOLDED> = [];
  private folded = 0;
  /** Where each path's latest entry stands in `list`, + 1, by path id. */
  private at = new Int32Array(1024);
  /** Paths a hard link in this layer names: their earlier versions stay, since the link shows them. */
  private readonly linked = new Set<string>();
  private file: LayerEntry | null = null;
  private hash: Hash | null = null;
  private head: Buffer[] = [];
  private headBytes = 0;
  private captured: Buffer[] | null = null;

  constructor(
    private readonly paths: PathTable,
    private readonly hashing: boolean,
    private readonly keepFresh = false,
  ) {}

  add(h: TarHeader, offset?: number): LayerEntry {
    const e = toEntry(h);
    if (e.type !== 'whiteout' && e.type !== 'opaque') e.id = this.paths.intern(e.path);
    if (e.type === 'file') {
      this.sizeBytes += e.size;
      if (offset !== undefined) e.offset = offset;
    }
    // `.`, `/`, `./`, `..` and `a/..` all name the root: a directory there says nothing, and anything else there
    // could never be extracted, so it is refused rather than counted in the layer and missing from the tree.
    if (e.path === '' && e.type !== 'opaque') {
      if (e.type === 'dir') return e;
      throw new TarFormatError(`tar entry "${h.name.slice(0, 100)}" names the root of the image but is not a directory`);
    }
    if (e.type === 'hardlink' && e.link !== undefined) this.linked.add(e.link);
    if (e.type !== 'whiteout' && e.type !== 'opaque') this.fold(e);
    this.list.push(e);
    if (this.keepFresh) this.fresh.push(e);
    return e;
  }

  /** Folds the earlier entry at e's path into e, when nothing else can still see it. */
  private fold(e: LayerEntry): void {
    while (e.id >= this.at.length) this.at = widen(this.at);
    const prev = this.at[e.id] - 1;
    this.at[e.id] = this.list.length + 1;
    if (prev < 0) return;
    const p = this.list[prev];
    // A directory may have children after it; a key or captured file is read by findings even when hidden.
    if (!p || p.type === 'dir' || p.kind !== undefined || p.data !== undefined || this.linked.has(e.path)) return;
    e.shadowedBytes = (p.shadowedBytes ?? 0) + p.size;
    // No longer in the layer: the content hasher, which may hold it already, then lets it go.
    p.offset = undefined;
    this.list[prev] = FOLDED;
    if (++this.folded > 4096 && this.folded * 2 > this.list.length) this.compact();
  }

  private compact(): void {
    const live: LayerEntry[] = [];
    for (const e of this.list) if (e) live.push(e);
    this.list = live;
    this.folded = 0;
    this.at.fill(0);
    live.forEach((e, i) => {
      if (e.type !== 'whiteout' && e.type !== 'opaque') this.at[e.id] = i + 1;
    });
  }

  takeFresh(): LayerEntry[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  /** The entries in tar order, folded ones left out. */
  finish(): LayerEntry[] {
    if (this.folded > 0) this.compact();
    return this.list as LayerEntry[];
  }

  header(h: TarHeader): void {
    const e = this.add(h);
    if (e.type === 'file' && this.hashing) {
      this.file = e;
      this.hash = createHash('sha256');
      this.head = [];
      this.headBytes = 0;
      this.captured = shouldCapture(e.path, e.size) ? [] : null;
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
    if (this.file && this.hash) {
      this.file.sha256 = this.hash.digest('hex');
      const kind = this.headBytes > 0 ? contentKind(Buffer.concat(this.head)) : undefined;
      if (kind) this.file.kind = kind;
      if (this.captured) {
        const kept = keptContent(this.file.path, Buffer.concat(this.captured));
        if (kept !== undefined) this.file.data = kept;
      }
    }
    this.file = null;
    this.hash = null;
    this.captured = null;
  }
}

function toEntry(h: TarHeader): LayerEntry {
  const path = normalizePath(h.name);
  // Looked at in place: a name string per entry only for the rare whiteout.
  const at = path.lastIndexOf('/') + 1;
  if (path.startsWith(WHITEOUT, at)) {
    const name = path.slice(at);
    if (name === OPAQUE) return entry(h, dirname(path), 'opaque', 0, undefined);
    if (name === WHITEOUT) throw new TarFormatError(`tar whiteout "${h.name.slice(0, 100)}" names no file`);
    // `.wh..wh.*` other than the opaque marker is aufs bookkeeping, not a deletion.
    if (name.startsWith(`${WHITEOUT}${WHITEOUT}`)) return entry(h, path, 'other', 0, undefined);
    return entry(h, joinPath(dirname(path), name.slice(WHITEOUT.length)), 'whiteout', 0, undefined);
  }
  switch (h.type) {
    case '0':
    case '7':
      return entry(h, path, 'file', h.size, undefined);
    case '5':
      return entry(h, path, 'dir', 0, undefined);
    case '2':
      return entry(h, path, 'symlink', 0, h.linkname);
    case '1':
      return entry(h, path, 'hardlink', 0, normalizePath(h.linkname));
    default:
      return entry(h, path, 'other', 0, undefined);
  }
}

/**
 * Every entry gets all fields in one literal, in one order: V8 then gives them one shape, which took entries
 * from ~370 to ~100 bytes and made the model build twice as fast on 100k-file images (scripts/bench.js).
 */
function entry(h: TarHeader, path: string, type: EntryType, size: number, link: string | undefined): LayerEntry {
  return {
    path, id: -1, type, size, mode: h.mode, uid: h.uid, gid: h.gid, link, sha256: null, offset: undefined, kind: undefined, data: undefined, shadowedBytes: 0,
    layer: -1, inode: null, links: 0, hiddenBy: null, hiddenReason: null, file: null,
  };
}

function widen(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
