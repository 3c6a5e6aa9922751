/**
 * Every budget at its limit (passes), with the image just under it (passes) and just over it (fails), on the
 * in-memory images of fixture.ts, with the exact line each result prints.
 */
import type { CheckResult } from '../../src/check/report';
import type { Analysis } from '../../src/model';
import { removeTemps } from '../helpers/image-builder';
import { baseline, check, grown, yaml } from './fixture';

afterAll(removeTemps);

let a: Analysis;
let gz: Analysis;
let gzBase: Analysis;
let base: Analysis;
beforeAll(async () => {
  a = (await grown()).result.analysis;
  base = (await baseline()).result.analysis;
  gz = (await grown('gzip')).result.analysis;
  gzBase = (await baseline('gzip')).result.analysis;
});

/** The one result a single setting gives. */
function only(analysis: Analysis, config: string, opts: { baseline?: Analysis } = {}): CheckResult {
  const r = check(analysis, yaml(config), opts);
  expect(r.results).toHaveLength(1);
  return r.results[0];
}

test('the fixture has the sizes the tests are written against', () => {
  expect(a.totals).toMatchObject({ layerBytes: 10000, hiddenBytes: 1000, duplicateBytes: 1500, wasteBytes: 2500, efficiency: 0.75, layerCount: 2 });
  expect(a.totals.compressedBytes).toBeNull();
  expect(base.totals).toMatchObject({ layerBytes: 8000, layerCount: 1 });
  expect(gz.totals.layerBytes).toBe(10000);
  expect(gz.totals.compressedBytes).not.toBeNull();
});

describe('max-size (layer bytes 10,000)', () => {
  test.each([
    ['10000', 'pass', 'layer bytes 10,000 B (10.0 kB) ≤ limit 10,000 B (10.0 kB)'],
    ['10kB', 'pass', 'layer bytes 10,000 B (10.0 kB) ≤ limit 10,000 B (10.0 kB)'],
    ['10001', 'pass', 'layer bytes 10,000 B (10.0 kB) ≤ limit 10,001 B (10.0 kB)'],
    ['9999', 'fail', 'layer bytes 10,000 B (10.0 kB) > limit 9,999 B (10.0 kB)'], // the SI text rounds; the exact bytes decide
  ])('max-size: %s → %s', (limit, status, message) => {
    const r = only(a, `max-size: ${limit}`);
    expect(r).toMatchObject({ key: 'max-size', kind: 'budget', status, actual: 10000, unit: 'bytes', message, from: '.imgdiet.yml:1' });
  });
});

describe('max-compressed-size', () => {
  test('at, just under and just over the sum of the compressed blobs', async () => {
    const blobs = (await grown('gzip')).image.layers.reduce((n, l) => n + l.blob.length, 0);
    expect(gz.totals.compressedBytes).toBe(blobs);
    expect(only(gz, `max-compressed-size: ${blobs}`)).toMatchObject({ status: 'pass', actual: blobs, limit: blobs });
    expect(only(gz, `max-compressed-size: ${blobs + 1}`)).toMatchObject({ status: 'pass', limit: blobs + 1 });
    const over = only(gz, `max-compressed-size: ${blobs - 1}`);
    expect(over).toMatchObject({ status: 'fail', limit: blobs - 1 });
    expect(over.message).toMatch(/^compressed bytes \d{1,3}(,\d{3})* B \(.+\) > limit /);
  });

  test('is skipped, saying why, when the source does not know compressed sizes', () => {
    const r = only(a, 'max-compressed-size: 1MB');
    expect(r).toMatchObject({ status: 'skip', actual: null, limit: 1_000_000, actualText: 'unknown' });
    expect(r.message).toBe(
      'compressed bytes unknown: docker save stores layers uncompressed, so this image has no compressed size; check the pushed image (docker://…) or an OCI layout to measure it (limit 1,000,000 B (1.00 MB))',
    );
    expect(check(a, yaml('max-compressed-size: 1MB')).passed).toBe(true);
  });
});

describe('max-layers (2 layers)', () => {
  test.each([
    [2, 'pass', 'layers 2 ≤ limit 2'],
    [3, 'pass', 'layers 2 ≤ limit 3'],
    [1, 'fail', 'layers 2 > limit 1'],
  ])('max-layers: %s → %s', (limit, status, message) => {
    expect(only(a, `max-layers: ${limit}`)).toMatchObject({ status, actual: 2, limit, unit: 'layers', message });
  });
});

describe('max-layer-size (largest layer 8,000 B, layer 0)', () => {
  test.each([
    ['8000', 'pass', '≤ limit 8,000 B (8.00 kB)'],
    ['8001', 'pass', '≤ limit 8,001 B (8.00 kB)'],
    ['7999', 'fail', '> limit 7,999 B (8.00 kB)'],
  ])('max-layer-size: %s → %s, naming the layer and its instruction', (limit, status, tail) => {
    const r = only(a, `max-layer-size: ${limit}`);
    expect(r).toMatchObject({ status, actual: 8000, layer: 0 });
    expect(r.message).toBe(`largest layer #0 (RUN add base) 8,000 B (8.00 kB) ${tail}`);
  });
});

describe('max-waste (waste 2,500 B of 10,000 B)', () => {
  test.each([
    ['2500', 'pass', 2500, 'waste 2,500 B (2.50 kB) ≤ limit 2,500 B (2.50 kB)'],
    ['2501', 'pass', 2501, 'waste 2,500 B (2.50 kB) ≤ limit 2,501 B (2.50 kB)'],
    ['2499', 'fail', 2499, 'waste 2,500 B (2.50 kB) > limit 2,499 B (2.50 kB)'],
    ['25%', 'pass', 2500, 'waste 2,500 B (2.50 kB) ≤ limit 25% of layer bytes 10,000 B (10.0 kB) = 2,500 B (2.50 kB)'],
    ['25.01%', 'pass', 2501, 'waste 2,500 B (2.50 kB) ≤ limit 25.01% of layer bytes 10,000 B (10.0 kB) = 2,501 B (2.50 kB)'],
    ['24.99%', 'fail', 2499, 'waste 2,500 B (2.50 kB) > limit 24.99% of layer bytes 10,000 B (10.0 kB) = 2,499 B (2.50 kB)'],
  ])('max-waste: %s → %s', (setting, status, limit, message) => {
    expect(only(a, `max-waste: "${setting}"`)).toMatchObject({ status, actual: 2500, limit, message });
  });
});

describe('min-efficiency (efficiency 75 %)', () => {
  test.each([
    ['75%', 'pass', '≥ limit 75% (waste at most 2,500 B)'],
    ['0.75', 'pass', '≥ limit 75% (waste at most 2,500 B)'],
    ['74.99%', 'pass', '≥ limit 74.99% (waste at most 2,501 B)'],
    ['75.01%', 'fail', '< limit 75.01% (waste at most 2,499 B)'],
    ['0.7501', 'fail', '< limit 75.01% (waste at most 2,499 B)'],
  ])('min-efficiency: %s → %s', (setting, status, tail) => {
    const r = only(a, `min-efficiency: ${setting}`);
    expect(r).toMatchObject({ status, actual: 0.75, unit: 'ratio', limitIs: 'min' });
    expect(r.message).toBe(`efficiency 75.00 % (waste 2,500 B of 10,000 B) ${tail}`);
  });

  test('an image with no bytes is 100 % efficient', async () => {
    const empty = (await import('./fixture')).buildAndAnalyze([{ createdBy: 'CMD ["x"]' }]);
    const r = only((await empty).result.analysis, 'min-efficiency: 100%');
    expect(r).toMatchObject({ status: 'pass', actual: 1 });
  });
});

describe('max-growth against a baseline (8,000 B → 10,000 B: +2,000 B, 25 %)', () => {
  test.each([
    ['2000', 'pass', 'growth in layer bytes +2,000 B (+2.00 kB) ≤ limit +2,000 B (+2.00 kB): 8,000 B (8.00 kB) → 10,000 B (10.0 kB)'],
    ['2001', 'pass', 'growth in layer bytes +2,000 B (+2.00 kB) ≤ limit +2,001 B (+2.00 kB): 8,000 B (8.00 kB) → 10,000 B (10.0 kB)'],
    ['1999', 'fail', 'growth in layer bytes +2,000 B (+2.00 kB) > limit +1,999 B (+2.00 kB): 8,000 B (8.00 kB) → 10,000 B (10.0 kB)'],
    ['25%', 'pass', "growth in layer bytes +2,000 B (+2.00 kB) ≤ limit 25% of the baseline's layer bytes 8,000 B (8.00 kB) = +2,000 B (+2.00 kB): 8,000 B (8.00 kB) → 10,000 B (10.0 kB)"],
    ['25.0125%', 'pass', "growth in layer bytes +2,000 B (+2.00 kB) ≤ limit 25.0125% of the baseline's layer bytes 8,000 B (8.00 kB) = +2,001 B (+2.00 kB): 8,000 B (8.00 kB) → 10,000 B (10.0 kB)"],
    ['24.9875%', 'fail', "growth in layer bytes +2,000 B (+2.00 kB) > limit 24.9875% of the baseline's layer bytes 8,000 B (8.00 kB) = +1,999 B (+2.00 kB): 8,000 B (8.00 kB) → 10,000 B (10.0 kB)"],
  ])('max-growth: %s → %s', (setting, status, message) => {
    const r = only(a, `baseline: base.tar\nmax-growth: "${setting}"`, { baseline: base });
    expect(r).toMatchObject({ key: 'max-growth', status, actual: 2000, message });
  });

  test('a smaller image passes with a negative growth', () => {
    const r = only(base, 'baseline: x\nmax-growth: 0', { baseline: a });
    expect(r).toMatchObject({ status: 'pass', actual: -2000 });
    expect(r.message).toBe('growth in layer bytes -2,000 B (-2.00 kB) ≤ limit 0 B: 10,000 B (10.0 kB) → 8,000 B (8.00 kB)');
  });

  test('compressed growth is checked too when both images know their compressed size', () => {
    const r = check(gz, yaml('baseline: x\nmax-growth: 50%'), { baseline: gzBase });
    expect(r.results.map((x) => x.key)).toEqual(['max-growth', 'max-compressed-growth']);
    const delta = (gz.totals.compressedBytes as number) - (gzBase.totals.compressedBytes as number);
    const limit = Math.floor((gzBase.totals.compressedBytes as number) / 2);
    expect(r.results[1]).toMatchObject({ status: delta <= limit ? 'pass' : 'fail', actual: delta, limit, subject: 'growth in compressed bytes' });
    const exact = check(gz, yaml(`baseline: x\nmax-growth: ${delta}`), { baseline: gzBase }).results[1];
    expect(exact).toMatchObject({ status: 'pass', limit: delta });
    const over = check(gz, yaml(`baseline: x\nmax-growth: ${delta - 1}`), { baseline: gzBase }).results[1];
    expect(over).toMatchObject({ status: 'fail', limit: delta - 1 });
  });

  test('compressed growth is left out when either side has no compressed size', () => {
    expect(check(gz, yaml('baseline: x\nmax-growth: 50%'), { baseline: base }).results.map((x) => x.key)).toEqual(['max-growth']);
  });

  test('is skipped without a baseline', () => {
    const r = only(a, 'max-growth: 10%');
    expect(r).toMatchObject({ status: 'skip', limit: null });
    expect(r.message).toBe("no baseline to compare with: give --baseline REF, or baseline: in .imgdiet.yml (limit 10% of the baseline's layer bytes)");
  });
});

test('no settings: nothing checked, passed, and a note that says so', () => {
  const r = check(a, {});
  expect(r).toMatchObject({ passed: true, results: [], counts: { pass: 0, fail: 0, skip: 0 } });
  expect(r.notes).toEqual(['no budgets or policies are set: add them to .imgdiet.yml or give them as flags (see docs/check.md)']);
});

test('results come in a fixed order and count', () => {
  const r = check(a, yaml('fail-on: critical\nmin-efficiency: 80%\nmax-layers: 5\nmax-size: 1MB\nmax-compressed-size: 1MB'));
  expect(r.results.map((x) => `${x.key}:${x.status}`)).toEqual(['max-size:pass', 'max-compressed-size:skip', 'max-layers:pass', 'min-efficiency:fail', 'fail-on:pass']);
  expect(r).toMatchObject({ passed: false, counts: { pass: 3, fail: 1, skip: 1 } });
});
