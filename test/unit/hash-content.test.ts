import { createHash } from 'node:crypto';
import { ContentHasher, hashBodies, hashDuplicateCandidates } from '../../src/analyze/filesystem/hash-content';
import { buildFilesystem } from '../../src/analyze/filesystem/build';
import type { FilesystemModel } from '../../src/analyze/filesystem/model';
import { EntryTable, FILE } from '../../src/analyze/layers/entry-table';
import type { LayerWalk } from '../../src/analyze/layers/walk';
import { removeTemps, writeTemp } from '../helpers/image-builder';

afterAll(removeTemps);

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * A file of bodies laid end to end with gaps, as a plain tar on disk holds them, and the rows an index of it
 * gives (offsets only, no hashes). Body k is `size` bytes of (k % distinct), so copies are known.
 */
function layerFile(bodies: Array<{ size: number; fill: number }>, table = new EntryTable(), prefix = ''): { walk: LayerWalk; data: Buffer[] } {
  const parts: Buffer[] = [];
  const rows: number[] = [];
  const data: Buffer[] = [];
  let at = 0;
  bodies.forEach(({ size, fill }, k) => {
    const gap = Buffer.alloc(512, 0xee);
    const body = Buffer.alloc(size, fill);
    parts.push(gap, body);
    at += gap.length;
    const row = table.add({ pathId: table.paths.intern(`${prefix}f${k}`), type: FILE, size, mode: 0o644, uid: 0, gid: 0 });
    table.offsets[row] = at;
    rows.push(row);
    data.push(body);
    at += size;
  });
  const file = writeTemp('bodies', Buffer.concat(parts));
  return { walk: { entries: Int32Array.from(rows), compression: 'none', blobBytes: at, sizeBytes: at, file, table }, data };
}

/** The model of walks as layers 0, 1 …: the bodies are its inodes, in layer order. */
function modelOf(...walks: LayerWalk[]): FilesystemModel {
  return buildFilesystem(walks.map((walk, index) => ({ index, walk })));
}

/** The content hash of each row of a walk, as the table holds it. */
function hashes(walk: LayerWalk): Array<string | null> {
  return [...walk.entries].map((e) => walk.table.sha256(e));
}

describe('ContentHasher', () => {
  it('hashes, ahead on the worker, every body whose size another shares, and no body of a unique size', async () => {
    // Sizes: 1000 ×3 (two the same), 2000 ×2 (different content), 3000 once.
    const { walk, data } = layerFile([
      { size: 1000, fill: 1 }, { size: 2000, fill: 2 }, { size: 1000, fill: 1 }, { size: 3000, fill: 3 }, { size: 2000, fill: 4 }, { size: 1000, fill: 5 },
    ]);
    const hasher = new ContentHasher({ workerMinBytes: 1, parallelMinBytes: Infinity });
    hasher.offer(walk);
    await hasher.idle();
    // The worker hashed them out of the order they were sent in (a first body goes when its second turns up).
    const expected = [sha(data[0]), sha(data[1]), sha(data[0]), null, sha(data[4]), sha(data[5])];
    expect(hashes(walk)).toEqual(expected);
    const fs = modelOf(walk);
    await hasher.finish(fs, fs.inodes);
    expect(fs.inodes.map((i) => fs.sha256(i))).toEqual(expected);
  });

  it('hashes what is still missing at the end on both threads, in any file order', async () => {
    const table = new EntryTable();
    const a = layerFile(Array.from({ length: 40 }, (_, k) => ({ size: 4096 + (k % 4), fill: k % 8 })), table, 'a/');
    const b = layerFile(Array.from({ length: 40 }, (_, k) => ({ size: 4096 + (k % 4), fill: (k + 3) % 8 })), table, 'b/');
    const hasher = new ContentHasher({ workerMinBytes: Infinity, parallelMinBytes: 1 });
    hasher.offer(b.walk);
    hasher.offer(a.walk);
    const fs = modelOf(b.walk, a.walk);
    await hasher.finish(fs, fs.inodes);
    expect(fs.inodes.map((i) => fs.sha256(i))).toEqual([...b.data, ...a.data].map(sha));
  });

  it('keeps what the worker hashed ahead and reads only the visible candidates still missing', async () => {
    const { walk, data } = layerFile([{ size: 700, fill: 1 }, { size: 700, fill: 2 }, { size: 900, fill: 3 }, { size: 900, fill: 3 }]);
    const hasher = new ContentHasher({ workerMinBytes: 1, parallelMinBytes: Infinity });
    hasher.offer(walk);
    await hasher.idle();
    // A later layer (not offered) made bodies 1 and 3 invisible; 0 and 2 keep the hashes the worker gave them.
    const fs = modelOf(walk);
    const all = fs.inodes;
    await hasher.finish(fs, [all[0], all[2]]);
    expect([fs.sha256(all[0]), fs.sha256(all[2])]).toEqual([sha(data[0]), sha(data[2])]);
  });

  it('stops guessing at finish and still hashes every candidate', async () => {
    const a = layerFile(Array.from({ length: 400 }, (_, k) => ({ size: 8192 + (k % 8), fill: k % 16 })));
    const hasher = new ContentHasher({ workerMinBytes: 1, parallelMinBytes: Infinity });
    hasher.offer(a.walk);
    const fs = modelOf(a.walk);
    await hasher.finish(fs, fs.inodes);
    expect(fs.inodes.map((i) => fs.sha256(i))).toEqual(a.data.map(sha));
  });

  it('drops a body whose row was given to a later write of its path before its hash came back', async () => {
    const { walk, data } = layerFile([{ size: 600, fill: 1 }, { size: 600, fill: 2 }]);
    const hasher = new ContentHasher({ workerMinBytes: 1, parallelMinBytes: Infinity });
    // The walk reused row 0 for another body of the path (another offset): the worker's answer for it is stale.
    walk.table.offsets[walk.entries[0]] += 1;
    hasher.offer(walk);
    walk.table.offsets[walk.entries[0]] -= 1;
    await hasher.idle();
    await hasher.abandon();
    expect(hashes(walk)).toEqual([null, sha(data[1])]);
  });

  it('names the file when a body lies past its end', async () => {
    const { walk } = layerFile([{ size: 100, fill: 1 }, { size: 100, fill: 2 }]);
    walk.table.offsets[walk.entries[1]] = 10_000_000;
    const fs = modelOf(walk);
    await expect(new ContentHasher({ workerMinBytes: Infinity, parallelMinBytes: Infinity }).finish(fs, fs.inodes)).rejects.toThrow('file ends before byte 10000100');
  });

  it('fails, naming the file, when the worker fails ahead of time, and still stops', async () => {
    const table = new EntryTable();
    const { walk } = layerFile([{ size: 100, fill: 1 }, { size: 100, fill: 2 }], table, 'a/');
    const late = layerFile([{ size: 100, fill: 3 }], table, 'b/');
    walk.table.offsets[walk.entries[1]] = 10_000_000;
    const hasher = new ContentHasher({ workerMinBytes: 1, parallelMinBytes: Infinity });
    hasher.offer(walk);
    await expect(hasher.idle()).rejects.toThrow('file ends before byte 10000100');
    // A batch sent after the worker died fails at once instead of waiting for an answer that never comes.
    hasher.offer(late.walk);
    const fs = modelOf(walk);
    await expect(hasher.finish(fs, fs.inodes)).rejects.toThrow('file ends before byte 10000100');
  });

  it('hashDuplicateCandidates hashes a set of bodies on its own', async () => {
    const { walk, data } = layerFile([{ size: 50, fill: 7 }, { size: 50, fill: 7 }, { size: 51, fill: 7 }]);
    const fs = modelOf(walk);
    await hashDuplicateCandidates(fs, fs.inodes);
    expect(fs.inodes.map((i) => fs.sha256(i))).toEqual([sha(data[0]), sha(data[0]), null]);
  });

  it('hashBodies hashes every body it is given, of a unique size too', async () => {
    const { walk, data } = layerFile([{ size: 50, fill: 7 }, { size: 51, fill: 8 }]);
    const fs = modelOf(walk);
    await hashBodies(fs, fs.inodes);
    expect(fs.inodes.map((i) => fs.sha256(i))).toEqual([sha(data[0]), sha(data[1])]);
  });
});
