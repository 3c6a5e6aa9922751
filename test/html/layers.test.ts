/// <reference lib="dom" />
/**
 * The layer view in Chromium: a click on a layer in the chart opens its change tree with the JSON's numbers
 * (`--json` for the totals, `--layer N --json` for every path), the toggle shows the filesystem as of that layer,
 * the filter keeps matching paths and their directories; no console errors, no requests.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { Analysis, LayerChangesReport } from '../../src/model';
import { describeBrowser, OpenedReport, screenshot, withReport } from '../helpers/browser';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/image-builder';
import { analyzeToHtml, LAYER_STEPS, writeArchive } from './fixture';

let analysis: Analysis;
let layer1: LayerChangesReport;
let report: OpenedReport;
let page: Page;

type Row = [string, string, string, number];

/** The rows the tree draws: [path, kind, change, bytes]. */
function rows(p: Page, only: 'leaves' | 'all' = 'leaves'): Promise<Row[]> {
  return p.$$eval(
    '#layer-changes .lv-row',
    (els, which) =>
      els
        .filter((e) => which === 'all' || (e.getAttribute('data-kind') !== 'dir' && e.getAttribute('data-kind') !== 'more'))
        .map((e) => [e.getAttribute('data-path') ?? '', e.getAttribute('data-kind') ?? '', e.getAttribute('data-change') ?? '', Number(e.querySelector('.lv-size')?.getAttribute('data-value'))] as Row),
    only,
  );
}

const sorted = (list: Row[]): Row[] => [...list].sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));

describeBrowser('HTML report: the layer view', () => {
  withReport(
    async () => {
      const archive = await writeArchive(LAYER_STEPS, {}, 'layers:1');
      const html = path.join(tempDir(), 'layers.html');
      analysis = await analyzeToHtml(archive, html);
      const r = await runCli(['analyze', archive, '--layer', '1', '--json']);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      layer1 = JSON.parse(r.stdout) as LayerChangesReport;
      return html;
    },
    (opened) => {
      report = opened;
      page = opened.page;
    },
  );

  test('a click on a layer in the chart opens its changes, with the JSON numbers', async () => {
    await page.click('#layers .cell.key[data-layer="1"]');
    expect(await page.getAttribute('#layer-changes', 'data-layer')).toBe('1');
    expect(await page.getAttribute('#layer-changes', 'data-mode')).toBe('changes');
    expect(await page.$eval('#layer-changes select', (e) => (e as HTMLSelectElement).selectedOptions[0].textContent)).toBe('#1 RUN update && add app');
    const totals = await page.$$eval('#layer-changes .lv-total[data-change]', (els) =>
      els.map((e) => [e.getAttribute('data-change'), Number(e.getAttribute('data-files')), Number(e.querySelector('[data-value]')?.getAttribute('data-value'))]),
    );
    const c = analysis.layers[1].changes;
    expect(totals).toEqual([
      ['added', c.added.files, c.added.bytes],
      ['modified', c.modified.files, c.modified.bytes],
      ['removed', c.removed.files, c.removed.bytes],
    ]);
    expect(c).toMatchObject({ added: { files: 2, bytes: 2_050 }, modified: { files: 1, bytes: 4_000 }, removed: { files: 4, bytes: 2_820 }, hardlinks: 1, symlinks: 1 });
    // Every changed path but the directories is a row, with its change and bytes.
    const expected = layer1.paths.filter((p) => p.type !== 'dir').map((p): Row => [p.path, p.type, p.change, p.bytes]);
    expect(sorted(await rows(page))).toEqual(sorted(expected));
    // Directories add up what changed below them.
    const dirs = (await rows(page, 'all')).filter((r) => r[1] === 'dir');
    expect(dirs).toContainEqual(['', 'dir', 'mixed', 8_870]);
    expect(dirs).toContainEqual(['srv/data', 'dir', 'removed', 2_000]);
    expect(dirs).toContainEqual(['app', 'dir', 'added', 2_000]);
    expect(await page.$eval('#layer-changes .lv-row[data-path="usr/lib/libx.so"]', (e) => getComputedStyle(e).backgroundColor)).not.toBe(
      await page.$eval('#layer-changes .lv-row[data-path="old/gone.txt"]', (e) => getComputedStyle(e).backgroundColor),
    );
    await screenshot(page, 'html-layer-changes.png');
  });

  test('collapses and expands a directory', async () => {
    await page.click('#layer-changes .lv-row[data-path="srv"] .lv-toggle');
    expect((await rows(page, 'all')).some((r) => r[0].startsWith('srv/'))).toBe(false);
    await page.click('#layer-changes .lv-row[data-path="srv"] .lv-toggle');
    expect((await rows(page, 'all')).some((r) => r[0] === 'srv/data/a.bin')).toBe(true);
  });

  test('the toggle shows the filesystem as of the layer, this layer\'s files marked', async () => {
    await page.click('#layer-changes button[data-mode="asOf"]');
    expect(await page.getAttribute('#layer-changes', 'data-mode')).toBe('asOf');
    await page.click('#layer-changes .lv-expand');
    // As of layer 1: the base's files still visible, this layer's written ones marked; what it removed is gone.
    expect(sorted(await rows(page))).toEqual(
      sorted([
        ['usr/bin/tool', 'file', '', 5_000],
        ['usr/lib/libx.so', 'file', 'modified', 4_000],
        ['app/main.js', 'file', 'added', 2_000],
        ['old/keep.txt', 'file', '', 300],
        ['srv/data', 'file', 'added', 50],
      ]),
    );
    expect((await rows(page, 'all'))[0]).toEqual(['', 'dir', 'mixed', 11_350]);
    await screenshot(page, 'html-layer-as-of.png');
    // Layer 2 removed the tool: as of it, it is gone.
    await page.click('#layers .cell.key[data-layer="2"]');
    await page.click('#layer-changes .lv-expand');
    expect((await rows(page)).map((r) => r[0])).not.toContain('usr/bin/tool');
    expect(await page.textContent('#layer-changes .lv-status')).toBe('Layer #2: 10 rows drawn for 4 visible files.');
  });

  test('the filter keeps the matching paths and the directories above them', async () => {
    await page.click('#layers .cell.key[data-layer="1"]');
    await page.click('#layer-changes button[data-mode="changes"]');
    await page.fill('#layer-changes input.lv-filter', 'main');
    expect((await rows(page, 'all')).map((r) => r[0])).toEqual(['', 'app', 'app/main.js', 'app/main-link.js']);
    await page.fill('#layer-changes input.lv-filter', 'nothing-like-this');
    expect(await page.textContent('#layer-changes .lv-tree')).toBe('No path matches the filter.');
    await page.fill('#layer-changes input.lv-filter', '');
    expect(report.problems).toEqual([]);
    expect(report.requests).toEqual([report.url]);
  });
});
