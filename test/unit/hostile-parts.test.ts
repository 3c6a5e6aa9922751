/** The pieces that keep hostile input out, one by one (the whole CLI is held to them in test/adversarial). */
import { errorLine } from '../../src/cli/main';
import { listSome } from '../../src/errors';
import { ZstdFrames } from '../../src/analyze/layers/zstd-frames';
import { Xxh64 } from '../../src/analyze/layers/xxh64';
import { decompress } from '../../src/analyze/layers/decompress';
import { digestOf, digestProblem, hashToVerify } from '../../src/analyze/sources/digest';
import { checkConfig, checkDockerManifest, checkIndex, parseJson } from '../../src/analyze/sources/json-checks';
import { normalizePath } from '../../src/util/paths';
import { printable, printableCut } from '../../src/util/text';
import { skippableFrame, zstdFrame } from '../adversarial/tar-writer';

describe('printable', () => {
  it('escapes controls, bidi overrides and lone surrogates, and keeps the rest', () => {
    expect(printable('a\x1b[31mb\nc\u202ed\u2066e\u200ff\x9bg')).toBe('a\\x1b[31mb\\x0ac\\u202ed\\u2066e\\u200ff\\x9bg');
    expect(printable('\ud800x')).toBe('\\ud800x');
    expect(printable('ünïcödé 😀 日本')).toBe('ünïcödé 😀 日本');
    expect(printable('a\u2028b')).toBe('a\\u2028b');
  });

  it('cuts after escaping when given a length', () => {
    expect(printableCut('\x1b'.repeat(10), 8)).toBe('\\x1b\\x1b…');
    expect(printableCut('short', 8)).toBe('short');
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

  it('a hash to verify against, in the algorithm of the digest; refused naming the place', () => {
    const bytes = Buffer.from('x');
    const sha512 = digestOf(bytes, `sha512:${'a'.repeat(128)}`);
    expect(sha512).toMatch(/^sha512:[0-9a-f]{128}$/);
    expect(`sha512:${hashToVerify(sha512, 'x').update(bytes).digest('hex')}`).toBe(sha512);
    expect(digestOf(bytes)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(() => hashToVerify('md5:d41d8cd98f00b204e9800998ecf8427e', 'layer 1')).toThrow('layer 1: digest uses an unsupported algorithm (md5; sha256 and sha512 are read)');
    expect(() => hashToVerify(5, 'layer 1')).toThrow('layer 1: digest is not a string');
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
    for (let i = 0; i < b.length; ) i += f.check(b.subarray(i, i + 7));
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

describe('xxh64', () => {
  it('matches the reference digests (low 32 bits, as zstd stores them)', () => {
    const low = (s: string | Buffer): number => {
      const x = new Xxh64();
      // In uneven pieces: the stripe buffer must carry across updates.
      const b = Buffer.from(s);
      for (let i = 0; i < b.length; i += 13) x.update(b.subarray(i, i + 13));
      return x.digestLow32();
    };
    expect(low('')).toBe(0x51d8e999); // XXH64("") = ef46db3751d8e999
    expect(low('a')).toBe(0xa98c6e5b); // XXH64("a") = d24ec4f1a98c6e5b
    expect(low('abc')).toBe(0xad770999); // XXH64("abc") = 44bc2cf5ad770999
  });
});

describe('zstd checksums', () => {
  // Written by the zstd 1.5 command line (`zstd --check`): a compressed block, and the content's checksum.
  const REAL = Buffer.from('28b52ffd24a8e501001403696d676469657420636865636b73207a737464206672616d65756d73207769746820697473206f776e2058584836343b200200b4add2a8dc8907bfe48264', 'hex');
  const text = 'imgdiet checks zstd frame checksums with its own XXH64; '.repeat(3);
  const run = async (blob: Buffer): Promise<string> => {
    const { data } = await decompress((async function* () { yield blob; })());
    const parts: Buffer[] = [];
    for await (const c of data) parts.push(c);
    return Buffer.concat(parts).toString();
  };

  it('are verified: a frame zstd wrote decodes, and one whose stored checksum differs fails', async () => {
    expect(await run(REAL)).toBe(text);
    const bad = Buffer.from(REAL);
    bad[bad.length - 1] ^= 1;
    await expect(run(bad)).rejects.toThrow(/checksum does not match/);
  });
});
