'use strict';
/**
 * What the bench generators share (scripts/bench-archive.js, scripts/bench-files-archive.js): a seeded PRNG,
 * a pool of pseudo-random bytes and the file bodies cut from it, tar headers (ustar, PAX when a name does not
 * fit), a buffered writer, the legacy `docker save` layout around the layers, and the cache of generated
 * archives keyed by the generators' sources and parameters. Everything streams: only metadata is held.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

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


// ---------------------------------------------------------------- names

const WORDS = ('core util net http json yaml xml log time date path fs io os sys proc crypto hash zlib gzip tar ' +
  'string array map set list queue tree graph node edge cache store db sql query parse lex token ast emit ' +
  'render view model ctrl route auth user role perm config env arg cli term color font image audio video ' +
  'math stat rand num int float big dec geo unit test mock spec bench lint fmt doc help ui web api rpc grpc ' +
  'proto codec buffer stream pipe event signal worker thread pool lock sync async task job sched timer').split(' ');
const EXTS = ['.py', '.js', '.json', '.h', '.c', '.txt', '.md', '.so', '.conf', '.mo', '.gz', '.html', '.css', '.pyc', '.ts', '.map', ''];

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
  /** Overwrites bytes already written at `offset` (a header whose size was not known in advance). */
  patch(offset, b) {
    this.flush();
    fs.writeSync(this.fd, b, 0, b.length, offset);
  }
}

/**
 * A gzip-compressed layer written through `w`, with the same write/zeros interface as Writer: the uncompressed
 * tar is hashed (its diff id) and compressed in independent chunks, so the blob is a multi-member gzip file
 * (RFC 1952 allows it; gunzip, Go and Node read it as one stream) and the generator stays synchronous.
 */
class GzipSink {
  constructor(w, level = 1) {
    this.w = w;
    this.level = level;
    this.buf = Buffer.allocUnsafe(WRITE_BUF);
    this.used = 0;
    this.bytes = 0;
    this.hash = crypto.createHash('sha256');
  }
  write(b) {
    this.hash.update(b);
    this.bytes += b.length;
    let off = 0;
    while (off < b.length) {
      const n = Math.min(b.length - off, WRITE_BUF - this.used);
      b.copy(this.buf, this.used, off, off + n);
      this.used += n;
      off += n;
      if (this.used === WRITE_BUF) this.flush();
    }
  }
  zeros(n) {
    if (n > 0) this.write(Buffer.alloc(n));
  }
  flush() {
    if (this.used > 0) this.w.write(zlib.gzipSync(this.buf.subarray(0, this.used), { level: this.level }));
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

/**
 * Writes a legacy `docker save` archive to `file` (via a temporary name, renamed when complete):
 * `<id>/VERSION`, `<id>/json`, `<id>/layer.tar` per layer, `<config>.json`, `manifest.json`, `repositories`.
 * Each of `layers` is `{ write(sink), gzip? }`: write() puts the layer's tar bytes through sink (write, zeros)
 * and returns what to report about the layer; with gzip the stored layer.tar is gzip-compressed (diff ids are
 * always of the uncompressed tar). `config` is the image config without rootfs and history.
 */
function writeDockerSave(file, { idSeed, layers, history, config, tag, log = () => {} }) {
  const tmp = `${file}.partial-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  const w = new Writer(fd);
  const diffIds = [];
  const layerDirs = [];
  const perLayer = [];
  let parent = '';
  let configHex = '';
  const created = new Date(MTIME * 1000).toISOString();
  try {
    layers.forEach((L, i) => {
      // v1-style layer ids: derived from the seed and position, fixed before the layer is written.
      const id = crypto.createHash('sha256').update(`imgdiet-bench ${idSeed} layer ${i}`).digest('hex');
      layerDirs.push(id);
      outerEntry(w, `${id}/`, null, '5', 0o755);
      outerEntry(w, `${id}/VERSION`, Buffer.from('1.0'));
      const v1 = { id, ...(parent ? { parent } : {}), created, container_config: { Cmd: null } };
      outerEntry(w, `${id}/json`, Buffer.from(JSON.stringify(v1)));
      parent = id;
      // the size goes into the header once the layer is written
      const at = w.bytes;
      w.write(headerBlocks({ name: `${id}/layer.tar`, type: '0', mode: 0o644, size: 0 }));
      const start = w.bytes;
      let sink = w;
      if (L.gzip) sink = new GzipSink(w);
      else w.hash = crypto.createHash('sha256');
      const info = L.write(sink);
      sink.zeros(1024);
      const tarBytes = sink.bytes - (L.gzip ? 0 : start);
      if (L.gzip) sink.flush();
      diffIds.push(`sha256:${sink.hash.digest('hex')}`);
      w.hash = null;
      const blobBytes = w.bytes - start;
      w.patch(at, headerBlocks({ name: `${id}/layer.tar`, type: '0', mode: 0o644, size: blobBytes }));
      w.zeros(pad(blobBytes));
      perLayer.push({ ...info, tarBytes, blobBytes, diffId: diffIds[i] });
      log(`  layer ${i + 1}/${layers.length}: ${info.files} files, ${(info.contentBytes / 1e6).toFixed(1)} MB${L.gzip ? `, ${(blobBytes / 1e6).toFixed(1)} MB gzipped` : ''}`);
    });
    const { architecture, os, ...rest } = config;
    const full = { architecture, os, created, ...rest, rootfs: { type: 'layers', diff_ids: diffIds }, history: history.map((h) => ({ created, ...h })) };
    const configRaw = Buffer.from(JSON.stringify(full));
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
  fs.renameSync(tmp, file);
  const sum = (k) => perLayer.reduce((n, L) => n + L[k], 0);
  return {
    archiveBytes: w.bytes,
    layers: perLayer.length,
    layerBytes: sum('contentBytes'),
    layerTarBytes: sum('tarBytes'),
    files: sum('files'),
    entries: sum('entries'),
    perLayer,
    imageId: `sha256:${configHex}`,
    tag,
  };
}

/**
 * The archive `${name}-KEY.tar` in `dir`: reused when it exists whole, generated otherwise by
 * `generate(file, tag)` (which returns its summary). KEY hashes `params` and the generator's `sources`, so any
 * change to the generator makes a new archive (and a new tag `${repo}:KEY`).
 */
function cachedArchive(dir, { name, repo, params, sources, generate, log = () => {} }) {
  const h = crypto.createHash('sha256').update(JSON.stringify(params));
  for (const s of [...sources, __filename]) h.update(fs.readFileSync(s));
  const key = h.digest('hex').slice(0, 12);
  const file = path.join(dir, `${name}-${key}.tar`);
  const tag = `${repo}:${key}`;
  if (fs.existsSync(file) && fs.existsSync(`${file}.json`)) {
    const summary = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
    if (fs.statSync(file).size === summary.archiveBytes) return { file, key, summary, reused: true };
  }
  fs.mkdirSync(dir, { recursive: true });
  log(`generating ${file}`);
  const t0 = process.hrtime.bigint();
  const summary = { ...generate(file, tag), generatedSeconds: 0 };
  summary.generatedSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.writeFileSync(`${file}.json`, `${JSON.stringify(summary, null, 2)}\n`);
  return { file, key, summary, reused: false };
}

module.exports = { rng, makePool, headerBlocks, pad, writeBody, WORDS, EXTS, writeDockerSave, cachedArchive };
