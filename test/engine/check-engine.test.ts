/**
 * `imgdiet check --baseline` on the real engine: a baseline and a grown image built there (legacy builder, FROM
 * the minbase Debian); the grown one adds one COPY of a 300,000-byte file, so it is exactly 300,000 B larger —
 * checked against `docker history`, the engine's own figures — and the check fails one byte under that and
 * passes at it, with the delta on its result line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { runCli } from '../helpers/cli';
import { BASE_IMAGE, buildImage, describeEngine, dockerHistory, removeImages, uniqueName } from '../helpers/engine';

const APP = randomBytes(200_000);
const ASSETS = randomBytes(300_000);

const BASELINE_DOCKERFILE = `FROM ${BASE_IMAGE}
COPY app.bin /opt/app/app.bin
`;

const GROWN_DOCKERFILE = `FROM ${BASE_IMAGE}
COPY app.bin /opt/app/app.bin
COPY assets.bin /opt/app/assets.bin
`;

/** `1,234,567`: how check prints exact bytes. */
const grouped = (n: number): string => n.toLocaleString('en-US');

describeEngine('imgdiet check against a baseline on the Docker engine', () => {
  const baseName = uniqueName('check-base');
  const grownName = uniqueName('check-grown');
  let work: string;
  let baseBytes: number;
  let grownBytes: number;
  const env = { GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-check-engine-'));
    buildImage(baseName, BASELINE_DOCKERFILE, { 'app.bin': APP });
    buildImage(grownName, GROWN_DOCKERFILE, { 'app.bin': APP, 'assets.bin': ASSETS });
    fs.writeFileSync(path.join(work, 'Dockerfile'), GROWN_DOCKERFILE);
    baseBytes = dockerHistory(baseName).reduce((n, r) => n + r.size, 0);
    grownBytes = dockerHistory(grownName).reduce((n, r) => n + r.size, 0);
  }, 600_000);

  afterAll(() => {
    removeImages(grownName, baseName);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('the engine says the grown image is 300,000 B larger', () => {
    expect(grownBytes - baseBytes).toBe(300_000);
    expect(dockerHistory(grownName).at(-1)?.size).toBe(300_000);
  });

  test('fails one byte under the growth, with the exact delta and both sizes', async () => {
    const r = await runCli(['check', grownName, '--baseline', baseName, '--max-growth', '299999'], { cwd: work, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.startsWith('FAIL  max-growth'));
    expect(line).toBe(
      `FAIL  max-growth  growth in layer bytes +300,000 B (+300 kB) > limit +299,999 B (+300 kB): ${grouped(baseBytes)} B (${mb(baseBytes)}) → ${grouped(grownBytes)} B (${mb(grownBytes)})`,
    );
    expect(r.stdout.endsWith('FAILED: 1 of 1 checks failed\n')).toBe(true);
  }, 300_000);

  test('passes at the growth; the JSON result carries the exact numbers and the Dockerfile lines', async () => {
    const r = await runCli(['check', grownName, '--baseline', baseName, '--max-growth', '300000', '--dockerfile', 'Dockerfile', '--format', 'json'], { cwd: work, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.results).toEqual([expect.objectContaining({ key: 'max-growth', status: 'pass', actual: 300_000, limit: 300_000 })]);
    expect(report.image.totals.layerBytes).toBe(grownBytes);
    expect(report.baseline.totals.layerBytes).toBe(baseBytes);
    // The engine records no compressed sizes (docker save is uncompressed), so only layer bytes are compared.
    expect(report.image.totals.compressedBytes).toBeNull();
    // The legacy builder's two COPY entries pair with lines 2 and 3; the Debian base is FROM's.
    const layers = report.image.layers.length as number;
    expect(report.dockerfile.layers).toEqual([
      { layer: layers - 2, startLine: 2, endLine: 2 },
      { layer: layers - 1, startLine: 3, endLine: 3 },
    ]);
  }, 300_000);

  test('a percentage of the baseline: just over and at the growth', async () => {
    // The smallest percentage p with floor(baseBytes × p / 100) ≥ 300,000, to four decimals, and the one below it.
    const at = Math.ceil((300_000 * 100 * 10_000) / baseBytes) / 10_000;
    const under = Math.round((at - 0.0001) * 10_000) / 10_000;
    const pass = await runCli(['check', grownName, '--baseline', baseName, '--max-growth', `${at}%`], { cwd: work, env });
    expect(pass.code).toBe(0);
    const fail = await runCli(['check', grownName, '--baseline', baseName, '--max-growth', `${under}%`], { cwd: work, env });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain(`> limit ${under}% of the baseline's layer bytes ${grouped(baseBytes)} B`);
  }, 300_000);
});

/** SI with the digits `docker images` uses: 3 significant digits, as imgdiet's text prints. */
function mb(n: number): string {
  const units = ['kB', 'MB', 'GB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
}
