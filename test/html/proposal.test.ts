/// <reference lib="dom" />
/**
 * The proposal card in Chromium: first in the summary, "now → about X" with the JSON's figures, and one row per
 * applied suggestion whose bytes are the JSON's and add up to the total.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Analysis } from '../../src/model';
import { formatBytes } from '../../src/util/units';
import { savedPercent } from '../../src/report/proposal-text';
import { describeBrowser, OpenedReport, screenshot, withReport } from '../helpers/browser';
import { ROOT, SAMPLE_TAR } from '../helpers/cli';
import { tempDir } from '../helpers/image-builder';
import { analyzeToHtml, SERVICE_CONFIG, SERVICE_STEPS, writeArchive } from './fixture';

let analysis: Analysis;
let report: OpenedReport;
let page: Page;

describeBrowser('HTML report: the proposal card', () => {
  withReport(
    async () => {
      const archive = await writeArchive(SERVICE_STEPS, SERVICE_CONFIG, 'shop:1.4.2');
      const html = path.join(tempDir(), 'proposal.html');
      analysis = await analyzeToHtml(archive, html);
      return html;
    },
    (opened) => {
      report = opened;
      page = opened.page;
    },
  );

  test('comes first and says now → about X if the suggested changes are made, with the JSON figures', async () => {
    const p = analysis.proposal;
    expect(p.basis).toBe('image');
    expect(p.applied.length).toBeGreaterThan(0);
    expect(await page.$$eval('#summary .card', (cs) => cs[0].getAttribute('data-key'))).toBe('proposal');
    expect(await page.getAttribute('.card[data-key="proposal"] .card-value', 'data-value')).toBe(String(p.layerBytes));
    const percent = savedPercent(analysis.totals.layerBytes, p.savingsBytes);
    expect(await page.textContent('.card[data-key="proposal"] .card-sub')).toBe(
      `${formatBytes(analysis.totals.layerBytes)} now → about ${formatBytes(p.layerBytes)} if the suggested changes are made (${percent})`,
    );
  });

  test('lists each applied suggestion with its layer and bytes, and their total', async () => {
    const p = analysis.proposal;
    const rows = await page.$$eval('.card[data-key="proposal"] tr[data-key]', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-key'), tr.querySelector('td.layer')?.textContent, tr.querySelector('td.num:last-child')?.getAttribute('data-value')]),
    );
    expect(rows).toEqual(p.applied.map((s) => [s.id, s.layer === null ? '' : `#${s.layer}`, String(s.bytes)]));
    const total = await page.getAttribute('.card[data-key="proposal"] tr.total td.num', 'data-value');
    expect(Number(total)).toBe(p.savingsBytes);
    expect(p.applied.reduce((n, s) => n + s.bytes, 0)).toBe(p.savingsBytes);
    expect(await page.textContent('.card[data-key="proposal"] tr.total td.num')).toBe(`\u2212${formatBytes(p.savingsBytes)}`);
    await screenshot(page, 'html-proposal.png');
    expect(report.problems).toEqual([]);
    expect(report.requests).toEqual([report.url]);
  });
});

let sample: Analysis;
let samplePage: Page;

describeBrowser('HTML report: the proposal card with a Dockerfile', () => {
  withReport(
    async () => {
      const html = path.join(tempDir(), 'proposal-dockerfile.html');
      sample = await analyzeToHtml(SAMPLE_TAR, html, ['--dockerfile', path.join(ROOT, 'samples/sample-app/Dockerfile')]);
      return html;
    },
    (opened) => {
      samplePage = opened.page;
      expect(opened.problems).toEqual([]);
    },
  );

  test('says "with the proposed Dockerfile", and its parts are the JSON\'s', async () => {
    const p = sample.proposal;
    expect(p.basis).toBe('dockerfile');
    const percent = savedPercent(sample.totals.layerBytes, p.savingsBytes);
    expect(await samplePage.textContent('.card[data-key="proposal"] .card-sub')).toBe(
      `${formatBytes(sample.totals.layerBytes)} now → about ${formatBytes(p.layerBytes)} with the proposed Dockerfile (${percent})`,
    );
    const values = await samplePage.$$eval('.card[data-key="proposal"] tr[data-key] td.num:last-child', (tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(values).toEqual(p.applied.map((s) => s.bytes));
    expect(values.reduce((a, b) => a + b, 0)).toBe(p.savingsBytes);
  });
});
