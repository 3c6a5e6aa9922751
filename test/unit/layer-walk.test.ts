import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { walkLayer, LayerWalk } from '../../src/analyze/layers/walk';
import type { LayerBlob } from '../../src/analyze/sources/types';
import { compress, Compression, dir, Entry, file, hardlink, layerTar, opaque, removeTemps, sha256, symlink, whiteout, writeTemp } from '../helpers/image-builder';

afterAll(removeTemps);

/** Feeds a blob in small, odd-sized chunks, so that headers and bodies straddle chunk boundaries. */
async function* inChunks(data: Buffer, size = 777): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

const NO_DESCRIPTOR = { digest: null, mediaType: null, size: null };

/** The blob as a stream source hands it over (no file to read at random): every file is hashed as it passes. */
function streamed(data: Buffer): LayerBlob {
  return { descriptor: NO_DESCRIPTOR, open: () => inChunks(data) };
}

/** The blob inside a larger file, as an archive on disk hands it over: a plain tar is indexed, not read. */
const PREFIX = 1536;
function inFile(data: Buffer): LayerBlob {
  const path = writeTemp('blob', Buffer.concat([randomBytes(PREFIX), data]));
  return { ...streamed(data), file: { path, offset: PREFIX, size: data.length } };
}

type Mode = 'streamed' | 'in a file';
const MODES: Mode[] = ['streamed', 'in a file'];

async function walk(entries: Entry[], compression: Compression = 'none', mode: Mode = 'streamed') {
  const blob = compress(await layerTar(entries), compression);
  return { blob, walk: await walkLayer(mode === 'streamed' ? streamed(blob) : inFile(blob)) };
}

/** The walk's rows, read back from its entry table. */
function rows(w: LayerWalk) {
  const t = w.table;
  return [...w.entries].map((e) => ({
    path: t.path(e), type: t.type(e), size: t.sizes[e], link: t.linkTargets.get(e), mode: t.modes[e], sha256: t.sha256(e), offset: t.offsets[e] < 0 ? undefined : t.offsets[e],
  }));
}

/**
 * A file's content as the walk located it: its hash when it was read while streaming, else the bytes at its
 * offset in the file (hashed here), so that both ways must point at the same content.
 */
function contentHash(w: LayerWalk, path: string): string | null | undefined {
  const e = rows(w).find((x) => x.path === path && x.type === 'file');
  if (!e) return undefined;
  if (e.sha256 !== null) return e.sha256;
  if (w.file === null || e.offset === undefined) return 'located nowhere';
  const fd = fs.openSync(w.file, 'r');
  const buf = Buffer.alloc(e.size);
  fs.readSync(fd, buf, 0, e.size, e.offset);
  fs.closeSync(fd);
  return sha256(buf);
}

const HELLO = sha256('hello');

describe.each(MODES)('walkLayer, %s', (mode) => {
  it('counts only regular-file bytes: directories, symlinks, hard links, whiteouts and opaque markers add 0', async () => {
    const { walk: w } = await walk(
      [dir('a/'), file('a/x', 'hello', { mode: 0o640 }), symlink('a/l', 'x'), hardlink('a/h', 'a/x'), whiteout('a/gone'), opaque('b'), file('b/y', 'world!')],
      'none',
      mode,
    );
    expect(w.sizeBytes).toBe(11);
    expect(rows(w).map(({ path, type, size, link, mode: m }) => ({ path, type, size, link, mode: m }))).toEqual([
      { path: 'a', type: 'dir', size: 0, link: undefined, mode: 0o755 },
      { path: 'a/x', type: 'file', size: 5, link: undefined, mode: 0o640 },
      { path: 'a/l', type: 'symlink', size: 0, link: 'x', mode: 0o644 },
      { path: 'a/h', type: 'hardlink', size: 0, link: 'a/x', mode: 0o644 },
      { path: 'a/gone', type: 'whiteout', size: 0, link: undefined, mode: 0o644 },
      { path: 'b', type: 'opaque', size: 0, link: undefined, mode: 0o644 },
      { path: 'b/y', type: 'file', size: 6, link: undefined, mode: 0o644 },
    ]);
    expect([contentHash(w, 'a/x'), contentHash(w, 'b/y')]).toEqual([HELLO, sha256('world!')]);
  });

  it.each<Compression>(['none', 'gzip', 'zstd'])('reads a %s layer and reports its compression and stored size', async (compression) => {
    const body = randomBytes(300_000); // several chunks of the decompressor's output
    const { blob, walk: w } = await walk([dir('data/'), file('data/blob.bin', body), file('data/small', 'hello')], compression, mode);
    expect(w.compression).toBe(compression);
    expect(w.blobBytes).toBe(blob.length);
    expect(w.sizeBytes).toBe(300_005);
    expect(rows(w).filter((e) => e.type === 'file').map((e) => [e.path, e.size])).toEqual([
      ['data/blob.bin', 300_000],
      ['data/small', 5],
    ]);
    expect([contentHash(w, 'data/blob.bin'), contentHash(w, 'data/small')]).toEqual([sha256(body), HELLO]);
  });

  it.each<['pax' | 'gnu']>([['pax'], ['gnu']])('reads %s long names for files and directories', async (longName) => {
    const deep = `usr/lib/${'d'.repeat(120)}`;
    const name = `${deep}/${'f'.repeat(150)}.txt`;
    const { walk: w } = await walk([{ ...dir(`${deep}/`), longName }, file(name, 'hello', { longName }), hardlink('short', name)], 'none', mode);
    expect(rows(w).map((e) => [e.path, e.type, e.size, e.link])).toEqual([
      [deep, 'dir', 0, undefined],
      [name, 'file', 5, undefined],
      ['short', 'hardlink', 0, name], // a link target over 100 bytes needs a PAX linkpath
    ]);
    expect(w.sizeBytes).toBe(5);
    expect(contentHash(w, name)).toBe(HELLO);
  });

  it('normalises names: ./ prefixes, trailing slashes, .. clamped at the root; the root entry itself is dropped', async () => {
    const { walk: w } = await walk([dir('./'), dir('./etc/'), file('./etc/hosts', 'hello'), file('../../etc/../x', 'hi')], 'none', mode);
    expect(rows(w).map((e) => [e.path, e.type])).toEqual([
      ['etc', 'dir'],
      ['etc/hosts', 'file'],
      ['x', 'file'],
    ]);
  });

  it('keeps an opaque marker at the root and treats other .wh..wh. names as bookkeeping, not deletions', async () => {
    const { walk: w } = await walk([opaque('.'), file('.wh..wh.plnk/1', ''), file('.wh..wh.aufs', '')], 'none', mode);
    expect(rows(w).map((e) => [e.path, e.type])).toEqual([
      ['', 'opaque'],
      ['.wh..wh.plnk/1', 'file'],
      ['.wh..wh.aufs', 'other'],
    ]);
  });

  it('reads an empty layer (only the end-of-archive blocks) as no entries and 0 bytes', async () => {
    const w = await walkLayer(mode === 'streamed' ? streamed(Buffer.alloc(1024)) : inFile(Buffer.alloc(1024)));
    expect([rows(w), w.compression, w.blobBytes, w.sizeBytes]).toEqual([[], 'none', 1024, 0]);
  });
});
