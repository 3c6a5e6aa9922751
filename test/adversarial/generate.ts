/**
 * A seeded, deterministic generator of hostile local inputs: crafted cases for every class the hardening
 * covers (tar fields and names, decompression, JSON structure, OCI layout files, output escaping), and random
 * mutations of valid images (truncation, bit flips, values of the wrong type, swapped fields).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { BASE, Case, Generator, imageOf, imageOfConfig, rng, TOP, VALID } from './generator';
import { mutations } from './mutate';

export type { Case } from './generator';
import {
  dockerArchiveItems, ImageParts, manifestDigestOf, ociFiles, sha256, paxRecords, sha512, skippableFrame, tar, TarItem, zstdFrame,
} from './tar-writer';


export function generate(dir: string, seed = 12): Case[] {
  fs.mkdirSync(dir, { recursive: true });
  const g = new Generator(dir);
  tarCases(g);
  decompressionCases(g);
  structureCases(g);
  layoutCases(g);
  outputCases(g);
  mutations(g, rng(seed));
  return g.cases;
}

function tarCases(g: Generator): void {
  const one = (name: string, items: TarItem[], expect: Case['expect'], end = true): void => g.docker('tar', name, [tar(BASE), tar(items, end)], expect);
  for (const [n, size] of [['neg', '-1'], ['frac', '1.5'], ['0abc', '0abc'], ['huge', '99999999999999999999'], ['hex', '0x10'], ['space', ' 5']]) {
    one(`pax-size-${n}`, [{ name: 'f', data: 'abcde', pax: { size } }], 'error');
  }
  one('pax-uid-neg', [{ name: 'f', data: 'x', pax: { uid: '-5' } }], 'error');
  one('pax-size-ok', [{ name: 'f', data: 'abcde', pax: { size: '5' } }], 'ok');
  one('base256-negative', [{ name: 'f', data: 'x', sizeField: Buffer.alloc(12, 0xff) }], 'error');
  one('base256-huge', [{ name: 'f', data: 'x', sizeField: Buffer.from([0x80, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) }], 'error');
  one('base256-small', [{ name: 'f', data: 'abc', sizeField: Buffer.from([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]) }], 'ok');
  one('size-garbage', [{ name: 'f', data: 'x', sizeField: Buffer.from('zzzzzzzzzzz\0') }], 'any');
  one('size-beyond-data', [{ name: 'f', data: 'x', size: 5000 }], 'error', false);
  const globals = Array.from({ length: 6 }, (_, i) => ({ name: `g${i}`, type: 'g', data: paxRecords({ comment: 'x'.repeat(300 * 1024) }) }));
  one('pax-global-accumulate', [...globals, { name: 'f', data: 'x' }], 'error');
  one('pax-record-2mib', [{ name: 'f', data: 'x', pax: { comment: 'y'.repeat(2 * 1024 * 1024) } }], 'error');
  one('pax-record-len-zero', [{ name: 'f', data: 'x' }, { name: 'p', type: 'x', data: '0 path=a\n' }, { name: 'g', data: 'y' }], 'ok');
  for (const [n, name] of [['dot', '.'], ['dotdot', '..'], ['slash', '/'], ['dotslash', './'], ['a-dotdot', 'a/..'], ['deep-dotdot', '../../..']]) {
    one(`name-${n}-file`, [{ name, data: 'boom' }], 'error');
    one(`name-${n}-dir`, [{ name, type: '5' }, { name: 'f', data: 'x' }], 'ok');
  }
  one('name-a-dotdot-b', [{ name: 'a/../b', data: 'x' }], 'ok');
  one('name-escape-clamped', [{ name: '../../etc/shadow', data: 'x' }], 'ok');
  one('name-whiteout-empty', [{ name: 'etc/.wh.' }], 'error');
  one('name-whiteout-root', [{ name: '.wh.' }], 'error');
  one('hardlink-to-root', [{ name: 'l', type: '1', linkname: '..' }], 'ok');
  one('hardlink-to-missing', [{ name: 'l', type: '1', linkname: 'nope' }], 'ok');
  one('symlink-outside', [{ name: 'l', type: '2', linkname: '../../../../etc/passwd' }], 'ok');
  one('rewritten-1000', Array.from({ length: 1000 }, (_, i) => ({ name: 'same', data: `v${i}` })), 'ok');
  one('rewritten-with-link', [{ name: 's', data: 'one' }, { name: 'l', type: '1', linkname: 's' }, { name: 's', data: 'two' }], 'ok');
  one('dir-then-file-then-child', [{ name: 'd/', type: '5' }, { name: 'd/x', data: 'x' }, { name: 'd', data: 'file' }, { name: 'd/y', data: 'y' }], 'ok');
  one('file-then-dir', [{ name: 'd', data: 'file' }, { name: 'd/', type: '5' }, { name: 'd/x', data: 'x' }], 'ok');
  one('bad-checksum', [{ name: 'f', data: 'x', badChecksum: true }], 'error');
  one('no-end-blocks', [{ name: 'f', data: 'x' }], 'ok', false);
  one('gnu-longname', [{ name: '././@LongLink', type: 'L', data: `${'d/'.repeat(300)}f\0` }, { name: 'short', data: 'x' }], 'ok');
  one('gnu-longlink-2mib', [{ name: '././@LongLink', type: 'L', data: Buffer.alloc(2 * 1024 * 1024, 0x61) }, { name: 'short', data: 'x' }], 'error');
  const t = tar([{ name: 'f', data: Buffer.alloc(10000, 3) }]);
  g.docker('tar', 'truncated-layer', [tar(BASE), t.subarray(0, 5000)], 'error');
  g.docker('tar', 'empty-layer', [tar(BASE), Buffer.alloc(1024)], 'ok');
  g.docker('tar', 'not-a-tar-layer', [tar(BASE), Buffer.from('hello, this is not a tar at all'.repeat(40))], 'any');
}

function decompressionCases(g: Generator): void {
  const t = tar(TOP);
  const layer = (name: string, blob: Buffer, expect: Case['expect']): void => {
    const parts: ImageParts = { layers: [{ tar: tar(BASE), blob: tar(BASE) }, { tar: t, blob }] };
    g.archive('decompress', name, tar(dockerArchiveItems(parts)), expect);
  };
  const half = Math.floor(t.length / 2);
  layer('gzip-members', Buffer.concat([zlib.gzipSync(t.subarray(0, half)), zlib.gzipSync(t.subarray(half))]), 'ok');
  layer('gzip-trailing-zeros', Buffer.concat([zlib.gzipSync(t), Buffer.alloc(4096)]), 'ok');
  // After the tar's end-of-archive marker the blob is read (digest, size) but not decompressed.
  // zlib may meet the garbage in the same chunk as the tar's end, before the walk stops: either outcome is right.
  layer('gzip-trailing-garbage', Buffer.concat([zlib.gzipSync(t), Buffer.from('garbage after the member')]), 'any');
  layer('gzip-bomb-after-tar', Buffer.concat([zlib.gzipSync(t), zlib.gzipSync(Buffer.alloc(1024 * 1024 * 1024), { level: 1 })]), 'ok');
  layer('gzip-garbage-member', Buffer.concat([zlib.gzipSync(t.subarray(0, 1024)), Buffer.from('garbage where a member should be')]), 'error');
  layer('gzip-truncated', zlib.gzipSync(t).subarray(0, 40), 'error');
  layer('gzip-bad-crc', (() => { const b = zlib.gzipSync(t); b[b.length - 6] ^= 0xff; return b; })(), 'error');
  const big = tar([{ name: 'zeros', data: Buffer.alloc(100 * 1024 * 1024) }]);
  layer('gzip-bomb-100mb', zlib.gzipSync(big, { level: 9 }), 'ok');
  layer('zstd-raw', zstdFrame(t), 'ok');
  layer('zstd-checksum-flag', zstdFrame(t, { checksum: true }), 'ok');
  const badSum = zstdFrame(t, { checksum: true });
  badSum[badSum.length - 1] ^= 0x10;
  layer('zstd-checksum-wrong', badSum, 'error');
  layer('zstd-skippable', Buffer.concat([skippableFrame(Buffer.from('meta')), zstdFrame(t), skippableFrame(Buffer.alloc(0))]), 'ok');
  layer('zstd-two-frames', Buffer.concat([zstdFrame(t.subarray(0, half)), zstdFrame(t.subarray(half))]), 'ok');
  layer('zstd-window-1.9gb', zstdFrame(t, { windowByte: (20 << 3) | 7 }), 'error');
  layer('zstd-window-64mib', zstdFrame(t, { windowByte: 16 << 3 }), 'error');
  layer('zstd-window-32mib', zstdFrame(t, { windowByte: 15 << 3 }), 'ok');
  layer('zstd-truncated', zstdFrame(t).subarray(0, 100), 'error');
  layer('zstd-garbage-after', Buffer.concat([zstdFrame(t), Buffer.from('trailing!')]), 'ok');
  layer('zstd-garbage-between', Buffer.concat([zstdFrame(t.subarray(0, 1024)), Buffer.from('garbage!'), zstdFrame(t.subarray(1024))]), 'error');
  layer('zstd-reserved-block', Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0x58, 0x07, 0, 0])]), 'error');
  layer('zstd-rle-after-tar', Buffer.concat([zstdFrame(t), zstdFrame(Buffer.alloc(0), { rle: { byte: 0, count: 200 * 1024 * 1024 } })]), 'ok');
  layer('zstd-rle-garbage', zstdFrame(Buffer.alloc(0), { rle: { byte: 0x41, count: 50 * 1024 * 1024 } }), 'error');
  layer('zstd-skippable-huge-size', Buffer.concat([zstdFrame(t.subarray(0, 1024)), Buffer.from([0x50, 0x2a, 0x4d, 0x18, 0xff, 0xff, 0xff, 0xff])]), 'error');
}

function structureCases(g: Generator): void {
  const parts = imageOf(VALID());
  const docker = (name: string, over: Parameters<typeof dockerArchiveItems>[1], expect: Case['expect'] = 'error'): void =>
    g.archive('structure', name, tar(dockerArchiveItems(parts, over)), expect);
  const cfgName = `blobs/sha256/${sha256(Buffer.from(JSON.stringify(imageOfConfig(parts)))).slice(7)}`;
  const layerNames = parts.layers.map((l) => `blobs/sha256/${sha256(l.blob).slice(7)}`);
  const manifests: Array<[string, unknown]> = [
    ['null', null], ['object', {}], ['empty', []], ['number-item', [1]], ['config-number', [{ Config: 5, Layers: layerNames }]],
    ['layers-string', [{ Config: cfgName, Layers: 'a' }]], ['layers-numbers', [{ Config: cfgName, Layers: [1, 2] }]],
    ['repotags-string', [{ Config: cfgName, RepoTags: 'x', Layers: layerNames }]], ['layers-missing', [{ Config: cfgName }]],
    ['config-missing-file', [{ Config: 'nope.json', Layers: layerNames }]], ['layer-missing-file', [{ Config: cfgName, Layers: ['nope.tar'] }]],
    ['layers-2000', [{ Config: cfgName, Layers: Array(2000).fill(layerNames[0]) }]],
  ];
  for (const [n, m] of manifests) docker(`manifest-${n}`, { manifest: m });
  docker('manifest-deep', { manifest: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)) });
  docker('manifest-not-json', { manifest: Buffer.from('[{"Config": ') });
  docker('manifest-17mib', { manifest: Buffer.concat([Buffer.from('['), Buffer.alloc(17 * 1024 * 1024, 32), Buffer.from(']')]) });
  const configs: Array<[string, unknown]> = [
    ['null', null], ['array', []], ['history-object', { history: {} }], ['config-string', { config: 'x' }], ['env-numbers', { config: { Env: [1] } }],
    ['labels-numbers', { config: { Labels: { a: 1 } } }], ['diff-ids-numbers', { rootfs: { diff_ids: [5] } }], ['diff-ids-string', { rootfs: { diff_ids: 'x' } }],
    ['history-empty-layer-string', { history: [{ empty_layer: 'yes' }] }], ['healthcheck-string', { config: { Healthcheck: { Interval: '1s' } } }],
    ['arch-number', { architecture: 5 }], ['user-array', { config: { User: ['root'] } }], ['cmd-string', { config: { Cmd: 'sh' } }],
    ['diff-id-md5', { rootfs: { diff_ids: ['md5:abc'] } }], ['history-3', { history: [{}, {}, {}] }],
  ];
  for (const [n, c] of configs) docker(`config-${n}`, { configBytes: Buffer.from(JSON.stringify(c)) }, n === 'history-3' ? 'ok' : 'error');
  docker('config-deep', { configBytes: Buffer.from(`{"a":${'['.repeat(1000)}${']'.repeat(1000)}}`) });
  docker('config-17mib', { configBytes: Buffer.concat([Buffer.from('{'), Buffer.alloc(17 * 1024 * 1024, 32), Buffer.from('}')]) });
  g.archive('structure', 'manifest-800mib-declared', tar([{ name: 'manifest.json', data: '[', size: 800 * 1024 * 1024 }], false), 'error');

  const desc = (d: Record<string, unknown>) => ({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...d }] });
  const good = ociFiles(parts);
  const md = manifestDigestOf(good);
  const size = good.get(`blobs/sha256/${md.slice(7)}`)!.length;
  const indexes: Array<[string, unknown]> = [
    ['manifests-object', { manifests: {} }], ['no-manifests', {}], ['digest-bad', desc({ digest: 'sha256:zz', size })], ['size-negative', desc({ digest: md, size: -5 })],
    ['size-string', desc({ digest: md, size: '0abc' })], ['size-fraction', desc({ digest: md, size: 1.5 })], ['size-huge', desc({ digest: md, size: 2 ** 60 })],
    ['digest-md5', desc({ digest: 'md5:d41d8cd98f00b204e9800998ecf8427e', size })], ['digest-number', desc({ digest: 5, size })],
    ['annotations-number', desc({ digest: md, size, annotations: { 'org.opencontainers.image.ref.name': 5 } })], ['platform-string', desc({ digest: md, size, platform: 'linux' })],
    ['index-array', []], ['size-wrong', desc({ digest: md, size: size + 1 })],
  ];
  for (const [n, ix] of indexes) {
    g.oci('structure', `index-${n}`, parts, { index: ix }, 'error');
    g.oci('structure', `dir-index-${n}`, parts, { index: ix }, 'error', true);
  }
  const manifest = (layers: unknown, config?: unknown) => ({ schemaVersion: 2, config: config ?? { digest: sha256(Buffer.from(JSON.stringify(imageOfConfig(parts)))), size: 10 }, layers });
  g.oci('structure', 'manifest-layers-object', parts, { manifest: manifest({}) }, 'error');
  g.oci('structure', 'manifest-layer-md5', parts, { manifest: manifest([{ digest: 'md5:abc', size: 1 }]) }, 'error');
  g.oci('structure', 'manifest-no-config', parts, { manifest: { schemaVersion: 2, layers: [] } }, 'error');
  g.oci('structure', 'manifest-config-string', parts, { manifest: { schemaVersion: 2, config: 'x', layers: [] } }, 'error');
  // An index blob that names itself cannot hash to its own digest: it is caught as a mismatch, never followed.
  const selfDigest = `sha256:${'a'.repeat(64)}`;
  const selfIndex = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: selfDigest }] }));
  const selfOver = { index: { schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: selfDigest }] }, extra: new Map([[`blobs/sha256/${'a'.repeat(64)}`, selfIndex]]) };
  g.oci('structure', 'index-names-itself', parts, selfOver, 'error');
  g.oci('structure', 'dir-index-names-itself', parts, selfOver, 'error', true);
  // sha512 blobs are read and verified like sha256 ones.
  const cfg = Buffer.from(JSON.stringify(imageOfConfig(parts)));
  const s512 = (b: Buffer): string => `blobs/sha512/${sha512(b).slice(7)}`;
  const m512 = { schemaVersion: 2, config: { digest: sha512(cfg), size: cfg.length }, layers: parts.layers.map((l) => ({ mediaType: l.mediaType, digest: sha512(l.blob), size: l.blob.length })) };
  const mb = Buffer.from(JSON.stringify(m512));
  const extra512 = new Map<string, Buffer>([[s512(cfg), cfg], [s512(mb), mb], ...parts.layers.map((l) => [s512(l.blob), l.blob] as [string, Buffer])]);
  const ix512 = { schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha512(mb), size: mb.length }] };
  g.oci('structure', 'sha512-ok', parts, { index: ix512, extra: extra512 }, 'ok');
  g.oci('structure', 'dir-sha512-ok', parts, { index: ix512, extra: extra512 }, 'ok', true);
  const bad512 = new Map(extra512);
  bad512.set(s512(parts.layers[1].blob), zlib.gzipSync(tar([{ name: 'evil', data: 'x' }])));
  g.oci('structure', 'sha512-layer-mismatch', parts, { index: ix512, extra: bad512 }, 'error');
  g.oci('structure', 'dir-sha512-layer-mismatch', parts, { index: ix512, extra: bad512 }, 'error', true);
}


function layoutCases(g: Generator): void {
  const parts = imageOf(VALID());
  const files = ociFiles(parts);
  const md = manifestDigestOf(files);
  const m = JSON.parse(files.get(`blobs/sha256/${md.slice(7)}`)!.toString()) as { config: { digest: string }; layers: Array<{ digest: string }> };
  const blob = (d: string): string => `blobs/sha256/${d.slice(7)}`;
  const variant = (name: string, change: (dir: string) => void, expect: Case['expect'] = 'error'): void => {
    const dir = g.oci('layout', name, parts, {}, expect, true);
    change(dir);
  };
  const replace = (dir: string, rel: string, make: (p: string) => void): void => {
    fs.rmSync(path.join(dir, rel), { recursive: true, force: true });
    make(path.join(dir, rel));
  };
  variant('ok', () => undefined, 'ok');
  variant('no-oci-layout', (d) => fs.rmSync(path.join(d, 'oci-layout')));
  variant('oci-layout-v2', (d) => fs.writeFileSync(path.join(d, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}'));
  variant('oci-layout-number', (d) => fs.writeFileSync(path.join(d, 'oci-layout'), '{"imageLayoutVersion":1}'));
  variant('oci-layout-dev-zero', (d) => replace(d, 'oci-layout', (p) => fs.symlinkSync('/dev/zero', p)));
  variant('index-dev-zero', (d) => replace(d, 'index.json', (p) => fs.symlinkSync('/dev/zero', p)));
  variant('index-fifo', (d) => replace(d, 'index.json', (p) => execFileSync('mkfifo', [p])));
  variant('index-dir', (d) => replace(d, 'index.json', (p) => fs.mkdirSync(p)));
  variant('index-outside', (d) => replace(d, 'index.json', (p) => fs.symlinkSync('/etc/hostname', p)));
  variant('index-800mib-sparse', (d) => fs.truncateSync(path.join(d, 'index.json'), 800 * 1024 * 1024));
  variant('manifest-fifo', (d) => replace(d, blob(md), (p) => execFileSync('mkfifo', [p])));
  variant('config-dev-zero', (d) => replace(d, blob(m.config.digest), (p) => fs.symlinkSync('/dev/zero', p)));
  variant('config-200mb-sparse', (d) => fs.truncateSync(path.join(d, blob(m.config.digest)), 200_000_000));
  variant('config-outside', (d) => replace(d, blob(m.config.digest), (p) => fs.symlinkSync('/etc/passwd', p)));
  variant('config-altered', (d) => fs.appendFileSync(path.join(d, blob(m.config.digest)), ' '));
  variant('layer-dev-zero', (d) => replace(d, blob(m.layers[1].digest), (p) => fs.symlinkSync('/dev/zero', p)));
  variant('layer-fifo', (d) => replace(d, blob(m.layers[0].digest), (p) => execFileSync('mkfifo', [p])));
  variant('layer-dir', (d) => replace(d, blob(m.layers[0].digest), (p) => fs.mkdirSync(p)));
  variant('layer-outside-dotdot', (d) => replace(d, blob(m.layers[0].digest), (p) => fs.symlinkSync('../../../../../../etc/passwd', p)));
  variant('layer-missing', (d) => fs.rmSync(path.join(d, blob(m.layers[1].digest))));
  variant('layer-altered-same-size', (d) => {
    const p = path.join(d, blob(m.layers[1].digest));
    const b = fs.readFileSync(p);
    b[b.length - 9] ^= 1;
    fs.writeFileSync(p, b);
  });
  variant('layer-symlink-inside', (d) => {
    const p = path.join(d, blob(m.layers[0].digest));
    fs.renameSync(p, path.join(d, 'stash'));
    fs.symlinkSync('../../stash', p);
  }, 'ok');
  variant('blobs-dir-outside', (d) => {
    const out = path.join(g.dir, 'outside-blobs');
    if (!fs.existsSync(out)) fs.cpSync(path.join(d, 'blobs'), out, { recursive: true });
    replace(d, 'blobs', (p) => fs.symlinkSync(out, p));
  });
  // A plain tar layer is indexed, not read whole: altered, it passes unless --verify asks for every byte.
  const plain = imageOf(VALID(), 'none');
  const pf = ociFiles(plain);
  const pm = JSON.parse(pf.get(`blobs/sha256/${manifestDigestOf(pf).slice(7)}`)!.toString()) as { layers: Array<{ digest: string }> };
  for (const verify of [false, true]) {
    const name = `plain-layer-altered${verify ? '-verify' : ''}`;
    const dir = g.oci('layout', name, plain, {}, verify ? 'error' : 'ok', true);
    const p = path.join(dir, blob(pm.layers[1].digest));
    const b = fs.readFileSync(p);
    b[4 * 512 + 512 + 10] ^= 1; // inside tmp/x's content, not a header
    fs.writeFileSync(p, b);
    if (verify) g.cases[g.cases.length - 1].args.push('--verify');
  }
  g.oci('layout', 'verify-ok', plain, {}, 'ok', true);
  g.cases[g.cases.length - 1].args.push('--verify');
}

function outputCases(g: Generator): void {
  const nasty = ['esc\x1b[31mred', 'new\nline', 'bidi\u202eevil', 'iso\u2066x\u2069', 'mark\u200f', 'c1\u009bx', 'del\x7f', 'tab\there'];
  g.docker('output', 'names-hostile', [tar(BASE), tar(nasty.map((n) => ({ name: `x/${n}`, data: n })))], 'ok');
  g.docker('output', 'names-hostile-pax', [tar(BASE), tar(nasty.map((n, i) => ({ name: `p${i}`, data: n, pax: { path: `y/${n}`, linkpath: n } })))], 'ok');
  const parts = imageOf(VALID());
  const two = dockerArchiveItems(parts, { tags: [`a\x1b[2Jb:1`] });
  const m = JSON.parse(two[two.length - 1].data!.toString()) as Array<Record<string, unknown>>;
  const many = [...m, { ...m[0], RepoTags: ['c\u202e:2', 'd\nx:3'] }];
  g.archive('output', 'tags-hostile-two-images', tar([...two.slice(0, -1), { name: 'manifest.json', data: JSON.stringify(many) }]), 'error');
  const lots = Array.from({ length: 100_000 }, (_, i) => ({ ...m[0], RepoTags: [`t${i}:x`] }));
  g.archive('output', 'tags-100000-images', tar([...two.slice(0, -1), { name: 'manifest.json', data: JSON.stringify(lots) }]), 'error');
  g.archive('output', 'selector-hostile', tar(two), 'error', 'docker-archive', []);
  g.cases[g.cases.length - 1].args[0] += ':\x1b]0;owned\x07\u202e';
  g.cases.push({ name: 'path-hostile', cls: 'output', args: [`docker-archive:${path.join(g.dir, 'no\x1b[31msuch\nfile\u202e.tar')}`], expect: 'error' });
  g.oci('output', 'config-hostile-strings', imageOf(VALID(), 'gzip', {
    architecture: 'amd\x1b[5m64', os: 'linux\n', config: { User: 'ro\u202eot', Env: ['A=\x1b]8;;http://x\x07'], Labels: { 'k\x1b': 'v\u2066' }, Cmd: ['\x00sh'] },
    rootfs: { type: 'layers', diff_ids: VALID().map((t) => sha256(t)) }, history: [{ created_by: 'RUN \x1b[2J echo\nhi' }, { created_by: 'COPY \u202e x /' }],
  }), {}, 'ok');
}
