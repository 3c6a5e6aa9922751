#!/usr/bin/env node
'use strict';
/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by area (imgdiet source file, npm package,
 * node internals, GC, native), and the top functions by self time and by inclusive time.
 *
 *   node scripts/bench-profile.js FILE.cpuprofile... [--top N]   (one per thread: main, workers)
 */
const fs = require('node:fs');

function area(url, fn) {
  if (!url) return fn.startsWith('(') ? fn : `native ${fn || '(anonymous)'}`;
  let m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `npm ${m[1]}`;
  m = /\/dist\/(.+)\.js$/.exec(url);
  if (m) return `imgdiet ${m[1]}`;
  m = /^node:(internal\/[^/]+(?:\/[^/]+)?)/.exec(url);
  if (m) return `node ${m[1]}`;
  if (url.startsWith('node:')) return `node ${url.slice(5)}`;
  return url.replace(/^file:\/\//, '');
}

function main() {
  const args = process.argv.slice(2);
  const ti = args.indexOf('--top');
  const top = ti >= 0 ? Number(args[ti + 1]) : 25;
  const files = args.filter((a, i) => !a.startsWith('--') && i !== ti + 1);
  if (files.length === 0) {
    process.stderr.write('usage: node scripts/bench-profile.js FILE.cpuprofile... [--top N]\n');
    process.exit(2);
  }
  for (const file of files) summarise(file, top);
}

function summarise(file, top) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const label = (n) => {
    const cf = n.callFrame;
    const where = cf.url ? `${cf.url.replace(/^.*\/(node_modules|dist)\//, '$1/').replace(/^file:\/\//, '')}:${cf.lineNumber + 1}` : '';
    return `${cf.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };

  const areas = new Map();
  const fns = new Map();
  const incl = new Map();
  for (const [id, t] of self) {
    const n = byId.get(id);
    const a = area(n.callFrame.url, n.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + t);
    const l = label(n);
    fns.set(l, (fns.get(l) ?? 0) + t);
    // inclusive: every distinct function on the stack once
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const lab = label(byId.get(at));
      if (seen.has(lab)) continue;
      seen.add(lab);
      incl.set(lab, (incl.get(lab) ?? 0) + t);
    }
  }
  const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  const ms = (t) => `${(t / 1000).toFixed(0).padStart(6)} ms`;
  const print = (title, map, n) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`  ${pct(t)} ${ms(t)}  ${k}\n`);
  };
  process.stdout.write(`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled\n`);
  print('self time by area', areas, 30);
  print('self time by function', fns, top);
  print('inclusive time by function', incl, top);
}

process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err; // piped into head
});
main();
