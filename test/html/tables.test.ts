/// <reference lib="dom" />
/**
 * Long tables in Chromium: the page keeps the first rows of the analysis (a note says how many more the JSON has),
 * draws 100 of those until asked for all, and sorts and filters all it keeps, not only what is drawn.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { renderAnalysisHtml } from '../../src/report/html';
import { summarizeTree } from '../../src/analyze/filesystem/tree-summary';
import type { Analysis } from '../../src/model';
import { analyzeSteps, run } from '../helpers/analyze-built';
import { describeBrowser, OpenedReport, withReport } from '../helpers/browser';
import { file, tempDir } from '../helpers/image-builder';
import { bytesOf } from './fixture';

const N = 260;
const KEPT = 240;
let analysis: Analysis;
let report: OpenedReport;
let page: Page;

const drawn = async (): Promise<number> => page.locator('#hidden tbody tr').count();
const sizes = async (): Promise<number[]> => page.$$eval('#hidden tbody td:nth-child(2)', (tds) => tds.map((td) => Number(td.getAttribute('data-value'))));

describeBrowser('HTML report: long tables', () => {
  withReport(
    async () => {
      // N files, each overwritten by a later layer: N hidden versions of distinct sizes.
      const name = (i: number): string => `data/f${String(i).padStart(3, '0')}`;
      const built = await analyzeSteps([
        run('add', Array.from({ length: N }, (_, i) => file(name(i), bytesOf(`a${i}`, 1000 + ((i * 37) % N) * 10)))),
        run('rewrite', Array.from({ length: N }, (_, i) => file(name(i), bytesOf(`b${i}`, 5)))),
      ]);
      analysis = built.analysis;
      const html = path.join(tempDir(), 'long.html');
      fs.writeFileSync(html, renderAnalysisHtml(analysis, summarizeTree(built.filesystem), { hidden: KEPT }));
      return html;
    },
    (opened) => {
      report = opened;
      page = opened.page;
    },
  );

  test('the page keeps the largest rows and says how many the JSON has', async () => {
    expect(analysis.hidden).toHaveLength(N);
    expect(await page.textContent('#hidden .truncated')).toBe(`The ${KEPT} largest of ${N} are shown; ${N - KEPT} more are in the JSON output (--json).`);
    expect(await page.textContent('#hidden .count')).toBe(`${KEPT} rows`);
  });

  test('100 rows are drawn until the button asks for all', async () => {
    expect(await drawn()).toBe(100);
    expect(await sizes()).toEqual(analysis.hidden.slice(0, 100).map((h) => h.bytes));
    await page.click('#hidden button.show-all');
    expect(await drawn()).toBe(KEPT);
    expect(await page.isVisible('#hidden button.show-all')).toBe(false);
  });

  test('sorting and filtering act on every kept row', async () => {
    const kept = analysis.hidden.slice(0, KEPT);
    await page.locator('#hidden th button', { hasText: 'Size' }).click();
    expect(await sizes()).toEqual(kept.map((h) => h.bytes).sort((a, b) => a - b));
    await page.locator('#hidden input.filter').fill('/data/f25');
    const want = kept.filter((h) => h.path.startsWith('data/f25')).map((h) => h.bytes).sort((a, b) => a - b);
    expect(want.length).toBeGreaterThan(0);
    expect(await sizes()).toEqual(want);
    expect(await page.textContent('#hidden .count')).toBe(`${want.length} of ${KEPT} rows`);
    expect(report.problems).toEqual([]);
  });
});
