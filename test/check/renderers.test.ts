/**
 * The check renderers on one report with a failed, a passed and a skipped budget, failed policies, and an
 * ignored finding: exact text lines, JSON, JUnit XML that an XML parser reads, SARIF that validates against the
 * SARIF 2.1.0 JSON schema, Markdown and GitHub annotations.
 */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mapDockerfile } from '../../src/check/dockerfile';
import type { CheckReport } from '../../src/check/report';
import type { Analysis } from '../../src/model';
import { renderCheckJson } from '../../src/report/check-json';
import { renderCheckText } from '../../src/report/check-text';
import { renderGithubAnnotations } from '../../src/report/github';
import { renderJunit } from '../../src/report/junit';
import { renderMarkdown } from '../../src/report/markdown';
import { renderSarif } from '../../src/report/sarif';
import { parseDockerfile } from '../../src/dockerfile/parse';
import { removeTemps } from '../helpers/image-builder';
import { check, finding, grown, withFindings, yaml } from './fixture';

/** The SARIF 2.1.0 schema (Microsoft's rtm.5, the text published as the OASIS standard) as @microsoft/jest-sarif ships it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SARIF_SCHEMA = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as Record<string, unknown>;

afterAll(removeTemps);

const DOCKERFILE = 'FROM scratch\nRUN add base\nRUN update \\\n  && true\n';

let a: Analysis;
let report: CheckReport;
beforeAll(async () => {
  const analysis = (await grown()).result.analysis;
  a = withFindings(analysis, [
    finding('secret-file', { severity: 'critical', message: 'Private key in 1 file added by layer 1, in the final image', layer: 1, paths: [{ path: 'app/id_rsa', bytes: 1679 }], pathCount: 1 }),
    finding('root-user', { severity: 'high', message: 'The container runs as root: no USER is set, so it runs as root', fix: 'Add USER.' }),
    finding('apt-lists', { category: 'waste', severity: 'medium', message: 'apt package lists: 1 file | 1.0 kB <b>', bytes: 1000, layer: 0, paths: [{ path: 'var/lib/apt/lists/x', bytes: 1000 }], pathCount: 1 }),
  ]);
  const settings = yaml(
    ['max-size: 9999', 'max-layers: 2', 'max-compressed-size: 1MB', 'no-root: true', 'fail-on: critical', 'ignore:', '  - {id: apt-lists, path: /var/lib/apt/lists/**, reason: "base image: fixed upstream"}'].join('\n'),
  );
  report = check(a, settings, { dockerfile: mapDockerfile(parseDockerfile(DOCKERFILE, 'Dockerfile'), a.layers) });
});

test('the report the renderers read', () => {
  expect(report.results.map((r) => r.key)).toEqual(['max-size', 'max-compressed-size', 'max-layers', 'no-root', 'fail-on']);
  expect(report.counts).toEqual({ pass: 1, fail: 3, skip: 1 });
  expect(report.passed).toBe(false);
  expect(report.dockerfile?.layers).toEqual([
    { layer: 0, startLine: 2, endLine: 2 },
    { layer: 1, startLine: 3, endLine: 4 },
  ]);
});

test('text: one line per check with actual vs limit, findings, verdict', () => {
  const lines = renderCheckText(report, { color: false }).split('\n');
  expect(lines[0]).toBe(`imgdiet check: ${a.source.reference}`);
  expect(lines[1]).toBe(`  image       ${a.image.id} linux/amd64, 10,000 B (10.0 kB) in 2 layers`);
  expect(lines[2]).toBe('  dockerfile  Dockerfile (2 history entries paired with instructions)');
  expect(lines[3]).toBe('  proposal    10.0 kB now; no suggested change saves bytes');
  expect(lines.slice(5)).toEqual([
    'FAIL  max-size             layer bytes 10,000 B (10.0 kB) > limit 9,999 B (10.0 kB)',
    'SKIP  max-compressed-size  compressed bytes unknown: docker save stores layers uncompressed, so this image has no compressed size; check the pushed image (docker://…) or an OCI layout to measure it (limit 1,000,000 B (1.00 MB))',
    'PASS  max-layers           layers 2 ≤ limit 2',
    'FAIL  no-root              root-user findings 1 > limit 0: The container runs as root: no USER is set, so it runs as root',
    'FAIL  fail-on              findings at or above critical 1 > limit 0: secret-file (critical): Private key in 1 file added by layer 1, in the final image',
    '',
    'Findings (3, 1 ignored)',
    '  critical  secret-file  Private key in 1 file added by layer 1, in the final image',
    '  high      root-user    The container runs as root: no USER is set, so it runs as root',
    '  medium    apt-lists    apt package lists: 1 file | 1.0 kB <b> (ignored: base image: fixed upstream)',
    '',
    'FAILED: 3 of 5 checks failed, 1 skipped',
    '',
  ]);
});

test('text: colour only when asked', () => {
  expect(renderCheckText(report, { color: false })).not.toContain('\u001b[');
  expect(renderCheckText(report, { color: true })).toContain('\u001b[31mFAIL\u001b[39m');
});

test('json: versioned, the results and the analysis summary', () => {
  const j = JSON.parse(renderCheckJson(report));
  expect(j).toMatchObject({ schemaVersion: 1, kind: 'imgdiet-check', passed: false, counts: { pass: 1, fail: 3, skip: 1 } });
  expect(j.results[0]).toMatchObject({ key: 'max-size', status: 'fail', actual: 10000, limit: 9999, setting: '9999', from: '.imgdiet.yml:1' });
  expect(j.image).toMatchObject({ id: a.image.id, platform: 'linux/amd64', totals: { layerBytes: 10000, wasteBytes: 2500 } });
  expect(j.image.layers).toEqual([
    { index: 0, instruction: 'RUN add base', instructionKind: 'RUN', emptyLayer: false, digest: a.layers[0].digest, sizeBytes: 8000, compressedBytes: null },
    { index: 1, instruction: 'RUN update', instructionKind: 'RUN', emptyLayer: false, digest: a.layers[1].digest, sizeBytes: 2000, compressedBytes: null },
  ]);
  expect(j.findings[2]).toMatchObject({ id: 'apt-lists', ignoredBy: { ignore: 0, reason: 'base image: fixed upstream' } });
  expect(j.ignores).toEqual([{ id: 'apt-lists', path: '/var/lib/apt/lists/**', reason: 'base image: fixed upstream', from: '.imgdiet.yml:7', matched: 1 }]);
});

describe('junit', () => {
  const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testcase', 'property'].includes(name) }).parse(xml);

  test('is well-formed XML with one testcase per budget and policy', () => {
    const xml = renderJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parse(xml);
    expect(doc.testsuites).toMatchObject({ name: 'imgdiet check', tests: '5', failures: '3', errors: '0', skipped: '1' });
    const suite = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ name: `imgdiet check ${a.source.reference}`, tests: '5', failures: '3', skipped: '1' });
    expect(suite.properties.property).toContainEqual({ name: 'image.id', value: a.image.id });
    const cases = suite.testcase as Record<string, unknown>[];
    expect(cases.map((c) => [c.name, c.classname])).toEqual([
      ['max-size', 'imgdiet.budget'],
      ['max-compressed-size', 'imgdiet.budget'],
      ['max-layers', 'imgdiet.budget'],
      ['no-root', 'imgdiet.policy'],
      ['fail-on', 'imgdiet.policy'],
    ]);
    expect(cases[0].failure).toEqual({
      message: 'layer bytes 10,000 B (10.0 kB) > limit 9,999 B (10.0 kB)',
      type: 'max-size',
      '#text': 'actual: 10,000 B (10.0 kB)\nlimit: 9,999 B (10.0 kB) (max-size: 9999, from .imgdiet.yml:1)',
    });
    expect(cases[2]['system-out']).toBe('layers 2 ≤ limit 2');
    expect(cases[1].skipped).toMatchObject({ message: expect.stringContaining('compressed bytes unknown') });
  });

  test('text from the image cannot break the XML', () => {
    const nasty = check(withFindings(a, [finding('root-user', { message: 'a </failure> & "b" \u0001 \ud800' })]), yaml('no-root: true'));
    const xml = renderJunit(nasty);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parse(xml).testsuites.testsuite.testcase[0].failure['#text']).toContain('a </failure> & "b" \\x01 \\ud800');
  });
});

describe('sarif', () => {
  const validate = (() => {
    // The schema's own `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) has a stray `]` that is an
    // error in a unicode RegExp, Ajv's default; without the u flag it compiles as the schema's authors ran it.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    return ajv.compile(SARIF_SCHEMA);
  })();

  test('validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(renderSarif(report));
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test('the schema check is not a formality: a broken log fails it', () => {
    const log = JSON.parse(renderSarif(report));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    delete log.version;
    expect(validate(log)).toBe(false);
  });

  test('rules, levels, suppressions and Dockerfile locations', () => {
    const run = JSON.parse(renderSarif(report)).runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'budget/max-size',
      'budget/max-compressed-size',
      'budget/max-layers',
      'policy/no-root',
      'policy/fail-on',
      'secret-file',
      'root-user',
      'apt-lists',
    ]);
    const results = run.results as { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation?: { region: unknown; artifactLocation: unknown }; logicalLocations: unknown[] }[]; suppressions?: unknown }[];
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['budget/max-size', 'error'],
      ['policy/no-root', 'error'],
      ['policy/fail-on', 'error'],
      ['secret-file', 'error'],
      ['root-user', 'error'],
      ['apt-lists', 'warning'],
    ]);
    expect(results[0].message.text).toBe('layer bytes 10,000 B (10.0 kB) > limit 9,999 B (10.0 kB)');
    // Image-wide: the final stage's FROM; a finding in layer 1: the RUN over lines 3-4, then its paths.
    expect(results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 1, endLine: 1 } });
    expect(results[3].locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 3, endLine: 4 } },
        logicalLocations: [{ name: 'layer 1', fullyQualifiedName: `${a.image.id}/layers/1`, kind: 'module' }],
      },
      { logicalLocations: [{ name: 'id_rsa', fullyQualifiedName: '/app/id_rsa', kind: 'resource' }] },
    ]);
    expect(results[5].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'base image: fixed upstream' }]);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: expect.stringMatching(/^max-compressed-size skipped: compressed bytes unknown/) }, associatedRule: { id: 'budget/max-compressed-size', index: 1 } },
    ]);
  });

  test('without --dockerfile, logical locations only, and still valid', () => {
    const plain = check(a, yaml('max-layer-size: 1kB\nfail-on: info'));
    const log = JSON.parse(renderSarif(plain));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results[0].locations).toEqual([{ logicalLocations: [{ name: 'layer 0', fullyQualifiedName: `${a.image.id}/layers/0`, kind: 'module' }] }]);
  });
});

test('markdown: verdict, one row per check, findings folded', () => {
  const md = renderMarkdown(report);
  const lines = md.split('\n');
  expect(lines[0]).toBe('### imgdiet check: ❌ 3 of 5 checks failed, 1 skipped');
  expect(lines).toContain('| ❌ | `max-size` | layer bytes | 10,000 B (10.0 kB) | ≤ 9,999 B (10.0 kB) |  |');
  expect(lines).toContain('| ✅ | `max-layers` | layers | 2 | ≤ 2 |  |');
  expect(lines).toContain('| ❌ | `no-root` | root-user findings | 1 | ≤ 0 | The container runs as root: no USER is set, so it runs as root |');
  expect(lines).toContain('<details><summary>Findings: 3, 1 ignored</summary>');
  // Text from the image is escaped: no table break, no HTML.
  expect(lines).toContain('| medium | `apt-lists` | ~~apt package lists: 1 file \\| 1.0 kB &lt;b&gt;~~ ignored: base image: fixed upstream | apt-lists fix |');
});

test('github annotations: errors for failures with Dockerfile lines, warnings and notices, ignored findings left out', () => {
  expect(renderGithubAnnotations(report).split('\n')).toEqual([
    '::error file=Dockerfile,line=1,endLine=1,title=imgdiet max-size::layer bytes 10,000 B (10.0 kB) > limit 9,999 B (10.0 kB)',
    '::error file=Dockerfile,line=1,endLine=1,title=imgdiet no-root::root-user findings 1 > limit 0: The container runs as root: no USER is set, so it runs as root',
    '::error file=Dockerfile,line=1,endLine=1,title=imgdiet fail-on::findings at or above critical 1 > limit 0: secret-file (critical): Private key in 1 file added by layer 1, in the final image',
    '::warning title=imgdiet max-compressed-size skipped::compressed bytes unknown: docker save stores layers uncompressed, so this image has no compressed size; check the pushed image (docker://…) or an OCI layout to measure it (limit 1,000,000 B (1.00 MB))',
    '::warning file=Dockerfile,line=3,endLine=4,title=imgdiet secret-file (critical)::Private key in 1 file added by layer 1, in the final image%0Asecret-file fix',
    '::warning file=Dockerfile,line=1,endLine=1,title=imgdiet root-user (high)::The container runs as root: no USER is set, so it runs as root%0AAdd USER.',
    '',
  ]);
  const escaped = renderGithubAnnotations(check(withFindings(a, [finding('x', { severity: 'low', message: '100% done\r\nnext' })]), {}));
  expect(escaped.split('\n')).toContain('::notice title=imgdiet x (low)::100%25 done%0D%0Anext%0Ax fix');
});

test('text and markdown carry the proposal as one informational line', () => {
  const proposal = { basis: 'dockerfile' as const, layerBytes: 2600, savingsBytes: 7400, compressedSavingsBytes: null, applied: [{ id: 'apt-cleanup', layer: 1, bytes: 7400 }] };
  const r = { ...report, image: { ...report.image, proposal } };
  expect(renderCheckText(r, { color: false }).split('\n')[3]).toBe('  proposal    10.0 kB now → about 2.60 kB with the proposed Dockerfile (−74 %)');
  expect(renderMarkdown(r)).toContain(' · 10.0 kB now → about 2.60 kB with the proposed Dockerfile (−74 %)\n');
  const image = { ...r, image: { ...r.image, proposal: { ...proposal, basis: 'image' as const, layerBytes: 9950, savingsBytes: 50 } } };
  expect(renderCheckText(image, { color: false }).split('\n')[3]).toBe('  proposal    10.0 kB now → about 9.95 kB if the suggested changes are made (−0.5 %)');
});
