/**
 * Decoding of tar header blocks, shared by the push parser (streams) and the indexer (files read at random).
 * Holds the PAX and GNU long-name state that applies to the next header.
 */
export interface TarHeader {
  name: string;
  /** Typeflag: '0' file, '1' hard link, '2' symlink, '5' directory, … ('\0' is read as '0'). */
  type: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  linkname: string;
}

export const BLOCK = 512;
/** PAX and GNU long-name records are small; a larger one is not a real header. */
const MAX_META = 16 * 1024 * 1024;
/** Links, directories and devices carry no data whatever their size field says. */
const NO_DATA = new Set(['1', '2', '3', '4', '5', '6']);

export class TarFormatError extends Error {}

export type Decoded =
  | { kind: 'zero' }
  /** A PAX or GNU record of `size` bytes follows; pass it to `meta()`. */
  | { kind: 'meta'; type: string; size: number }
  /** An entry; `dataSize` bytes of data follow, then padding to the block. */
  | { kind: 'entry'; header: TarHeader; dataSize: number };

export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

export class HeaderDecoder {
  private pax: Record<string, string> = {};
  private paxGlobal: Record<string, string> = {};
  private longName: string | null = null;
  private longLink: string | null = null;

  /** Decodes the header block at `at` in `b` (read in place: no view is made per header). */
  block(b: Buffer, at = 0): Decoded {
    if (isZero(b, at)) return ZERO;
    if (!checksumOk(b, at)) throw new TarFormatError('invalid tar header checksum (corrupt, truncated, or not a tar)');
    const type = b[at + 156] === 0 ? '0' : String.fromCharCode(b[at + 156]);
    const size = readSize(b, at);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > MAX_META) throw new TarFormatError(`tar metadata record of ${size} bytes is too large`);
      return { kind: 'meta', type, size };
    }
    let name = str(b, at, 100);
    // POSIX ustar ("ustar\0"), whose prefix field extends the name; GNU's "ustar  " has no prefix there.
    if (b[at + 257] === 0x75 && b[at + 258] === 0x73 && b[at + 259] === 0x74 && b[at + 260] === 0x61 && b[at + 261] === 0x72 && b[at + 262] === 0) {
      const prefix = str(b, at + 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const pax = this.pax;
    const global = this.paxGlobal;
    const header: TarHeader = {
      name: this.longName ?? pax.path ?? global.path ?? name,
      type,
      size: numberOr(pax.size ?? global.size, size),
      mode: readOctal(b, at + 100, 8),
      uid: numberOr(pax.uid ?? global.uid, readOctal(b, at + 108, 8)),
      gid: numberOr(pax.gid ?? global.gid, readOctal(b, at + 116, 8)),
      // Only links have a target; decoding the empty field of every other header would cost a string each.
      linkname: this.longLink ?? pax.linkpath ?? global.linkpath ?? (type === '1' || type === '2' ? str(b, at + 157, 100) : ''),
    };
    this.pax = {};
    this.longName = null;
    this.longLink = null;
    return { kind: 'entry', header, dataSize: NO_DATA.has(type) ? 0 : header.size };
  }

  meta(type: string, raw: Buffer): void {
    if (type === 'L') this.longName = cstr(raw);
    else if (type === 'K') this.longLink = cstr(raw);
    else Object.assign(type === 'g' ? this.paxGlobal : this.pax, parsePax(raw));
  }
}

function numberOr(text: string | undefined, fallback: number): number {
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : fallback;
}

const ZERO: Decoded = { kind: 'zero' };

function isZero(b: Buffer, at: number): boolean {
  for (let i = at; i < at + BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

/** A word view of the last buffer checked: the index reuses one window for all its headers. */
let wordsOf: ArrayBufferLike | null = null;
let words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

function checksumOk(b: Buffer, at: number): boolean {
  let sum = 8 * 32; // the checksum field itself counts as eight spaces
  const start = b.byteOffset + at;
  if ((start & 3) === 0) {
    // Every header is summed: four bytes at a time, in two 16-bit lanes that cannot carry (126 × 2 × 255 < 65536).
    if (wordsOf !== b.buffer) {
      words = new Uint32Array(b.buffer, 0, b.buffer.byteLength >>> 2);
      wordsOf = b.buffer;
    }
    const w = start >>> 2;
    let lanes = 0;
    for (let i = 0; i < BLOCK / 4; i++) {
      if (i === 37 || i === 38) continue; // bytes 148–155, the checksum field
      const x = words[w + i];
      lanes += (x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff);
    }
    sum += (lanes % 65536) + Math.floor(lanes / 65536);
  } else {
    for (let i = at; i < at + 148; i++) sum += b[i];
    for (let i = at + 156; i < at + BLOCK; i++) sum += b[i];
  }
  return sum === readOctal(b, at + 148, 8);
}

function readSize(b: Buffer, at: number): number {
  if (b[at + 124] & 0x80) {
    // GNU base-256: the remaining bytes, big-endian.
    let v = 0;
    for (let i = at + 125; i < at + 136; i++) v = v * 256 + b[i];
    return v;
  }
  return readOctal(b, at + 124, 12);
}

function readOctal(b: Buffer, off: number, len: number): number {
  let v = 0;
  let i = off;
  const end = off + len;
  while (i < end && (b[i] === 32 || b[i] === 0)) i++;
  for (; i < end; i++) {
    const c = b[i];
    if (c < 48 || c > 55) break;
    v = v * 8 + (c - 48);
  }
  return v;
}

function str(b: Buffer, off: number, len: number): string {
  let end = off;
  const max = off + len;
  while (end < max && b[end] !== 0) end++;
  return b.toString('utf8', off, end);
}

function cstr(raw: Buffer): string {
  const z = raw.indexOf(0);
  return raw.toString('utf8', 0, z < 0 ? raw.length : z);
}

/** PAX records: `LEN key=value\n`, LEN counting the whole record. */
function parsePax(raw: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < raw.length) {
    const sp = raw.indexOf(32, at);
    if (sp < 0) break;
    const len = Number(raw.toString('latin1', at, sp));
    if (!Number.isInteger(len) || len <= 0 || at + len > raw.length) break;
    const record = raw.toString('utf8', sp + 1, at + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}
