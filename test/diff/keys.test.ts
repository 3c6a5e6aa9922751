/** How layers are paired and findings keyed: the two matchings the diff rests on. */
import { findingKeys, diffFindings } from '../../src/diff/findings';
import { diffLayers, instructionKey } from '../../src/diff/layers';
import { normalizeInstruction } from '../../src/analyze/history/instruction';
import { diffPackages } from '../../src/diff/packages';
import type { Analysis, Finding, LayerReport, Package } from '../../src/model';
import { analyzeSteps, run } from '../helpers/analyze-built';
import { file, removeTemps } from '../helpers/image-builder';

afterAll(removeTemps);

/** A layer as the analysis reports it, from a created_by and a diffID (null: an empty layer). */
function layer(index: number, createdBy: string, digest: string | null, sizeBytes = 0): LayerReport {
  const { instruction, kind } = normalizeInstruction(createdBy);
  // Only the fields the diff reads; the rest of the analysis may grow.
  return {
    index, digest, blobDigest: null, mediaType: null, instruction, instructionKind: kind, createdBy, created: null, comment: null,
    emptyLayer: digest === null, sizeBytes, compressedBytes: null, hiddenBytes: 0, files: 0, whiteouts: 0,
  } as LayerReport;
}

function image(layers: [string, string | null, number?][], findings: Partial<Finding>[] = []): Analysis {
  return {
    layers: layers.map(([c, d, s], i) => layer(i, c, d, s)),
    findings: findings.map((f) => ({ id: 'x', category: 'waste', severity: 'low', title: '', message: '', bytes: 0, paths: [], pathCount: 0, layer: null, hiddenBy: null, fix: '', docs: '', ...f })),
  } as unknown as Analysis;
}

const rows = (old: Analysis, neu: Analysis) => diffLayers(old, neu).map((l) => [l.status, l.old?.index ?? null, l.new?.index ?? null]);

describe('instruction keys', () => {
  test('the content hash of a legacy COPY or ADD is cut out, the rest kept', () => {
    const hash = 'ab'.repeat(32);
    const key = (createdBy: string) => instructionKey(layer(0, createdBy, 'sha256:x'));
    expect(key(`/bin/sh -c #(nop) COPY file:${hash} in /app/requirements.txt `)).toBe('COPY file:… in /app/requirements.txt');
    expect(key(`/bin/sh -c #(nop) ADD dir:${hash} in /srv `)).toBe('ADD dir:… in /srv');
    expect(key('/bin/sh -c apt-get update &&   apt-get install -y curl')).toBe('RUN apt-get update && apt-get install -y curl');
    expect(key('|1 VERSION=2 /bin/sh -c make')).toBe('RUN make');
    expect(key('')).toBe('OTHER');
  });
});

describe('layer alignment', () => {
  test('a diffID shared is shared even when the instruction text differs; empty layers are left out', () => {
    const old = image([['/bin/sh -c one', 'sha256:a', 10], ['/bin/sh -c #(nop) ENV A=1', null], ['/bin/sh -c two', 'sha256:b', 20]]);
    const neu = image([['/bin/sh -c one, renamed', 'sha256:a', 10], ['/bin/sh -c two', 'sha256:c', 25]]);
    expect(rows(old, neu)).toEqual([
      ['shared', 0, 0],
      ['changed', 2, 1],
    ]);
  });

  test('a COPY whose files changed pairs with its counterpart through the cut hash', () => {
    const copy = (c: string) => `/bin/sh -c #(nop) COPY file:${c.repeat(64)} in /app/ `;
    const old = image([['base', 'sha256:base', 100], [copy('a'), 'sha256:c1', 5], ['/bin/sh -c build', 'sha256:r1', 50]]);
    const neu = image([['base', 'sha256:base', 100], [copy('b'), 'sha256:c2', 7], ['/bin/sh -c build', 'sha256:r2', 80]]);
    const d = diffLayers(old, neu);
    expect(d.map((l) => [l.status, l.key, l.deltaBytes])).toEqual([
      ['shared', 'OTHER base', 0],
      ['changed', 'COPY file:… in /app/', 2],
      ['changed', 'RUN build', 30],
    ]);
  });

  test('repeats of an instruction pair in order, earliest first', () => {
    const old = image([['/bin/sh -c step', 'sha256:1', 1], ['/bin/sh -c step', 'sha256:2', 2]]);
    const neu = image([['/bin/sh -c step', 'sha256:3', 3]]);
    expect(rows(old, neu)).toEqual([
      ['changed', 0, 0],
      ['removed', 1, null],
    ]);
  });

  test('diffID matches win over instruction matches, and no pairing crosses another', () => {
    // Pairing `x` by instruction would cross the shared layer s: the shared one is kept, x is removed and added.
    const old = image([['/bin/sh -c x', 'sha256:x1', 1], ['/bin/sh -c s', 'sha256:s', 5]]);
    const neu = image([['/bin/sh -c s', 'sha256:s', 5], ['/bin/sh -c x', 'sha256:x2', 2]]);
    expect(rows(old, neu)).toEqual([
      ['removed', 0, null],
      ['shared', 1, 0],
      ['added', null, 1],
    ]);
  });

  test('removed layers come before the added ones of the same stretch', () => {
    const old = image([['base', 'sha256:b', 1], ['/bin/sh -c old', 'sha256:o', 4]]);
    const neu = image([['base', 'sha256:b', 1], ['/bin/sh -c new', 'sha256:n', 9]]);
    expect(diffLayers(old, neu).map((l) => [l.status, l.instruction, l.deltaBytes])).toEqual([
      ['shared', 'base', 0],
      ['removed', 'RUN old', -4],
      ['added', 'RUN new', 9],
    ]);
  });
});

describe('finding keys', () => {
  test('id, then the instruction that added the bytes and the one that hid them, numbered when repeated', () => {
    const a = image(
      [['base', 'sha256:b'], ['/bin/sh -c apt-get update', 'sha256:u1'], ['/bin/sh -c apt-get update', 'sha256:u2'], ['/bin/sh -c rm -rf /var/lib/apt/lists', 'sha256:r']],
      [{ id: 'root-user' }, { id: 'apt-lists', layer: 1, hiddenBy: 3 }, { id: 'apt-lists', layer: 2 }],
    );
    expect(findingKeys(a, a).new).toEqual(['root-user', 'apt-lists @ RUN apt-get update > RUN rm -rf /var/lib/apt/lists', 'apt-lists @ RUN apt-get update (#2)']);
  });

  test('findings of one rule on the same layers are told apart by their first path, in both images alike', async () => {
    const key = (body: string) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const copyOld = run('#(nop) COPY dir:x in /app', [file('app/id_ed25519', key('old')), file('app/readme', 'r')]);
    const copyNew = run('#(nop) COPY dir:x in /app', [file('app/id_ed25519', key('new')), file('app/.env', 'TOKEN=1\n')]);
    const old = (await analyzeSteps([copyOld])).analysis;
    const neu = (await analyzeSteps([copyNew])).analysis;
    const keys = (a: Analysis, k: string[]) => a.findings.map((f, i) => [f.id, k[i]]).filter(([id]) => id === 'secret-file');
    const k = findingKeys(old, neu);
    // OLD has one secret-file finding on that layer, NEW two; both images key them with the path.
    expect(keys(old, k.old)).toEqual([['secret-file', 'secret-file @ COPY dir:x in /app [app/id_ed25519]']]);
    expect(keys(neu, k.new).sort()).toEqual([
      ['secret-file', 'secret-file @ COPY dir:x in /app [app/.env]'],
      ['secret-file', 'secret-file @ COPY dir:x in /app [app/id_ed25519]'],
    ]);
    const d = diffFindings(old, neu);
    // (the .env a COPY brought is build-context junk as well)
    expect(d.new.map((f) => f.key)).toEqual(['secret-file @ COPY dir:x in /app [app/.env]', 'dockerignore @ COPY dir:x in /app']);
    expect(d.fixed).toEqual([]);
  });

  test('a finding whose layer changed but whose instruction did not is the same finding', () => {
    const old = image([['/bin/sh -c apt-get update', 'sha256:1', 9]], [{ id: 'apt-lists', layer: 0, bytes: 9 }]);
    const neu = image([['base', 'sha256:b', 1], ['/bin/sh -c apt-get update', 'sha256:2', 12]], [{ id: 'apt-lists', layer: 1, bytes: 12 }]);
    expect(diffFindings(old, neu)).toEqual({ new: [], fixed: [], kept: 1 });
  });
});

describe('package pairing', () => {
  const pkg = (name: string, version: string, source: string, bytes: number): Package => ({ manager: 'npm', name, version, bytes, layer: 1, buildOnly: false, source });
  test('a name installed twice pairs by where it lies, so only the copy that moved is upgraded', () => {
    const top = 'app/node_modules/lodash/package.json';
    const nested = 'app/node_modules/x/node_modules/lodash/package.json';
    const d = diffPackages([pkg('lodash', '4.17.20', top, 500), pkg('lodash', '3.10.1', nested, 300)], [pkg('lodash', '3.10.1', nested, 300), pkg('lodash', '4.17.21', top, 520), pkg('left-pad', '1.3.0', 'app/node_modules/left-pad/package.json', 10)]);
    expect(d).toEqual({
      upgraded: [{ manager: 'npm', name: 'lodash', oldVersion: '4.17.20', newVersion: '4.17.21', oldBytes: 500, newBytes: 520, deltaBytes: 20 }],
      added: [{ manager: 'npm', name: 'left-pad', oldVersion: null, newVersion: '1.3.0', oldBytes: null, newBytes: 10, deltaBytes: 10 }],
      removed: [],
    });
  });

  test('a pip upgrade moves its dist-info: paired by name all the same', () => {
    const d = diffPackages(
      [{ ...pkg('flask', '2.0.0', 'site-packages/flask-2.0.0.dist-info/RECORD', 100), manager: 'pip' }],
      [{ ...pkg('flask', '3.0.0', 'site-packages/flask-3.0.0.dist-info/RECORD', 90), manager: 'pip' }],
    );
    expect(d.upgraded.map((p) => [p.manager, p.name, p.oldVersion, p.newVersion, p.deltaBytes])).toEqual([['pip', 'flask', '2.0.0', '3.0.0', -10]]);
    expect([d.added, d.removed]).toEqual([[], []]);
  });
});
