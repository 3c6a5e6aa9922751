/**
 * Estimated vs realized savings on the real engine: the same run as `npm run savings` (scripts/savings.js).
 * For each pair in samples/savings/ it builds "before", runs the built CLI on it with --dockerfile and
 * --write-dockerfile, builds the proposed Dockerfile (it must build) and the expert's Dockerfile.after, and holds
 * every estimate to ±15 % of the bytes the rebuilt image really lost, the projected size (`proposal.layerBytes`) to
 * ±15 % of the rebuilt image's, and the rebuilt image to at most 1.3× the expert's. Slow: stand-in bases are built
 * once per engine and reused; each pair builds three images. Needs dist/ (`npm test` builds it first).
 */
import { expectFreshDist } from '../helpers/dist';
import { describeEngine } from '../helpers/engine';

interface Part {
  id: string;
  bytes: number;
  counted: number;
  note: string;
}

interface Row {
  pair: string;
  estimated: number | null;
  realized: number | null;
  realizedEngine: number | null;
  error: number | null;
  projected: number | null;
  afterBytes: number | null;
  projectedError: number | null;
  expertBytes: number | null;
  ratio: number | null;
  proposedBuilds: boolean | null;
  problems: string[];
  parts: Part[];
  ok: boolean;
}

interface Savings {
  PAIRS: { name: string }[];
  TOLERANCE: number;
  MAX_RATIO: number;
  runSavings(options: { pairs?: string[] }): Row[];
  textTable(rows: Row[]): string;
}

// Plain Node (CommonJS): the script `npm run savings` runs, loaded as it is.
const savings = require('../../scripts/savings.js') as Savings;

const MINUTES = 60_000;

describeEngine('estimated vs realized savings (samples/savings)', () => {
  let rows: Row[] = [];

  beforeAll(() => {
    expectFreshDist();
    rows = savings.runSavings({});
    process.stderr.write(`\n${savings.textTable(rows)}\n`);
  }, 60 * MINUTES);

  test('the table holds every pair', () => {
    expect(rows.map((r) => r.pair)).toEqual(savings.PAIRS.map((p) => p.name));
  });

  test.each(savings.PAIRS.map((p) => p.name))('%s: the proposed Dockerfile builds on the engine', (name) => {
    const row = rows.find((r) => r.pair === name)!;
    expect({ pair: name, builds: row.proposedBuilds, problems: row.problems }).toEqual({ pair: name, builds: true, problems: [] });
  });

  test.each(savings.PAIRS.map((p) => p.name))('%s: the estimate is within ±15 % of the realized bytes', (name) => {
    const row = rows.find((r) => r.pair === name)!;
    expect(row.realized).not.toBeNull();
    expect(row.estimated).not.toBeNull();
    // imgdiet's measure of the rebuilt image and the engine's agree on what was saved.
    expect(row.realized).toBe(row.realizedEngine);
    const detail = `${name}: estimated ${row.estimated} B (${row.parts.map((p) => `${p.id} ${p.counted}`).join(', ')}), realized ${row.realized} B`;
    expect({ detail, within: Math.abs(row.error ?? Infinity) <= savings.TOLERANCE }).toEqual({ detail, within: true });
  });

  test.each(savings.PAIRS.map((p) => p.name))('%s: the projected size is within ±15 % of the rebuilt image', (name) => {
    const row = rows.find((r) => r.pair === name)!;
    const detail = `${name}: projected ${row.projected} B, rebuilt ${row.afterBytes} B`;
    expect({ detail, within: row.projectedError !== null && Math.abs(row.projectedError) <= savings.TOLERANCE }).toEqual({ detail, within: true });
  });

  test.each(savings.PAIRS.map((p) => p.name))("%s: the rebuilt image is at most 1.3× the expert's", (name) => {
    const row = rows.find((r) => r.pair === name)!;
    const detail = `${name}: rebuilt ${row.afterBytes} B, the expert's ${row.expertBytes} B, ratio ${row.ratio}`;
    expect({ detail, within: row.ratio !== null && row.ratio <= savings.MAX_RATIO }).toEqual({ detail, within: true });
  });
});
