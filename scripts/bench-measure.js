'use strict';
/**
 * Measuring for the bench scripts (scripts/bench.js, scripts/bench-files.js): wall time and peak RSS of a
 * command (GNU time %M), medians over runs after a warm-up, page-cache residency of an archive.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const log = (s) => process.stderr.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mbps = (bytes, s) => bytes / 1e6 / s;
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** Fraction of FILE in the page cache (fincore), or null when unknown. */
function residency(file) {
  if (!has('fincore')) return null;
  const r = spawnSync('fincore', ['--bytes', '--noheadings', '--output', 'RES,SIZE', file], { encoding: 'utf8' });
  const m = /(\d+)\s+(\d+)/.exec(r.stdout || '');
  return m && Number(m[2]) > 0 ? Math.min(1, Number(m[1]) / Number(m[2])) : null;
}

/** Drops FILE's pages from the page cache (posix_fadvise DONTNEED via dd), no root needed. */
function dropCache(file) {
  spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none'], { stdio: 'ignore' });
}

/**
 * Runs argv (through GNU time when present, for peak RSS), stdout to `stdoutFile` (default /dev/null).
 * Returns wall seconds and peak RSS in bytes of the measured process (null without GNU time).
 * A failing command throws, or with failOk returns `error` (one line); timeoutSeconds kills it (KILL) after that.
 */
function measure(argv, { stdoutFile = '/dev/null', env, failOk = false, timeoutSeconds = 0 } = {}) {
  const timeFile = path.join(os.tmpdir(), `imgdiet-bench-time-${process.pid}`);
  const useTime = fs.existsSync('/usr/bin/time');
  const run = timeoutSeconds > 0 ? ['timeout', '-s', 'KILL', String(timeoutSeconds), ...argv] : argv;
  const cmd = useTime ? ['/usr/bin/time', '-f', '%U %S %M', '-o', timeFile, ...run] : run;
  const out = fs.openSync(stdoutFile, 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', out, 'pipe'], env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(out);
  let error = null;
  if (r.status !== 0 && failOk) error = failure(r, timeoutSeconds);
  else if (r.status !== 0) {
    throw new Error(`${argv.join(' ')} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}`);
  }
  let rss = null;
  let cpu = null;
  if (useTime) {
    const [user, sys, kb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rss = Number.isFinite(kb) ? kb * 1024 : null;
    cpu = Number.isFinite(user + sys) ? user + sys : null;
    fs.rmSync(timeFile, { force: true });
  }
  return { wall, rss, cpu, error };
}

/** One line saying why a run failed: the first line of stderr that names an error, else its first line. */
function failure(r, timeoutSeconds) {
  const lines = String(r.stderr).split('\n').map((l) => l.trim()).filter((l) => l && !/^Command (exited|terminated)/.test(l));
  const line = lines.find((l) => /error|invalid|out of memory|cannot|failed/i.test(l)) ?? lines[0];
  // GNU time exits with the command's status; timeout's KILL shows as 137
  const why = r.status === 137 && timeoutSeconds > 0 ? `killed after ${timeoutSeconds} s (timeout) or by the OOM killer` : `exit ${r.status}${r.signal ? `, ${r.signal}` : ''}`;
  return line ? `${line} (${why})` : why;
}

/**
 * Warm-up once, then `runs` measured runs; medians. `before` runs before every run (cache control).
 * With failOk a failing run ends the series: the result then has `failed` (one line) and that run's figures.
 */
function series(label, argv, { runs, before = () => {}, warmup = true, onWarm, env, failOk = false, timeoutSeconds = 0 }) {
  const opts = { env, failOk, timeoutSeconds };
  const failed = (m, when) => {
    log(`  ${label}: ${when} FAILED after ${m.wall.toFixed(2)} s${m.rss !== null ? `, peak RSS ${(m.rss / 1e6).toFixed(0)} MB` : ''}: ${m.error}`);
    return { failed: m.error, seconds: m.wall, all: [m.wall], cpuSeconds: m.cpu, peakRss: m.rss, medianRss: m.rss, residency: null };
  };
  if (warmup) {
    before();
    const w = measure(argv, { ...opts, stdoutFile: onWarm ? onWarm.file : '/dev/null' });
    if (w.error) return failed(w, 'warm-up');
    if (onWarm) onWarm.check(w);
    log(`  ${label}: warm-up ${w.wall.toFixed(2)} s${w.rss !== null ? `, peak RSS ${(w.rss / 1e6).toFixed(0)} MB` : ''}`);
  }
  const walls = [];
  const cpus = [];
  const rsses = [];
  const resid = [];
  for (let i = 0; i < runs; i++) {
    const res = before();
    if (typeof res === 'number') resid.push(res);
    const m = measure(argv, opts);
    if (m.error) return failed(m, `run ${i + 1}/${runs}`);
    walls.push(m.wall);
    if (m.rss !== null) rsses.push(m.rss);
    if (m.cpu !== null) cpus.push(m.cpu);
    log(`  ${label}: run ${i + 1}/${runs} ${m.wall.toFixed(2)} s${m.cpu !== null ? `, cpu ${m.cpu.toFixed(2)} s` : ''}${m.rss !== null ? `, peak RSS ${(m.rss / 1e6).toFixed(0)} MB` : ''}`);
  }
  return {
    seconds: median(walls),
    all: walls,
    cpuSeconds: cpus.length ? median(cpus) : null,
    peakRss: rsses.length ? Math.max(...rsses) : null,
    medianRss: rsses.length ? median(rsses) : null,
    residency: resid.length ? Math.min(...resid) : null,
  };
}

/**
 * Walks the bench scripts' arguments: `on(arg, val)` handles one (val() takes the next argument as its value)
 * and returns false for an argument it does not know; usage(message) exits.
 */
function eachArg(argv, usage, on) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') usage();
    else if (on(a, val) === false) usage(`unknown argument ${a}`);
  }
}

module.exports = { eachArg, log, median, mbps, has, residency, dropCache, measure, series };
