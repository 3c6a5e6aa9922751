import * as fs from 'node:fs';
import { sniffCompression } from '../layers/decompress';
import { readFully } from '../layers/tar-index';
import { verified } from './digest';

/**
 * --verify: hashes a blob lying in a file against `digest` before it is walked, at the cost of one more read
 * of it. A digest that is not the blob's own (a docker-archive's diff_id names the uncompressed tar) is
 * checked only when the blob is that tar.
 */
export async function verifyFileRange(
  fd: number,
  range: { path: string; offset: number; size: number },
  digest: string | null,
  what: string,
  own = true,
): Promise<void> {
  if (digest === null) return;
  if (!own) {
    const head = Buffer.alloc(Math.min(4, range.size));
    readFully(fd, head, range.offset);
    if (sniffCompression(head) !== 'none') return;
  }
  const stream = fs.createReadStream(range.path, { start: range.offset, end: range.offset + range.size - 1, highWaterMark: 1024 * 1024 });
  for await (const _ of verified(range.size === 0 ? empty() : stream, digest, what)) void _;
}

async function* empty(): AsyncGenerator<Buffer> {}
