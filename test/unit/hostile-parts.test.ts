/** The pieces that keep hostile input out, one by one (the whole CLI is held to them in test/adversarial). */
import { errorLine } from '../../src/cli/main';
import { listSome } from '../../src/errors';
import { ZstdFrames } from '../../src/analyze/layers/zstd-frames';
import { digestProblem } from '../../src/analyze/sources/digest';
import { checkConfig, checkDockerManifest, checkIndex, parseJson } from '../../src/analyze/sources/json-checks';
import { normalizePath } from '../../src/analyze/layers/paths';
import { printable } from '../../src/report/units';
import { skippableFrame, zstdFrame } from '../adversarial/tar-writer';

describe('printable', () => {
  it('escapes controls, bidi overrides and lone surrogates, and keeps the rest', () => {
    expect(printable('a\x1b[31mb\nc\u202ed\u2066e\u200ff\x9bg')).toBe('a\\x1b[31mb\\x0ac\\u202ed\\u2066e\\u200ff\\x9bg');
    expect(printable('\ud800x')).toBe('\\ud800x');
    expect(printable('ünïcödé 😀 日本')).toBe('ünïcödé 😀 日本');
  });

  it('errors are one escaped line, cut', () => {
    expect(errorLine('two\nlines')).toBe('two\\x0alines');
    expect(errorLine('x'.repeat(2000))).toHaveLength(500);
    expect(listSome(Array.from({ length: 100_000 }, (_, i) => `t${i}`))).toBe('t0, t1, t2, t3, t4 … and 99,995 more');
  });
});

describe('digests', () => {
  it('one grammar: sha256 and sha512 with their lengths; other algorithms named', () => {
    expect(digestProblem(`sha256:${'a'.repeat(64)}`)).toBeNull();
    expect(digestProblem(`sha512:${'a'.repeat(128)}`)).toBeNull();
    expect(digestProblem(`sha256:${'a'.repeat(63)}`)).toMatch(/not a sha256 or sha512/);
    expect(digestProblem(`sha256:${'A'.repeat(64)}`)).toMatch(/not a sha256 or sha512/);
    expect(digestProblem('md5:d41d8cd98f00b204e9800998ecf8427e')).toMatch(/unsupported algorithm \(md5/);
    expect(digestProblem(5)).toMatch(/not a string/);
  });
});

describe('JSON checks', () => {
  it('refuses deep nesting before parsing, but not brackets in strings', () => {
    expect(() => parseJson(Buffer.from('['.repeat(65) + ']'.repeat(65)), 'x')).toThrow(/deeper than 64/);
    expect(parseJson(Buffer.from(`["${'['.repeat(100)}"]`), 'x')).toEqual(['['.repeat(100)]);
    expect(parseJson(Buffer.from('["\\"[[["]'), 'x')).toEqual(['"[[[']);
  });

  it('names the file and the field', () => {
    expect(() => checkDockerManifest([{ Config: 'c', Layers: ['a', 5] }], 'a.tar: manifest.json')).toThrow('a.tar: manifest.json: [0].Layers[1] is not a string');
    expect(() => checkConfig({ config: { Env: ['A=1', 2] } }, 'cfg')).toThrow('cfg: config.Env[1] is not a string');
    expect(() => checkConfig({ history: [{ empty_layer: 'yes' }] }, 'cfg')).toThrow('cfg: history[0].empty_layer is not true or false');
    expect(() => checkIndex({ manifests: [{ digest: `sha256:${'a'.repeat(64)}`, size: -5 }] }, 'index.json')).toThrow('index.json: manifests[0].size is not a non-negative integer');
    expect(() => checkIndex({ manifests: [{ digest: `sha256:${'a'.repeat(64)}`, size: '0abc' }] }, 'index.json')).toThrow(/size is not a non-negative integer/);
    expect(() => checkIndex({}, 'index.json')).toThrow('index.json: manifests is missing');
  });
});

describe('zstd frames', () => {
  const check = (b: Buffer): void => {
    const f = new ZstdFrames();
    for (let i = 0; i < b.length; i += 7) f.check(b.subarray(i, i + 7));
    f.end();
  };

  it('follows raw, RLE, checksummed and skippable frames fed in small pieces', () => {
    check(Buffer.concat([skippableFrame(Buffer.from('x')), zstdFrame(Buffer.alloc(300_000, 1), { checksum: true }), zstdFrame(Buffer.alloc(0), { rle: { byte: 0, count: 1 << 20 } })]));
  });

  it('refuses a large window, a reserved block, a cut frame and trailing data', () => {
    expect(() => check(zstdFrame(Buffer.from('x'), { windowByte: (20 << 3) | 7 }))).toThrow(/2013265920-byte window/);
    expect(() => check(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0x58, 0x07, 0, 0]))).toThrow(/reserved/);
    expect(() => check(zstdFrame(Buffer.alloc(1000)).subarray(0, 500))).toThrow(/truncated/);
    expect(() => check(Buffer.concat([zstdFrame(Buffer.from('x')), Buffer.from('junk')]))).toThrow(/not a zstd frame/);
  });
});

describe('paths', () => {
  it('one rule: root names normalise to the root, .. clamps there', () => {
    for (const n of ['.', '..', '/', './', 'a/..', '../../..']) expect(normalizePath(n)).toBe('');
    expect(normalizePath('a/../b')).toBe('b');
    expect(normalizePath('../../etc/x')).toBe('etc/x');
    expect(normalizePath('./a//b/./c/')).toBe('a/b/c');
  });
});
