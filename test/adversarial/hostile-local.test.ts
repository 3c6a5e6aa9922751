/**
 * Every generated hostile local input (test/adversarial/generate.ts) against the built CLI: exit 2 with one
 * printable line, or exit 0 with numbers that add up; each within 5 s and 300 MB.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { Case, generate } from './generate';
import { measureCli, pool } from './measure';

const MAX_SECONDS = 5;
const MAX_MB = 300;
/** Nothing a terminal would act on: C0 (but the newline), DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

interface Outcome {
  c: Case;
  problems: string[];
  code: number;
  seconds: number;
  peakMb: number;
  line: string;
}

function checkNumbers(a: Analysis): string[] {
  const out: string[] = [];
  const s = a.totals as unknown as Record<string, number>;
  for (const [k, v] of Object.entries(s)) if (typeof v === 'number' && k.endsWith('Bytes') && !(Number.isSafeInteger(v) && v >= 0)) out.push(`totals.${k} = ${v}`);
  if (s.layerBytes !== s.finalBytes + s.hiddenBytes) out.push(`layerBytes ${s.layerBytes} != finalBytes ${s.finalBytes} + hiddenBytes ${s.hiddenBytes}`);
  const layerSum = a.layers.reduce((n, l) => n + l.sizeBytes, 0);
  if (layerSum !== s.layerBytes) out.push(`layers' sizeBytes add to ${layerSum}, not layerBytes ${s.layerBytes}`);
  const hiddenSum = a.layers.reduce((n, l) => n + l.hiddenBytes, 0);
  if (hiddenSum !== s.hiddenBytes) out.push(`layers' hiddenBytes add to ${hiddenSum}, not ${s.hiddenBytes}`);
  for (const l of a.layers) if (!Number.isSafeInteger(l.sizeBytes) || l.sizeBytes < 0) out.push(`layer ${l.index} sizeBytes ${l.sizeBytes}`);
  return out;
}

describe('hostile local inputs', () => {
  let dir: string;
  let cases: Case[];
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-hostile-'));
    cases = generate(path.join(dir, 'cases'));
    await pool(cases, Math.max(2, Math.min(4, os.cpus().length)), async (c, i) => {
      const problems: string[] = [];
      const text = await measureCli(['analyze', ...c.args], dir, `t${i}`);
      let line = '';
      if (text.code === 0) {
        if (text.stderr !== '') problems.push(`stderr on success: ${JSON.stringify(text.stderr.slice(0, 200))}`);
        if (UNPRINTABLE.test(text.stdout)) problems.push(`unprintable character in the report: ${JSON.stringify(text.stdout.match(UNPRINTABLE)?.[0])}`);
        const json = await measureCli(['analyze', ...c.args, '--json'], dir, `j${i}`);
        if (json.code !== 0) problems.push(`--json exited ${json.code}: ${json.stderr.trim()}`);
        else problems.push(...checkNumbers(JSON.parse(json.stdout) as Analysis));
        if (UNPRINTABLE.test(json.stdout)) problems.push(`unprintable character in the JSON: ${JSON.stringify(json.stdout.match(UNPRINTABLE)?.[0])}`);
      } else {
        const lines = text.stderr.replace(/\n$/, '').split('\n');
        line = lines[0];
        if (text.code !== 2) problems.push(`exit ${text.code}`);
        if (text.stdout !== '') problems.push('stdout on failure');
        if (lines.length !== 1 || !text.stderr.endsWith('\n')) problems.push(`${lines.length} lines on stderr`);
        if (!/^(imgdiet|error): \S/.test(line)) problems.push('line does not start with imgdiet:');
        if (/internal error|\n\s+at |Error: /.test(text.stderr)) problems.push('internal error or stack');
        if (UNPRINTABLE.test(line)) problems.push('unprintable character in the error');
        if (line.length > 600) problems.push(`error of ${line.length} characters`);
      }
      if (c.expect === 'ok' && text.code !== 0) problems.push(`expected success, got: ${line}`);
      if (c.expect === 'error' && text.code === 0) problems.push('expected an error, got exit 0');
      if (text.seconds > MAX_SECONDS) problems.push(`took ${text.seconds.toFixed(1)} s`);
      if (!(text.peakMb <= MAX_MB)) problems.push(`peak RSS ${text.peakMb.toFixed(0)} MB`);
      outcomes.push({ c, problems, code: text.code, seconds: text.seconds, peakMb: text.peakMb, line });
    });
    const worst = [...outcomes].sort((a, b) => b.peakMb - a.peakMb)[0];
    const slowest = [...outcomes].sort((a, b) => b.seconds - a.seconds)[0];
    process.stderr.write(
      `hostile local inputs: ${outcomes.length} cases, ${outcomes.filter((o) => o.code === 0).length} exit 0; ` +
        `slowest ${slowest.c.name} ${slowest.seconds.toFixed(2)} s; largest ${worst.c.name} ${worst.peakMb.toFixed(0)} MB\n`,
    );
  }, 900_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates hundreds of cases, the same every time', () => {
    expect(cases.length).toBeGreaterThan(300);
    const again = generate(path.join(dir, 'again'));
    expect(again.map((c) => c.name)).toEqual(cases.map((c) => c.name));
    const file = (c: Case): string => c.args[0].replace(/^[a-z-]+:/, '');
    const sample = cases.filter((c) => fs.statSync(file(c), { throwIfNoEntry: false })?.isFile()).slice(0, 400);
    for (const c of sample) expect(fs.readFileSync(file(c)).equals(fs.readFileSync(file(c).replace(`${path.sep}cases${path.sep}`, `${path.sep}again${path.sep}`)))).toBe(true);
  });

  it('every case keeps the contract', () => {
    const broken = outcomes.filter((o) => o.problems.length > 0).map((o) => `${o.c.cls}/${o.c.name}: ${o.problems.join('; ')}${o.line ? ` [${o.line}]` : ''}`);
    expect(broken).toEqual([]);
  });

  it('covers every class, with both outcomes', () => {
    const classes = new Set(outcomes.map((o) => o.c.cls));
    expect([...classes].sort()).toEqual(['decompress', 'layout', 'mutation-bytes', 'mutation-json', 'output', 'structure', 'tar']);
    expect(outcomes.some((o) => o.code === 0)).toBe(true);
    expect(outcomes.some((o) => o.code === 2)).toBe(true);
  });
});
