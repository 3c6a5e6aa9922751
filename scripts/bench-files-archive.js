'use strict';
/**
 * File-heavy bench images (issue #14): a `docker save` archive of many small files, generated streaming
 * (scripts/bench-tar.js does the tar, the layout and the cache; only the directory skeleton is held).
 *
 * - `files` mode: N regular files of varied small sizes (log-normal around ~700 B, some empty, a few
 *   percent duplicates of shared bodies) over four layers with separate roots (so no file hides another and
 *   the final tree holds all N), each a tree of many directories, most shallow, some chains 8–24 deep.
 *   1,000,000 files make ≈1.9 GB.
 * - `entries` mode: one gzip-compressed layer of N mostly empty regular files (1 % of a few bytes), the
 *   archive stays small while the entry count is huge.
 *
 * Order inside a layer is a depth-first, name-ordered walk (what docker writes); names, sizes and bodies
 * come from PRNGs seeded per directory, so the walk needs no file list.
 */
const fs = require('node:fs');
const { rng, makePool, headerBlocks, pad, writeBody, writeDockerSave, cachedArchive, WORDS, EXTS } = require('./bench-tar');

const GENERATOR_VERSION = 1;
const FILES_PER_DIR = 14; // average
const SHARED_BODIES = 64; // bodies that several files share (duplicates)

const FILE_LAYERS = [
  { root: 'usr/share', share: 0.3, createdBy: '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends locales docs' },
  { root: 'usr/lib/python3/dist-packages', share: 0.3, createdBy: '/bin/sh -c pip install -r requirements.txt' },
  { root: 'app/node_modules', share: 0.35, createdBy: 'COPY node_modules /app/node_modules # buildkit' },
  { root: 'app/src', share: 0.05, createdBy: 'COPY src /app/src # buildkit' },
];

/** The layers of an archive: [{ root, files, createdBy, gzip, sizes }] (file counts add up to `count`). */
function layerSpecs(mode, count) {
  if (mode === 'entries') {
    return [{ root: 'var/lib/store', files: count, createdBy: '/bin/sh -c make-store --objects', gzip: true, emptyShare: 0.99, median: 40, sigma: 0.8, max: 4096 }];
  }
  let left = count;
  return FILE_LAYERS.map((L, i) => {
    const files = i === FILE_LAYERS.length - 1 ? left : Math.round(count * L.share);
    left -= files;
    return { root: L.root, files, createdBy: L.createdBy, gzip: false, emptyShare: 0.04, median: 700, sigma: 1.0, max: 256 * 1024 };
  });
}

/**
 * The directory skeleton of one layer: `dirs` directories under `root` (index 0), each new one under an
 * earlier one (shallow ones more likely), 1 % starting a deep chain; files spread over them, skewed.
 * Returns names, children lists and per-directory file counts.
 */
function skeleton(r, spec) {
  const D = Math.max(1, Math.round(spec.files / FILES_PER_DIR));
  const names = new Array(D);
  const parent = new Int32Array(D);
  names[0] = spec.root;
  parent[0] = -1;
  for (let i = 1; i < D; ) {
    if (r() < 0.01) {
      // a deep chain, e.g. node_modules/a/node_modules/b/… or a Java-style package path
      const len = Math.min(D - i, r.int(8, 24));
      let p = Math.floor(i * r() * r());
      for (let k = 0; k < len; k++, i++) {
        names[i] = `${r.pick(WORDS)}_${i.toString(36)}`;
        parent[i] = p;
        p = i;
      }
    } else {
      names[i] = `${r.pick(WORDS)}_${i.toString(36)}`;
      parent[i] = Math.floor(i * r() * r());
      i++;
    }
  }
  const counts = new Uint32Array(D);
  for (let f = 0; f < spec.files; f++) counts[Math.min(D - 1, Math.floor(D * r() ** 1.5))]++;
  const childCount = new Int32Array(D + 1);
  for (let i = 1; i < D; i++) childCount[parent[i] + 1]++;
  for (let i = 1; i <= D; i++) childCount[i] += childCount[i - 1]; // start offsets
  const children = new Int32Array(Math.max(1, D - 1));
  const fill = childCount.slice();
  for (let i = 1; i < D; i++) children[fill[parent[i]]++] = i;
  return { D, names, counts, childStart: childCount, children };
}

/**
 * Streams one layer's tar entries through `w` (write, zeros). `ids` allocates body ids (shared across the
 * image); returns what the layer holds.
 */
function writeFilesLayer(w, { pool, seed, index, spec, shared, ids }) {
  const r = rng(seed * 1000003 + index * 7919 + 17);
  const sk = skeleton(r, spec);
  let files = 0;
  let entries = 0;
  let contentBytes = 0;
  const put = (e) => {
    w.write(headerBlocks(e));
    entries++;
    if (e.type === '0') {
      files++;
      contentBytes += e.size;
      if (e.size > 0) {
        writeBody(pool, e.id, e.size, (b) => w.write(b));
        w.zeros(pad(e.size));
      }
    }
  };
  // the root's parents
  const parts = spec.root.split('/');
  for (let i = 1; i < parts.length; i++) put({ name: `${parts.slice(0, i).join('/')}/`, type: '5', mode: 0o755 });
  const walk = (d, dirPath) => {
    put({ name: `${dirPath}/`, type: '5', mode: 0o755 });
    const fr = rng(seed * 7 + index * 104729 + d * 31 + 1);
    const kids = [];
    for (let k = 0; k < sk.counts[d]; k++) {
      // files: WORD[-WORD]K.EXT (no '_', unique by K); directories: WORD_ID (unique by ID)
      const name = `${fr.pick(WORDS)}${fr() < 0.5 ? `-${fr.pick(WORDS)}` : ''}${k}${fr.pick(EXTS)}`;
      let size;
      let id;
      if (fr() < 0.03) ({ size, id } = fr.pick(shared));
      else {
        size = fr() < spec.emptyShare ? 0 : fr.logn(spec.median, spec.sigma, 1, spec.max);
        id = size > 0 ? ids() : 0;
      }
      kids.push({ name, file: { size, id } });
    }
    for (let c = sk.childStart[d]; c < sk.childStart[d + 1]; c++) kids.push({ name: sk.names[sk.children[c]], dir: sk.children[c] });
    kids.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const kid of kids) {
      const p = `${dirPath}/${kid.name}`;
      if (kid.dir !== undefined) walk(kid.dir, p);
      else put({ name: p, type: '0', mode: 0o644, size: kid.file.size, id: kid.file.id });
    }
  };
  walk(0, spec.root);
  return { files, entries, contentBytes };
}

/** Writes the archive; returns the summary of writeDockerSave plus the mode and count. */
function generateFilesArchive(file, { mode, count, seed, tag, log = () => {} }) {
  const pool = makePool(seed);
  const specs = layerSpecs(mode, count);
  const sr = rng(seed ^ 0xd0b1e5);
  let nextId = 1;
  const ids = () => nextId++;
  const shared = Array.from({ length: SHARED_BODIES }, () => ({ id: ids(), size: sr.logn(specs[0].median * 2, 0.8, 1, specs[0].max) }));
  const layers = specs.map((spec, index) => ({
    gzip: spec.gzip,
    write: (w) => writeFilesLayer(w, { pool, seed, index, spec, shared, ids }),
  }));
  const history = specs.map((s) => ({ created_by: s.createdBy }));
  const config = { architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] } };
  const summary = writeDockerSave(file, { idSeed: `files ${mode} ${count} ${seed}`, layers, history, config, tag, log });
  return { mode, count, ...summary };
}

/** The archive for (mode, count, seed): reused when cached under `dir`, generated otherwise. */
function ensureFilesArchive(dir, { mode = 'files', count, seed = 1, log = () => {} }) {
  if (mode !== 'files' && mode !== 'entries') throw new Error(`unknown mode ${mode}`);
  return cachedArchive(dir, {
    name: `imgdiet-bench-${mode}-${count}`,
    repo: `imgdiet-bench/${mode}-${count}`,
    params: { GENERATOR_VERSION, mode, count, seed },
    sources: [__filename],
    generate: (file, tag) => generateFilesArchive(file, { mode, count, seed, tag, log }),
    log: (s) => log(`${s} (${count} ${mode}, seed ${seed})`),
  });
}

module.exports = { ensureFilesArchive, generateFilesArchive, layerSpecs };

if (require.main === module) {
  const [mode = 'files', count = '1000', dir = require('node:os').tmpdir()] = process.argv.slice(2);
  const res = ensureFilesArchive(dir, { mode, count: Number(count), seed: 1, log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(`${JSON.stringify({ file: res.file, reused: res.reused, ...res.summary, perLayer: undefined })}\n`);
  if (!fs.existsSync(res.file)) process.exit(1);
}
