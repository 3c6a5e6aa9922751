/**
 * DESIGN.md's classic example, with each instruction modelled as the layer the legacy builder writes:
 * a RUN's layer holds the directories it touched, every file it wrote whole (chmod copies the file up), and a
 * whiteout for every path it removed (mv = whiteout + new file).
 */
import { analyzeSteps, expectConsistent, run } from '../helpers/analyze-built';
import { dir, file, hardlink, removeTemps, sha256, Step, whiteout } from '../helpers/image-builder';

afterAll(removeTemps);

const README = Array.from({ length: 90 }, (_, i) => `line ${i}: how to use this example image\n`).join('');
const S = Buffer.byteLength(README);
const BUSYBOX = 'B'.repeat(12_345);
const PASSWD = 'root:x:0:0:root:/root:/bin/sh\n';
const GROUP = 'root:x:0:\n';
const SCRIPT_A = '#!/bin/sh\necho a\n';
const SCRIPT_B = '#!/bin/sh\necho bb\n';
const BASE = BUSYBOX.length + PASSWD.length + GROUP.length;
const SCRIPTS = SCRIPT_A.length + SCRIPT_B.length;

const nop = (text: string, entries?: Step['entries']): Step => ({ createdBy: `/bin/sh -c #(nop) ${text}`, entries });

const steps: Step[] = [
  nop('ADD file:6f01a6e7c2a15c2f8b8e4ce5a3b6f9d2f5c1f1a0e0b2d0c3c5e7b1a9d8c7b6a5 in / ', [
    dir('bin/'),
    file('bin/busybox', BUSYBOX, { mode: 0o755 }),
    ...['sh', 'ls', 'cp', 'mv', 'rm', 'chmod', 'mkdir'].map((n) => hardlink(`bin/${n}`, 'bin/busybox')),
    dir('etc/'),
    file('etc/passwd', PASSWD),
    file('etc/group', GROUP),
    dir('root/', 0o700),
    dir('tmp/', 0o1777),
  ]),
  nop(' CMD ["sh"]'),
  nop('ADD file:2a1ee2ed4d2e3c4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a in /somefile.txt ', [file('somefile.txt', README)]),
  run('mkdir -p /root/example/really/nested', [dir('root/'), dir('root/example/'), dir('root/example/really/'), dir('root/example/really/nested/')]),
  run('cp /somefile.txt /root/example/somefile1.txt', [dir('root/'), dir('root/example/'), file('root/example/somefile1.txt', README)]),
  run('chmod 444 /root/example/somefile1.txt', [dir('root/'), dir('root/example/'), file('root/example/somefile1.txt', README, { mode: 0o444 })]),
  run('cp /somefile.txt /root/example/somefile2.txt', [dir('root/'), dir('root/example/'), file('root/example/somefile2.txt', README)]),
  run('cp /somefile.txt /root/example/somefile3.txt', [dir('root/'), dir('root/example/'), file('root/example/somefile3.txt', README)]),
  run('mv /root/example/somefile3.txt /root/saved.txt', [dir('root/'), dir('root/example/'), whiteout('root/example/somefile3.txt'), file('root/saved.txt', README)]),
  run('cp /root/saved.txt /root/.saved.txt', [dir('root/'), file('root/.saved.txt', README)]),
  run('rm -rf /root/example/', [dir('root/'), whiteout('root/example')]),
  nop('ADD dir:9d2c6e0f4b1a3c5e7f9a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e in /root/.data/ ', [
    dir('root/'),
    dir('root/.data/'),
    file('root/.data/a.sh', SCRIPT_A, { mode: 0o755 }),
    file('root/.data/b.sh', SCRIPT_B, { mode: 0o755 }),
  ]),
  run('cp /root/saved.txt /tmp/saved.again1.txt', [dir('tmp/', 0o1777), file('tmp/saved.again1.txt', README)]),
  run('cp /root/saved.txt /root/.data/saved.again2.txt', [dir('root/'), dir('root/.data/'), file('root/.data/saved.again2.txt', README)]),
  run('chmod +x /root/saved.txt', [dir('root/'), file('root/saved.txt', README, { mode: 0o755 })]),
];

describe("DESIGN.md's classic example", () => {
  let analysis: Awaited<ReturnType<typeof analyzeSteps>>['analysis'];
  beforeAll(async () => {
    ({ analysis } = await analyzeSteps(steps));
  });

  it('keeps every history entry as a layer, the empty CMD included, with the bytes each stored', () => {
    expect(analysis.layers.map((l) => [l.index, l.emptyLayer, l.sizeBytes, l.instructionKind])).toEqual([
      [0, false, BASE, 'ADD'],
      [1, true, 0, 'CMD'],
      [2, false, S, 'ADD'],
      [3, false, 0, 'RUN'],
      [4, false, S, 'RUN'],
      [5, false, S, 'RUN'],
      [6, false, S, 'RUN'],
      [7, false, S, 'RUN'],
      [8, false, S, 'RUN'],
      [9, false, S, 'RUN'],
      [10, false, 0, 'RUN'],
      [11, false, SCRIPTS, 'ADD'],
      [12, false, S, 'RUN'],
      [13, false, S, 'RUN'],
      [14, false, S, 'RUN'],
    ]);
    expect(analysis.layers[8].instruction).toBe('RUN mv /root/example/somefile3.txt /root/saved.txt');
    expect(analysis.layers[1].instruction).toBe('CMD ["sh"]');
  });

  it('hides both copies of somefile1, somefile2, somefile3 and the first saved.txt, each with who added and who hid it', () => {
    expect(analysis.hidden).toEqual([
      { path: 'root/example/somefile1.txt', bytes: S, addedByLayer: 4, hiddenByLayer: 5, reason: 'overwritten' },
      { path: 'root/example/somefile1.txt', bytes: S, addedByLayer: 5, hiddenByLayer: 10, reason: 'deleted' },
      { path: 'root/example/somefile2.txt', bytes: S, addedByLayer: 6, hiddenByLayer: 10, reason: 'deleted' },
      { path: 'root/example/somefile3.txt', bytes: S, addedByLayer: 7, hiddenByLayer: 8, reason: 'deleted' },
      { path: 'root/saved.txt', bytes: S, addedByLayer: 8, hiddenByLayer: 14, reason: 'overwritten' },
    ]);
    expect(analysis.layers.map((l) => l.hiddenBytes)).toEqual([0, 0, 0, 0, S, S, S, S, S, 0, 0, 0, 0, 0, 0]);
  });

  it('counts the five visible copies of the README as one group wasting 4 copies; busybox hard links are no copies', () => {
    expect(analysis.duplicates).toEqual([
      {
        sha256: sha256(README),
        sizeBytes: S,
        paths: ['root/.data/saved.again2.txt', 'root/.saved.txt', 'root/saved.txt', 'somefile.txt', 'tmp/saved.again1.txt'],
        wastedBytes: 4 * S,
      },
    ]);
  });

  it('adds up: 10 stored copies, 5 hidden, 4 duplicate', () => {
    const layerBytes = BASE + SCRIPTS + 10 * S;
    expect(analysis.totals).toEqual({
      layerBytes,
      compressedBytes: null,
      finalBytes: BASE + SCRIPTS + 5 * S,
      hiddenBytes: 5 * S,
      duplicateBytes: 4 * S,
      junkBytes: 0,
      wasteBytes: 9 * S,
      efficiency: 1 - (9 * S) / layerBytes,
      layerCount: 14,
      // busybox + 7 links, passwd, group, somefile.txt, saved.txt, .saved.txt, 2 scripts, 2 more copies
      finalFiles: 17,
    });
    expectConsistent(analysis);
  });
});
