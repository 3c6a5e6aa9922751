/// <reference lib="dom" />
/**
 * `imgdiet analyze ARCHIVE --json --html FILE` on the built CLI, and the page it writes opened in real Chromium:
 * it loads with no console errors and no request but its own, shows the JSON's numbers, sorts, filters, drills
 * into the treemap and back, prints, and leaves a screenshot in test-artifacts/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Analysis } from '../../src/model';
import { formatBytes, formatPercent } from '../../src/util/units';
import { ARTIFACTS, describeBrowser, OpenedReport, screenshot, tableRows, withReport } from '../helpers/browser';
import { tempDir } from '../helpers/image-builder';
import { analyzeToHtml, SERVICE_CONFIG, SERVICE_STEPS, writeArchive } from './fixture';

let analysis: Analysis;
let html: string;
let report: OpenedReport;
let page: Page;


async function cardValue(key: string): Promise<{ text: string; value: string | null }> {
  return page.$eval(`.card[data-key="${key}"] .card-value`, (e) => ({ text: e.textContent ?? '', value: e.getAttribute('data-value') }));
}

const rows = (id: string): Promise<string[][]> => tableRows(page, id);

describeBrowser('HTML report in Chromium', () => {
  withReport(
    async () => {
      const archive = await writeArchive(SERVICE_STEPS, SERVICE_CONFIG, 'shop:1.4.2');
      html = path.join(tempDir(), 'report.html');
      analysis = await analyzeToHtml(archive, html);
      return html;
    },
    (opened) => {
      report = opened;
      page = opened.page;
    },
  );

  test('loads with no console errors and no request but the file itself', async () => {
    expect(report.problems).toEqual([]);
    expect(report.requests).toEqual([report.url]);
    expect(report.dialogs).toEqual([]);
    expect(await page.locator('.failed').count()).toBe(0);
    // One file: nothing refers to anything outside it.
    const refs = await page.$$eval('[src], link[href], [href]:not(a[href^="#"])', (es) => es.map((e) => e.outerHTML));
    expect(refs).toEqual([]);
  });

  test('the header and summary cards show the JSON figures', async () => {
    const t = analysis.totals;
    expect(await page.textContent('h1')).toBe('shop:1.4.2');
    expect(await page.title()).toBe('shop:1.4.2 · image report');
    const meta = await page.$$eval('.meta li', (lis) => lis.map((li) => [li.querySelector('span')?.textContent, li.querySelector('b')?.textContent]));
    expect(meta).toEqual([
      ['Read from', analysis.source.reference],
      ['Id', analysis.image.id.slice('sha256:'.length, 'sha256:'.length + 12)],
      ['Platform', 'linux/amd64'],
      ['Created', analysis.image.created],
      ['Layers', String(analysis.totals.layerCount)],
    ]);
    expect(await cardValue('size')).toEqual({ text: formatBytes(t.layerBytes), value: String(t.layerBytes) });
    expect(t.compressedBytes).not.toBeNull();
    expect(await cardValue('compressed')).toEqual({ text: formatBytes(t.compressedBytes as number), value: String(t.compressedBytes) });
    expect(await cardValue('waste')).toEqual({ text: formatBytes(t.wasteBytes), value: String(t.wasteBytes) });
    expect((await cardValue('efficiency')).text).toBe(formatPercent(t.efficiency));
    expect((await cardValue('user')).text).toBe('root');
    expect(await cardValue('findings')).toEqual({ text: String(analysis.findings.length), value: String(analysis.findings.length) });
    const savings = await cardValue('savings');
    const best = Math.max(t.wasteBytes, ...analysis.suggestions.map((s) => s.savings.bytes));
    expect(savings).toEqual({ text: formatBytes(best), value: String(best) });
    // The waste card breaks the waste down.
    expect(await page.textContent('.card[data-key="waste"] .card-sub')).toBe(
      `hidden ${formatBytes(t.hiddenBytes)} · duplicate ${formatBytes(t.duplicateBytes)} · caches and junk ${formatBytes(t.junkBytes)}`,
    );
  });

  test('the layer chart has a row per layer with its bytes and hidden bytes', async () => {
    const real = analysis.layers.filter((l) => !l.emptyLayer);
    const keys = await page.$$eval('#layers .bars .key', (es) => es.map((e) => e.textContent));
    expect(keys).toEqual(real.map((l) => `#${l.index}`));
    const nums = await page.$$eval('#layers .bars .cell.num', (es) => es.map((e) => e.getAttribute('data-value')));
    expect(nums).toEqual(real.flatMap((l) => [String(l.sizeBytes), String(l.hiddenBytes), String(l.files)]));
    // One bar per layer, segments in proportion: the largest layer fills the track.
    const widths = await page.$$eval('#layers svg.bar', (svgs) =>
      svgs.map((s) => Array.from(s.querySelectorAll('rect:not(.track)'), (r) => Number(r.getAttribute('width'))).reduce((a, b) => a + b, 0)),
    );
    const max = Math.max(...real.map((l) => l.sizeBytes));
    widths.forEach((w, i) => expect(w).toBeCloseTo(Math.max((real[i].sizeBytes / max) * 1000, real[i].sizeBytes > 0 ? 1.5 : 0), 0));
    // The COPY layer whose build output a later RUN deleted shows those bytes as hidden.
    const copy = real.find((l) => l.instruction.startsWith('COPY'));
    expect(copy?.hiddenBytes).toBe(310_000 + 95_000);
    // Clicking an instruction shows its full text.
    const label = page.locator('#layers .bar-label').nth(real.indexOf(copy!));
    await label.click();
    expect(await label.textContent()).toBe(copy!.createdBy);
    await label.click();
    expect(await label.textContent()).toBe(copy!.instruction);
  });

  test('tables list every row of the JSON with its exact figures', async () => {
    const count = async (id: string): Promise<number> => Number(await page.getAttribute(`#${id} .count`, 'data-shown'));
    expect(await count('findings')).toBe(analysis.findings.length);
    expect(await count('hidden')).toBe(analysis.hidden.length);
    expect(await count('duplicates')).toBe(analysis.duplicates.length);
    expect(await count('packages')).toBe(analysis.packages.length);
    expect(analysis.packages.length).toBe(3);

    const hidden = await rows('hidden');
    expect(hidden.map((r) => r[0])).toEqual(analysis.hidden.map((h) => `/${h.path}`));
    expect(hidden[0][1]).toBe(formatBytes(analysis.hidden[0].bytes));
    expect(hidden[0][2]).toContain(`#${analysis.hidden[0].addedByLayer} COPY`);
    expect(hidden[0][4]).toBe(analysis.hidden[0].reason);

    const dup = await rows('duplicates');
    const d = analysis.duplicates[0];
    expect(dup[0].slice(0, 3)).toEqual([formatBytes(d.wastedBytes), formatBytes(d.sizeBytes), String(d.paths.length)]);
    expect(d.paths).toEqual(['app/public/bundle.js', 'app/static/bundle.js', 'app/static/bundle.min.js']);
    const listed = await page.$$eval('#duplicates tbody tr:first-child td.paths li', (lis) => lis.map((li) => li.textContent));
    expect(listed).toEqual(d.paths.map((p) => `/${p}`));

    const findings = await rows('findings');
    expect(findings.map((r) => r[1])).toEqual(analysis.findings.map((x) => x.id));
    expect(findings.map((r) => r[0])).toEqual(analysis.findings.map((x) => x.severity));
    const lists = analysis.findings.find((x) => x.id === 'apt-lists');
    expect(lists).toBeDefined();
    const row = findings[analysis.findings.indexOf(lists!)];
    expect(row[2]).toBe(`${lists!.message}Fix: ${lists!.fix}`);
    expect(row[3]).toBe(formatBytes(lists!.bytes));

    const packages = await rows('packages');
    const bySize = [...analysis.packages].sort((a, b) => b.bytes - a.bytes);
    expect(packages.map((r) => [r[1], r[2], r[3]])).toEqual(bySize.map((p) => [p.name, p.version, formatBytes(p.bytes)]));
  });

  test('a header click sorts a table, a second click reverses it', async () => {
    const paths = async (): Promise<string[]> => (await rows('hidden')).map((r) => r[0]);
    const sizes = async (): Promise<number[]> =>
      page.$$eval('#hidden tbody tr td:nth-child(2)', (tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    const header = (label: string) => page.locator('#hidden th button', { hasText: label });
    const expected = analysis.hidden.map((h) => `/${h.path}`).sort((a, b) => a.localeCompare(b, 'en'));

    await header('Path').click();
    expect(await paths()).toEqual(expected);
    expect(await page.getAttribute('#hidden th:nth-child(1)', 'aria-sort')).toBe('ascending');
    await header('Path').click();
    expect(await paths()).toEqual([...expected].reverse());
    expect(await page.getAttribute('#hidden th:nth-child(1)', 'aria-sort')).toBe('descending');

    await header('Size').click();
    const desc = await sizes();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await header('Size').click();
    const asc = await sizes();
    expect(asc).toEqual(analysis.hidden.map((h) => h.bytes).sort((a, b) => a - b));
  });

  test('the filter box keeps the rows that contain its text', async () => {
    const filter = page.locator('#packages input.filter');
    await filter.fill('LIBSSL');
    expect(await rows('packages')).toHaveLength(1);
    expect((await rows('packages'))[0][1]).toBe('libssl3');
    expect(await page.textContent('#packages .count')).toBe('1 of 3 rows');
    await filter.fill('no such package');
    expect(await rows('packages')).toHaveLength(0);
    await filter.fill('');
    expect(await rows('packages')).toHaveLength(3);

    await page.locator('#hidden input.filter').fill('debug');
    expect((await rows('hidden')).map((r) => r[0])).toEqual(['/app/build/debug.log']);
    await page.locator('#hidden input.filter').fill('');
  });

  test('the treemap opens a directory on click and goes back up by the breadcrumb', async () => {
    const crumbs = async (): Promise<string[]> => page.$$eval('#tree .crumbs > button, #tree .crumbs > .here', (es) => es.map((e) => e.textContent ?? ''));
    const here = async (): Promise<number> => Number(await page.getAttribute('#tree .crumbs .size', 'data-value'));
    expect(await crumbs()).toEqual(['/']);
    expect(await here()).toBe(analysis.totals.finalBytes);

    // Top level: a box per directory with bytes, largest first in the side list.
    const side = await page.$$eval('#tree .tm-list li', (lis) => lis.map((li) => [li.querySelector('.name')?.textContent, li.querySelector('[data-value]')?.getAttribute('data-value')]));
    expect(side[0]).toEqual(['lib/', String(1_900_000 + 690_000 + 4_700_000)]);

    await page.locator('#tree g.node[data-path="/lib"]').first().click();
    expect(await crumbs()).toEqual(['/', 'lib']);
    await page.locator('#tree g.node[data-path="/lib/x86_64-linux-gnu"]').first().click();
    expect(await crumbs()).toEqual(['/', 'lib', 'x86_64-linux-gnu']);
    expect(await here()).toBe(1_900_000 + 690_000 + 4_700_000);
    const files = await page.$$eval('#tree svg g.node', (gs) => gs.map((g) => g.getAttribute('data-path')));
    expect(files).toEqual(['/lib/x86_64-linux-gnu/libcrypto.so.3', '/lib/x86_64-linux-gnu/libc.so.6', '/lib/x86_64-linux-gnu/libssl.so.3']);

    // Up one level by the breadcrumb, then to the top.
    await page.locator('#tree .crumbs button', { hasText: 'lib' }).click();
    expect(await crumbs()).toEqual(['/', 'lib']);
    await page.locator('#tree .crumbs button', { hasText: '/' }).click();
    expect(await crumbs()).toEqual(['/']);

    // The keyboard opens a directory too.
    await page.locator('#tree g.node[data-path="/app"]').first().focus();
    await page.keyboard.press('Enter');
    expect(await crumbs()).toEqual(['/', 'app']);
    await page.locator('#tree .crumbs button', { hasText: '/' }).click();
  });

  test('the image facts name ENV variables without their values', async () => {
    const text = (await page.textContent('#image')) ?? '';
    expect(text).toContain('PATH, NODE_ENV, API_TOKEN (values not shown)');
    expect(text).not.toContain('not-for-the-page');
    expect(fs.readFileSync(html, 'utf8')).not.toContain('not-for-the-page');
    expect(text).toContain('org.opencontainers.image.version1.4.2');
  });

  test('prints: controls hidden, tables whole; a PDF and a screenshot are written to test-artifacts/', async () => {
    const shot = await screenshot(page, 'report.png');
    expect(fs.statSync(shot).size).toBeGreaterThan(50_000);
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#hidden input.filter')).toBe(false);
    expect(await page.isVisible('nav.sections')).toBe(false);
    expect(await page.$eval('#findings .table-scroll', (e) => getComputedStyle(e).maxHeight)).toBe('none');
    const pdf = path.join(ARTIFACTS, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    expect(report.problems).toEqual([]);
  });
});
