import * as fs from 'node:fs';
import { BLOCK, HeaderDecoder, padding, TarFormatError, TarHeader } from './tar-header';

/** An entry found by reading headers only, with where its data lies in the file. */
export interface IndexedEntry {
  header: TarHeader;
  /** Absolute file offset of the entry's data. */
  offset: number;
  dataSize: number;
}

const WINDOW = 256 * 1024;

/**
 * Lists the entries of a tar that lies in a file between `start` and `end`, reading headers only and seeking
 * over data: a file's bytes are read later, and only if they are needed. Synchronous reads, because one
 * promise per header would cost more than the read. Given `onEntry`, hands each entry to it and returns none.
 */
export function indexTar(
  fd: number,
  start: number,
  end: number,
  /** `read` gives a copy; `view` bytes valid only until onEntry returns, for a look that keeps nothing. */
  onEntry?: (e: IndexedEntry, read: (pos: number, len: number) => Buffer, view: (pos: number, len: number) => Buffer) => void,
): IndexedEntry[] {
  const decoder = new HeaderDecoder();
  const window = Buffer.allocUnsafe(WINDOW);
  let winStart = 0;
  let winLen = 0;
  /** Makes the window hold [pos, pos+len) and returns where pos is in it; headers are decoded in place. */
  const ensure = (pos: number, len: number): number => {
    if (pos + len > end) throw new TarFormatError('tar data ends in the middle of an entry (truncated)');
    if (pos >= winStart && pos + len <= winStart + winLen) return pos - winStart;
    winStart = pos;
    winLen = Math.min(WINDOW, end - pos);
    readFully(fd, window.subarray(0, winLen), pos);
    return 0;
  };
  /** A copy of [pos, pos+len), for the few PAX and GNU records. */
  const copy = (pos: number, len: number): Buffer => {
    if (pos + len > end) throw new TarFormatError('tar data ends in the middle of an entry (truncated)');
    if (len > WINDOW) {
      const big = Buffer.allocUnsafe(len);
      readFully(fd, big, pos);
      return big;
    }
    const at = ensure(pos, len);
    return Buffer.from(window.subarray(at, at + len));
  };

  // Content asked for by onEntry comes from the window when it is there, else from its own read.
  const contentAt = (at: number, len: number): Buffer => {
    if (at >= winStart && at + len <= winStart + winLen) return window.subarray(at - winStart, at - winStart + len);
    const own = Buffer.allocUnsafe(len);
    readFully(fd, own, at);
    return own;
  };
  const copyAt = (at: number, len: number): Buffer => Buffer.from(contentAt(at, len));
  const entries: IndexedEntry[] = [];
  let pos = start;
  let zeros = 0;
  let sawHeader = false;
  while (pos + BLOCK <= end) {
    const d = decoder.block(window, ensure(pos, BLOCK));
    pos += BLOCK;
    if (d.kind === 'zero') {
      if (++zeros === 2) return entries;
      continue;
    }
    zeros = 0;
    sawHeader = true;
    if (d.kind === 'meta') {
      decoder.meta(d.type, copy(pos, d.size));
      pos += d.size + padding(d.size);
      continue;
    }
    const entry = { header: d.header, offset: pos, dataSize: d.dataSize };
    // With a callback nothing is kept: a list of every header of a big layer would only be garbage later.
    if (onEntry) onEntry(entry, copyAt, contentAt);
    else entries.push(entry);
    pos += d.dataSize + padding(d.dataSize);
  }
  if (!sawHeader) throw new TarFormatError('no tar data');
  // Without an end-of-archive marker the entries must still end exactly at the end of the data.
  if (pos !== end) throw new TarFormatError('tar data ends in the middle of an entry (truncated)');
  return entries;
}

export function readFully(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) {
    const n = fs.readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) throw new TarFormatError('file ends early (truncated)');
    done += n;
  }
}
