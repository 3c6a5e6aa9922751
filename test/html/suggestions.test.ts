/// <reference lib="dom" />
/**
 * The suggestions section in Chromium: one card per suggestion in the analysis' order with its savings (none for a
 * change that saves no bytes), each Dockerfile change drawn line for line as a diff, the whole proposed Dockerfile
 * and the .dockerignore entries. The suggestions are set here, so that the test reads the renderer and not which
 * suggesters there are; a patch line carries a payload.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { analyzeImage } from '../../src/pipeline';
import type { Analysis, Suggestion } from '../../src/model';
import { renderAnalysisHtml } from '../../src/report/html';
import { finalTree } from '../../src/pipeline/views';
import { formatBytes } from '../../src/util/units';
import { describeBrowser, OpenedReport, withReport } from '../helpers/browser';
import { SAMPLE_TAR } from '../helpers/cli';
import { tempDir } from '../helpers/image-builder';
import { SCRIPT_PAYLOAD } from './fixture';

const PATCH = [
  '--- Dockerfile',
  '+++ Dockerfile',
  '@@ -5,3 +5,4 @@',
  ' RUN mkdir -p /tmp/build \\',
  `-  && echo '${SCRIPT_PAYLOAD}' > /tmp/build/x`,
  `+  && echo '${SCRIPT_PAYLOAD}' > /tmp/build/x \\`,
  '+  && rm -rf /tmp/build',
  '',
  ' COPY . /app',
  '',
].join('\n');

const SUGGESTIONS: Suggestion[] = [
  {
    id: 'cleanup-same-layer',
    title: 'Delete files in the RUN that creates them',
    savings: { bytes: 130_000, compressedBytes: 41_000 },
    confidence: 'high',
    rationale: 'layer 6 added 130 kB that layer 8 deleted',
    findings: ['hidden-files'],
    layer: 6,
    dockerfile: PATCH,
  },
  { id: 'dockerignore', title: 'Keep build-context junk out with .dockerignore', savings: { bytes: 95_000, compressedBytes: null }, confidence: 'medium', rationale: 'junk', findings: ['dockerignore'], layer: 4, dockerfile: null },
  { id: 'user', title: 'Run as an unprivileged user', savings: { bytes: 0, compressedBytes: null }, confidence: 'high', rationale: 'root', findings: ['root-user'], layer: null, dockerfile: '+USER 10001\n' },
];

let analysis: Analysis;
let report: OpenedReport;
let page: Page;

describeBrowser('HTML report: suggestions', () => {
  withReport(
    async () => {
      const result = await analyzeImage(SAMPLE_TAR);
      analysis = { ...result.analysis, suggestions: SUGGESTIONS, dockerfile: { path: 'Dockerfile', origin: 'flag', matched: 9, proposedDiff: PATCH, dockerignore: ['**/*.log', '**/.git'] } };
      const html = path.join(tempDir(), 'suggestions.html');
      fs.writeFileSync(html, renderAnalysisHtml(analysis, finalTree(result)));
      return html;
    },
    (opened) => {
      report = opened;
      page = opened.page;
    },
  );

  test('a card per suggestion, in order, with its savings', async () => {
    expect(analysis.suggestions.length).toBeGreaterThan(0);
    const cards = await page.$$eval('#suggestions article.suggestion', (as) =>
      as.map((a) => [a.getAttribute('data-id'), a.querySelector('h3')?.textContent, a.querySelector('.saving')?.getAttribute('data-value') ?? null]),
    );
    expect(cards).toEqual(analysis.suggestions.map((s) => [s.id, s.title, s.savings.bytes > 0 ? String(s.savings.bytes) : null]));
    expect(await page.textContent('#suggestions article.suggestion .saving')).toBe(`\u2212${formatBytes(130_000)}`);
    expect(await page.textContent('#suggestions article.suggestion .sub')).toBe(`\u2212${formatBytes(41_000)} compressed`);
    const about = (await page.textContent('#suggestions article[data-id="cleanup-same-layer"] p.sub')) ?? '';
    expect(about.startsWith(`layer #6 ${analysis.layers[6].instruction.replace(/\s+/g, ' ').slice(0, 30)}`)).toBe(true);
    expect(about.endsWith(' · findings: hidden-files')).toBe(true);
    // The best single suggestion is the potential saving when it beats the waste; here the waste is larger.
    expect(await page.getAttribute('.card[data-key="savings"] .card-value', 'data-value')).toBe(String(analysis.totals.wasteBytes));
    expect(report.problems).toEqual([]);
  });

  test('each Dockerfile change is drawn line for line, added and removed lines marked', async () => {
    const withPatch = analysis.suggestions.filter((s) => s.dockerfile !== null);
    expect(withPatch.length).toBeGreaterThan(0);
    for (const s of withPatch) {
      const lines = await page.$$eval(`#suggestions article[data-id="${s.id}"] pre.diff span`, (spans) => spans.map((x) => [x.className, x.textContent]));
      const patch = (s.dockerfile as string).replace(/\n$/, '').split('\n');
      expect(lines.map(([, text]) => text)).toEqual(patch.map((l) => (l === '' ? ' ' : l)));
      lines.forEach(([cls, text], i) => {
        if (patch[i].startsWith('+') && !patch[i].startsWith('+++')) expect([cls, text]).toEqual(['add', patch[i]]);
        if (patch[i].startsWith('-') && !patch[i].startsWith('---')) expect([cls, text]).toEqual(['del', patch[i]]);
      });
    }
    // The payload in a patch line is text.
    expect(await page.locator('#suggestions script').count()).toBe(0);
    // The whole proposed Dockerfile is there too, folded, and the .dockerignore entries.
    expect(await page.isVisible('#suggestions details.proposed pre.diff')).toBe(false);
    await page.click('#suggestions details.proposed summary');
    expect(await page.isVisible('#suggestions details.proposed pre.diff')).toBe(true);
    expect(await page.$$eval('#suggestions > pre.diff span', (spans) => spans.map((x) => x.textContent))).toEqual(['**/*.log', '**/.git']);
    expect(report.dialogs).toEqual([]);
  });
});
