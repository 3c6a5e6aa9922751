#!/usr/bin/env node
'use strict';
/**
 * imgdiet benchmark (`npm run bench`; the build runs first).
 *
 *   node scripts/bench.js [--quick | --scale N] [--dir DIR] [--runs N] [--no-engine] [--cold] [--profile] [--seed N]
 *   node scripts/bench.js --files [options]   the file-count series instead (scripts/bench-files.js)
 *
 * 1. Generates (or reuses) a large docker-archive tar in the legacy `docker save` layout: by default
 *    ≈1.5 GB of layer bytes, ≈107k files, 8 layers, overwrites, whiteouts, an opaque dir, duplicates
 *    (scripts/bench-archive.js). `--quick` is scale 0.1 (≈150 MB, ≈10k files).
 * 2. On that archive, in the same run: the floor `openssl dgst -sha256 ARCHIVE` and
 *    `imgdiet analyze ARCHIVE --json > /dev/null`: wall time (median of --runs after a warm-up),
 *    MB/s (1 MB = 10^6 B), imgdiet/floor ratio, peak RSS (GNU time %M). Page-cache residency of the
 *    archive is measured with fincore before each run; `--cold` drops the archive's pages before each run.
 * 3. Through the engine (DOCKER_HOST, default the private engine of scripts/start-engine.sh): loads the
 *    archive once (skipped when the tag already has the same image id), then compares
 *    `docker save NAME | openssl dgst -sha256` with `imgdiet analyze NAME --json > /dev/null`.
 * 4. Prints a table, then one JSON line (the last line of stdout). Progress goes to stderr.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureArchive } = require('./bench-archive');
const { eachArg, log, mbps, has, residency, dropCache, measure, series } = require('./bench-measure');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'imgdiet.js');
const TARGETS = { floorRatio: 1.5, peakRssMB: 250, engineRatio: 1.2 };

function parseArgs(argv) {
  const o = { scale: 1, dir: path.join(os.tmpdir(), 'imgdiet-bench'), runs: 3, engine: true, cold: false, profile: false, seed: 1 };
  eachArg(argv, usage, (a, val) => {
    if (a === '--quick') o.scale = 0.1;
    else if (a === '--scale') o.scale = Number(val());
    else if (a === '--dir') o.dir = path.resolve(val());
    else if (a === '--runs') o.runs = Number(val());
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--no-engine') o.engine = false;
    else if (a === '--cold') o.cold = true;
    else if (a === '--profile') o.profile = true;
    else return false;
  });
  if (!(o.scale > 0) || !Number.isInteger(o.runs) || o.runs < 1 || !Number.isInteger(o.seed)) usage('bad --scale, --runs or --seed');
  return o;
}

function usage(msg) {
  if (msg) process.stderr.write(`bench: ${msg}\n`);
  process.stderr.write('usage: node scripts/bench.js [--quick | --scale N] [--dir DIR] [--runs N] [--no-engine] [--cold] [--profile] [--seed N]\n       node scripts/bench.js --files [--quick] [--counts N,N] [--entries N | --no-5m] [--runs N] (see scripts/bench-files.js)\n');
  process.exit(msg ? 2 : 0);
}

function docker(args, opts = {}) {
  return spawnSync('docker', args, { encoding: 'utf8', timeout: opts.timeout ?? 0, maxBuffer: 64 * 1024 * 1024 });
}

function engineEnv() {
  const env = { ...process.env };
  if (!env.DOCKER_HOST && fs.existsSync('/tmp/imgdiet-engine/docker.sock')) env.DOCKER_HOST = 'unix:///tmp/imgdiet-engine/docker.sock';
  return env;
}

function profile(archive, dir) {
  const profDir = path.join(dir, `cpuprof-${Date.now()}`);
  fs.mkdirSync(profDir, { recursive: true });
  measure([process.execPath, '--cpu-prof', '--cpu-prof-dir', profDir, BIN, 'analyze', archive, '--json']);
  // one profile per thread (main, then any worker)
  const files = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).sort().map((f) => path.join(profDir, f));
  const r = spawnSync(process.execPath, [path.join(__dirname, 'bench-profile.js'), ...files], { encoding: 'utf8' });
  return { file: files.join(' '), text: r.stdout };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) usage('dist/ is missing: run npm run build (npm run bench does)');
  if (!has('openssl')) usage('openssl is needed for the floor');
  fs.mkdirSync(o.dir, { recursive: true });

  const t0 = Date.now();
  const { file, summary, reused } = ensureArchive(o.dir, { seed: o.seed, scale: o.scale, log });
  log(`archive ${file} (${reused ? 'reused' : `generated in ${summary.generatedSeconds.toFixed(1)} s`}): ` +
    `${(summary.archiveBytes / 1e6).toFixed(0)} MB, ${summary.layers} layers, ${summary.files} files, ${(summary.layerBytes / 1e6).toFixed(0)} MB of layer bytes`);
  const bytes = summary.archiveBytes;
  const before = () => {
    if (o.cold) dropCache(file);
    return residency(file);
  };

  // Archive on disk: floor vs imgdiet, interleaved per phase so both see the same cache state.
  log(`archive: ${o.runs} runs each after a warm-up${o.cold ? ', archive pages dropped before each run' : ''}`);
  const loadBefore = os.loadavg()[0];
  const floor = series('openssl', ['openssl', 'dgst', '-sha256', file], { runs: o.runs, before });
  const outFile = path.join(o.dir, `analysis-${process.pid}.json`);
  const check = () => {
    const a = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    fs.rmSync(outFile, { force: true });
    if (a.totals.layerBytes !== summary.layerBytes || a.totals.layerCount !== summary.layers) {
      throw new Error(`imgdiet reports ${a.totals.layerBytes} B in ${a.totals.layerCount} layers; the archive has ${summary.layerBytes} B in ${summary.layers}`);
    }
  };
  const img = series('imgdiet', [process.execPath, BIN, 'analyze', file, '--json'], { runs: o.runs, before, onWarm: { file: outFile, check } });

  const result = {
    bench: 'imgdiet',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    imgdietCommit: spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || null,
    archive: { path: file, bytes, layerBytes: summary.layerBytes, files: summary.files, entries: summary.entries, layers: summary.layers, scale: o.scale, seed: o.seed },
    runs: o.runs,
    pageCache: o.cold ? 'cold' : (floor.residency ?? 1) >= 0.99 && (img.residency ?? 1) >= 0.99 ? 'warm' : 'partly warm',
    archiveResidency: img.residency,
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    floor: { seconds: floor.seconds, mbps: mbps(bytes, floor.seconds), all: floor.all, cpuSeconds: floor.cpuSeconds },
    imgdiet: { seconds: img.seconds, mbps: mbps(bytes, img.seconds), all: img.all, cpuSeconds: img.cpuSeconds, peakRssBytes: img.peakRss },
    ratio: img.seconds / floor.seconds,
    engine: null,
    targets: TARGETS,
  };

  // Through the engine.
  if (o.engine) {
    const env = engineEnv();
    const v = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', env, timeout: 15000 });
    if (v.status !== 0) {
      log(`engine: not reachable at ${env.DOCKER_HOST ?? 'the default socket'}; start it with scripts/start-engine.sh or pass --no-engine`);
      result.engine = { skipped: 'engine not reachable' };
    } else {
      const tag = summary.tag;
      const dockerEnv = (args, opts) => spawnSync('docker', args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024, ...opts });
      const have = dockerEnv(['image', 'inspect', '--format', '{{.Id}}', tag]);
      let loadSeconds = null;
      if (have.status !== 0 || have.stdout.trim() !== summary.imageId) {
        log(`engine ${v.stdout.trim()}: docker load ${tag} (once; vfs copies every layer, this takes a while)`);
        const t = process.hrtime.bigint();
        const r = dockerEnv(['load', '-q', '-i', file], { stdio: ['ignore', 'pipe', 'pipe'] });
        loadSeconds = Number(process.hrtime.bigint() - t) / 1e9;
        if (r.status !== 0) throw new Error(`docker load failed: ${r.stderr.trim()}`);
        const id = dockerEnv(['image', 'inspect', '--format', '{{.Id}}', tag]).stdout.trim();
        if (id !== summary.imageId) throw new Error(`docker load gave ${tag} id ${id}, expected ${summary.imageId}`);
        log(`  loaded in ${loadSeconds.toFixed(1)} s`);
        // Earlier bench images of this scale (an older generator) only hold disk space: vfs stores every layer whole.
        const repo = tag.slice(0, tag.lastIndexOf(':'));
        const stale = dockerEnv(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', repo]).stdout.split('\n').filter((t) => t && t !== tag);
        if (stale.length > 0) {
          dockerEnv(['image', 'rm', ...stale]);
          log(`  removed older bench images: ${stale.join(', ')}`);
        }
      } else {
        log(`engine ${v.stdout.trim()}: ${tag} already loaded`);
      }
      const save = series('docker save | openssl', ['bash', '-o', 'pipefail', '-c', 'docker save "$1" | openssl dgst -sha256', 'bench', tag], { runs: o.runs, env });
      const eng = series('imgdiet (engine)', [process.execPath, BIN, 'analyze', `docker-daemon:${tag}`, '--json'], { runs: o.runs, env });
      result.engine = {
        server: v.stdout.trim(),
        tag,
        loadSeconds,
        saveFloor: { seconds: save.seconds, mbps: mbps(bytes, save.seconds), all: save.all },
        imgdiet: { seconds: eng.seconds, mbps: mbps(bytes, eng.seconds), all: eng.all, peakRssBytes: eng.peakRss },
        ratio: eng.seconds / save.seconds,
      };
    }
  }

  if (o.profile) {
    log('profile: one imgdiet run with --cpu-prof');
    const p = profile(file, o.dir);
    result.profile = p.file;
    process.stdout.write(`${p.text}\n`);
  }
  result.totalSeconds = (Date.now() - t0) / 1000;
  result.pass = {
    floorRatio: result.ratio <= TARGETS.floorRatio,
    peakRss: result.imgdiet.peakRssBytes === null ? null : result.imgdiet.peakRssBytes <= TARGETS.peakRssMB * 1e6,
    engineRatio: result.engine && result.engine.ratio !== undefined ? result.engine.ratio <= TARGETS.engineRatio : null,
  };

  const f1 = (x) => x.toFixed(1);
  const f2 = (x) => x.toFixed(2);
  const cpuText = (x) => (x.cpuSeconds === null ? '' : `  (cpu ${f2(x.cpuSeconds)} s)`);
  const mark = (ok) => (ok === null ? 'n/a' : ok ? 'ok' : 'MISS');
  const rows = [
    ['archive', `${(bytes / 1e6).toFixed(0)} MB, ${summary.layers} layers, ${summary.files} files, ${(summary.layerBytes / 1e6).toFixed(0)} MB layer bytes`],
    ['page cache', `${result.pageCache}${result.archiveResidency !== null ? ` (${(result.archiveResidency * 100).toFixed(0)}% resident)` : ''}, median of ${o.runs}`],
    ['load average', `${f2(loadBefore)} before, ${f2(result.loadAverage.after)} after (other work on the machine skews wall times)`],
    ['floor: openssl dgst -sha256', `${f2(floor.seconds)} s  ${f1(result.floor.mbps)} MB/s${cpuText(floor)}`],
    ['imgdiet analyze --json', `${f2(img.seconds)} s  ${f1(result.imgdiet.mbps)} MB/s${cpuText(img)}`],
    ['ratio imgdiet/floor', `${f2(result.ratio)}x  (target <= ${TARGETS.floorRatio}x: ${mark(result.pass.floorRatio)})`],
    ['imgdiet peak RSS', img.peakRss === null ? 'n/a (no /usr/bin/time)' : `${(img.peakRss / 1e6).toFixed(0)} MB  (target <= ${TARGETS.peakRssMB} MB: ${mark(result.pass.peakRss)})`],
  ];
  if (result.engine && result.engine.ratio !== undefined) {
    const e = result.engine;
    rows.push(
      ['engine: docker save | openssl', `${f2(e.saveFloor.seconds)} s  ${f1(e.saveFloor.mbps)} MB/s`],
      ['engine: imgdiet analyze NAME', `${f2(e.imgdiet.seconds)} s  ${f1(e.imgdiet.mbps)} MB/s, peak RSS ${e.imgdiet.peakRssBytes === null ? 'n/a' : `${(e.imgdiet.peakRssBytes / 1e6).toFixed(0)} MB`}`],
      ['engine ratio', `${f2(e.ratio)}x  (target <= ${TARGETS.engineRatio}x: ${mark(result.pass.engineRatio)})`],
    );
  } else {
    rows.push(['engine', result.engine ? result.engine.skipped : 'skipped (--no-engine)']);
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\nimgdiet bench (node ${process.version}, ${os.cpus().length} CPUs)\n`);
  for (const [k, val] of rows) process.stdout.write(`  ${k.padEnd(w)}  ${val}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

try {
  if (process.argv.includes('--files')) require('./bench-files').main();
  else main();
} catch (err) {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(1);
}
