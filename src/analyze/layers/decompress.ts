import { pipeline, Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type * as Fzstd from 'fzstd';
import { Xxh64 } from './xxh64';
import { ZstdFrameError, ZstdFrames } from './zstd-frames';

export type Compression = 'gzip' | 'zstd' | 'none';

const CHUNK = 256 * 1024;

/** Names the compression of a blob from its first bytes; anything else is taken as a plain tar. */
export function sniffCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  // A zstd stream may open with a skippable frame (magic 0x184D2A5?).
  if (head.length >= 4 && (head[0] & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18) return 'zstd';
  return 'none';
}

/** Reads at least `min` bytes (or all, if shorter) and returns them with an iterable of the whole stream. */
export async function peek(
  source: AsyncIterable<Uint8Array>,
  min: number,
): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let have = 0;
  let done = false;
  while (have < min) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    parts.push(b);
    have += b.length;
  }
  const head = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value as Buffer;
    }
  }
  return { head, all: all() };
}

/** Counts the raw (possibly compressed) bytes that pass through. */
export class ByteCounter {
  bytes = 0;
  async *count(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      this.bytes += chunk.length;
      yield chunk;
    }
  }
}

/** The uncompressed bytes of a blob, whatever its compression, and which compression it had. */
export async function decompress(
  source: AsyncIterable<Buffer>,
): Promise<{ compression: Compression; data: AsyncIterable<Buffer> }> {
  const { head, all } = await peek(source, 4);
  const compression = sniffCompression(head);
  if (compression === 'none') return { compression, data: all };
  if (compression === 'gzip') {
    // pipeline destroys every stream on error, so the consumer's iteration throws instead of hanging.
    const out = pipeline(Readable.from(all, { objectMode: false }), zlib.createGunzip({ chunkSize: CHUNK }), () => {});
    return { compression, data: out };
  }
  return { compression, data: unzstd(all) };
}

/**
 * Input handed to fzstd at a time. It decodes every whole block it holds in one call, and a 4-byte block can
 * stand for 128 KiB: small feeds keep what one call makes to a few MB (1 KiB of RLE blocks makes 32 MiB).
 */
const ZSTD_FEED = 1024;

/**
 * zstd, streamed: frames are checked (window cap, structure) before fzstd sees them, and each frame gets a
 * decoder of its own, so that its output is known to be whole when its last byte is in and its checksum
 * (fzstd skips it) can be compared.
 */
async function* unzstd(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  const frames = new ZstdFrames();
  // Loaded here: only zstd layers need it.
  const { Decompress } = require('fzstd') as typeof Fzstd;
  let decoder: Fzstd.Decompress | null = null;
  let hash = new Xxh64();
  const ondata = (chunk: Uint8Array): void => {
    if (chunk.length === 0) return;
    hash.update(chunk);
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  };
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; ) {
      const piece = chunk.subarray(at, Math.min(chunk.length, at + ZSTD_FEED));
      const used = frames.check(piece);
      decoder ??= new Decompress(ondata);
      decoder.push(piece.subarray(0, used));
      at += used;
      if (frames.ended) {
        decoder.push(new Uint8Array(0), true);
        if (frames.expected !== null && hash.digestLow32() !== frames.expected) throw new ZstdFrameError('zstd frame checksum does not match its content (corrupt)');
        decoder = null;
        hash = new Xxh64();
      }
      while (out.length > 0) yield out.shift() as Buffer;
    }
  }
  frames.end();
}
