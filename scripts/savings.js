#!/usr/bin/env node
'use strict';
/**
 * Estimated vs realized savings (`npm run savings`; the build runs first).
 *
 *   node scripts/savings.js [PAIR...] [--markdown] [--json] [--keep]
 *
 * For each pair in samples/savings/<name>/ (Dockerfile.before, Dockerfile.after, a context):
 * 1. builds "before" on the engine (DOCKER_HOST, legacy builder, host network);
 * 2. runs `imgdiet analyze docker-daemon:… --dockerfile Dockerfile.before --write-dockerfile P --json`;
 * 3. builds the proposed Dockerfile P, with the proposed .dockerignore, in the same context: it must build;
 * 4. builds the hand-written Dockerfile.after too (the expert's: its size is what the proposed image is held to;
 *    a pair can also measure its savings on it);
 * 5. estimated = the analysis's own `proposal.savingsBytes` (see `estimate`);
 *    realized = before − after in layer bytes, as imgdiet measures them, cross-checked with the engine's own
 *    `docker image inspect --format {{.Size}}`; projected = the analysis's `proposal.layerBytes`, checked
 *    against the rebuilt image's layer bytes; ratio = rebuilt / the expert's layer bytes.
 * Prints the table (stdout; progress on stderr) and exits 1 when an estimate or the projected size is outside
 * ±15 % (TOLERANCE), the ratio is above 1.3 (MAX_RATIO) or a Dockerfile does not build; 2 on a usage error.
 *
 * No registry can be reached where this runs, so the FROM lines of the user-facing Dockerfiles are mapped to
 * local stand-ins built once from samples/savings/bases/ (see STAND_INS and samples/savings/README.md). The
 * mapping is applied to a copy passed with -f; the context keeps the user's Dockerfiles as they are.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SAMPLES = path.join(ROOT, 'samples', 'savings');
const BASES = path.join(SAMPLES, 'bases');
const BIN = path.join(ROOT, 'bin', 'imgdiet.js');
/** An estimate (and the projected size) passes within this fraction of the realized bytes; the aim is 0.05. */
const TOLERANCE = 0.15;
/** The proposed image passes at most this multiple of the expert's (Dockerfile.after); the aim is 1.15. */
const MAX_RATIO = 1.3;
/** Tags of the images a run builds; IMGDIET_SAVINGS_TAG_PREFIX keeps two runs on one engine apart. */
const TAG_PREFIX = process.env.IMGDIET_SAVINGS_TAG_PREFIX || 'imgdiet-savings';

/**
 * Image names the samples' FROM lines use → the local stand-in built in their place. The stand-ins carry
 * Debian bookworm's own runtimes (Python 3.11, the build machine's Node 20): close in shape to the official
 * images (full = toolchain and headers, slim = the runtime only), not in exact size.
 */
const STAND_INS = [
  { match: /^python:3(\.\d+)*(-bookworm)?$/, image: 'imgdiet-test/python:3.11', dockerfile: 'python-full.Dockerfile' },
  { match: /^python:3(\.\d+)*-slim(-bookworm)?$/, image: 'imgdiet-test/python:3.11-slim', dockerfile: 'python-slim.Dockerfile', aliases: ['python:3.12-slim'] },
  { match: /^node:20(\.\d+)*(-bookworm)?-slim$/, image: 'imgdiet-test/node:20-slim', dockerfile: 'node-slim.Dockerfile', context: nodeContext },
  { match: /^debian:(bookworm|12)$/, image: 'imgdiet-test/debian:bookworm', dockerfile: null },
  { match: /^debian:(bookworm|12)-slim$/, image: 'imgdiet-test/debian:bookworm-slim', dockerfile: 'debian-slim.Dockerfile', flatten: ['CMD ["bash"]'], aliases: ['debian:bookworm-slim'] },
];

/**
 * While imgdiet reads a "before" image, each stand-in is also tagged with the official names in `aliases` (only
 * those the engine does not have, and untagged afterwards): the base-image suggestion measures a smaller variant
 * in the engine when the engine has it, as it would on a machine that pulled it, so its estimate is made from the
 * same images the proposed Dockerfile is built on.
 */

/**
 * The pairs. `measure`: which Dockerfile the realized savings are measured on — the proposed one, or the
 * hand-written after (then `applies` lists the suggestion ids that file carries out). `junk`: files a developer's
 * working copy has that the committed context does not (a .git, bytecode, logs), made in the build context.
 */
const PAIRS = [
  { name: 'flask', measure: 'proposed', junk: workingCopyJunk },
  { name: 'c-build', measure: 'proposed' },
  { name: 'npm-dev', measure: 'proposed' },
  { name: 'cleanup-later', measure: 'proposed' },
];

const log = (s) => process.stderr.write(`${s}\n`);

/** Runs a command; throws with its stderr when it fails. */
function sh(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeout ?? 1_800_000,
    cwd: options.cwd,
    env: { ...process.env, DOCKER_BUILDKIT: '0', ...options.env },
  });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0 && !options.allowFail) {
    const tail = (r.stderr || r.stdout || '').replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${tail}`);
  }
  return r;
}
const docker = (args, options) => sh('docker', args, options);

function imageExists(name) {
  return docker(['image', 'inspect', '--format', '{{.Id}}', name], { allowFail: true }).status === 0;
}

/** The engine's own size of an image: what `docker images` shows, in exact bytes. */
function engineSize(name) {
  return Number(docker(['image', 'inspect', '--format', '{{.Size}}', name]).stdout.trim());
}

// ---------------------------------------------------------------------------------------------------------
// Stand-in bases

/** Context for the node stand-in: the build machine's node binary and npm, and the harness's CA bundle. */
function nodeContext(dir) {
  const node = fs.realpathSync(sh('sh', ['-c', 'command -v node']).stdout.trim());
  const npm = path.resolve(path.dirname(node), '..', 'lib', 'node_modules', 'npm');
  if (!fs.existsSync(path.join(npm, 'bin', 'npm-cli.js'))) throw new Error(`no npm next to ${node} (looked in ${npm})`);
  fs.copyFileSync(node, path.join(dir, 'node'));
  fs.cpSync(npm, path.join(dir, 'npm'), { recursive: true, verbatimSymlinks: true });
  fs.copyFileSync('/etc/ssl/certs/ca-certificates.crt', path.join(dir, 'ca.crt'));
}

const standInLabel = 'org.imgdiet.savings.stand-in';

/** Builds a stand-in unless the engine has it from the same Dockerfile (a label carries the file's hash). */
function ensureStandIn(s) {
  if (!s.dockerfile) {
    if (!imageExists(s.image)) throw new Error(`the engine has no ${s.image} (scripts/start-engine.sh imports it)`);
    return;
  }
  const text = fs.readFileSync(path.join(BASES, s.dockerfile), 'utf8');
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
  if (imageExists(s.image)) {
    const have = docker(['image', 'inspect', '--format', `{{index .Config.Labels "${standInLabel}"}}`, s.image]).stdout.trim();
    if (have === hash) return;
  }
  log(`savings: building stand-in ${s.image} from samples/savings/bases/${s.dockerfile}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgdiet-standin-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
    if (s.context) s.context(dir);
    if (!s.flatten) {
      docker(['build', '--quiet', '--network', 'host', '--label', `${standInLabel}=${hash}`, '--tag', s.image, dir]);
      return;
    }
    // One layer, as a distribution's image is: build, then export the container's filesystem and import it.
    const tmp = `${s.image}-unflattened`;
    docker(['build', '--quiet', '--network', 'host', '--tag', tmp, dir]);
    const container = docker(['create', tmp]).stdout.trim();
    try {
      const changes = [...s.flatten, `LABEL ${standInLabel}=${hash}`].flatMap((c) => ['--change', c]);
      const q = (a) => `'${a.replace(/'/g, `'\\''`)}'`;
      sh('sh', ['-c', `docker export ${container} | docker import ${changes.map(q).join(' ')} - ${q(s.image)}`]);
    } finally {
      docker(['rm', '--force', container], { allowFail: true });
      docker(['image', 'rm', '--force', tmp], { allowFail: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs fn with the stand-ins tagged under their official names (those the engine lacks), untagged after. */
function withAliases(fn) {
  const made = [];
  try {
    for (const s of STAND_INS) {
      for (const alias of s.aliases ?? []) {
        if (imageExists(alias)) continue;
        docker(['tag', s.image, alias]);
        made.push(alias);
      }
    }
    return fn();
  } finally {
    if (made.length > 0) docker(['image', 'rm', ...made], { allowFail: true });
  }
}

function standInFor(image) {
  return STAND_INS.find((s) => s.match.test(image)) ?? null;
}

/**
 * The Dockerfile with each FROM image mapped to its stand-in. Stage names stay. A FROM whose image has no
 * stand-in is an error, unless `fallback` names the image to use instead (the proposed file's base swap to an
 * image no stand-in exists for: the before's base is kept, and the pair says so).
 */
function mapFrom(text, fallback = null) {
  const stages = new Set();
  const unmapped = [];
  const out = text.split('\n').map((line) => {
    const m = /^(\s*FROM\s+)((?:--platform=\S+\s+)?)(\S+)(.*)$/i.exec(line);
    if (!m) return line;
    const [, head, platform, image, rest] = m;
    const as = /\s+AS\s+(\S+)/i.exec(rest);
    const fromStage = stages.has(image.toLowerCase());
    if (as) stages.add(as[1].toLowerCase());
    if (fromStage) return line;
    const s = standInFor(image);
    if (s) return `${head}${platform}${s.image}${rest}`;
    if (fallback) {
      unmapped.push(image);
      return `${head}${platform}${fallback}${rest}`;
    }
    throw new Error(`FROM ${image}: no stand-in for it (add one to STAND_INS in scripts/savings.js)`);
  });
  return { text: out.join('\n'), unmapped };
}

/** The image of the first FROM of a Dockerfile's text. */
function firstFrom(text) {
  const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/im.exec(text);
  return m ? m[1] : null;
}

// ---------------------------------------------------------------------------------------------------------
// Contexts

/** A developer's working copy: a git checkout, bytecode and logs next to the code. */
function workingCopyJunk(dir) {
  const when = '2024-05-01T12:00:00Z';
  const env = { GIT_AUTHOR_NAME: 'dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_AUTHOR_DATE: when, GIT_COMMITTER_NAME: 'dev', GIT_COMMITTER_EMAIL: 'dev@example.com', GIT_COMMITTER_DATE: when };
  sh('git', ['init', '--quiet', '--initial-branch=main', dir], { env });
  sh('git', ['-C', dir, 'add', '.'], { env });
  sh('git', ['-C', dir, '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', 'app'], { env });
  fs.mkdirSync(path.join(dir, '__pycache__'));
  // Bytecode of app.py as a developer's runs leave it (content does not matter to the image, only its bytes).
  const header = Buffer.from([0xa7, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]);
  fs.writeFileSync(path.join(dir, '__pycache__', 'app.cpython-311.pyc'), Buffer.concat([header, Buffer.from(fs.readFileSync(path.join(dir, 'app.py'), 'utf8').repeat(3))]));
  fs.mkdirSync(path.join(dir, 'logs'));
  const lines = [];
  for (let i = 0; i < 4000; i++) lines.push(`2024-05-01 12:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} INFO 127.0.0.1 "GET /health HTTP/1.1" 200 - request ${i}`);
  fs.writeFileSync(path.join(dir, 'logs', 'app.log'), `${lines.join('\n')}\n`);
}

/** A fresh build context: the pair's directory and its junk. */
function makeContext(pair, work) {
  const dir = path.join(work, 'context');
  fs.cpSync(path.join(SAMPLES, pair.name), dir, { recursive: true, verbatimSymlinks: true });
  if (pair.junk) pair.junk(dir);
  return dir;
}

/** Builds a Dockerfile (text, FROM lines mapped) in a context, with the given .dockerignore lines (or none). */
function build(tag, dockerfileText, context, dockerignore, work, label) {
  const file = path.join(work, `${label}.Dockerfile`);
  fs.writeFileSync(file, dockerfileText);
  const ignore = path.join(context, '.dockerignore');
  fs.rmSync(ignore, { force: true });
  if (dockerignore && dockerignore.length > 0) fs.writeFileSync(ignore, `${dockerignore.join('\n')}\n`);
  const started = Date.now();
  try {
    docker(['build', '--quiet', '--network', 'host', '--file', file, '--tag', tag, context]);
  } finally {
    fs.rmSync(ignore, { force: true });
  }
  return (Date.now() - started) / 1000;
}

// ---------------------------------------------------------------------------------------------------------
// imgdiet

/**
 * The analysis of an engine image, through the built CLI (`--json`), and with a Dockerfile the proposed
 * Dockerfile it writes. Returns { analysis, proposed } (proposed null when nothing changes or without one).
 */
function analyzeCli(ref, dockerfile, work) {
  const args = [BIN, 'analyze', `docker-daemon:${ref}`, '--json'];
  let out = null;
  if (dockerfile) {
    out = path.join(work, 'Dockerfile.proposed');
    fs.rmSync(out, { force: true });
    args.push('--dockerfile', dockerfile, '--write-dockerfile', out);
  }
  const r = sh(process.execPath, args, { env: { NO_COLOR: '1' }, allowFail: true });
  if (r.status === 2 && /unknown option '--(write-)?dockerfile'/.test(r.stderr)) return analyzeLibrary(ref, dockerfile);
  if (r.status !== 0) throw new Error(`imgdiet ${args.slice(1).join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  const analysis = JSON.parse(r.stdout);
  const proposed = out && fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null;
  return { analysis, proposed };
}

/** The same through the library in dist/, for a CLI that does not take --dockerfile/--write-dockerfile yet. */
function analyzeLibrary(ref, dockerfile) {
  // analyzeImage is async; the harness is synchronous, so run it in a child process and read its JSON.
  const code = `require(${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))}).analyzeImage(process.argv[1], process.argv[2] ? { dockerfile: process.argv[2] } : {})
    .then((r) => process.stdout.write(JSON.stringify({ analysis: r.analysis, proposed: r.proposedDockerfile ?? null })))
    .catch((e) => { process.stderr.write(String(e && e.message)); process.exit(2); });`;
  return JSON.parse(sh(process.execPath, ['-e', code, `docker-daemon:${ref}`, dockerfile ?? '']).stdout);
}

// ---------------------------------------------------------------------------------------------------------
// Estimates

/**
 * The estimate: the analysis's own proposal (src/suggest/proposal.ts: the suggestions the proposed Dockerfile and
 * .dockerignore carry out, each byte once). When the harness had to keep the before's base (no stand-in for the
 * proposed one), the base swap is taken out of it. Measured against the hand-written after, the pair names what
 * that file carries out instead.
 */
function estimate(pair, analysis, keptBase) {
  const applied = analysis.proposal.applied.filter((p) => (pair.measure === 'after' ? pair.applies.includes(p.id) : !(keptBase && p.id === 'base-image')));
  const parts = applied.map((p) => {
    const s = analysis.suggestions.find((x) => x.id === p.id && x.layer === p.layer);
    const bytes = s ? s.savings.bytes : p.bytes;
    return { id: p.id, layer: p.layer, bytes, counted: p.bytes, note: p.bytes === bytes ? '' : 'overlap with another suggestion taken out' };
  });
  return { bytes: parts.reduce((n, p) => n + p.counted, 0), parts };
}

// ---------------------------------------------------------------------------------------------------------
// One pair

/**
 * Runs one pair end to end. Returns a row: estimated, realized (imgdiet and engine), error, which Dockerfile was
 * measured, build results and the suggestions behind the estimate. Never throws for a failed build: the row says.
 */
function runPair(pair, options = {}) {
  const analyze = options.analyze ?? analyzeCli;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `imgdiet-savings-${pair.name}-`));
  const tags = { before: `${TAG_PREFIX}/${pair.name}:before`, proposed: `${TAG_PREFIX}/${pair.name}:proposed`, after: `${TAG_PREFIX}/${pair.name}:after` };
  const row = { pair: pair.name, measured: pair.measure === 'after' ? 'hand-written after' : 'proposed', estimated: null, realized: null, realizedEngine: null, error: null, beforeBytes: null, afterBytes: null, projected: null, projectedError: null, expertBytes: null, ratio: null, proposedBuilds: null, afterBuilds: null, keptBase: null, suggestions: [], parts: [], problems: [], seconds: {} };
  const dir = path.join(SAMPLES, pair.name);
  try {
    const context = makeContext(pair, work);
    const beforeText = fs.readFileSync(path.join(dir, 'Dockerfile.before'), 'utf8');
    log(`savings: ${pair.name}: building before`);
    row.seconds.before = build(tags.before, mapFrom(beforeText).text, context, [], work, 'before');

    log(`savings: ${pair.name}: imgdiet analyze before`);
    const before = withAliases(() => analyze(tags.before, path.join(context, 'Dockerfile.before'), work));
    row.suggestions = before.analysis.suggestions.map((s) => ({ id: s.id, bytes: s.savings.bytes, layer: s.layer, confidence: s.confidence, edits: s.dockerfile !== null }));

    // The proposed Dockerfile must build, whichever file the savings are measured on.
    let afterName = null;
    if (before.proposed === null) {
      row.proposedBuilds = false;
      row.problems.push('imgdiet proposed no Dockerfile (no suggestion edits it)');
    } else {
      fs.writeFileSync(path.join(work, 'Dockerfile.proposed.user'), before.proposed);
      const mapped = mapFrom(before.proposed, standInFor(firstFrom(beforeText)).image);
      row.keptBase = mapped.unmapped.length > 0 ? mapped.unmapped.join(', ') : null;
      try {
        log(`savings: ${pair.name}: building the proposed Dockerfile${row.keptBase ? ` (keeping the before's base: no stand-in for ${row.keptBase})` : ''}`);
        row.seconds.proposed = build(tags.proposed, mapped.text, context, before.analysis.dockerfile?.dockerignore ?? [], work, 'proposed');
        row.proposedBuilds = true;
        if (pair.measure === 'proposed') afterName = tags.proposed;
      } catch (err) {
        row.proposedBuilds = false;
        row.problems.push(`the proposed Dockerfile does not build: ${err.message}`);
      }
    }
    // The expert's hand-written after: always built, for the ratio; measured on when the pair says so.
    const ignore = path.join(dir, 'Dockerfile.after.dockerignore');
    const lines = fs.existsSync(ignore) ? fs.readFileSync(ignore, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')) : [];
    try {
      log(`savings: ${pair.name}: building the hand-written after`);
      row.seconds.after = build(tags.after, mapFrom(fs.readFileSync(path.join(dir, 'Dockerfile.after'), 'utf8')).text, context, lines, work, 'after');
      row.afterBuilds = true;
      if (pair.measure === 'after') afterName = tags.after;
    } catch (err) {
      row.afterBuilds = false;
      row.problems.push(`Dockerfile.after does not build: ${err.message}`);
    }
    if (afterName) {
      log(`savings: ${pair.name}: imgdiet analyze after`);
      const after = analyze(afterName, null, work);
      const combined = estimate(pair, before.analysis, row.keptBase !== null);
      row.parts = combined.parts;
      row.estimated = combined.bytes;
      row.realized = before.analysis.totals.layerBytes - after.analysis.totals.layerBytes;
      row.realizedEngine = engineSize(tags.before) - engineSize(afterName);
      row.error = relative(row.estimated, row.realized);
      row.beforeBytes = before.analysis.totals.layerBytes;
      row.afterBytes = after.analysis.totals.layerBytes;
      // The product's projected size; with the before's base kept, without the base swap the harness undid.
      row.projected = row.beforeBytes - row.estimated;
      if (pair.measure === 'proposed' && !row.keptBase && row.projected !== before.analysis.proposal.layerBytes) {
        row.problems.push(`proposal.layerBytes ${before.analysis.proposal.layerBytes} is not the layer bytes less its savings (${row.projected})`);
      }
      row.projectedError = relative(row.projected, row.afterBytes);
    }
    if (row.afterBuilds && afterName) {
      row.expertBytes = tags.after === afterName ? row.afterBytes : analyze(tags.after, null, work).analysis.totals.layerBytes;
      row.ratio = row.afterBytes / row.expertBytes;
    }
  } catch (err) {
    row.problems.push(err.message);
  } finally {
    if (!options.keep) docker(['image', 'rm', '--force', tags.before, tags.proposed, tags.after], { allowFail: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
  row.ok = row.problems.length === 0 && within(row.error) && within(row.projectedError) && row.ratio !== null && row.ratio <= MAX_RATIO;
  return row;
}

/** (estimate − actual) / actual; 0 when both are 0. */
function relative(estimate, actual) {
  return actual === 0 ? (estimate === 0 ? 0 : Infinity) : (estimate - actual) / actual;
}

function within(error) {
  return error !== null && Math.abs(error) <= TOLERANCE;
}

/** Builds the stand-ins the pairs need, then runs the pairs (all, or those named). Returns the rows. */
function runSavings(options = {}) {
  const pairs = options.pairs && options.pairs.length > 0 ? PAIRS.filter((p) => options.pairs.includes(p.name)) : PAIRS;
  if (options.pairs && options.pairs.length > 0 && pairs.length !== options.pairs.length) throw new Error(`unknown pair; the pairs are ${PAIRS.map((p) => p.name).join(', ')}`);
  for (const s of STAND_INS) ensureStandIn(s);
  return pairs.map((p) => runPair(p, options));
}

// ---------------------------------------------------------------------------------------------------------
// Output

const fmt = (n) => (n === null ? '—' : n.toLocaleString('en-US'));
const pct = (e) => (e === null ? '—' : Number.isFinite(e) ? `${e >= 0 ? '+' : ''}${(e * 100).toFixed(1)} %` : '∞');

const ratio = (r) => (r === null || r === undefined ? '—' : `${r.toFixed(2)}×`);

/** One row per pair: the estimate against what was saved, and the projected size against the rebuilt and the expert's. */
function tableRows(rows) {
  return rows.map((r) => [
    r.pair,
    r.measured + (r.keptBase ? ` (base kept: ${r.keptBase})` : ''),
    fmt(r.estimated),
    fmt(r.realized),
    fmt(r.realizedEngine),
    pct(r.error),
    fmt(r.projected),
    fmt(r.afterBytes),
    pct(r.projectedError),
    fmt(r.expertBytes),
    ratio(r.ratio),
    r.proposedBuilds === null ? '—' : r.proposedBuilds ? 'yes' : 'NO',
    r.ok ? 'ok' : 'FAIL',
  ]);
}
const HEAD = ['pair', 'measured on', 'estimated B', 'realized B (imgdiet)', 'realized B (engine)', 'error', 'projected B', 'rebuilt B', 'size error', "expert's B", 'ratio', 'proposed builds', ''];
const NUMERIC = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10]);

function textTable(rows) {
  const body = [HEAD, ...tableRows(rows)];
  const width = HEAD.map((_, i) => Math.max(...body.map((r) => r[i].length)));
  const lines = body.map((r) => r.map((c, i) => (NUMERIC.has(i) ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ').trimEnd());
  lines.splice(1, 0, width.map((w) => '-'.repeat(w)).join('  '));
  const detail = [];
  for (const r of rows) {
    detail.push(`${r.pair}: ${r.parts.map((p) => `${p.id} ${fmt(p.counted)}${p.counted !== p.bytes ? ` of ${fmt(p.bytes)} (${p.note})` : ''}`).join(', ') || 'no applied suggestion'}`);
    for (const p of r.problems) detail.push(`  problem: ${p}`);
  }
  return `${lines.join('\n')}\n\n${detail.join('\n')}\n`;
}

function markdownTable(rows) {
  const head = ['pair', 'measured on', 'estimated saving (B)', 'realized (B)', 'engine (B)', 'error', 'projected size (B)', 'rebuilt size (B)', 'size error', "expert's size (B)", 'ratio', 'proposed builds'];
  const align = head.map((_, i) => (NUMERIC.has(i) ? '---:' : '---'));
  const body = tableRows(rows).map((r) => r.slice(0, head.length));
  return [head, align, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}

function main(argv) {
  const o = { pairs: [], markdown: false, json: false, keep: false };
  for (const a of argv) {
    if (a === '--markdown') o.markdown = true;
    else if (a === '--json') o.json = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node scripts/savings.js [PAIR...] [--markdown] [--json] [--keep]\n');
      return 0;
    } else if (a.startsWith('-')) {
      process.stderr.write(`savings: unknown option ${a}\n`);
      return 2;
    } else o.pairs.push(a);
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    process.stderr.write('savings: dist/ is missing: run `npm run build` (npm run savings does)\n');
    return 2;
  }
  let rows;
  try {
    rows = runSavings(o);
  } catch (err) {
    process.stderr.write(`savings: ${err.message}\n`);
    return 2;
  }
  if (o.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else process.stdout.write(o.markdown ? markdownTable(rows) : textTable(rows));
  return rows.every((r) => r.ok) ? 0 : 1;
}

module.exports = { PAIRS, STAND_INS, TOLERANCE, MAX_RATIO, runSavings, runPair, mapFrom, estimate, textTable, markdownTable, makeContext, build, withAliases, analyzeCli, ensureStandIn };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
