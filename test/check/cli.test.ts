/**
 * `imgdiet check` through the built binary on small archives: exit 0 when every check passes, 1 when one fails,
 * 2 with one line on stderr for a bad flag, config, file or image; the config found upward from the working
 * directory; outputs written to files whole; the GitHub step summary appended; annotations in GitHub Actions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliOptions, expectOneLineError, runCli } from '../helpers/cli';
import { removeTemps, tempDir } from '../helpers/image-builder';
import { baseline, grown } from './fixture';

afterAll(removeTemps);

/** Outside GitHub Actions unless a test says otherwise, whatever runs these tests. */
const plain = (options: CliOptions = {}): CliOptions => ({ ...options, env: { GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined, ...options.env } });
const check = (args: string[], options: CliOptions = {}) => runCli(['check', ...args], plain({ cwd: work, ...options }));

let image: string;
let base: string;
let work: string;
beforeAll(async () => {
  image = (await grown()).archive;
  base = (await baseline()).archive;
  work = tempDir();
});

describe('exit codes', () => {
  test('0 when every check passes, with the result on stdout and nothing on stderr', async () => {
    const r = await check([image, '--max-size', '10000', '--max-layers', '2']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('\nPASS  max-size    layer bytes 10,000 B (10.0 kB) ≤ limit 10,000 B (10.0 kB)\nPASS  max-layers  layers 2 ≤ limit 2\n');
    expect(r.stdout.endsWith('\nPASSED: 2 of 2 checks passed\n')).toBe(true);
  });

  test('1 when one fails', async () => {
    const r = await check([image, '--max-size', '9999', '--max-layers', '2']);
    expect(r).toMatchObject({ code: 1, stderr: '' });
    expect(r.stdout).toContain('\nFAIL  max-size    layer bytes 10,000 B (10.0 kB) > limit 9,999 B (10.0 kB)\n');
    expect(r.stdout.endsWith('\nFAILED: 1 of 2 checks failed\n')).toBe(true);
  });

  test('0 with no checks set, saying so', async () => {
    const r = await check([image]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no budgets or policies are set');
  });

  test('1 when the image grew more than --max-growth over --baseline, with the exact delta', async () => {
    const r = await check([image, '--baseline', base, '--max-growth', '1999']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\nFAIL  max-growth  growth in layer bytes +2,000 B (+2.00 kB) > limit +1,999 B (+2.00 kB): 8,000 B (8.00 kB) → 10,000 B (10.0 kB)\n');
    expect((await check([image, '--baseline', base, '--max-growth', '25%'])).code).toBe(0);
  });

  test.each([
    [['--max-size', '10 parsecs'], 'imgdiet: --max-size: "10 parsecs" has an unknown unit "parsecs"; expected a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes'],
    [['--min-efficiency', '90'], 'imgdiet: --min-efficiency: "90" is more than 1 (for a percentage write 90%); expected a percentage such as 90% or a ratio from 0 to 1 such as 0.9'],
    [['--fail-on', 'severe'], 'imgdiet: --fail-on: "severe" is not one of info, low, medium, high, critical'],
    [['--format', 'html'], 'imgdiet: --format "html": unknown format "html"; expected one of text, json, junit, sarif, markdown, each optionally =FILE'],
    [['--format', 'json', '--format', 'sarif'], 'imgdiet: --format: only one format can go to stdout, but json and sarif have no =FILE; give the others a file'],
    [['--format', 'json=a.json', '--format', 'sarif=./a.json'], 'imgdiet: --format: ./a.json is named twice; give each format its own file'],
    [['--baseline', 'old.tar'], 'imgdiet: --baseline is set but max-growth is not, so there is nothing to compare; add --max-growth (bytes or a percentage; 0 allows no growth) or max-growth: in .imgdiet.yml'],
    [['--config', 'nope.yml'], 'imgdiet: nope.yml: no such file; give the path of a .imgdiet.yml file'],
    [['--dockerfile', 'Dockerfile.missing'], 'imgdiet: --dockerfile Dockerfile.missing: cannot read the file; give the Dockerfile the image was built from'],
    [['--platform', 'linux'], null],
  ])('2 for %j, with one line on stderr', async (args, line) => {
    const got = expectOneLineError(await check([image, ...args]));
    if (line !== null) expect(got).toBe(line);
  });

  test('2 for an image that cannot be read, and for a baseline that cannot, naming it', async () => {
    expect(expectOneLineError(await check(['./missing.tar', '--max-size', '1MB']))).toMatch(/^imgdiet: \.\/missing\.tar: no such file/);
    expect(expectOneLineError(await check([image, '--baseline', './gone.tar', '--max-growth', '0']))).toMatch(/^imgdiet: baseline \.\/gone\.tar: \.\/gone\.tar: no such file/);
  });
});

describe('config files', () => {
  test('found upward from the working directory, named in the report, overridden by flags', async () => {
    const root = tempDir();
    const deep = path.join(root, 'service', 'api');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(root, '.imgdiet.yml'), 'max-size: 9999\nmax-layers: 2\n');
    const r = await check([image], { cwd: deep });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`\n  config    ${path.join(root, '.imgdiet.yml')}\n  proposal  10.0 kB now; no suggested change saves bytes\n`);
    expect((await check([image, '--max-size', '10kB'], { cwd: deep })).code).toBe(0);
  });

  test('--config names one elsewhere', async () => {
    const file = path.join(tempDir(), 'budgets.yml');
    fs.writeFileSync(file, 'max-layers: 1\n');
    const r = await check([image, '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  max-layers  layers 2 > limit 1');
  });

  test.each([
    ['max-size: 1MB\nmax-sise: 2MB\n', '.imgdiet.yml:2: unknown key "max-sise" (did you mean "max-size"?); expected one of max-size,'],
    ['max-waste: lots\n', '.imgdiet.yml:1: max-waste: "lots" is not a size such as 150MB, 1.2GiB, 500kB, a whole number of bytes, or a percentage such as 5%'],
    ['ignore:\n  - id: apt-lists\n', '.imgdiet.yml:2: ignore[0]: reason is missing; expected a sentence saying why this finding is accepted'],
  ])('a bad config is exit 2 naming the file, line and key: %j', async (text, message) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.imgdiet.yml'), text);
    const line = expectOneLineError(await check([image], { cwd: dir }));
    expect(line.startsWith(`imgdiet: ${path.join(dir, message)}`)).toBe(true);
  });
});

describe('outputs', () => {
  test('several formats to files at once; stdout keeps the text report', async () => {
    const dir = tempDir();
    const r = await check([image, '--max-size', '9999', '--format', 'json=out/c.json', '--format', 'sarif=out/c.sarif', '--format', 'junit=out/c.xml', '--format', 'markdown=out/c.md'], { cwd: dir });
    // out/ does not exist: found before the image is read, and nothing is written.
    expect(expectOneLineError(r)).toBe('imgdiet: --format json=out/c.json: no such directory: out');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);

    fs.mkdirSync(path.join(dir, 'out'));
    const ok = await check([image, '--max-size', '9999', '--format', 'json=out/c.json', '--format', 'sarif=out/c.sarif', '--format', 'junit=out/c.xml', '--format', 'markdown=out/c.md'], { cwd: dir });
    expect(ok.code).toBe(1);
    expect(ok.stdout).toContain('FAIL  max-size');
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['c.json', 'c.md', 'c.sarif', 'c.xml']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/c.json'), 'utf8'))).toMatchObject({ schemaVersion: 1, passed: false });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/c.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(fs.readFileSync(path.join(dir, 'out/c.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="imgdiet check" tests="1" failures="1"/);
    expect(fs.readFileSync(path.join(dir, 'out/c.md'), 'utf8')).toMatch(/^### imgdiet check: ❌ 1 of 1 checks failed\n/);
  });

  test('one format to stdout, the rest to files', async () => {
    const dir = tempDir();
    const r = await check([image, '--max-layers', '2', '--format', 'json', '--format', 'text=report.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'imgdiet-check', passed: true });
    expect(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8')).toContain('PASS  max-layers  layers 2 ≤ limit 2');
  });

  test('a file that cannot be written leaves no temporary file behind; the one written before it is complete', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'report.json'));
    fs.writeFileSync(path.join(dir, 'keep.sarif'), 'old');
    const r = await check([image, '--format', 'sarif=keep.sarif', '--format', 'json=report.json', '--max-layers', '2'], { cwd: dir });
    expect(expectOneLineError(r)).toBe('imgdiet: cannot write report.json: is a directory');
    expect(fs.readdirSync(dir).sort()).toEqual(['keep.sarif', 'report.json']);
    expect(fs.readdirSync(path.join(dir, 'report.json'))).toEqual([]);
    // Every output is rendered before any is written, then written one after another, each whole.
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'keep.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
  });

  test('$GITHUB_STEP_SUMMARY gets the Markdown report appended', async () => {
    const summary = path.join(tempDir(), 'summary.md');
    fs.writeFileSync(summary, '# build\n\n');
    const env = { GITHUB_STEP_SUMMARY: summary };
    expect((await check([image, '--max-size', '9999'], { env })).code).toBe(1);
    expect((await check([image, '--max-size', '10000'], { env })).code).toBe(0);
    const text = fs.readFileSync(summary, 'utf8');
    expect(text.startsWith('# build\n\n### imgdiet check: ❌ 1 of 1 checks failed\n')).toBe(true);
    expect(text).toContain('\n### imgdiet check: ✅ 1 of 1 checks passed\n');
    expect(text).toContain('| ❌ | `max-size` | layer bytes | 10,000 B (10.0 kB) | ≤ 9,999 B (10.0 kB) |  |');
  });

  test('GITHUB_ACTIONS=true: annotations after the text report, or on stderr when stdout carries data', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nRUN add base\nRUN update\n');
    const env = { GITHUB_ACTIONS: 'true' };
    const text = await check([image, '--max-layer-size', '7999', '--dockerfile', 'Dockerfile'], { cwd: dir, env });
    expect(text.code).toBe(1);
    const annotation = '::error file=Dockerfile,line=2,endLine=2,title=imgdiet max-layer-size::largest layer #0 (RUN add base) 8,000 B (8.00 kB) > limit 7,999 B (8.00 kB)';
    expect(text.stdout).toContain(`\nFAILED: 1 of 1 checks failed\n${annotation}\n`);
    expect(text.stderr).toBe('');

    const json = await check([image, '--max-layer-size', '7999', '--dockerfile', 'Dockerfile', '--format', 'json'], { cwd: dir, env });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ passed: false, dockerfile: { path: 'Dockerfile', layers: [{ layer: 0, startLine: 2 }, { layer: 1, startLine: 3 }] } });
    expect(json.stderr.split('\n')).toContain(annotation);

    expect((await check([image, '--max-layer-size', '7999'], { cwd: dir })).stdout).not.toContain('::error');
  });
});
