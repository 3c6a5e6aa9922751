/** The diff of two in-memory images (see fixture.ts), checked to the byte against the files the test wrote. */
import { diffImages } from '../../src/diff/diff';
import type { ImageDiff } from '../../src/diff/model';
import { run } from '../helpers/analyze-built';
import { file, removeTemps, symlink } from '../helpers/image-builder';
import {
  analyzePair,
  barList,
  base,
  bazList,
  fooList,
  lists,
  NEW_STEPS,
  newStatus,
  OLD_STEPS,
  oldStatus,
  pipCache,
  pipNew,
  pipOld,
  size,
  stepBytes,
  update,
  upgrade,
} from './fixture';

afterAll(removeTemps);

describe('imgdiet diff on two in-memory images', () => {
  let d: ImageDiff;
  let oldId: string;
  let newId: string;
  let confHashedByAnalysis: boolean;

  beforeAll(async () => {
    const p = await analyzePair(OLD_STEPS, NEW_STEPS);
    oldId = p.old.analysis.image.id;
    newId = p.new.analysis.image.id;
    // A plain layer read from a file hashes only bodies whose size another shares: conf.txt is not one of them.
    const old = p.old.filesystem;
    const conf = old.find('app/lib/conf.txt');
    const confBody = conf === undefined ? null : old.inode(conf);
    confHashedByAnalysis = confBody !== null && old.sha256(confBody) !== null;
    d = await diffImages(p.old, p.new);
  });

  test('names both images and carries their totals', () => {
    expect(d).toMatchObject({ schemaVersion: 1, kind: 'imgdiet-diff', tool: { name: 'imgdiet' } });
    expect(d.old).toMatchObject({ id: oldId, transport: 'docker-archive', tags: ['app:1.0'], platform: 'linux/amd64' });
    expect(d.new).toMatchObject({ id: newId, tags: ['app:1.1'] });
    expect(d.new.layers.map((l) => [l.index, l.instruction])).toEqual([
      [0, 'RUN debootstrap'],
      [1, 'RUN apt-get install -y foo baz && apt-get purge -y bar'],
      [2, 'RUN pip install -r requirements.txt'],
    ]);
    expect(d.old.totals.layerBytes).toBe(stepBytes(base) + stepBytes(pipOld) + stepBytes(update));
  });

  test('totals: layer and final bytes, waste, files and layers, new − old', () => {
    const oldLayers = stepBytes(base) + stepBytes(pipOld) + stepBytes(update);
    const newLayers = stepBytes(base) + stepBytes(upgrade) + stepBytes(pipNew);
    // NEW hides bar.so (3,000), the first foo (1,000), the first status and both lists of layer 0 (foo.list is
    // written again with the same bytes, bar.list deleted).
    const hidden = 3000 + 1000 + size(oldStatus) + size(barList) + size(fooList);
    expect(d.totals.layerBytes).toEqual({ old: oldLayers, new: newLayers, delta: newLayers - oldLayers });
    expect(d.totals.hiddenBytes).toEqual({ old: 0, new: hidden, delta: hidden });
    expect(d.totals.finalBytes).toEqual({ old: oldLayers, new: newLayers - hidden, delta: newLayers - hidden - oldLayers });
    // Waste: the apt lists (5,000) before; the hidden bytes and the pip cache (600) after.
    expect(d.totals.wasteBytes).toEqual({ old: 5000, new: hidden + 600, delta: hidden + 600 - 5000 });
    expect(d.totals.layerCount).toEqual({ old: 3, new: 3, delta: 0 });
    // OLD: 3 dpkg files, foo, bar.so, app.conf, 4 pip files, the lists; NEW: − bar.so, bar.list, gone.bin, the
    // lists; + baz, baz.list, new.bin, the wheel.
    expect(d.totals.finalFiles).toEqual({ old: 11, new: 11, delta: 0 });
    // Plain layers: no compressed size on either side.
    expect(d.totals.compressedBytes).toBeNull();
  });

  test('layers: shared by diffID, the changed RUN paired by instruction, one added, one removed, in order', () => {
    expect(d.layers.map((l) => [l.status, l.old?.index ?? null, l.new?.index ?? null, l.instruction, l.deltaBytes])).toEqual([
      ['shared', 0, 0, 'RUN debootstrap', 0],
      ['added', null, 1, 'RUN apt-get install -y foo baz && apt-get purge -y bar', stepBytes(upgrade)],
      ['changed', 1, 2, 'RUN pip install -r requirements.txt', stepBytes(pipNew) - stepBytes(pipOld)],
      ['removed', 2, null, 'RUN apt-get update', -5000],
    ]);
    // 5,000 + 300 + 100 + 700 + 600 − (2,000 + 800 + 400 + 100)
    expect(stepBytes(pipNew) - stepBytes(pipOld)).toBe(3400);
    const changed = d.layers[2];
    expect(changed.old).toMatchObject({ sizeBytes: 3300, instruction: 'RUN pip install -r requirements.txt' });
    expect(changed.new).toMatchObject({ sizeBytes: 6700 });
    expect(changed.old?.digest).not.toBe(changed.new?.digest);
    expect(d.layers[0].old?.digest).toBe(d.layers[0].new?.digest);
  });

  test('per-instruction deltas, largest change first', () => {
    expect(d.instructions.map((r) => [r.instruction, r.oldLayers, r.newLayers, r.oldBytes, r.newBytes, r.deltaBytes])).toEqual([
      ['RUN apt-get update', 1, 0, 5000, 0, -5000],
      ['RUN pip install -r requirements.txt', 1, 1, 3300, 6700, 3400],
      ['RUN apt-get install -y foo baz && apt-get purge -y bar', 0, 1, 0, stepBytes(upgrade), stepBytes(upgrade)],
    ]);
  });

  test('files grown, shrunk, added, removed, largest change first, with the layer of each side', () => {
    const rows = (kind: keyof Pick<ImageDiff['files'], 'added' | 'removed' | 'grown' | 'shrunk' | 'changed'>) =>
      d.files[kind].map((c) => [c.path, c.oldBytes, c.newBytes, c.deltaBytes, c.oldLayer, c.newLayer]);
    expect(rows('grown')).toEqual([
      ['app/lib/big.bin', 2000, 5000, 3000, 1, 2],
      ['usr/bin/foo', 1000, 1500, 500, 0, 1],
    ]);
    expect(rows('shrunk')).toEqual([['app/lib/shrink.bin', 800, 300, -500, 1, 2]]);
    expect(rows('added')).toEqual([
      ['app/lib/new.bin', null, 700, 700, null, 2],
      [pipCache, null, 600, 600, null, 2],
      ['usr/bin/baz', null, 250, 250, null, 1],
      ['var/lib/dpkg/info/baz.list', null, size(bazList), size(bazList), null, 1],
    ]);
    expect(rows('removed')).toEqual([
      [lists, 5000, null, -5000, 2, null],
      ['usr/lib/bar.so', 3000, null, -3000, 0, null],
      ['app/lib/gone.bin', 400, null, -400, 1, null],
      ['var/lib/dpkg/info/bar.list', size(barList), null, -size(barList), 0, null],
    ]);
    expect(d.files.bytes).toEqual({ grown: 3500, shrunk: -500, added: 1550 + size(bazList), removed: -(8400 + size(barList)), changed: 0 });
  });

  test('a same-size file with other content is changed; one rewritten with the same content is not', () => {
    // status: foo 1.0 → 1.1 and bar 2.0 → baz 0.5 keep its length; conf.txt: 100 × x → 100 × y.
    expect(size(oldStatus)).toBe(size(newStatus));
    expect(d.files.changed.map((c) => [c.path, c.oldBytes, c.newBytes, c.deltaBytes, c.oldLayer, c.newLayer])).toEqual([
      ['var/lib/dpkg/status', size(newStatus), size(newStatus), 0, 0, 1],
      ['app/lib/conf.txt', 100, 100, 0, 1, 2],
    ]);
    // foo.list is written again by the upgrade with the same bytes: not a change.
    const all = [...d.files.added, ...d.files.removed, ...d.files.grown, ...d.files.shrunk, ...d.files.changed].map((c) => c.path);
    expect(all).not.toContain('var/lib/dpkg/info/foo.list');
    expect(all).not.toContain('etc/app.conf');
    // The analysis did not hash conf.txt; the diff did, on both sides.
    expect(confHashedByAnalysis).toBe(false);
    expect(d.files.notCompared).toBe(0);
  });

  test('packages upgraded, added and removed by manager and name, with versions and bytes', () => {
    expect(d.packages).toEqual({
      upgraded: [{ manager: 'dpkg', name: 'foo', oldVersion: '1.0', newVersion: '1.1', oldBytes: 1000, newBytes: 1500, deltaBytes: 500 }],
      added: [{ manager: 'dpkg', name: 'baz', oldVersion: null, newVersion: '0.5', oldBytes: null, newBytes: 250, deltaBytes: 250 }],
      removed: [{ manager: 'dpkg', name: 'bar', oldVersion: '2.0', newVersion: null, oldBytes: 3000, newBytes: null, deltaBytes: -3000 }],
    });
  });

  test('findings new and fixed, by a key of rule id and instructions', () => {
    const hidden = 3000 + 1000 + size(oldStatus) + size(barList) + size(fooList);
    expect(d.findings.new.map((f) => [f.key, f.bytes, f.layer, f.hiddenBy])).toEqual([
      ['hidden-files @ RUN debootstrap > RUN apt-get install -y foo baz && apt-get purge -y bar', hidden, 0, 1],
      ['pip-cache @ RUN pip install -r requirements.txt', 600, 2, null],
    ]);
    expect(d.findings.fixed.map((f) => [f.key, f.bytes, f.layer, f.paths])).toEqual([['apt-lists @ RUN apt-get update', 5000, 2, [{ path: lists, bytes: 5000 }]]]);
    // root-user and no-healthcheck hold for both.
    expect(d.findings.kept).toBe(2);
  });
});

describe('the same image twice, and compressed layers', () => {
  test('an image against itself differs in nothing', async () => {
    const p = await analyzePair(OLD_STEPS, OLD_STEPS);
    const d = await diffImages(p.old, p.new);
    expect(d.layers.every((l) => l.status === 'shared' && l.deltaBytes === 0)).toBe(true);
    expect(d.instructions).toEqual([]);
    expect(d.files).toEqual({ added: [], removed: [], grown: [], shrunk: [], changed: [], bytes: { added: 0, removed: 0, grown: 0, shrunk: 0, changed: 0 }, notCompared: 0 });
    expect(d.packages).toEqual({ added: [], removed: [], upgraded: [] });
    expect(d.findings).toEqual({ new: [], fixed: [], kept: p.old.analysis.findings.length });
    expect(d.totals.layerBytes.delta).toBe(0);
  });

  test('a symlink that points elsewhere, or a path that changed type at the same size, is changed', async () => {
    const p = await analyzePair(
      [base, run('ln', [symlink('bin/sh', 'busybox'), symlink('bin/same', 'x'), file('etc/flag', '')])],
      [base, run('ln', [symlink('bin/sh', 'dash'), symlink('bin/same', 'x'), symlink('etc/flag', 'elsewhere')])],
    );
    const d = await diffImages(p.old, p.new);
    expect(d.files.changed.map((c) => [c.path, c.oldBytes, c.newBytes])).toEqual([
      ['bin/sh', 0, 0],
      ['etc/flag', 0, 0],
    ]);
    expect(d.layers.map((l) => l.status)).toEqual(['shared', 'changed']);
  });

  test('compressed sizes: a delta per layer and in total when both images know them', async () => {
    const gz = (s: typeof base) => ({ ...s, compression: 'gzip' as const });
    const p = await analyzePair([gz(base), gz(pipOld)], [gz(base), gz(pipNew)]);
    const d = await diffImages(p.old, p.new);
    const blobs = (a: typeof p.old) => a.analysis.layers.map((l) => l.compressedBytes as number);
    const [oldBase, oldPip] = blobs(p.old);
    const [newBase, newPip] = blobs(p.new);
    expect(oldBase).toBe(newBase);
    expect(d.totals.compressedBytes).toEqual({ old: oldBase + oldPip, new: newBase + newPip, delta: newPip - oldPip });
    expect(d.layers.map((l) => [l.status, l.deltaCompressedBytes])).toEqual([
      ['shared', 0],
      ['changed', newPip - oldPip],
    ]);
  });

  test('a layer stored gzipped in one image and plain in the other is shared (one diffID); no compressed delta', async () => {
    const p = await analyzePair([{ ...base, compression: 'gzip' }], [base, run('touch', [file('x', 'x')])]);
    const d = await diffImages(p.old, p.new);
    expect(d.totals.compressedBytes).toBeNull();
    expect(d.layers.map((l) => [l.status, l.deltaCompressedBytes])).toEqual([
      ['shared', null],
      ['added', null],
    ]);
  });
});
