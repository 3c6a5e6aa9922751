import { randomBytes } from 'node:crypto';
import { walkLayer } from '../../src/analyze/layers/walk';
import type { LayerBlob } from '../../src/analyze/sources/types';
import { compress, Compression, dir, Entry, file, hardlink, layerTar, opaque, sha256, symlink, whiteout } from '../helpers/image-builder';

/** Feeds a blob in small, odd-sized chunks, so that headers and bodies straddle chunk boundaries. */
async function* inChunks(data: Buffer, size = 777): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

/** The blob as a stream source hands it over (no file to read at random), so every file is hashed. */
function streamed(data: Buffer): LayerBlob {
  return { descriptor: { digest: null, mediaType: null, size: null }, open: () => inChunks(data) };
}

async function walk(entries: Entry[], compression: Compression = 'none') {
  const blob = compress(await layerTar(entries), compression);
  return { blob, walk: await walkLayer(streamed(blob)) };
}

const HELLO = sha256('hello');

describe('walkLayer', () => {
  it('counts only regular-file bytes: directories, symlinks, hard links, whiteouts and opaque markers add 0', async () => {
    const { walk: w } = await walk([
      dir('a/'),
      file('a/x', 'hello', { mode: 0o640 }),
      symlink('a/l', 'x'),
      hardlink('a/h', 'a/x'),
      whiteout('a/gone'),
      opaque('b'),
      file('b/y', 'world!'),
    ]);
    expect(w.sizeBytes).toBe(11);
    expect(w.entries.map(({ path, type, size, sha256: s, link, mode }) => ({ path, type, size, sha256: s, link, mode }))).toEqual([
      { path: 'a', type: 'dir', size: 0, sha256: undefined, link: undefined, mode: 0o755 },
      { path: 'a/x', type: 'file', size: 5, sha256: HELLO, link: undefined, mode: 0o640 },
      { path: 'a/l', type: 'symlink', size: 0, sha256: undefined, link: 'x', mode: 0o644 },
      { path: 'a/h', type: 'hardlink', size: 0, sha256: undefined, link: 'a/x', mode: 0o644 },
      { path: 'a/gone', type: 'whiteout', size: 0, sha256: undefined, link: undefined, mode: 0o644 },
      { path: 'b', type: 'opaque', size: 0, sha256: undefined, link: undefined, mode: 0o644 },
      { path: 'b/y', type: 'file', size: 6, sha256: sha256('world!'), link: undefined, mode: 0o644 },
    ]);
  });

  it.each<Compression>(['none', 'gzip', 'zstd'])('reads a %s layer and reports its compression and stored size', async (compression) => {
    const body = randomBytes(300_000); // several chunks of the decompressor's output
    const { blob, walk: w } = await walk([dir('data/'), file('data/blob.bin', body), file('data/small', 'hello')], compression);
    expect(w.compression).toBe(compression);
    expect(w.blobBytes).toBe(blob.length);
    expect(w.sizeBytes).toBe(300_005);
    expect(w.entries.filter((e) => e.type === 'file').map((e) => [e.path, e.size, e.sha256])).toEqual([
      ['data/blob.bin', 300_000, sha256(body)],
      ['data/small', 5, HELLO],
    ]);
  });

  it.each<['pax' | 'gnu']>([['pax'], ['gnu']])('reads %s long names for files and directories', async (longName) => {
    const deep = `usr/lib/${'d'.repeat(120)}`;
    const name = `${deep}/${'f'.repeat(150)}.txt`;
    const { walk: w } = await walk([{ ...dir(`${deep}/`), longName }, file(name, 'hello', { longName }), hardlink('short', name)]);
    expect(w.entries.map((e) => [e.path, e.type, e.size, e.link])).toEqual([
      [deep, 'dir', 0, undefined],
      [name, 'file', 5, undefined],
      ['short', 'hardlink', 0, name], // a link target over 100 bytes needs a PAX linkpath
    ]);
    expect(w.sizeBytes).toBe(5);
  });

  it('normalises names: ./ prefixes, trailing slashes, .. clamped at the root; the root entry itself is dropped', async () => {
    const { walk: w } = await walk([dir('./'), dir('./etc/'), file('./etc/hosts', 'hello'), file('../../etc/../x', 'hi')]);
    expect(w.entries.map((e) => [e.path, e.type])).toEqual([
      ['etc', 'dir'],
      ['etc/hosts', 'file'],
      ['x', 'file'],
    ]);
  });

  it('keeps an opaque marker at the root and treats other .wh..wh. names as bookkeeping, not deletions', async () => {
    const { walk: w } = await walk([opaque('.'), file('.wh..wh.plnk/1', ''), file('.wh..wh.aufs', '')]);
    expect(w.entries.map((e) => [e.path, e.type])).toEqual([
      ['', 'opaque'],
      ['.wh..wh.plnk/1', 'file'],
      ['.wh..wh.aufs', 'other'],
    ]);
  });

  it('reads an empty layer (only the end-of-archive blocks) as no entries and 0 bytes', async () => {
    const w = await walkLayer(streamed(Buffer.alloc(1024)));
    expect([w.entries, w.compression, w.blobBytes, w.sizeBytes]).toEqual([[], 'none', 1024, 0]);
  });
});
