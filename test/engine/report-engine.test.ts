/**
 * The default report on the real naive Flask image: samples/savings/flask's "before" (the guide's naive
 * Dockerfile) built on the engine on the python stand-in, as scripts/savings.js builds it, then read by the built
 * CLI with its Dockerfile. Held to the same bounds as the in-memory sample: ≤ 60 lines, ≤ 100 columns.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeEngine, docker, uniqueName } from '../helpers/engine';
import { runCli } from '../helpers/cli';

interface Savings {
  PAIRS: Array<{ name: string }>;
  STAND_INS: Array<{ match: RegExp }>;
  ensureStandIn(s: unknown): void;
  mapFrom(text: string): { text: string };
  makeContext(pair: unknown, work: string): string;
  build(tag: string, dockerfile: string, context: string, dockerignore: string[], work: string, label: string): number;
}
const savings = require('../../scripts/savings.js') as Savings;

describeEngine('the default report of the real naive Flask image', () => {
  const name = uniqueName('flask-naive');
  let work: string;
  let dockerfile: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-report-'));
    const pair = savings.PAIRS.find((p) => p.name === 'flask')!;
    const text = fs.readFileSync(path.join(__dirname, '../../samples/savings/flask/Dockerfile.before'), 'utf8');
    for (const s of savings.STAND_INS.filter((x) => x.match.test('python:3.12'))) savings.ensureStandIn(s);
    const context = savings.makeContext(pair, work);
    dockerfile = path.join(context, 'Dockerfile.before');
    savings.build(name, savings.mapFrom(text).text, context, [], work, 'before');
  }, 30 * 60_000);

  afterAll(() => {
    docker(['image', 'rm', '--force', name]);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('≤ 60 lines, ≤ 100 columns, the verdict first with the projected size', async () => {
    const r = await runCli(['analyze', name, '--dockerfile', dockerfile]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    process.stderr.write(`\n${r.stdout}\n(${lines.length} lines, widest ${Math.max(...lines.map((l) => Array.from(l).length))} columns)\n`);
    expect(lines.length).toBeLessThanOrEqual(60);
    expect(Math.max(...lines.map((l) => Array.from(l).length))).toBeLessThanOrEqual(100);
    expect(lines[0]).toMatch(/^imgdiet: imgdiet-it\/flask-naive:/);
    expect(lines[4]).toMatch(/^Projected {2}\S+ \S*B now → about \S+ \S*B with the proposed Dockerfile \(−\d+ %\)$/);
    expect(r.stdout).toMatch(/\n +\d+ +\S+ \S*B +\S* *\d+ {2}RUN apt-get install -y curl python3-flask\n/);
    const verbose = await runCli(['analyze', name, '--dockerfile', dockerfile, '--verbose']);
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toContain('\nLargest hidden files');
    expect(verbose.stdout).toContain('\nSuggestions (');
  }, 10 * 60_000);
});
