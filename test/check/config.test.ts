/**
 * Sizes, percentages and ratios parse exactly; a config file is found upward from the working directory; every
 * mistake in it is an error naming the file, the line, the key and what is expected; flags override the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkConsistent, ConfigError, findConfig, loadConfig, mergeSettings, parseConfig, settingsFromFlags } from '../../src/check/config';
import { globToRegExp } from '../../src/util/glob';
import { bytesText, deltaText, parseAmount, parseRatio, shareText } from '../../src/check/values';
import { UsageError } from '../../src/errors';
import { removeTemps, tempDir } from '../helpers/image-builder';

afterAll(removeTemps);

describe('sizes', () => {
  test.each([
    ['150MB', 150_000_000],
    ['1.2GiB', 1_288_490_188], // 1.2 × 2^30 = 1,288,490,188.8, rounded down
    ['500kB', 500_000],
    ['500KB', 500_000],
    ['1.5 kB', 1500],
    ['64KiB', 65_536],
    ['3MiB', 3_145_728],
    ['2TB', 2_000_000_000_000],
    ['1024', 1024],
    ['1024B', 1024],
    ['0', 0],
    [4096, 4096],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseAmount(text, false)).toEqual({ kind: 'bytes', bytes });
  });

  test.each([
    ['5%', 5n, 1n],
    ['12.5%', 125n, 10n],
    ['0.01%', 1n, 100n],
  ])('%s is a percentage', (text, num, den) => {
    expect(parseAmount(text, true)).toEqual({ kind: 'percent', num, den });
  });

  test.each([
    ['150 parsecs', false, '"150 parsecs" has an unknown unit "parsecs"; expected a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes'],
    ['5%', false, '"5%" is a percentage; expected a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes'],
    ['1.5', false, '"1.5" is not a whole number of bytes; expected a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes'],
    ['-3MB', true, '"-3MB" is not a size such as 150MB, 1.2GiB, 500kB, a whole number of bytes, or a percentage such as 5%'],
    [1.5, false, '1.5 is not a whole number of bytes; expected a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes'],
    [true, false, 'true is not a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes'],
    [null, false, 'an empty value is not a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes'],
  ])('%p (percent allowed: %p) is refused', (raw, percent, message) => {
    expect(() => parseAmount(raw, percent)).toThrow(message);
  });

  test('ratios: a percentage or 0..1, never a bare number above 1', () => {
    expect(parseRatio('90%')).toEqual({ num: 90n, den: 100n });
    expect(parseRatio(0.9)).toEqual({ num: 9n, den: 10n });
    expect(parseRatio('1')).toEqual({ num: 1n, den: 1n });
    expect(() => parseRatio(90)).toThrow('90 is more than 1 (for a percentage write 90%); expected a percentage such as 90% or a ratio from 0 to 1 such as 0.9');
    expect(() => parseRatio('101%')).toThrow('"101%" is more than 100%');
  });

  test('texts: exact bytes with SI, signed deltas, shares rounded down', () => {
    expect(bytesText(999)).toBe('999 B');
    expect(bytesText(151_234_567)).toBe('151,234,567 B (151 MB)');
    expect(deltaText(1234)).toBe('+1,234 B (+1.23 kB)');
    expect(deltaText(-500)).toBe('-500 B');
    expect(deltaText(0)).toBe('0 B');
    expect(shareText(2, 3)).toBe('66.66 %');
    expect(shareText(0, 0)).toBe('100 %');
  });
});

describe('path globs', () => {
  test.each([
    ['var/cache/**', 'var/cache/apt/x.bin', true],
    ['/var/cache/**', 'var/cache/x', true],
    ['var/cache/*', 'var/cache/apt/x', false],
    ['**/*.pyc', 'app/__pycache__/m.pyc', true],
    ['**/*.pyc', 'm.pyc', true],
    ['app/?.txt', 'app/a.txt', true],
    ['app/?.txt', 'app/ab.txt', false],
    ['app/[ab].txt', 'app/b.txt', true],
    ['app/[!ab].txt', 'app/b.txt', false],
    ['app/{x,y}/z', 'app/y/z', true],
    ['app/x.txt', 'app/xxtxt', false],
  ])('%s ~ %s: %s', (glob, p, match) => {
    expect(globToRegExp(glob).test(p)).toBe(match);
  });
});

describe('config files', () => {
  test('every key, parsed', () => {
    const s = parseConfig(
      [
        'max-size: 150MB',
        'max-compressed-size: 60MB',
        'max-layers: 12',
        'max-layer-size: 1.2GiB',
        'max-waste: 5%',
        'min-efficiency: 0.9',
        'baseline: docker://registry.example/app:main',
        'max-growth: 10MB',
        'no-root: true',
        'no-secrets: true',
        'require-healthcheck: false',
        'fail-on: High',
        'ignore:',
        '  - id: apt-lists',
        '    path: /var/lib/apt/lists/**',
        '    reason: the base image ships them',
      ].join('\n'),
      'ci/.imgdiet.yml',
    );
    expect(s['max-size']).toEqual({ value: { kind: 'bytes', bytes: 150_000_000 }, text: '150MB', from: 'ci/.imgdiet.yml:1' });
    expect(s['max-layers']?.value).toBe(12);
    expect(s['max-layer-size']?.value).toEqual({ kind: 'bytes', bytes: 1_288_490_188 });
    expect(s['max-waste']?.value).toEqual({ kind: 'percent', num: 5n, den: 1n });
    expect(s['min-efficiency']?.value).toEqual({ num: 9n, den: 10n });
    expect(s.baseline?.value).toBe('docker://registry.example/app:main');
    expect(s['no-root']?.value).toBe(true);
    expect(s['require-healthcheck']?.value).toBe(false);
    expect(s['fail-on']?.value).toBe('high');
    expect(s.ignore?.value).toEqual([{ id: 'apt-lists', path: '/var/lib/apt/lists/**', reason: 'the base image ships them', from: 'ci/.imgdiet.yml:14' }]);
  });

  test('an empty file and a file of comments set nothing', () => {
    expect(parseConfig('', 'f.yml')).toEqual({});
    expect(parseConfig('# budgets come later\n', 'f.yml')).toEqual({});
  });

  test.each([
    ['max-sise: 150MB', 'f.yml:1: unknown key "max-sise" (did you mean "max-size"?); expected one of max-size, max-compressed-size, max-layers, max-layer-size, max-waste, min-efficiency, baseline, max-growth, no-root, no-secrets, require-healthcheck, fail-on, ignore'],
    ['max-size: 1MB\ncolour: blue', 'f.yml:2: unknown key "colour"; expected one of'],
    ['constructor: 1', 'f.yml:1: unknown key "constructor"'],
    ['max-size: 150 parsecs', 'f.yml:1: max-size: "150 parsecs" has an unknown unit "parsecs"; expected a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes'],
    ['max-size: 5%', 'f.yml:1: max-size: "5%" is a percentage; expected a size'],
    ['max-layers: 2.5', 'f.yml:1: max-layers: 2.5 is not a whole number such as 10'],
    ['\nmin-efficiency: 90', 'f.yml:2: min-efficiency: 90 is more than 1 (for a percentage write 90%)'],
    ['no-root: yes', 'f.yml:1: no-root: "yes" is not true or false'],
    ['fail-on: severe', 'f.yml:1: fail-on: "severe" is not one of info, low, medium, high, critical'],
    ['baseline: ""', 'f.yml:1: baseline: "" is not an image reference'],
    ['max-size: [1, 2]', 'f.yml:1: max-size: a list is not a size'],
    ['- max-size: 1MB', 'f.yml:1: expected a mapping of settings such as "max-size: 150MB", not a list'],
    ['max-size: 1MB\nmax-size: 2MB', 'f.yml:2: not valid YAML: Map keys must be unique'],
    ['max-size: "1MB', 'f.yml:1: not valid YAML:'],
    ['ignore: apt-lists', 'f.yml:1: ignore: expected a list of entries such as "- {id: apt-lists, reason: ...}"'],
    ['ignore:\n  - apt-lists', 'f.yml:2: ignore[0]: expected a mapping with id, reason and an optional path'],
    ['ignore:\n  - id: apt-lists', 'f.yml:2: ignore[0]: reason is missing; expected a sentence saying why this finding is accepted'],
    ['ignore:\n  - {reason: r}', 'f.yml:2: ignore[0]: id is missing; expected a finding id such as apt-lists'],
    ['ignore:\n  - {id: x, reason: ""}', 'f.yml:2: ignore[0].reason: "" is not a sentence saying why this finding is accepted'],
    ['ignore:\n  - {id: x, reason: r}\n  - {id: y, reason: r, paths: /a}', 'f.yml:3: ignore[1]: unknown key "paths"; expected id, path and reason'],
    ['ignore:\n  - {id: x, reason: r, path: "a/[b"}', 'f.yml:2: ignore[0].path: "a/[b" has a [ without its ]'],
  ])('%p → %s', (text, message) => {
    let err: unknown;
    try {
      parseConfig(text, 'f.yml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.startsWith(message)).toBe(true);
    expect((err as Error).message).not.toContain('\n');
  });

  test('is found in the working directory or the nearest directory above it', () => {
    const root = tempDir();
    const deep = path.join(root, 'a', 'b', 'c');
    fs.mkdirSync(deep, { recursive: true });
    expect(findConfig(deep)).toBeNull();
    fs.writeFileSync(path.join(root, '.imgdiet.yml'), 'max-size: 1MB\n');
    expect(findConfig(deep)).toBe(path.join(root, '.imgdiet.yml'));
    fs.writeFileSync(path.join(root, 'a', '.imgdiet.yml'), 'max-size: 2MB\n');
    expect(findConfig(deep)).toBe(path.join(root, 'a', '.imgdiet.yml'));
    fs.mkdirSync(path.join(root, 'a', 'b', '.imgdiet.yml'));
    expect(findConfig(deep)).toBe(path.join(root, 'a', '.imgdiet.yml'));
  });

  test('a missing file is an error naming it', () => {
    expect(() => loadConfig('/nonexistent/imgdiet.yml')).toThrow('/nonexistent/imgdiet.yml: no such directory: /nonexistent; give the path of a .imgdiet.yml file');
    expect(() => loadConfig('/nonexistent/imgdiet.yml')).toThrow(UsageError);
  });
});

describe('flags', () => {
  test('mirror the keys and override the file key by key', () => {
    const file = parseConfig('max-size: 1MB\nmax-layers: 3\nno-root: true', 'f.yml');
    const flags = settingsFromFlags({ maxSize: '2MB', maxWaste: '10%', secrets: false, requireHealthcheck: true, failOn: 'medium', root: true });
    const s = mergeSettings(file, flags);
    expect(s['max-size']).toEqual({ value: { kind: 'bytes', bytes: 2_000_000 }, text: '2MB', from: '--max-size' });
    expect(s['max-layers']?.from).toBe('f.yml:2');
    expect(s['no-root']?.from).toBe('f.yml:3');
    expect(s['no-secrets']).toMatchObject({ value: true, from: '--no-secrets' });
    expect(s['require-healthcheck']).toMatchObject({ value: true, from: '--require-healthcheck' });
    expect(s['fail-on']?.value).toBe('medium');
  });

  test('a bad value is a usage error naming the flag', () => {
    expect(() => settingsFromFlags({ maxLayerSize: 'big' })).toThrow('--max-layer-size: "big" is not a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes');
    expect(() => settingsFromFlags({ maxLayerSize: 'big' })).toThrow(UsageError);
    expect(() => settingsFromFlags({ minEfficiency: '90' })).toThrow('--min-efficiency: "90" is more than 1 (for a percentage write 90%)');
  });

  test('a baseline needs a growth budget', () => {
    expect(() => checkConsistent(settingsFromFlags({ baseline: 'old.tar' }))).toThrow(
      '--baseline is set but max-growth is not, so there is nothing to compare; add --max-growth (bytes or a percentage; 0 allows no growth) or max-growth: in .imgdiet.yml',
    );
    expect(() => checkConsistent(parseConfig('\nbaseline: old.tar', 'f.yml'))).toThrow('f.yml:2: baseline is set but max-growth is not');
    expect(() => checkConsistent(parseConfig('max-growth: 5%', 'f.yml'))).not.toThrow();
  });
});
