/// <reference lib="dom" />
/**
 * `imgdiet diff OLD NEW --json --html FILE` on the built CLI, and the page opened in Chromium: two releases of a service (a cleaner apt layer, a bigger app), the NEW one read from an
 * archive whose name is a payload. The page loads clean, shows the diff's deltas, layers, files, packages and
 * findings, sorts, and draws NEW's treemap.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { ImageDiff } from '../../src/diff/model';
import { formatBytes } from '../../src/util/units';
import { describeBrowser, OpenedReport, screenshot, tableRows, withReport } from '../helpers/browser';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/image-builder';
import { IMG_PAYLOAD, NEXT_SERVICE_STEPS, SERVICE_CONFIG, SERVICE_STEPS, writeArchive } from './fixture';

let diff: ImageDiff;
let source: string;
let report: OpenedReport;
let page: Page;

const signed = (n: number): string => (n > 0 ? `+${formatBytes(n)}` : formatBytes(n));


const rows = (id: string): Promise<string[][]> => tableRows(page, id);

describeBrowser('HTML diff report in Chromium', () => {
  withReport(
    async () => {
      const oldArchive = await writeArchive(SERVICE_STEPS, SERVICE_CONFIG, 'shop:1.4.2');
      const newArchive = await writeArchive(NEXT_SERVICE_STEPS, SERVICE_CONFIG, 'shop:1.5.0', `${IMG_PAYLOAD}.tar`);
      const html = path.join(tempDir(), 'diff.html');
      const r = await runCli(['diff', oldArchive, newArchive, '--json', '--html', html]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      diff = JSON.parse(r.stdout) as ImageDiff;
      source = fs.readFileSync(html, 'utf8');
      return html;
    },
    (opened) => {
      report = opened;
      page = opened.page;
    },
  );

  test('loads clean; the payload in a reference is text', async () => {
    expect(report.problems).toEqual([]);
    expect(report.requests).toEqual([report.url]);
    expect(report.dialogs).toEqual([]);
    expect(await page.locator('img').count()).toBe(0);
    expect(source).not.toContain('<img');
    expect(await page.textContent('h1')).toBe('shop:1.4.2 → shop:1.5.0');
    const meta = await page.$$eval('.meta li b', (bs) => bs.map((b) => b.textContent));
    expect(meta[1]).toBe(`${diff.new.reference} (${diff.new.id.slice(7, 19)})`);
    expect(diff.new.reference).toContain(IMG_PAYLOAD);
  });

  test('the cards show the deltas of the totals', async () => {
    const card = async (key: string): Promise<[string | null, string | null]> =>
      page.$eval(`.card[data-key="${key}"] .card-value`, (e) => [e.textContent, e.getAttribute('data-value')]);
    const t = diff.totals;
    expect(await card('size')).toEqual([signed(t.layerBytes.delta), String(t.layerBytes.delta)]);
    expect(await card('waste')).toEqual([signed(t.wasteBytes.delta), String(t.wasteBytes.delta)]);
    expect(t.wasteBytes.delta).toBeLessThan(0);
    expect(await page.getAttribute('.card[data-key="waste"]', 'class')).toContain('tone-good');
    expect(await page.textContent('.card[data-key="size"] .card-sub')).toBe(`${formatBytes(t.layerBytes.old)} → ${formatBytes(t.layerBytes.new)}`);
    expect((await card('findings'))[0]).toBe(`${diff.findings.new.length} new`);
  });

  test('instructions, layers, files, packages and findings are all there', async () => {
    const bars = await page.$$eval('#instructions .bars .cell.num', (es) => es.map((e) => e.getAttribute('data-value')));
    expect(bars).toEqual(diff.instructions.flatMap((r) => [String(r.oldBytes), String(r.newBytes), String(r.deltaBytes)]));

    const layers = await rows('layers');
    expect(layers.map((r) => r[0])).toEqual(diff.layers.map((l) => l.status));
    expect(layers.map((r) => r[3])).toEqual(diff.layers.map((l) => l.instruction));
    expect(diff.layers.map((l) => l.status)).toContain('shared');

    const files = await rows('files');
    const kinds = ['added', 'removed', 'grown', 'shrunk', 'changed'] as const;
    expect(files).toHaveLength(kinds.reduce((n, k) => n + diff.files[k].length, 0));
    expect(files[0]).toEqual(['added', '/app/node_modules/lodash/lodash.js', '—', formatBytes(540_000), '+540 kB', expect.stringContaining('COPY')]);
    const grown = diff.files.grown.find((x) => x.path === 'app/server.js');
    expect(grown?.deltaBytes).toBe(8_000);

    const packages = await rows('packages');
    expect(packages.map((r) => [r[0], r[2], r[4]])).toEqual([['added', 'curl', '7.88.1-10']]);

    const findings = await rows('findings');
    expect(findings.map((r) => [r[0], r[2]])).toEqual([
      ...diff.findings.new.map((x) => ['new', x.id]),
      ...diff.findings.fixed.map((x) => ['fixed', x.id]),
    ]);
    expect(diff.findings.fixed.map((x) => x.id)).toContain('apt-lists');
  });

  test('the files table sorts by change, smallest first on a second click', async () => {
    const deltas = async (): Promise<number[]> => page.$$eval('#files tbody td:nth-child(5)', (tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    const header = page.locator('#files th button', { hasText: 'Bytes' });
    await header.click();
    const asc = await deltas();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await header.click();
    const desc = await deltas();
    expect(desc).toEqual([...asc].sort((a, b) => b - a));
  });

  test("NEW's treemap opens a directory", async () => {
    await page.locator('#tree g.node[data-path="/app"]').first().click();
    expect(await page.$$eval('#tree .crumbs .here', (es) => es.map((e) => e.textContent))).toEqual(['app']);
    await screenshot(page, 'diff.png');
    expect(report.problems).toEqual([]);
  });
});
