'use strict';
/**
 * Generates a large, deterministic docker-archive tar in the legacy `docker save` layout
 * (`<id>/VERSION`, `<id>/json`, `<id>/layer.tar`, `<config>.json`, `manifest.json`, `repositories`),
 * streaming: only entry metadata is held in memory, never a layer.
 *
 * Content is derived cheaply from a seeded pseudo-random pool: each file body is a unique header line
 * followed by slices of the pool at offsets drawn from a PRNG seeded by the body's id, so bodies are
 * distinct unless a duplicate is planned on purpose, and nothing is zeros or a short repeated pattern.
 *
 * The image tells a realistic story (base OS, apt install with caches, pip install with its cache,
 * COPY of an app with node_modules, a clean-up RUN with whiteouts and an opaque directory, rebuilt
 * files that overwrite earlier ones, a model directory with a few large files and a duplicate, and a
 * chmod that copies a large file again), so the filesystem model has real work to do.
 */
const fs = require('node:fs');
const path = require('node:path');
const { rng, headerBlocks, pad, makePool, writeBody, writeDockerSave, cachedArchive, WORDS, EXTS } = require('./bench-tar');

const GENERATOR_VERSION = 3;

// ---------------------------------------------------------------- the image plan

/**
 * Plans the image: layer entry lists (metadata only) and history. `scale` multiplies file counts and sizes.
 * Body ids are allocated from one counter, so a duplicate is simply a second entry with an existing id.
 */
function planImage(seed, scale) {
  const r = rng(seed);
  let nextId = 1;
  const newId = () => nextId++;
  const S = (n) => Math.max(1, Math.round(n * scale));
  const MB = 1000 * 1000;
  const word = () => r.pick(WORDS);
  const name = () => `${word()}${r() < 0.5 ? '_' + word() : ''}${r() < 0.3 ? r.int(0, 99) : ''}`;

  /** A layer under construction: path → entry; directories are filled in when sorted. */
  const layer = () => ({ entries: new Map(), dirs: new Set() });
  /**
   * Adds a non-directory entry unless, in this layer, its path is a directory or one of its ancestors is a
   * non-directory (one tar cannot hold both; across layers such replacements are fine and intended).
   */
  const put = (L, p, e) => {
    if (L.dirs.has(p)) return false;
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (L.entries.has(d)) return false;
    }
    for (let i = 1; i < parts.length; i++) L.dirs.add(parts.slice(0, i).join('/'));
    L.entries.set(p, { name: p, ...e });
    return true;
  };
  const file = (L, p, size, id = newId(), mode = 0o644) => (put(L, p, { type: '0', size, id, mode }) ? id : null);
  const link = (L, p, target) => put(L, p, { type: '1', size: 0, linkname: target, mode: 0o755 });
  const sym = (L, p, target) => put(L, p, { type: '2', size: 0, linkname: target, mode: 0o777 });
  const small = () => r.logn(1800, 1.2, 0, 400 * 1000);
  const medium = () => r.logn(300 * 1000, 1.0, 64 * 1000, 12 * MB);
  const dirOf = (base, depth) => {
    let d = base;
    for (let i = 0; i < depth; i++) d += `/${name()}`;
    return d;
  };
  /** Files spread over a tree of directories under `base`. */
  const tree = (L, base, count, sizeFn, exts = EXTS, dirs = Math.max(1, Math.round(count / 12))) => {
    const made = [];
    const ds = [];
    for (let i = 0; i < dirs; i++) ds.push(dirOf(base, r.int(1, 4)));
    for (let i = 0; i < count; i++) {
      const p = `${r.pick(ds)}/${name()}${r.pick(exts)}`;
      if (L.entries.has(p)) continue;
      const size = sizeFn();
      const id = file(L, p, size);
      if (id !== null) made.push({ path: p, size, id });
    }
    return made;
  };

  const layers = [];
  const history = [];
  const add = (L, createdBy) => {
    layers.push(L);
    history.push({ created_by: createdBy });
  };
  const empty = (createdBy) => history.push({ created_by: createdBy, empty_layer: true });

  // L0: a base OS.
  const L0 = layer();
  for (const [l, t] of [['bin', 'usr/bin'], ['lib', 'usr/lib'], ['sbin', 'usr/sbin'], ['lib64', 'usr/lib64']]) sym(L0, l, t);
  const base = [
    ...tree(L0, 'usr/share/doc', S(10000), small, ['', '.gz', '.txt', '.html']),
    ...tree(L0, 'usr/share/locale', S(6000), () => r.logn(6000, 0.8, 200, 600 * 1000), ['.mo']),
    ...tree(L0, 'usr/lib/x86_64-linux-gnu', S(3500), () => r.logn(15000, 1.2, 1000, 8 * MB), ['.so', '.so.1', '.so.6', '.a']),
    ...tree(L0, 'usr/bin', S(1500), () => r.logn(20000, 1, 500, 4 * MB), ['']),
    ...tree(L0, 'etc', S(2500), () => r.logn(900, 1, 10, 60000), ['', '.conf', '.d/default']),
    ...tree(L0, 'var/lib/dpkg/info', S(5000), () => r.logn(1500, 1, 30, 100000), ['.list', '.md5sums', '.postinst', '.conffiles']),
  ];
  const dpkgStatus = file(L0, 'var/lib/dpkg/status', S(2 * MB));
  // hard links inside the base (like coreutils multi-call names)
  const bins = base.filter((f) => f.path.startsWith('usr/bin/')).slice(0, S(300));
  // (in usr/sbin, which a depth-first walk reaches after usr/bin: a hard link must follow its target)
  bins.forEach((f, i) => link(L0, `usr/sbin/alias${i}_${path.posix.basename(f.path)}`, f.path));
  add(L0, 'ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ');
  empty('CMD ["bash"]');
  empty('ENV PYTHONUNBUFFERED=1 LANG=C.UTF-8');

  // L1: apt-get install, without cleaning up.
  const L1 = layer();
  tree(L1, 'usr/lib/gcc/x86_64-linux-gnu/12', S(250), medium, ['.so', '.a', '.o', '']);
  tree(L1, 'usr/lib/python3.11', S(14000), small, ['.py', '.pyc']);
  tree(L1, 'usr/include', S(8000), () => r.logn(4000, 1, 100, 400 * 1000), ['.h']);
  tree(L1, 'usr/share/doc', S(3000), small, ['', '.gz']);
  for (let i = 0; i < S(40); i++) file(L1, `var/cache/apt/archives/${name()}_${i}_amd64.deb`, r.logn(2 * MB, 0.9, 200 * 1000, 30 * MB));
  for (let i = 0; i < S(10); i++) file(L1, `var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_${name()}_${i}`, r.logn(4 * MB, 0.8, 100 * 1000, 40 * MB));
  file(L1, 'var/lib/apt/lists/lock', 0);
  file(L1, 'var/lib/dpkg/status', S(2.3 * MB)); // overwrites L0's
  const docOverwrites = base.filter((f) => f.path.startsWith('usr/share/doc/')).slice(0, S(500));
  for (const f of docOverwrites) file(L1, f.path, f.size + 17); // upgraded packages rewrite their docs
  add(L1, '/bin/sh -c apt-get update && apt-get install -y build-essential python3 python3-dev libpq-dev');
  empty('WORKDIR /app');

  // L2: pip install, with its cache.
  const L2 = layer();
  const site = 'usr/local/lib/python3.11/site-packages';
  const pyFiles = tree(L2, site, S(20000), small, ['.py', '.pyc', '.pyi', '.txt', '']);
  tree(L2, `${site}/numpy/core`, S(60), medium, ['.so']);
  for (let i = 0; i < S(25); i++) file(L2, `${site}/${name()}.libs/lib${name()}-${i}.so`, r.logn(4 * MB, 0.6, 1 * MB, 40 * MB));
  tree(L2, 'root/.cache/pip/http/a/b', S(1500), () => r.logn(30000, 1.2, 1000, 12 * MB), ['']);
  file(L2, 'app/requirements.txt', 420);
  add(L2, '|1 PIP_INDEX=x /bin/sh -c pip install -r requirements.txt');

  // L3: COPY . /app — node_modules full of identical LICENSE files and nested copies of the same package.
  const L3 = layer();
  const licenses = Array.from({ length: 6 }, () => ({ id: newId(), size: r.int(1000, 12000) }));
  const pkgs = Array.from({ length: S(400) }, () => name());
  const pkgBodies = new Map();
  for (let i = 0; i < S(2600); i++) {
    const pkg = r.pick(pkgs);
    const nested = r() < 0.35 ? `node_modules/${r.pick(pkgs)}/node_modules/` : 'node_modules/';
    const dir = `app/${nested}${pkg}`;
    if (L3.entries.has(`${dir}/package.json`)) continue;
    let bodies = pkgBodies.get(pkg);
    if (!bodies) {
      // a package version's files: same bodies wherever it is installed (duplicates)
      bodies = Array.from({ length: r.int(4, 16) }, () => ({ rel: `${r.pick(['lib', 'dist', 'src', 'lib/util'])}/${name()}${r.pick(['.js', '.d.ts', '.map', '.mjs'])}`, size: small(), id: newId() }));
      bodies.push({ rel: 'package.json', size: r.int(300, 3000), id: newId() });
      pkgBodies.set(pkg, bodies);
    }
    for (const b of bodies) file(L3, `${dir}/${b.rel}`, b.size, b.id);
    const lic = r.pick(licenses);
    file(L3, `${dir}/LICENSE`, lic.size, lic.id);
  }
  tree(L3, 'app/src', S(3000), small, ['.py', '.js', '.html', '.css', '.json']);
  file(L3, 'app/.git/objects/pack/pack-1.pack', S(40 * MB));
  tree(L3, 'app/.git/objects', S(1500), () => r.logn(3000, 1.2, 50, 200000), ['']);
  for (const f of pyFiles.slice(0, S(200))) file(L3, `app/vendor/${f.path.slice(site.length + 1)}`, f.size, f.id); // vendored copies
  add(L3, 'COPY . /app # buildkit');
  empty('ENV NODE_ENV=production');

  // L4: clean-up in a separate RUN: whiteouts and an opaque directory (bytes stay in the lower layers).
  const L4 = layer();
  file(L4, 'var/cache/apt/.wh.archives', 0);
  file(L4, 'var/lib/apt/lists/.wh..wh..opq', 0);
  file(L4, 'var/lib/apt/lists/lock', 0);
  file(L4, 'root/.wh..cache', 0);
  file(L4, 'var/lib/dpkg/status', S(2.3 * MB) + 5);
  for (const f of pyFiles.filter((p) => p.path.endsWith('.pyc')).slice(0, S(800))) {
    file(L4, `${path.posix.dirname(f.path)}/.wh.${path.posix.basename(f.path)}`, 0);
  }
  add(L4, '/bin/sh -c rm -rf /var/cache/apt/archives /var/lib/apt/lists/* /root/.cache && find / -name "*.pyc" -delete');

  // L5: a build step that rewrites some installed files and adds build output.
  const L5 = layer();
  for (const f of pyFiles.filter((p) => p.path.endsWith('.py')).slice(0, S(600))) file(L5, f.path, f.size + 64);
  tree(L5, 'app/build', S(10000), () => r.logn(5000, 1.2, 100, 3 * MB), ['.js', '.css', '.map', '.html', '.woff2', '.png']);
  add(L5, '/bin/sh -c python -m compileall -q /app && npm run build');

  // L6: COPY model/ — a few large files, one copied twice under another name.
  const L6 = layer();
  const big = [S(90 * MB), S(60 * MB), S(40 * MB)];
  const bigIds = big.map((size, i) => file(L6, `app/model/shard-${i}.bin`, size));
  file(L6, 'app/model/shard-0.bin.bak', big[0], bigIds[0]);
  tree(L6, 'app/model/tokenizer', S(200), small, ['.json', '.txt']);
  add(L6, 'COPY model/ /app/model/');
  empty('EXPOSE 8000');
  empty('LABEL org.opencontainers.image.source=https://example.invalid/bench');

  // L7: chmod of a large file copies it whole.
  const L7 = layer();
  file(L7, 'app/model/shard-2.bin', big[2], bigIds[2], 0o600);
  file(L7, 'etc/passwd', 1200);
  file(L7, 'etc/group', 600);
  add(L7, '/bin/sh -c chmod 600 /app/model/shard-2.bin && useradd -r app');
  empty('USER app');
  empty('CMD ["python", "-m", "app"]');

  return { layers: layers.map(finishLayer), history };
}

/** Adds parent directory entries and sorts as a depth-first, name-ordered walk (what docker writes). */
function finishLayer(L) {
  const all = new Map(L.entries);
  for (const p of L.entries.keys()) {
    let d = path.posix.dirname(p);
    while (d !== '.' && !all.has(d)) {
      all.set(d, { name: d, type: '5', size: 0, mode: 0o755 });
      d = path.posix.dirname(d);
    }
  }
  const list = [...all.values()];
  for (const e of list) e.parts = e.name.split('/');
  list.sort((a, b) => {
    const n = Math.min(a.parts.length, b.parts.length);
    for (let i = 0; i < n; i++) {
      if (a.parts[i] !== b.parts[i]) return a.parts[i] < b.parts[i] ? -1 : 1;
    }
    return a.parts.length - b.parts.length;
  });
  for (const e of list) {
    delete e.parts;
    if (e.type === '5') e.name += '/';
  }
  let tarBytes = 1024;
  let contentBytes = 0;
  let files = 0;
  for (const e of list) {
    e.head = headerBlocks(e);
    tarBytes += e.head.length + e.size + pad(e.size);
    if (e.type === '0') {
      contentBytes += e.size;
      files++;
    }
  }
  return { entries: list, tarBytes, contentBytes, files };
}


// ---------------------------------------------------------------- writing

/**
 * Writes the archive to `file` (via a temporary name, renamed when complete).
 * Returns a summary: sizes, file counts, layer diff ids, config digest.
 */
function generateArchive(file, { seed, scale, tag, log = () => {} }) {
  const pool = makePool(seed);
  const plan = planImage(seed, scale);
  const layers = plan.layers.map((L) => ({
    write(w) {
      for (const e of L.entries) {
        w.write(e.head);
        if (e.type === '0' && e.size > 0) {
          writeBody(pool, e.id, e.size, (b) => w.write(b));
          w.zeros(pad(e.size));
        }
      }
      return { files: L.files, entries: L.entries.length, contentBytes: L.contentBytes };
    },
  }));
  const config = {
    architecture: 'amd64',
    os: 'linux',
    config: {
      User: 'app',
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'PYTHONUNBUFFERED=1', 'LANG=C.UTF-8', 'NODE_ENV=production'],
      Cmd: ['python', '-m', 'app'],
      WorkingDir: '/app',
      ExposedPorts: { '8000/tcp': {} },
      Labels: { 'org.opencontainers.image.source': 'https://example.invalid/bench' },
    },
  };
  const summary = writeDockerSave(file, { idSeed: `${seed} ${scale}`, layers, history: plan.history, config, tag, log });
  summary.perLayer.forEach((L, i) => {
    if (L.tarBytes !== plan.layers[i].tarBytes) throw new Error(`layer ${i}: wrote ${L.tarBytes} bytes, planned ${plan.layers[i].tarBytes}`);
  });
  return summary;
}

/** The archive for these parameters: reused when it exists, generated otherwise. */
function ensureArchive(dir, { seed, scale, log = () => {} }) {
  return cachedArchive(dir, {
    name: `imgdiet-bench-s${scale}`,
    repo: `imgdiet-bench/s${scale}`,
    params: { GENERATOR_VERSION, seed, scale },
    sources: [__filename],
    generate: (file, tag) => generateArchive(file, { seed, scale, tag, log }),
    log: (s) => log(`${s} (scale ${scale}, seed ${seed})`),
  });
}

module.exports = { ensureArchive, generateArchive, planImage, GENERATOR_VERSION };

if (require.main === module) {
  const scale = Number(process.argv[2] ?? '1');
  const dir = process.argv[3] ?? require('node:os').tmpdir();
  const res = ensureArchive(dir, { seed: 1, scale, log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(`${JSON.stringify({ file: res.file, reused: res.reused, ...res.summary, perLayer: undefined })}\n`);
}
