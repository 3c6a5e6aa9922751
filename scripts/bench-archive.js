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
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const GENERATOR_VERSION = 3;
const POOL_BYTES = 32 * 1024 * 1024;
const SEGMENT = 256 * 1024; // largest single slice taken from the pool
const MTIME = 1700000000; // fixed, for reproducible bytes
const WRITE_BUF = 4 * 1024 * 1024;

// ---------------------------------------------------------------- PRNG

/** Small seeded generator (32-bit state mixing, multiply-xorshift); returns floats in [0, 1). */
function rng(seed) {
  let a = seed >>> 0 || 0x9e3779b9;
  let b = (seed * 0x85ebca6b) >>> 0 || 0x7f4a7c15;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    b = (b ^ (b << 13)) >>> 0;
    b ^= b >>> 17;
    b = (b ^ (b << 5)) >>> 0;
    return ((t ^ (t >>> 14)) ^ b) >>> 0;
  };
  const r = () => next() / 4294967296;
  r.u32 = next;
  r.int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)); // inclusive
  r.pick = (arr) => arr[Math.floor(r() * arr.length)];
  /** Log-normal around a median, clamped. */
  r.logn = (median, sigma, lo, hi) => {
    const u = Math.max(r(), 1e-12);
    const v = r();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.round(Math.min(hi, Math.max(lo, median * Math.exp(sigma * z))));
  };
  return r;
}

function makePool(seed) {
  const r = rng(seed ^ 0x5eed);
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  const words = new Uint32Array(pool.buffer, pool.byteOffset, POOL_BYTES / 4);
  for (let i = 0; i < words.length; i++) words[i] = r.u32();
  return pool;
}

// ---------------------------------------------------------------- tar headers

function octal(buf, off, len, value) {
  const s = value.toString(8).padStart(len - 1, '0');
  if (s.length > len - 1) throw new Error(`value ${value} too large for a ${len}-byte tar field`);
  buf.write(s, off, len - 1, 'latin1');
  buf[off + len - 1] = 0;
}

/** Splits a long path into ustar prefix + name, or returns null when it needs PAX. */
function splitUstar(name) {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== '/') continue;
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest.length > 0) return { prefix, name: rest };
  }
  return null;
}

function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body);
  let total = len + String(len).length;
  while (total !== len + String(total).length) total = len + String(total).length;
  return `${total}${body}`;
}

function rawHeader({ name, prefix = '', mode, uid = 0, gid = 0, size = 0, type, linkname = '', uname = 'root', gname = 'root' }) {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, mode);
  octal(h, 108, 8, uid);
  octal(h, 116, 8, gid);
  octal(h, 124, 12, size);
  octal(h, 136, 12, MTIME);
  h.fill(0x20, 148, 156);
  h.write(type, 156, 1, 'latin1');
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\u000000', 257, 8, 'latin1');
  h.write(uname, 265, 32, 'latin1');
  h.write(gname, 297, 32, 'latin1');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += h[i];
  h.write(sum.toString(8).padStart(6, '0'), 148, 6, 'latin1');
  h[154] = 0;
  h[155] = 0x20;
  return h;
}

/** The header block(s) of one entry: a PAX header first when the name or link does not fit ustar. */
function headerBlocks(e) {
  const split = splitUstar(e.name);
  const linkFits = Buffer.byteLength(e.linkname || '') <= 100;
  if (split && linkFits) return rawHeader({ ...e, name: split.name, prefix: split.prefix });
  let pax = '';
  if (!split) pax += paxRecord('path', e.name);
  if (!linkFits) pax += paxRecord('linkpath', e.linkname);
  const body = Buffer.from(pax, 'utf8');
  const paxName = `PaxHeaders.0/${path.posix.basename(e.name)}`.slice(0, 100);
  const paxHead = rawHeader({ name: paxName, mode: 0o644, size: body.length, type: 'x' });
  const short = split ?? { prefix: '', name: e.name.slice(0, 100) };
  const main = rawHeader({ ...e, name: short.name, prefix: short.prefix, linkname: linkFits ? e.linkname : e.linkname.slice(0, 100) });
  return Buffer.concat([paxHead, body, Buffer.alloc(pad(body.length)), main]);
}

const pad = (n) => (512 - (n % 512)) % 512;

// ---------------------------------------------------------------- content

/** Writes the body of content `id` (size bytes) through `out(buf)`; deterministic in (id, size). */
function writeBody(pool, id, size, out) {
  if (size === 0) return;
  const head = Buffer.from(`imgdiet-bench body ${id} ${size}\n`);
  if (head.length >= size) {
    out(head.subarray(0, size));
    return;
  }
  out(head);
  let left = size - head.length;
  const r = rng(id * 2654435761);
  while (left > 0) {
    const n = Math.min(left, SEGMENT - (r.u32() & 0xffff));
    const off = r.u32() % (POOL_BYTES - n);
    out(pool.subarray(off, off + n));
    left -= n;
  }
}

// ---------------------------------------------------------------- the image plan

const WORDS = ('core util net http json yaml xml log time date path fs io os sys proc crypto hash zlib gzip tar ' +
  'string array map set list queue tree graph node edge cache store db sql query parse lex token ast emit ' +
  'render view model ctrl route auth user role perm config env arg cli term color font image audio video ' +
  'math stat rand num int float big dec geo unit test mock spec bench lint fmt doc help ui web api rpc grpc ' +
  'proto codec buffer stream pipe event signal worker thread pool lock sync async task job sched timer').split(' ');
const EXTS = ['.py', '.js', '.json', '.h', '.c', '.txt', '.md', '.so', '.conf', '.mo', '.gz', '.html', '.css', '.pyc', '.ts', '.map', ''];

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

class Writer {
  constructor(fd) {
    this.fd = fd;
    this.buf = Buffer.allocUnsafe(WRITE_BUF);
    this.used = 0;
    this.bytes = 0;
    this.hash = null;
  }
  write(b) {
    if (this.hash) this.hash.update(b);
    this.bytes += b.length;
    if (b.length >= WRITE_BUF / 4) {
      this.flush();
      fs.writeSync(this.fd, b);
      return;
    }
    if (this.used + b.length > WRITE_BUF) this.flush();
    b.copy(this.buf, this.used);
    this.used += b.length;
  }
  zeros(n) {
    if (n > 0) this.write(Buffer.alloc(n));
  }
  flush() {
    if (this.used > 0) fs.writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }
}

function outerEntry(w, name, body, type = '0', mode = 0o644) {
  w.write(headerBlocks({ name, type, mode, size: type === '0' ? body.length : 0 }));
  if (type === '0') {
    w.write(body);
    w.zeros(pad(body.length));
  }
}

/**
 * Writes the archive to `file` (via a temporary name, renamed when complete).
 * Returns a summary: sizes, file counts, layer diff ids, config digest.
 */
function generateArchive(file, { seed, scale, tag, log = () => {} }) {
  const t0 = process.hrtime.bigint();
  const pool = makePool(seed);
  const plan = planImage(seed, scale);
  const tmp = `${file}.partial-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  const w = new Writer(fd);
  const diffIds = [];
  const layerDirs = [];
  let parent = '';
  let configHex = '';
  try {
    plan.layers.forEach((L, i) => {
      // v1-style layer ids: derived from the seed and position, fixed before the layer is written.
      const id = crypto.createHash('sha256').update(`imgdiet-bench ${seed} ${scale} layer ${i}`).digest('hex');
      layerDirs.push(id);
      outerEntry(w, `${id}/`, null, '5', 0o755);
      outerEntry(w, `${id}/VERSION`, Buffer.from('1.0'));
      const v1 = { id, ...(parent ? { parent } : {}), created: new Date(MTIME * 1000).toISOString(), container_config: { Cmd: null } };
      outerEntry(w, `${id}/json`, Buffer.from(JSON.stringify(v1)));
      parent = id;
      w.write(headerBlocks({ name: `${id}/layer.tar`, type: '0', mode: 0o644, size: L.tarBytes }));
      const start = w.bytes;
      w.hash = crypto.createHash('sha256');
      for (const e of L.entries) {
        w.write(e.head);
        if (e.type === '0' && e.size > 0) {
          writeBody(pool, e.id, e.size, (b) => w.write(b));
          w.zeros(pad(e.size));
        }
      }
      w.zeros(1024);
      diffIds.push(`sha256:${w.hash.digest('hex')}`);
      w.hash = null;
      if (w.bytes - start !== L.tarBytes) throw new Error(`layer ${i}: wrote ${w.bytes - start} bytes, planned ${L.tarBytes}`);
      w.zeros(pad(L.tarBytes));
      log(`  layer ${i + 1}/${plan.layers.length}: ${L.files} files, ${(L.contentBytes / 1e6).toFixed(1)} MB`);
    });
    const created = new Date(MTIME * 1000).toISOString();
    const config = {
      architecture: 'amd64',
      os: 'linux',
      created,
      config: {
        User: 'app',
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'PYTHONUNBUFFERED=1', 'LANG=C.UTF-8', 'NODE_ENV=production'],
        Cmd: ['python', '-m', 'app'],
        WorkingDir: '/app',
        ExposedPorts: { '8000/tcp': {} },
        Labels: { 'org.opencontainers.image.source': 'https://example.invalid/bench' },
      },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: plan.history.map((h) => ({ created, ...h })),
    };
    const configRaw = Buffer.from(JSON.stringify(config));
    configHex = crypto.createHash('sha256').update(configRaw).digest('hex');
    outerEntry(w, `${configHex}.json`, configRaw);
    const [repo, version] = tag.split(':');
    outerEntry(w, 'manifest.json', Buffer.from(JSON.stringify([{ Config: `${configHex}.json`, RepoTags: [tag], Layers: layerDirs.map((d) => `${d}/layer.tar`) }])));
    outerEntry(w, 'repositories', Buffer.from(JSON.stringify({ [repo]: { [version]: layerDirs[layerDirs.length - 1] } })));
    w.zeros(1024);
    w.flush();
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  const summary = {
    archiveBytes: w.bytes,
    layers: plan.layers.length,
    layerBytes: plan.layers.reduce((n, L) => n + L.contentBytes, 0),
    layerTarBytes: plan.layers.reduce((n, L) => n + L.tarBytes, 0),
    files: plan.layers.reduce((n, L) => n + L.files, 0),
    entries: plan.layers.reduce((n, L) => n + L.entries.length, 0),
    perLayer: plan.layers.map((L, i) => ({ files: L.files, contentBytes: L.contentBytes, tarBytes: L.tarBytes, diffId: diffIds[i] })),
    imageId: `sha256:${configHex}`,
    tag,
    generatedSeconds: Number(process.hrtime.bigint() - t0) / 1e9,
  };
  fs.writeFileSync(`${file}.json`, `${JSON.stringify(summary, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return summary;
}

/** The archive for these parameters: reused when it exists, generated otherwise. */
function ensureArchive(dir, { seed, scale, log = () => {} }) {
  // The generator's own source is part of the key: any change to it makes a new archive (and a new tag).
  const source = fs.readFileSync(__filename);
  const key = crypto.createHash('sha256').update(JSON.stringify({ GENERATOR_VERSION, seed, scale })).update(source).digest('hex').slice(0, 12);
  const file = path.join(dir, `imgdiet-bench-s${scale}-${key}.tar`);
  const tag = `imgdiet-bench/s${scale}:${key}`;
  if (fs.existsSync(file) && fs.existsSync(`${file}.json`)) {
    const summary = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
    if (fs.statSync(file).size === summary.archiveBytes) return { file, key, summary, reused: true };
  }
  fs.mkdirSync(dir, { recursive: true });
  log(`generating ${file} (scale ${scale}, seed ${seed})`);
  const summary = generateArchive(file, { seed, scale, tag, log });
  return { file, key, summary, reused: false };
}

module.exports = { ensureArchive, generateArchive, planImage, GENERATOR_VERSION };

if (require.main === module) {
  const scale = Number(process.argv[2] ?? '1');
  const dir = process.argv[3] ?? require('node:os').tmpdir();
  const res = ensureArchive(dir, { seed: 1, scale, log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(`${JSON.stringify({ file: res.file, reused: res.reused, ...res.summary, perLayer: undefined })}\n`);
}
