/// <reference lib="dom" />
/**
 * Everything taken from an image is untrusted. An image whose file names, labels, user, ENV, history and even the
 * archive's own name carry `<script>` and `"><img onerror=…>` must show them as text: no dialog, no element made
 * from them, the exact strings in textContent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Analysis } from '../../src/model';
import { describeBrowser, OpenedReport, screenshot, withReport } from '../helpers/browser';
import { analyzeToHtml, EVIL_CONFIG, EVIL_FILES, EVIL_STEPS, IMG_PAYLOAD, SCRIPT_PAYLOAD, writeArchive } from './fixture';

let analysis: Analysis;
let source: string;
let report: OpenedReport;
let page: Page;

describeBrowser('HTML report: payloads from the image render as text', () => {
  withReport(
    async () => {
      // The archive's name is a payload too: it becomes the page's reference.
      const archive = await writeArchive(EVIL_STEPS, EVIL_CONFIG, 'evil:1', `${IMG_PAYLOAD}.tar`);
      const html = path.join(path.dirname(archive), 'report.html');
      analysis = await analyzeToHtml(archive, html);
      source = fs.readFileSync(html, 'utf8');
      return html;
    },
    (opened) => {
      report = opened;
      page = opened.page;
    },
  );

  test('the image really carries the payloads', () => {
    expect(analysis.source.reference).toContain(IMG_PAYLOAD);
    expect(analysis.image.config.labels[IMG_PAYLOAD]).toBe(SCRIPT_PAYLOAD);
    expect(analysis.image.config.user).toBe(IMG_PAYLOAD);
    expect(analysis.hidden.map((h) => h.path)).toEqual([`tmp/${SCRIPT_PAYLOAD}.tmp`]);
    expect(analysis.duplicates.map((d) => d.paths)).toEqual([[`srv/${IMG_PAYLOAD}.bin`, `srv/copy ${IMG_PAYLOAD}`]]);
    expect(analysis.layers.some((l) => l.instruction.includes(SCRIPT_PAYLOAD))).toBe(true);
  });

  test('the file holds no payload as markup: escaped in HTML, \\u-escaped in the data block', () => {
    expect(source).not.toContain(SCRIPT_PAYLOAD);
    expect(source).not.toContain('<img');
    expect(source).not.toMatch(/<script>alert/i);
    expect(source.match(/<script\b/g)).toHaveLength(2); // the data block and the page script
    expect(source.match(/<\/script>/g)).toHaveLength(2);
    expect(source).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  test('no dialog, no console error, no request, no element from a payload', async () => {
    expect(report.dialogs).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.requests).toEqual([report.url]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('[onerror]').count()).toBe(0);
    // Give a payload's event handler a moment to fire, had any element been made.
    await page.waitForTimeout(200);
    expect(report.dialogs).toEqual([]);
  });

  test('payloads are shown exactly, as text', async () => {
    expect(await page.textContent('h1')).toBe('evil:1');
    const meta = await page.$$eval('.meta li b', (bs) => bs.map((b) => b.textContent));
    expect(meta).toContain(analysis.source.reference);
    expect(await page.title()).toBe('evil:1 · image report');

    const hiddenPath = await page.textContent('#hidden tbody td.path');
    expect(hiddenPath).toBe(`/tmp/${SCRIPT_PAYLOAD}.tmp`);
    const dupPaths = await page.$$eval('#duplicates td.paths li', (lis) => lis.map((li) => li.textContent));
    expect(dupPaths).toEqual([`/srv/${IMG_PAYLOAD}.bin`, `/srv/copy ${IMG_PAYLOAD}`]);

    const labels = await page.$$eval('#image dd table tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect(labels).toEqual([
      [IMG_PAYLOAD, SCRIPT_PAYLOAD],
      ['description', `${SCRIPT_PAYLOAD} and ${IMG_PAYLOAD}`],
    ]);
    expect(await page.textContent('.card[data-key="user"] .card-value')).toBe(IMG_PAYLOAD);
    expect(await page.textContent('#image')).toContain(`${SCRIPT_PAYLOAD} (values not shown)`);

    const instructions = await page.$$eval('#layers .bar-label', (bs) => bs.map((b) => b.textContent ?? ''));
    expect(instructions.some((t) => t.includes(SCRIPT_PAYLOAD))).toBe(true);
    // Layer names in table cells and their tooltips.
    const layerCells = await page.$$eval('#hidden td.layer', (tds) => tds.map((td) => td.getAttribute('title') ?? ''));
    expect(layerCells.some((t) => t.includes(IMG_PAYLOAD))).toBe(true);
  });

  test('file names in the treemap are text, and a payload directory opens like any other', async () => {
    await page.locator('#tree g.node[data-path="/srv"]').first().click();
    const paths = await page.$$eval('#tree svg g.node', (gs) => gs.map((g) => g.getAttribute('data-path')));
    for (const f of EVIL_FILES) expect(paths).toContain(`/${f.split('/').slice(0, 2).join('/')}`);
    const names = await page.$$eval('#tree .tm-list .name', (es) => es.map((e) => e.textContent));
    expect(names).toEqual(expect.arrayContaining([`${SCRIPT_PAYLOAD.slice(0, SCRIPT_PAYLOAD.indexOf('/'))}/`, `${IMG_PAYLOAD}.bin`, `${IMG_PAYLOAD}/`]));
    await page.locator(`#tree .tm-list button.name`, { hasText: `${IMG_PAYLOAD}/` }).click();
    expect(await page.$$eval('#tree .crumbs .here', (es) => es.map((e) => e.textContent))).toEqual([IMG_PAYLOAD]);
    expect(await page.locator('img').count()).toBe(0);
    await screenshot(page, 'report-payloads.png');
    expect(report.dialogs).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  test('the layer view shows payload paths and instructions as text, and filters by them', async () => {
    await page.click('#layers .cell.key[data-layer="0"]');
    await page.click('#layer-changes .lv-expand');
    const rows = await page.$$eval('#layer-changes .lv-row', (rs) => rs.map((r) => [r.getAttribute('data-path'), r.querySelector('.lv-name')?.textContent]));
    expect(rows).toContainEqual([`srv/${IMG_PAYLOAD}.bin`, `${IMG_PAYLOAD}.bin`]);
    // `tmp/<script>alert(1)</script>.tmp` is a directory `<script>alert(1)<` holding `script>.tmp`.
    const scriptDir = SCRIPT_PAYLOAD.slice(0, SCRIPT_PAYLOAD.indexOf('/'));
    expect(rows).toContainEqual([`tmp/${scriptDir}`, `${scriptDir}/`]);
    expect(rows).toContainEqual([`tmp/${scriptDir}/script>.tmp`, 'script>.tmp']);
    expect(await page.$$eval('#layer-changes select option', (os) => os.map((o) => o.textContent ?? ''))).toContainEqual(expect.stringContaining(SCRIPT_PAYLOAD));
    await page.fill('#layer-changes input.lv-filter', IMG_PAYLOAD);
    expect(await page.$$eval('#layer-changes .lv-row[data-kind="file"]', (rs) => rs.map((r) => r.getAttribute('data-path')))).toEqual(
      expect.arrayContaining([`srv/${IMG_PAYLOAD}.bin`, `srv/copy ${IMG_PAYLOAD}`]),
    );
    await page.fill('#layer-changes input.lv-filter', '');
    expect(await page.locator('img').count()).toBe(0);
    expect(report.dialogs).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  test('the filter box takes a payload as plain text', async () => {
    await page.locator('#duplicates input.filter').fill(IMG_PAYLOAD);
    expect(await page.getAttribute('#duplicates .count', 'data-shown')).toBe('1');
    await page.locator('#duplicates input.filter').fill('<script>');
    expect(await page.getAttribute('#duplicates .count', 'data-shown')).toBe('0');
    expect(report.dialogs).toEqual([]);
  });
});
