import { EntryTable, FILE, DIR_TYPE } from '../../src/analyze/layers/entry-table';
import { walkLayer } from '../../src/analyze/layers/walk';
import { file, layerTar, removeTemps, sha256, writeTemp } from '../helpers/image-builder';

afterAll(removeTemps);

const EMPTY = sha256('');
const digest = (fill: number): Buffer => Buffer.alloc(32, fill);

describe('EntryTable', () => {
  it('never hands out row 0, keeps every column of a row, and lists the rare fields by row', () => {
    const t = new EntryTable();
    const a = t.add({ pathId: t.paths.intern('usr/bin/x'), type: FILE, size: 5, mode: 0o4755, uid: 2 ** 40, gid: 7 });
    const b = t.add({ pathId: t.paths.intern('usr/bin'), type: DIR_TYPE, size: 0, mode: 0o755, uid: 0, gid: 0 });
    expect([a, b, t.size]).toEqual([1, 2, 3]);
    expect([t.path(a), t.type(a), t.sizes[a], t.modes[a], t.uids[a], t.gids[a], t.offsets[a], t.kind(a), t.sha256(a)]).toEqual(['usr/bin/x', 'file', 5, 0o4755, 2 ** 40, 7, -1, undefined, null]);
    expect([t.path(b), t.type(b), t.layers[b], t.inodes[b], t.hiddenBy[b], t.reason(b)]).toEqual(['usr/bin', 'dir', -1, -1, -1, null]);
    t.setKind(a, 'elf');
    t.setReason(a, 'opaque');
    expect([t.kind(a), t.reason(a)]).toEqual(['elf', 'opaque']);
  });

  it('gives an empty file the hash of no bytes without storing one, and compares stored hashes in place', () => {
    const t = new EntryTable();
    const row = (size: number): number => t.add({ pathId: t.paths.intern(`f${t.size}`), type: FILE, size, mode: 0o644, uid: 0, gid: 0 });
    const [empty, x, y, z] = [row(0), row(3), row(3), row(3)];
    t.setDigest(x, digest(1));
    t.setDigest(y, digest(1));
    t.setDigest(z, Buffer.concat([digest(1).subarray(0, 31), Buffer.from([2])]));
    expect([t.sha256(empty), t.sha256(x), t.digestPrefix(x)]).toEqual([EMPTY, '01'.repeat(32), 0x01010101]);
    expect([t.sameDigest(x, y), t.sameDigest(x, z), t.sameDigest(x, empty)]).toEqual([true, false, false]);
  });

  it('reuses the digest slot of a row written over, and keeps every value through growth and trim', () => {
    const t = new EntryTable();
    const rows: number[] = [];
    for (let k = 0; k < 5000; k++) {
      const r = t.add({ pathId: t.paths.intern(`d/${k}`), type: FILE, size: k + 1, mode: 0o644, uid: k, gid: 0 });
      t.setDigest(r, digest(k % 251));
      rows.push(r);
    }
    // Written over 1000 times, hashed each time: one slot, not 1000.
    for (let k = 0; k < 1000; k++) {
      t.write(rows[0], { pathId: t.paths.intern('d/0'), type: FILE, size: 9, mode: 0o600, uid: 1, gid: 1 });
      t.setDigest(rows[0], digest(7));
    }
    t.trim();
    t.paths.trim();
    expect(rows.slice(1).every((r, k) => t.sizes[r] === k + 2 && t.uids[r] === k + 1 && t.sha256(r) === ((k + 1) % 251).toString(16).padStart(2, '0').repeat(32))).toBe(true);
    expect([t.sizes[rows[0]], t.modes[rows[0]], t.sha256(rows[0])]).toEqual([9, 0o600, '07'.repeat(32)]);
    expect(t.paths.find('d/4999')).toBe(t.pathIds[rows[4999]]);
    // Rows and paths may still be added after a trim.
    const more = t.add({ pathId: t.paths.intern('d/new'), type: FILE, size: 1, mode: 0, uid: 0, gid: 0 });
    expect([t.path(more), t.size]).toEqual(['d/new', 5002]);
  });

  it.each(['streamed', 'in a file'])('holds one row for a path a layer (%s) writes 10,286 times among others, its earlier bytes folded into it', async (mode) => {
    // Past 4,096 folded rows the walk compacts its list: the path written again must still find its row.
    const entries = Array.from({ length: 12_000 }, (_, k) => file(k % 7 === 3 ? `etc/other${k % 5}` : 'etc/app.conf', `v${k % 10}`));
    const tar = await layerTar(entries);
    const blob = { descriptor: { digest: null, mediaType: null, size: null }, open: async function* () { yield tar; } };
    const walk = await walkLayer(mode === 'streamed' ? blob : { ...blob, file: { path: writeTemp('rewrites', tar), offset: 0, size: tar.length } });
    const t = walk.table;
    // Each path once, where its last write stands in the tar.
    const last = new Map<string, number>();
    entries.forEach((e, k) => last.set(e.name, k));
    const order = [...last].sort((a, b) => a[1] - b[1]).map(([name]) => name);
    expect([[...walk.entries].map((r) => t.path(r)), t.size, walk.sizeBytes]).toEqual([order, 7, 24_000]);
    const app = walk.entries[order.indexOf('etc/app.conf')];
    const written = entries.filter((e) => e.name === 'etc/app.conf').length;
    expect([t.sizes[app], t.shadowed.get(app), written]).toEqual([2, 2 * (written - 1), 10_286]);
    if (mode === 'streamed') expect(t.sha256(app)).toBe(sha256('v9'));
  });
});
