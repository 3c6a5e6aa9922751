/**
 * Policies read findings by id and severity, after ignores. The findings are set here rather than taken from
 * whichever rules exist, so that each policy is held to its own limit: no finding (passes), an ignored one
 * (passes), one (fails); for fail-on, a finding just below, at and above the severity.
 */
import type { Analysis, Severity } from '../../src/model';
import { removeTemps } from '../helpers/image-builder';
import { check, finding, grown, withFindings, yaml } from './fixture';

afterAll(removeTemps);

let a: Analysis;
beforeAll(async () => {
  a = (await grown()).result.analysis;
});

describe.each([
  ['no-root', 'root-user'],
  ['no-secrets', 'secret-file'],
  ['require-healthcheck', 'no-healthcheck'],
])('%s (fails on %s findings)', (key, id) => {
  test('passes with none', () => {
    const r = check(withFindings(a, [finding('other-rule')]), yaml(`${key}: true`));
    expect(r.results).toEqual([expect.objectContaining({ key, kind: 'policy', status: 'pass', actual: 0, limit: 0, message: `${id} findings 0 ≤ limit 0` })]);
    expect(r.passed).toBe(true);
  });

  test('fails with one, quoting it', () => {
    const r = check(withFindings(a, [finding('other-rule'), finding(id, { message: 'it is there' })]), yaml(`${key}: true`));
    expect(r.results).toEqual([expect.objectContaining({ status: 'fail', actual: 1, findings: [1], message: `${id} findings 1 > limit 0: it is there` })]);
    expect(r.passed).toBe(false);
  });

  test('passes when the finding is ignored, and says so', () => {
    const r = check(withFindings(a, [finding(id)]), yaml(`${key}: true\nignore:\n  - {id: ${id}, reason: accepted for now}`));
    expect(r.results[0]).toMatchObject({ status: 'pass', actual: 0, message: `${id} findings 0 ≤ limit 0: 1 ignored` });
    expect(r.findings[0].ignoredBy).toEqual({ ignore: 0, reason: 'accepted for now' });
  });

  test('is off with false', () => {
    expect(check(withFindings(a, [finding(id)]), yaml(`${key}: false`)).results).toEqual([]);
  });
});

test('no-root fails on the real root-user finding of an image without USER, and passes with USER 1000', async () => {
  const fails = check(a, yaml('no-root: true')).results[0];
  expect(fails).toMatchObject({ status: 'fail', message: 'root-user findings 1 > limit 0: The container runs as root: no USER is set, so it runs as root' });
  const user = (await grown('none', { User: '1000' })).result.analysis;
  expect(check(user, yaml('no-root: true')).results[0]).toMatchObject({ status: 'pass' });
});

test('require-healthcheck passes on an image with a HEALTHCHECK', async () => {
  const healthy = (await grown('none', { Healthcheck: { Test: ['CMD', 'true'] } })).result.analysis;
  expect(check(healthy, yaml('require-healthcheck: true')).results[0]).toMatchObject({ status: 'pass', actual: 0 });
});

describe('fail-on', () => {
  const SEVERITIES: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
  const one = (severity: Severity): Analysis => withFindings(a, [finding('some-rule', { severity, message: 'found' })]);

  test.each(SEVERITIES.slice(0, 4).map((s, i) => [s, SEVERITIES[i + 1]]))('a %s finding is just under fail-on: %s and passes', (found, threshold) => {
    expect(check(one(found as Severity), yaml(`fail-on: ${threshold}`)).results[0]).toMatchObject({ status: 'pass', actual: 0, message: `findings at or above ${threshold} 0 ≤ limit 0` });
  });

  test.each(SEVERITIES)('a %s finding is at fail-on and fails', (s) => {
    expect(check(one(s), yaml(`fail-on: ${s}`)).results[0]).toMatchObject({ status: 'fail', actual: 1, message: `findings at or above ${s} 1 > limit 0: some-rule (${s}): found` });
  });

  test.each(SEVERITIES.slice(1).map((s, i) => [s, SEVERITIES[i]]))('a %s finding is just over fail-on: %s and fails', (found, threshold) => {
    expect(check(one(found as Severity), yaml(`fail-on: ${threshold}`)).results[0]).toMatchObject({ status: 'fail', actual: 1 });
  });

  test('lists at most three findings and counts the rest', () => {
    const many = withFindings(a, ['a', 'b', 'c', 'd', 'e'].map((id) => finding(id, { message: `m${id}` })));
    expect(check(many, yaml('fail-on: high')).results[0].message).toBe('findings at or above high 5 > limit 0: a (high): ma; b (high): mb; c (high): mc; … 2 more');
  });
});

describe('ignores', () => {
  const lists = finding('apt-lists', {
    paths: [
      { path: 'var/lib/apt/lists/deb_Packages', bytes: 900 },
      { path: 'var/lib/apt/lists/deb_InRelease', bytes: 100 },
    ],
    pathCount: 2,
  });

  test.each([
    ['/var/lib/apt/lists/**', true],
    ['var/lib/apt/lists/*', true],
    ['var/lib/apt/lists/deb_{Packages,InRelease}', true],
    ['**/deb_*', true],
    ['var/lib/apt/lists/*Packages', false],
    ['var/lib/apt/*', false],
  ])('path %s: ignored only when every path matches (%s)', (glob, ignored) => {
    const r = check(withFindings(a, [lists]), yaml(`fail-on: medium\nignore:\n  - {id: apt-lists, path: "${glob}", reason: r}`));
    expect(r.findings[0].ignoredBy !== null).toBe(ignored);
    expect(r.results[0].status).toBe(ignored ? 'pass' : 'fail');
    expect(r.ignores[0].matched).toBe(ignored ? 1 : 0);
  });

  test('a path glob does not ignore a finding that names no path', () => {
    const r = check(withFindings(a, [finding('root-user')]), yaml('no-root: true\nignore:\n  - {id: root-user, path: "**", reason: r}'));
    expect(r.results[0].status).toBe('fail');
  });

  test('a finding that lists only part of its paths is not ignored by a path glob, with a note', () => {
    const cut = { ...lists, pathCount: 250 };
    const r = check(withFindings(a, [cut]), yaml('ignore:\n  - {id: apt-lists, path: "**", reason: r}'));
    expect(r.findings[0].ignoredBy).toBeNull();
    expect(r.notes).toContain('.imgdiet.yml:2: the apt-lists finding "apt-lists message" lists 2 of its 250 paths, so the path glob cannot be checked against all of them; it is not ignored');
  });

  test('the first matching entry wins; entries that match nothing are noted', () => {
    const r = check(withFindings(a, [lists]), yaml('fail-on: critical\nignore:\n  - {id: apt-lists, reason: first}\n  - {id: apt-lists, reason: second}\n  - {id: no-such-rule, path: /x, reason: r}'));
    expect(r.findings[0].ignoredBy).toEqual({ ignore: 0, reason: 'first' });
    expect(r.ignores.map((i) => i.matched)).toEqual([1, 0, 0]);
    expect(r.notes).toEqual(['.imgdiet.yml:4: the ignore of apt-lists matched no finding', '.imgdiet.yml:5: the ignore of no-such-rule at /x matched no finding']);
  });

  test('ignores change no byte budget', () => {
    const r = check(withFindings(a, [lists]), yaml('max-waste: 2500\nignore:\n  - {id: apt-lists, reason: r}'));
    expect(r.results[0]).toMatchObject({ actual: 2500, status: 'pass' });
  });
});
