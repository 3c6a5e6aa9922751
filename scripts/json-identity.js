'use strict';
/**
 * Checks that a change of code changes no JSON: runs imgdiet's JSON outputs (analyze, analyze --layer, check,
 * diff) over the samples, the bench archive and any archives in $IMGDIET_IDENTITY_DIR, and saves or compares
 * their SHA-256.
 *
 *   node scripts/json-identity.js --save FILE      record the outputs of the current build (dist/)
 *   node scripts/json-identity.js --compare FILE   run again; list every output that differs (exit 1)
 *
 * With --keep DIR each output is also written to DIR, for diffing by hand. No engine is asked: DOCKER_HOST is
 * cleared, so base detection gives the same answer on any machine. The checkout's path is written `<root>` in
 * the outputs, so that a git worktree compares with a record made in another. (Files saved before that was
 * done hold the main checkout's hashes: compare those from the main checkout.)
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureArchive } = require('./bench-archive');

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'imgdiet.js');

function args() {
  const a = process.argv.slice(2);
  const o = { save: null, compare: null, keep: null, bench: true };
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--save') o.save = a[++i];
    else if (a[i] === '--compare') o.compare = a[++i];
    else if (a[i] === '--keep') o.keep = a[++i];
    else if (a[i] === '--no-bench') o.bench = false;
    else throw new Error(`unknown argument ${a[i]}`);
  }
  if (!o.save === !o.compare) throw new Error('give --save FILE or --compare FILE');
  return o;
}

/** Every command whose JSON must stay the same: [name, argv]. */
function cases(bench) {
  const sample = path.join(ROOT, 'samples', 'sample.tar');
  const sampleDockerfile = path.join(ROOT, 'samples', 'sample-app', 'Dockerfile');
  const list = [
    ['sample', ['analyze', sample, '--json', '--no-dockerfile']],
    ['sample-dockerfile', ['analyze', sample, '--json', '--dockerfile', sampleDockerfile]],
    ['sample-layer-3', ['analyze', sample, '--json', '--no-dockerfile', '--layer', '3']],
    ['sample-layer-line', ['analyze', sample, '--json', '--dockerfile', sampleDockerfile, '--layer', 'line:12']],
    ['sample-check', ['check', sample, '--format', 'json', '--config', '/dev/null', '--max-size', '2MB', '--no-root', '--require-healthcheck', '--fail-on', 'low']],
    ['sample-check-dockerfile', ['check', sample, '--format', 'json', '--config', '/dev/null', '--dockerfile', sampleDockerfile, '--fail-on', 'info']],
    ['sample-check-sarif', ['check', sample, '--format', 'sarif', '--config', '/dev/null', '--dockerfile', sampleDockerfile, '--fail-on', 'info']],
    ['sample-check-markdown', ['check', sample, '--format', 'markdown', '--config', '/dev/null', '--max-size', '2MB', '--fail-on', 'info']],
  ];
  const dir = process.env.IMGDIET_IDENTITY_DIR || path.join(os.tmpdir(), 'imgdiet-identity');
  const extra = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tar')).sort() : [];
  const dockerfiles = {
    'flask-naive.tar': path.join(ROOT, 'samples', 'flask', 'Dockerfile.naive'),
    'flask.tar': path.join(ROOT, 'samples', 'flask', 'Dockerfile'),
  };
  for (const f of extra) {
    const p = path.join(dir, f);
    const name = f.replace(/\.tar$/, '');
    list.push([name, ['analyze', p, '--json', '--no-dockerfile']]);
    if (dockerfiles[f]) list.push([`${name}-dockerfile`, ['analyze', p, '--json', '--dockerfile', dockerfiles[f]]]);
    list.push([`${name}-layer-1`, ['analyze', p, '--json', '--no-dockerfile', '--layer', '1']]);
    list.push([`${name}-check`, ['check', p, '--format', 'json', '--config', '/dev/null', '--max-size', '100MB', '--fail-on', 'info', '--no-root']]);
  }
  for (let i = 1; i < extra.length; i++) {
    list.push([`diff-${extra[i - 1]}-${extra[i]}`, ['diff', path.join(dir, extra[i - 1]), path.join(dir, extra[i]), '--json']]);
  }
  list.push(['diff-sample-first', ['diff', sample, extra.length ? path.join(dir, extra[0]) : sample, '--json']]);
  if (bench) {
    const { file } = ensureArchive(path.join(os.tmpdir(), 'imgdiet-bench'), { scale: 1, seed: 1 });
    list.push(['bench', ['analyze', file, '--json', '--no-dockerfile']]);
    list.push(['bench-layer-7', ['analyze', file, '--json', '--no-dockerfile', '--layer', '7']]);
  }
  return list;
}

function run(argv) {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.DOCKER_HOST;
  delete env.IMGDIET_BASE_REGISTRY;
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: os.tmpdir(), env, maxBuffer: 1 << 30 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

function main() {
  const o = args();
  const results = {};
  for (const [name, argv] of cases(o.bench)) {
    const r = run(argv);
    // The checkout's own path (in references and Dockerfile paths) is hashed as <root>: a worktree elsewhere
    // gives the same hashes.
    r.stdout = Buffer.from(r.stdout.toString('utf8').split(ROOT).join('<root>'));
    const hash = crypto.createHash('sha256').update(r.stdout).digest('hex');
    results[name] = { code: r.code, sha256: hash, bytes: r.stdout.length };
    if (o.keep) {
      fs.mkdirSync(o.keep, { recursive: true });
      fs.writeFileSync(path.join(o.keep, `${name}.json`), r.stdout);
    }
    if (r.stdout.length === 0) process.stderr.write(`${name}: no output (exit ${r.code}): ${r.stderr.split('\n')[0]}\n`);
  }
  if (o.save) {
    fs.writeFileSync(o.save, JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(`${Object.keys(results).length} outputs recorded in ${o.save}\n`);
    return;
  }
  const before = JSON.parse(fs.readFileSync(o.compare, 'utf8'));
  let differ = 0;
  for (const name of new Set([...Object.keys(before), ...Object.keys(results)])) {
    const a = before[name];
    const b = results[name];
    if (!a || !b || a.sha256 !== b.sha256 || a.code !== b.code) {
      differ++;
      process.stdout.write(`DIFFERS ${name}: ${a ? `${a.bytes} B exit ${a.code}` : 'absent'} -> ${b ? `${b.bytes} B exit ${b.code}` : 'absent'}\n`);
    }
  }
  process.stdout.write(`${Object.keys(results).length} outputs, ${differ} differ\n`);
  process.exitCode = differ ? 1 : 0;
}

main();
