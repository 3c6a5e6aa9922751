/**
 * The default report of the built CLI on the naive Flask sample (in memory, written as a docker save archive)
 * with its Dockerfile: the verdict first, at most 60 lines, none wider than 100 columns when not on a terminal.
 */
import { runCli } from '../helpers/cli';
import { NAIVE_DOCKERFILE, writeFlaskNaiveArchive } from '../helpers/flask-naive';
import { removeTemps } from '../helpers/image-builder';

let archive: string;
beforeAll(async () => {
  archive = await writeFlaskNaiveArchive();
});
afterAll(() => removeTemps());

/** Columns a line takes: ASCII, the report's arrows and dashes are one each. */
const columns = (line: string): number => Array.from(line).length;

describe('imgdiet analyze NAIVE_FLASK --dockerfile Dockerfile.naive', () => {
  test('reads in a minute: ≤ 60 lines, ≤ 100 columns, verdict first, one line per item', async () => {
    const r = await runCli(['analyze', archive, '--dockerfile', NAIVE_DOCKERFILE]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(60);
    expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(100);
    expect(r.stdout).not.toMatch(/[│┌└├]/);
    expect(lines.slice(1, 5)).toEqual([
      'Size       23.8 kB in 5 layers; 23.7 kB in 27 files at the end',
      'Waste      16.4 kB, efficiency 30.8 % (hidden 96 B, duplicate 0 B, caches and junk 16.3 kB)',
      'User       root (no USER)',
      'Projected  23.8 kB now → about 6.41 kB with the proposed Dockerfile (−73 %)',
    ]);
    // The Dockerfile's own text and line, not the history's `COPY dir:…`.
    expect(r.stdout).toMatch(/\n {4}4 {4}980 B {18}12 {2}COPY \. \.\n/);
    expect(r.stdout).not.toContain('COPY dir:');
    expect(r.stdout).toMatch(/\n {2}medium {4}apt-lists {10}9\.00 kB {2}#5 \/var\/lib\/apt\/lists\//);
    expect(r.stdout).toMatch(/\n {2}9\.00 kB {4}13 {2}apt-cleanup {12}Remove apt's lists and cache in the same RUN\n/);
    expect(lines.at(-1)).toMatch(/^More: --layer N .*--html FILE.*--verbose/);
  });

  test('off a terminal, outside CI too, nothing goes to stderr (no progress line)', async () => {
    const r = await runCli(['analyze', archive], { env: { CI: undefined } });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('--top 2 lists two findings and two suggestions and says how many more', async () => {
    const r = await runCli(['analyze', archive, '--dockerfile', NAIVE_DOCKERFILE, '--top', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  … 6 more findings (--top N lists more, --verbose all)\n');
    expect(r.stdout).toContain('  … 5 more suggestions (--top N lists more, --verbose all)\n');
    expect(r.stdout).not.toContain('python-unbuffered');
  });

  test('--verbose still prints the full tables', async () => {
    const r = await runCli(['analyze', archive, '--dockerfile', NAIVE_DOCKERFILE, '--verbose']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    for (const title of ['Layers', 'Largest hidden files (1 in all, 96 B)', 'Findings (8)', 'Packages', 'Suggestions (7), by savings', 'Proposed changes to']) {
      expect(r.stdout).toContain(`\n${title}`);
    }
    expect(r.stdout).toMatch(/│ Layer bytes\s+│ 23\.8 kB in 5 layers\s+│/);
  });
});
