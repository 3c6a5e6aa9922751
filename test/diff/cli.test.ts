/** `imgdiet diff` through the built binary: the three formats and the ways it refuses bad input. */
import * as path from 'node:path';
import { analyzeImage } from '../../src/pipeline';
import { diffImages } from '../../src/diff/diff';
import type { ImageDiff } from '../../src/diff/model';
import { expectOneLineError, runCli } from '../helpers/cli';
import { removeTemps, tempDir } from '../helpers/image-builder';
import { archiveOf, NEW_STEPS, OLD_STEPS } from './fixture';

let oldTar: string;
let newTar: string;

beforeAll(async () => {
  oldTar = (await archiveOf(OLD_STEPS, 'app:1.0')).archive;
  newTar = (await archiveOf(NEW_STEPS, 'app:1.1')).archive;
});

afterAll(removeTemps);

describe('imgdiet diff OLD NEW', () => {
  test('text: exit 0, the report on stdout, nothing on stderr, no colour', async () => {
    const r = await runCli(['diff', oldTar, newTar]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout.split('\n')[0]).toBe(`imgdiet diff: ${oldTar} → ${newTar}`);
    expect(r.stdout).toMatch(/│ changed │ +1 │ +2 │ RUN pip install -r requirements\.txt +│ +3\.30 kB │ +6\.70 kB │ +\+3\.40 kB │/);
    expect(r.stdout).toMatch(/│ +\+3\.00 kB │ \/app\/lib\/big\.bin +│ +2\.00 kB │ +5\.00 kB │/);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  test('--json prints the diff object, the same the library computes', async () => {
    const r = await runCli(['diff', oldTar, newTar, '--json']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const printed = JSON.parse(r.stdout) as ImageDiff;
    const expected = await diffImages(await analyzeImage(oldTar), await analyzeImage(newTar));
    expect(printed).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(printed.files.added).toHaveLength(4);
  });

  test('--format json is --json; --format markdown prints the PR comment', async () => {
    const json = await runCli(['diff', '--format', 'json', oldTar, newTar]);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'imgdiet-diff', schemaVersion: 1 });
    const md = await runCli(['diff', oldTar, newTar, '--format', 'markdown', '--top', '2']);
    expect({ code: md.code, stderr: md.stderr }).toEqual({ code: 0, stderr: '' });
    expect(md.stdout.split('\n')[0]).toBe('### imgdiet diff: layer bytes +513 B (+4.0 %)');
    expect(md.stdout).toContain('… and 2 more (see `imgdiet diff --json`).');
  });

  test('FORCE_COLOR colours the text report', async () => {
    const r = await runCli(['diff', oldTar, newTar], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).toMatch(/\u001b\[/);
  });
});

describe('bad input: exit 2, one line', () => {
  test('a missing OLD image is named as the old one', async () => {
    const missing = path.join(tempDir(), 'old.tar');
    const line = expectOneLineError(await runCli(['diff', `docker-archive:${missing}`, newTar]));
    expect(line).toBe(`imgdiet: old image: ${missing}: no such file; give the path of a docker save or OCI archive`);
  });

  test('a missing NEW image is named as the new one', async () => {
    const line = expectOneLineError(await runCli(['diff', oldTar, './no-such-image.tar']));
    expect(line).toBe('imgdiet: new image: ./no-such-image.tar: no such file; check the path, or name an engine image as NAME:TAG');
  });

  test('one reference only', async () => {
    expect(expectOneLineError(await runCli(['diff', oldTar]))).toBe("error: missing required argument 'new'");
  });

  test('flags that do not parse, before any image is read', async () => {
    const cases: [string[], string][] = [
      [['--format', 'html'], 'imgdiet: --format "html": expected one of text, json, markdown'],
      [['--json', '--format', 'markdown'], 'imgdiet: --json and --format markdown ask for two formats; give one'],
      [['--top', 'lots'], 'imgdiet: --top "lots" is not a whole number'],
      [['--platform', 'linux'], expect.stringMatching(/^imgdiet: --platform/) as unknown as string],
    ];
    for (const [flags, message] of cases) {
      // Neither image exists: the flags are refused first.
      expect(expectOneLineError(await runCli(['diff', 'gone-old.tar', 'gone-new.tar', ...flags]))).toEqual(message);
    }
  });
});
