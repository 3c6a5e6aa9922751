#!/usr/bin/env node
'use strict';
/**
 * imgdiet file-count series (issue #14): `npm run bench:files`, or `npm run bench -- --files [options]`.
 *
 *   node scripts/bench-files.js [--quick] [--counts N,N,…] [--entries N | --no-5m] [--runs N] [--dir DIR]
 *                               [--seed N] [--heap MB] [--timeout S]
 *
 * 1. Generates (or reuses, cached in DIR by generator source and parameters) `docker save` archives of
 *    small files (scripts/bench-files-archive.js): by default 250,000 and 1,000,000 files (≈0.5 and ≈1.9 GB)
 *    over four layers, and one gzip-compressed layer of 5,000,000 mostly empty files (--entries, --no-5m).
 *    `--quick`: 20,000 and 80,000 files and 200,000 entries.
 * 2. For each: the floor `openssl dgst -sha256 ARCHIVE` and `imgdiet analyze ARCHIVE --json > /dev/null`
 *    (node --max-old-space-size=--heap, default 4096 MB; killed after --timeout s, default 1800): wall time
 *    (median of --runs after a warm-up), ratio, peak RSS (GNU time %M), peak RSS per file. The warm-up's JSON
 *    is checked (it parses; final files and layer bytes are what the generator wrote). A run that fails is a
 *    row with its error's first line, not a crash; the runs after a failure are skipped.
 * 3. Growth from the smallest to the largest file count, of time and of peak RSS; the issue's targets with
 *    ✓/✗. Prints a table, then one JSON line (the last line of stdout). Progress goes to stderr.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureFilesArchive } = require('./bench-files-archive');
const { eachArg, log, has, residency, series } = require('./bench-measure');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'imgdiet.js');
/** Issue #14's targets: for 1,000,000 files; growth 250k → 1M (4× the files); 5M entries. */
const TARGETS = { floorRatio: 2.5, peakRssMB: 400, growth: 4.2, entriesPeakRssMB: 2000 };
const MAX_STRING = 0x1fffffe8; // V8's longest string: larger JSON output is checked with jq
let jsonBytes = null; // the size of the last JSON output checked

function parseArgs(argv) {
  const o = { counts: [250000, 1000000], entries: 5000000, runs: 3, dir: path.join(os.tmpdir(), 'imgdiet-bench'), seed: 1, heapMB: 4096, timeout: 1800 };
  let counts = null;
  let entries;
  eachArg(argv, usage, (a, val) => {
    if (a === '--files') return true; // when called through bench.js
    if (a === '--quick') {
      o.counts = [20000, 80000];
      o.entries = 200000;
    } else if (a === '--counts') counts = val().split(',').map(Number);
    else if (a === '--entries') entries = Number(val());
    else if (a === '--no-5m') entries = 0;
    else if (a === '--runs') o.runs = Number(val());
    else if (a === '--dir') o.dir = path.resolve(val());
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--heap') o.heapMB = Number(val());
    else if (a === '--timeout') o.timeout = Number(val());
    else return false;
  });
  if (counts) o.counts = counts;
  if (entries !== undefined) o.entries = entries;
  const whole = (n) => Number.isInteger(n) && n >= 0;
  if (!o.counts.every((n) => whole(n) && n > 0) || !whole(o.entries) || !whole(o.runs) || o.runs < 1 || !Number.isInteger(o.seed) || !(o.heapMB > 0) || !(o.timeout > 0)) {
    usage('bad --counts, --entries, --runs, --seed, --heap or --timeout');
  }
  o.counts.sort((a, b) => a - b);
  return o;
}

function usage(msg) {
  if (msg) process.stderr.write(`bench-files: ${msg}\n`);
  process.stderr.write('usage: node scripts/bench-files.js [--quick] [--counts N,N,…] [--entries N | --no-5m] [--runs N] [--dir DIR] [--seed N] [--heap MB] [--timeout S]\n');
  process.exit(msg ? 2 : 0);
}

/**
 * Checks the warm-up's JSON: it parses (jq when it is longer than a string can be) and matches the generator.
 * Returns null when it does, else what is wrong.
 */
function checkOutput(file, summary) {
  const bytes = fs.statSync(file).size;
  jsonBytes = bytes;
  let totals;
  try {
    if (bytes < MAX_STRING) totals = JSON.parse(fs.readFileSync(file, 'utf8')).totals;
    else {
      const r = spawnSync('jq', ['-c', '.totals', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`jq: ${String(r.stderr).trim().split('\n')[0]}`);
      totals = JSON.parse(r.stdout);
    }
  } catch (err) {
    return `JSON output (${bytes} B) is not valid: ${err.message.split('\n')[0]}`;
  } finally {
    fs.rmSync(file, { force: true });
  }
  if (!totals || totals.finalFiles !== summary.files || totals.layerBytes !== summary.layerBytes) {
    return `imgdiet reports ${totals?.finalFiles} files, ${totals?.layerBytes} B; the archive has ${summary.files} files, ${summary.layerBytes} B`;
  }
  return null;
}

function runCase(o, mode, count) {
  const { file, summary, reused } = ensureFilesArchive(o.dir, { mode, count, seed: o.seed, log });
  log(`${mode} ${count}: ${file} (${reused ? 'reused' : `generated in ${summary.generatedSeconds.toFixed(1)} s`}): ` +
    `${(summary.archiveBytes / 1e6).toFixed(0)} MB, ${summary.layers} layers, ${summary.files} files, ${summary.entries} entries, ${(summary.layerBytes / 1e6).toFixed(0)} MB of layer bytes`);
  const before = () => residency(file);
  const loadBefore = os.loadavg()[0];
  const floor = series('openssl', ['openssl', 'dgst', '-sha256', file], { runs: o.runs, before });
  const outFile = path.join(o.dir, `analysis-files-${process.pid}.json`);
  let check = null;
  jsonBytes = null;
  const argv = [process.execPath, `--max-old-space-size=${o.heapMB}`, BIN, 'analyze', file, '--json'];
  const img = series('imgdiet', argv, {
    runs: o.runs, before, failOk: true, timeoutSeconds: o.timeout,
    onWarm: { file: outFile, check: () => (check = checkOutput(outFile, summary)) },
  });
  fs.rmSync(outFile, { force: true });
  if (check) log(`  imgdiet: ${check}`);
  const error = img.failed ?? check;
  return {
    mode,
    count,
    archive: { path: file, bytes: summary.archiveBytes, layerBytes: summary.layerBytes, layerTarBytes: summary.layerTarBytes, files: summary.files, entries: summary.entries, layers: summary.layers },
    generatedSeconds: summary.generatedSeconds,
    reused,
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    floor: { seconds: floor.seconds, all: floor.all },
    imgdiet: { seconds: img.seconds, all: img.all, cpuSeconds: img.cpuSeconds, peakRssBytes: img.peakRss },
    ratio: img.seconds / floor.seconds,
    rssPerFile: img.peakRss === null ? null : img.peakRss / summary.files,
    jsonBytes,
    completed: !error,
    error: error ?? null,
    // a failed series has one run (the warm-up, or the run that failed)
    runs: img.failed ? 1 : o.runs,
  };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) usage('dist/ is missing: run npm run build (npm run bench:files does)');
  if (!has('openssl')) usage('openssl is needed for the floor');
  fs.mkdirSync(o.dir, { recursive: true });
  const t0 = Date.now();
  const cases = o.counts.map((n) => runCase(o, 'files', n));
  if (o.entries > 0) cases.push(runCase(o, 'entries', o.entries));

  const files = cases.filter((c) => c.mode === 'files');
  const big = files[files.length - 1];
  const ok = (c) => c.completed;
  let growth = null;
  if (files.length >= 2 && ok(files[0]) && ok(big)) {
    const small = files[0];
    // the issue's 4.2× is for 4× the files: scaled to other count ratios
    const target = (TARGETS.growth / 4) * (big.count / small.count);
    growth = {
      from: small.count,
      to: big.count,
      time: big.imgdiet.seconds / small.imgdiet.seconds,
      rss: big.imgdiet.peakRssBytes === null ? null : big.imgdiet.peakRssBytes / small.imgdiet.peakRssBytes,
      target,
    };
  }
  const entries = cases.find((c) => c.mode === 'entries') ?? null;
  const pass = {
    floorRatio: ok(big) ? big.ratio <= TARGETS.floorRatio : false,
    peakRss: big.imgdiet.peakRssBytes === null ? null : ok(big) && big.imgdiet.peakRssBytes <= TARGETS.peakRssMB * 1e6,
    growthTime: growth ? growth.time <= growth.target : null,
    growthRss: growth && growth.rss !== null ? growth.rss <= growth.target : null,
    entries: entries ? entries.completed && entries.imgdiet.peakRssBytes !== null && entries.imgdiet.peakRssBytes <= TARGETS.entriesPeakRssMB * 1e6 : null,
  };
  const result = {
    bench: 'imgdiet-files',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    imgdietCommit: spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || null,
    runs: o.runs,
    heapMB: o.heapMB,
    cases,
    growth,
    targets: TARGETS,
    pass,
    totalSeconds: (Date.now() - t0) / 1000,
  };

  const mark = (x) => (x === null ? 'n/a' : x ? '✓' : '✗');
  const mb = (b) => (b === null ? 'n/a' : `${(b / 1e6).toFixed(0)} MB`);
  const head = ['case', 'archive', 'generated', 'floor', 'imgdiet', 'ratio', 'peak RSS', 'RSS/file', 'completed', 'load'];
  const rows = cases.map((c) => [
    `${c.count.toLocaleString('en-US')} ${c.mode === 'files' ? 'files' : 'entries, 1 gz layer'}`,
    mb(c.archive.bytes),
    c.reused ? 'cached' : `${c.generatedSeconds.toFixed(0)} s`,
    `${c.floor.seconds.toFixed(2)} s`,
    `${c.imgdiet.seconds.toFixed(2)} s${c.completed ? '' : ' (until it failed)'}`,
    `${c.ratio.toFixed(2)}x`,
    mb(c.imgdiet.peakRssBytes),
    c.rssPerFile === null ? 'n/a' : `${c.rssPerFile.toFixed(0)} B`,
    c.completed ? `yes (JSON ${(c.jsonBytes / 1e6).toFixed(1)} MB)` : `NO: ${c.error}`,
    `${c.loadAverage.before.toFixed(2)}→${c.loadAverage.after.toFixed(2)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 8 ? 3 : r[i].length))));
  process.stdout.write(`\nimgdiet file-count series (node ${process.version}, ${os.cpus().length} CPUs, median of ${o.runs} after a warm-up, heap cap ${o.heapMB} MB)\n`);
  for (const r of [head, ...rows]) process.stdout.write(`  ${r.map((x, i) => (i === 0 || i === 8 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ')}\n`);
  process.stdout.write(`\ntargets (issue #14)\n`);
  const t = [
    [`${big.count.toLocaleString('en-US')} files: imgdiet/floor <= ${TARGETS.floorRatio}x`, ok(big) ? `${big.ratio.toFixed(2)}x` : 'did not complete', pass.floorRatio],
    [`${big.count.toLocaleString('en-US')} files: peak RSS <= ${TARGETS.peakRssMB} MB`, mb(big.imgdiet.peakRssBytes), pass.peakRss],
  ];
  if (growth) {
    const name = `${growth.from.toLocaleString('en-US')} -> ${growth.to.toLocaleString('en-US')} files`;
    t.push([`${name}: time growth <= ${growth.target.toFixed(2)}x`, `${growth.time.toFixed(2)}x`, pass.growthTime]);
    t.push([`${name}: memory growth <= ${growth.target.toFixed(2)}x`, growth.rss === null ? 'n/a' : `${growth.rss.toFixed(2)}x`, pass.growthRss]);
  }
  if (entries) {
    t.push([`${entries.count.toLocaleString('en-US')} entries: completes, JSON valid, peak RSS <= ${TARGETS.entriesPeakRssMB} MB`, entries.completed ? mb(entries.imgdiet.peakRssBytes) : 'did not complete', pass.entries]);
  }
  const tw = Math.max(...t.map((r) => r[0].length));
  for (const [k, v, p] of t) process.stdout.write(`  ${k.padEnd(tw)}  ${v.padStart(16)}  ${mark(p)}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`bench-files: ${err.message}\n`);
    process.exit(1);
  }
}

module.exports = { main };
