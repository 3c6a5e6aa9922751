#!/usr/bin/env node
'use strict';
/**
 * HTML report benchmark (`npm run bench:html`; the build runs first).
 *
 *   node scripts/bench-html.js [--scale N] [--dir DIR] [--runs N] [--seed N] [--out FILE]
 *
 * 1. Generates (or reuses) the bench archive of scripts/bench-archive.js at scale 1.9: a `docker save` archive of
 *    ≈203k files in 8 layers (base OS, apt, pip, node_modules full of copies, a clean-up RUN with whiteouts and an
 *    opaque directory, build output, large model files), ≈2.9 GB.
 * 2. Analyzes it (dist/, as the CLI does), then times the HTML page: directory summary + render, and writes it.
 * 3. Opens the page in Chromium (/usr/bin/chromium or IMGDIET_CHROMIUM, through playwright-core), one fresh tab per
 *    run after one warm-up, and reads the page's own clock, from navigation start: DOMContentLoaded, and when the
 *    treemap was first painted. The page script draws every section before the first frame, so that is the later
 *    of first contentful paint and the page's `imgdiet-painted` mark (taken in the frame after the first one).
 * 4. Prints a table against the targets (file < 5 MB, treemap painted < 2 s), then one JSON line (the last line
 *    of stdout). Progress goes to stderr.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { pathToFileURL } = require('node:url');
const { ensureArchive } = require('./bench-archive');
const { eachArg } = require('./bench-measure');

const ROOT = path.resolve(__dirname, '..');
const TARGETS = { htmlMB: 5, paintedSeconds: 2 };
const CHROMIUM = process.env.IMGDIET_CHROMIUM || '/usr/bin/chromium';
// The flags the browser tests use (test/helpers/browser.ts): no network services, a throwaway profile.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const o = { scale: 1.9, dir: path.join(os.tmpdir(), 'imgdiet-bench'), runs: 5, seed: 1, out: null };
  eachArg(argv, usage, (a, val) => {
    if (a === '--scale') o.scale = Number(val());
    else if (a === '--dir') o.dir = path.resolve(val());
    else if (a === '--runs') o.runs = Number(val());
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--out') o.out = path.resolve(val());
    else return false;
  });
  if (!(o.scale > 0) || !Number.isInteger(o.runs) || o.runs < 1 || !Number.isInteger(o.seed)) usage('bad --scale, --runs or --seed');
  return o;
}

function usage(message) {
  const text = fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 17).join('\n');
  if (message) process.stderr.write(`bench-html: ${message}\n`);
  process.stderr.write(`${text}\n`);
  process.exit(message ? 2 : 0);
}

const log = (s) => process.stderr.write(`${s}\n`);
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function openTimed(context, url) {
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForSelector('html[data-ready]', { timeout: 120_000 });
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      firstContentfulPaint: fcp,
      rendered: mark('imgdiet-rendered'),
      painted: Math.max(fcp, mark('imgdiet-painted') ?? 0),
      nodes: document.getElementsByTagName('*').length,
    };
  });
  await page.close();
  if (problems.length > 0) throw new Error(`the page logged errors: ${problems.join('; ')}`);
  if (requests.length !== 1) throw new Error(`the page made requests: ${requests.join(', ')}`);
  return t;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const { analyzeImage } = require(path.join(ROOT, 'dist', 'pipeline', 'index.js'));
  const { renderAnalysisHtml, summarizeLayers } = require(path.join(ROOT, 'dist', 'report', 'html', 'index.js'));
  const { summarizeTree } = require(path.join(ROOT, 'dist', 'analyze', 'filesystem', 'tree-summary.js'));
  const { layerTreeInputs } = require(path.join(ROOT, 'dist', 'pipeline', 'views.js'));
  const { chromium } = require('playwright-core');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}; install Debian's chromium or set IMGDIET_CHROMIUM`);

  const archive = ensureArchive(o.dir, { seed: o.seed, scale: o.scale, log });
  log(`${archive.reused ? 'reusing' : 'generated'} ${archive.file}: ${archive.summary.files} files, ${(archive.summary.archiveBytes / 1e6).toFixed(0)} MB`);

  let t0 = process.hrtime.bigint();
  const { analysis, filesystem } = await analyzeImage(`docker-archive:${archive.file}`);
  const analyzeSeconds = seconds(t0);
  t0 = process.hrtime.bigint();
  const tree = summarizeTree(filesystem.files);
  const treeSeconds = seconds(t0);
  // The layer view, as `analyze --html` makes it (src/cli/layer-option.ts, analysisHtml).
  t0 = process.hrtime.bigint();
  const layerTrees = summarizeLayers(layerTreeInputs({ analysis, filesystem }), analysis.layers.filter((l) => !l.emptyLayer).length);
  const layersSeconds = seconds(t0);
  t0 = process.hrtime.bigint();
  const html = renderAnalysisHtml(analysis, tree, {}, layerTrees);
  const renderSeconds = seconds(t0);
  const out = o.out ?? path.join(o.dir, 'bench-report.html');
  fs.writeFileSync(out, html);
  const htmlBytes = Buffer.byteLength(html);
  const gzipBytes = zlib.gzipSync(html).length;
  const data = JSON.parse(/<script type="application\/json" id="imgdiet-data">([^<]*)<\/script>/.exec(html)[1]);
  let treeNodes = 0;
  const count = (n) => {
    treeNodes++;
    (n.children || []).forEach(count);
  };
  count(tree);
  let layerNodes = 0;
  const countLayer = (n) => {
    layerNodes++;
    (n[4] || []).forEach(countLayer);
  };
  layerTrees.layers.forEach((l) => {
    countLayer(l.changes);
    countLayer(l.asOf);
  });
  log(`analysis ${analyzeSeconds.toFixed(2)} s; tree ${treeSeconds.toFixed(2)} s; layer view ${layersSeconds.toFixed(2)} s; page ${renderSeconds.toFixed(2)} s; ${out}: ${(htmlBytes / 1e6).toFixed(2)} MB`);

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-bench-chromium-'));
  const runs = [];
  let cold;
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
    try {
      const url = pathToFileURL(out).href;
      cold = await openTimed(context, url);
      log(`warm-up: painted at ${(cold.painted / 1000).toFixed(2)} s`);
      for (let i = 0; i < o.runs; i++) {
        const r = await openTimed(context, url);
        runs.push(r);
        log(`run ${i + 1}/${o.runs}: DOMContentLoaded ${(r.domContentLoaded / 1000).toFixed(2)} s, treemap painted ${(r.painted / 1000).toFixed(2)} s`);
      }
    } finally {
      await context.close();
    }
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }

  const pick = (k) => median(runs.map((r) => r[k])) / 1000;
  const result = {
    files: archive.summary.files,
    finalFiles: analysis.totals.finalFiles,
    layerBytes: analysis.totals.layerBytes,
    rows: Object.fromEntries(data.sections.filter((s) => s.type === 'table').map((s) => [s.id, { shown: s.rows.length, total: s.total }])),
    treeNodes,
    layerNodes,
    htmlBytes,
    gzipBytes,
    analyzeSeconds,
    treeSeconds,
    layersSeconds,
    renderSeconds,
    domContentLoadedSeconds: pick('domContentLoaded'),
    firstContentfulPaintSeconds: pick('firstContentfulPaint'),
    paintedSeconds: pick('painted'),
    coldPaintedSeconds: cold.painted / 1000,
    domNodes: runs[0].nodes,
    runs: o.runs,
    chromium: CHROMIUM,
    targets: TARGETS,
    ok: htmlBytes < TARGETS.htmlMB * 1e6 && pick('painted') < TARGETS.paintedSeconds,
  };

  const rows = [
    ['image', `${result.files.toLocaleString('en-US')} files in layers, ${result.finalFiles.toLocaleString('en-US')} visible, ${(result.layerBytes / 1e6).toFixed(0)} MB`],
    ['rows kept', Object.entries(result.rows).map(([k, v]) => `${k} ${v.shown}/${v.total}`).join(', ')],
    ['treemap nodes', String(treeNodes)],
    ['layer view nodes', `${layerNodes} in ${layerTrees.layers.length} layers (≤ ${layerTrees.limits.perTree} a tree)`],
    ['HTML file', `${(htmlBytes / 1e6).toFixed(2)} MB (gzip ${(gzipBytes / 1e6).toFixed(2)} MB)   target < ${TARGETS.htmlMB} MB: ${htmlBytes < TARGETS.htmlMB * 1e6 ? 'ok' : 'OVER'}`],
    ['summary + page', `${((treeSeconds + layersSeconds + renderSeconds) * 1000).toFixed(0)} ms (layer view ${(layersSeconds * 1000).toFixed(0)} ms) (after a ${analyzeSeconds.toFixed(2)} s analysis)`],
    ['DOMContentLoaded', `${(result.domContentLoadedSeconds * 1000).toFixed(0)} ms`],
    ['drawn (script done)', `${(pick('rendered') * 1000).toFixed(0)} ms`],
    ['treemap painted', `${(result.paintedSeconds * 1000).toFixed(0)} ms (median of ${o.runs}; first load ${(result.coldPaintedSeconds * 1000).toFixed(0)} ms)   target < ${TARGETS.paintedSeconds} s: ${result.paintedSeconds < TARGETS.paintedSeconds ? 'ok' : 'OVER'}`],
    ['DOM elements', String(result.domNodes)],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n')}\n${JSON.stringify(result)}\n`);
  process.exitCode = result.ok ? 0 : 1;
}

main().catch((err) => {
  process.stderr.write(`bench-html: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
