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
const MAX_META = 1024 * 1024;
/** What all global PAX headers of one tar may hold together: they accumulate, so they are capped as a whole. */
const MAX_GLOBAL = 1024 * 1024;
/**
 * Entries in one tar: real layers hold up to a few million; this is far above them and still bounds the walk.
 * IMGDIET_MAX_ENTRIES changes it (memory grows with the distinct paths: a row of about 60 bytes and the path).
 */
export const MAX_ENTRIES = positiveSetting(process.env.IMGDIET_MAX_ENTRIES, 20_000_000);
/** Largest size a tar entry may state: sizes past 2^53 cannot be counted exactly. */
const MAX_SIZE = Number.MAX_SAFE_INTEGER;
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

/** The PAX record of a header that had none (never written to). */
const NO_PAX: Readonly<Record<string, string>> = Object.freeze({});

export class HeaderDecoder {
  private pax: Record<string, string> = NO_PAX;
  private paxGlobal: Record<string, string> = {};
  private longName: string | null = null;
  private longLink: string | null = null;
  private globalBytes = 0;
  private entries = 0;

  /** Decodes the header block at `at` in `b` (read in place: no view is made per header). */
  block(b: Buffer, at = 0): Decoded {
    if (isZero(b, at)) return ZERO;
    if (!checksumOk(b, at)) throw new TarFormatError('invalid tar header checksum (corrupt, truncated, or not a tar)');
    const type = b[at + 156] === 0 ? '0' : String.fromCharCode(b[at + 156]);
    const size = readSize(b, at);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > MAX_META) throw new TarFormatError(`tar metadata record of ${size} bytes is too large (limit ${MAX_META})`);
      if (type === 'g' && (this.globalBytes += size) > MAX_GLOBAL) {
        throw new TarFormatError(`tar global headers hold more than ${MAX_GLOBAL} bytes together`);
      }
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
      size: paxNumber('size', pax.size ?? global.size, size),
      mode: readOctal(b, at + 100, 8),
      uid: paxNumber('uid', pax.uid ?? global.uid, readOctal(b, at + 108, 8)),
      gid: paxNumber('gid', pax.gid ?? global.gid, readOctal(b, at + 116, 8)),
      // Only links have a target; decoding the empty field of every other header would cost a string each.
      linkname: this.longLink ?? pax.linkpath ?? global.linkpath ?? (type === '1' || type === '2' ? str(b, at + 157, 100) : ''),
    };
    // A fresh record only when the last one held something: most tars have no PAX headers at all.
    if (pax !== NO_PAX) this.pax = NO_PAX;
    this.longName = null;
    this.longLink = null;
    if (++this.entries > MAX_ENTRIES) throw new TarFormatError(`tar holds more than ${MAX_ENTRIES.toLocaleString('en-US')} entries`);
    return { kind: 'entry', header, dataSize: NO_DATA.has(type) ? 0 : header.size };
  }

  meta(type: string, raw: Buffer): void {
    if (type === 'L') this.longName = cstr(raw);
    else if (type === 'K') this.longLink = cstr(raw);
    else if (type === 'g') Object.assign(this.paxGlobal, parsePax(raw));
    else this.pax = { ...this.pax, ...parsePax(raw) };
  }
}

function positiveSetting(text: string | undefined, fallback: number): number {
  const n = text === undefined ? NaN : Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/** A PAX number is decimal digits only: a sign, a fraction, hex or `0abc` is a broken header, not a size. */
function paxNumber(key: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^[0-9]{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new TarFormatError(`tar PAX ${key} "${text.slice(0, 40)}" is not a non-negative integer`);
  return n;
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
    // GNU base-256: big-endian, two's complement; a set second bit means negative, which no size can be.
    if (b[at + 124] & 0x40) throw new TarFormatError('tar size field is negative');
    let v = b[at + 124] & 0x7f;
    for (let i = at + 125; i < at + 136; i++) v = v * 256 + b[i];
    if (v > MAX_SIZE) throw new TarFormatError('tar size field is too large');
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
