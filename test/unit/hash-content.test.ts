import { PathTable } from '../../src/util/path-table';
import { createHash } from 'node:crypto';
import { ContentHasher, hashBodies, hashDuplicateCandidates } from '../../src/analyze/filesystem/hash-content';
import { buildFilesystem } from '../../src/analyze/filesystem/build';
import type { Inode } from '../../src/analyze/filesystem/model';
import type { LayerEntry, LayerWalk } from '../../src/analyze/layers/walk';
import { removeTemps, writeTemp } from '../helpers/image-builder';

afterAll(removeTemps);

/** The model's accessors, which read the entries handed to them (the bodies here belong to no model). */
const FACTS = buildFilesystem([]);

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * A file of bodies laid end to end with gaps, as a plain tar on disk holds them, and the entries an index of
 * it gives (offsets only, no hashes). Body k is `size` bytes of (k % distinct), so copies are known.
 */
function layerFile(bodies: Array<{ size: number; fill: number }>): { walk: LayerWalk; data: Buffer[] } {
  const parts: Buffer[] = [];
  const entries: LayerEntry[] = [];
  const data: Buffer[] = [];
  let at = 0;
  bodies.forEach(({ size, fill }, k) => {
    const gap = Buffer.alloc(512, 0xee);
    const body = Buffer.alloc(size, fill);
    parts.push(gap, body);
    at += gap.length;
    entries.push({
      path: `f${k}`, id: k + 1, type: 'file', size, mode: 0o644, uid: 0, gid: 0, link: undefined, sha256: null, offset: at, kind: undefined, data: undefined,
      layer: -1, inode: null, links: 0, hiddenBy: null, hiddenReason: null, file: null,
    });
    data.push(body);
    at += size;
  });
  const file = writeTemp('bodies', Buffer.concat(parts));
  return { walk: { entries, compression: 'none', blobBytes: at, sizeBytes: at, file, paths: new PathTable() }, data };
}

/** The entries as the model makes them bodies: each shown once, at layer 0. */
function inodesOf(walk: LayerWalk): Inode[] {
  for (const e of walk.entries) Object.assign(e, { layer: 0, inode: e, links: 1, file: walk.file });
  return walk.entries;
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
    expect(walk.entries.map((e) => e.sha256)).toEqual([sha(data[0]), sha(data[1]), sha(data[0]), null, sha(data[4]), sha(data[5])]);
    const inodes = inodesOf(walk);
    await hasher.finish(FACTS, inodes);
    expect(inodes.map((i) => i.sha256)).toEqual([sha(data[0]), sha(data[1]), sha(data[0]), null, sha(data[4]), sha(data[5])]);
    expect(inodes[0].sha256).toBe(inodes[2].sha256);
  });

  it('hashes what is still missing at the end on both threads, in any file order', async () => {
    const a = layerFile(Array.from({ length: 40 }, (_, k) => ({ size: 4096 + (k % 4), fill: k % 8 })));
    const b = layerFile(Array.from({ length: 40 }, (_, k) => ({ size: 4096 + (k % 4), fill: (k + 3) % 8 })));
    const hasher = new ContentHasher({ workerMinBytes: Infinity, parallelMinBytes: 1 });
    hasher.offer(b.walk);
    hasher.offer(a.walk);
    const inodes = [...inodesOf(b.walk), ...inodesOf(a.walk)];
    await hasher.finish(FACTS, inodes);
    expect(inodes.map((i) => i.sha256)).toEqual([...b.data, ...a.data].map(sha));
  });

  it('keeps what the worker hashed ahead and reads only the visible candidates still missing', async () => {
    const { walk, data } = layerFile([{ size: 700, fill: 1 }, { size: 700, fill: 2 }, { size: 900, fill: 3 }, { size: 900, fill: 3 }]);
    const hasher = new ContentHasher({ workerMinBytes: 1, parallelMinBytes: Infinity });
    hasher.offer(walk);
    await hasher.idle();
    // A later layer (not offered) made bodies 1 and 3 invisible; 0 and 2 keep the hashes the worker gave them.
    const all = inodesOf(walk);
    await hasher.finish(FACTS, [all[0], all[2]]);
    expect([all[0].sha256, all[2].sha256]).toEqual([sha(data[0]), sha(data[2])]);
  });

  it('stops guessing at finish and still hashes every candidate', async () => {
    const a = layerFile(Array.from({ length: 400 }, (_, k) => ({ size: 8192 + (k % 8), fill: k % 16 })));
    const hasher = new ContentHasher({ workerMinBytes: 1, parallelMinBytes: Infinity });
    hasher.offer(a.walk);
    const inodes = inodesOf(a.walk);
    await hasher.finish(FACTS, inodes);
    expect(inodes.map((i) => i.sha256)).toEqual(a.data.map(sha));
  });

  it('names the file when a body lies past its end', async () => {
    const { walk } = layerFile([{ size: 100, fill: 1 }, { size: 100, fill: 2 }]);
    walk.entries[1].offset = 10_000_000;
    await expect(new ContentHasher({ workerMinBytes: Infinity, parallelMinBytes: Infinity }).finish(FACTS, inodesOf(walk))).rejects.toThrow(
      'file ends before byte 10000100',
    );
  });

  it('fails, naming the file, when the worker fails ahead of time, and still stops', async () => {
    const { walk } = layerFile([{ size: 100, fill: 1 }, { size: 100, fill: 2 }]);
    const late = layerFile([{ size: 100, fill: 3 }]);
    walk.entries[1].offset = 10_000_000;
    const hasher = new ContentHasher({ workerMinBytes: 1, parallelMinBytes: Infinity });
    hasher.offer(walk);
    await expect(hasher.idle()).rejects.toThrow('file ends before byte 10000100');
    // A batch sent after the worker died fails at once instead of waiting for an answer that never comes.
    hasher.offer(late.walk);
    await expect(hasher.finish(FACTS, inodesOf(walk))).rejects.toThrow('file ends before byte 10000100');
  });

  it('hashDuplicateCandidates hashes a set of bodies on its own', async () => {
    const { walk, data } = layerFile([{ size: 50, fill: 7 }, { size: 50, fill: 7 }, { size: 51, fill: 7 }]);
    const inodes = inodesOf(walk);
    await hashDuplicateCandidates(FACTS, inodes);
    expect(inodes.map((i) => i.sha256)).toEqual([sha(data[0]), sha(data[0]), null]);
  });

  it('hashBodies hashes every body it is given, of a unique size too', async () => {
    const { walk, data } = layerFile([{ size: 50, fill: 7 }, { size: 51, fill: 8 }]);
    const inodes = inodesOf(walk);
    await hashBodies(FACTS, inodes);
    expect(inodes.map((i) => i.sha256)).toEqual([sha(data[0]), sha(data[1])]);
  });
});
