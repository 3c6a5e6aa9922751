/**
 * JSON written in chunks (src/util/json-stream.ts): the chunks joined are byte for byte what JSON.stringify with two
 * spaces writes, plus the extra \u escapes and a newline, over thousands of random values; chunks stay bounded on a
 * large value; a slow stream gets every chunk in order; a reader that went away ends the writing quietly.
 */
import { Writable } from 'node:stream';
import { CHUNK_CHARS, jsonChunks, jsonText, writeChunks, writeJson } from '../../src/util/json-stream';
import { random } from '../helpers/random-image';

/** The text as it was written before streaming: the definition the chunks are held to. */
const EXTRA = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function reference(v: unknown): string {
  return `${JSON.stringify(v, null, 2).replace(EXTRA, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

const joined = (v: unknown, size?: number): string => [...jsonChunks(v, size)].join('');

/** Characters that JSON or a terminal treats specially, and ordinary ones. */
const NASTY = ['\u0000', '\u0001', '\b', '\t', '\n', '\r', '\u001b', '"', '\\', '/', '\u007f', '\u0080', '\u0085', '\u009b', '\u009f',
  '\u00a0', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069', '\ud800', '\udbff', '\udc00', '\udfff',
  '😀', '👩‍👩‍👧', 'é', 'ß', '中', 'a', 'Z', '0', ' ', '\ufeff', '\uffff'];

function randomString(r: () => number): string {
  const long = r() < 0.02;
  const n = long ? 70_000 + Math.floor(r() * 1000) : Math.floor(r() * 12);
  let s = '';
  for (let i = 0; i < n; i++) s += r() < 0.5 ? NASTY[Math.floor(r() * NASTY.length)] : String.fromCharCode(Math.floor(r() * 0x10000));
  return s;
}

const NUMBERS = [0, -0, 1, -1, 1.5, 1e21, 1e-7, -1e300, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, NaN, Infinity, -Infinity];
const KEYS = ['a', 'b', '0', '1', '10', '2', '-1', '01', '4294967295', '', 'path', 'bytes', '__proto__x'];

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 4 ? 7 : 10));
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return NUMBERS[Math.floor(r() * NUMBERS.length)];
    case 3: return Math.floor(r() * 2e6) - 1e6;
    case 4: case 5: return randomString(r);
    case 6: return [undefined, () => 1, Symbol('s')][Math.floor(r() * 3)];
    case 7: return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
    case 8: {
      const o: Record<string, unknown> = {};
      const n = Math.floor(r() * 6);
      for (let i = 0; i < n; i++) o[r() < 0.3 ? randomString(r) : KEYS[Math.floor(r() * KEYS.length)]] = randomValue(r, depth + 1);
      return o;
    }
    default: return r() < 0.5 ? new Date(Math.floor(r() * 4e12)) : { toJSON: (key: string) => ({ key, inner: [1, undefined] }) };
  }
}

describe('jsonChunks joined', () => {
  test('equals JSON.stringify(v, null, 2) with the extra escapes, over 3000 seeded random values', () => {
    const r = random(20261205);
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      // Top-level undefined, functions and symbols have no JSON text: wrap them in an array.
      let v = randomValue(r, 0);
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') v = [v];
      const size = r() < 0.3 ? 2 + Math.floor(r() * 40) : undefined;
      expect(joined(v, size)).toBe(reference(v));
      compared++;
    }
    expect(compared).toBe(3000);
  });

  test.each([
    ['empty object and array', { a: {}, b: [], c: [{}, []] }, '{\n  "a": {},\n  "b": [],\n  "c": [\n    {},\n    []\n  ]\n}\n'],
    ['undefined, functions and symbols: left out of objects, null in arrays', { u: undefined, f: () => 1, s: Symbol('x'), a: [undefined, () => 1, Symbol('y')] }, '{\n  "a": [\n    null,\n    null,\n    null\n  ]\n}\n'],
    ['an object with only left-out members', { u: undefined }, '{}\n'],
    ['NaN, infinities and -0', [NaN, Infinity, -Infinity, -0], '[\n  null,\n  null,\n  null,\n  0\n]\n'],
    ['integer-like keys first, ascending, as Object.keys orders them', { b: 1, 2: 2, a: 3, 1: 4 }, '{\n  "1": 4,\n  "2": 2,\n  "b": 1,\n  "a": 3\n}\n'],
    ['toJSON with its key', { d: new Date(0), k: { toJSON: (key: string) => `key=${key}` } }, '{\n  "d": "1970-01-01T00:00:00.000Z",\n  "k": "key=k"\n}\n'],
    ['boxed primitives', [Object(1), Object('s'), Object(false)], '[\n  1,\n  "s",\n  false\n]\n'],
    ['extra escapes, lone surrogates as JSON.stringify writes them', ['\u007f\u0085\u202e\u2028 \ud800 😀'], '[\n  "\\u007f\\u0085\\u202e\\u2028 \\ud800 😀"\n]\n'],
    ['the extra escapes in keys too', { '\u202e': 1 }, '{\n  "\\u202e": 1\n}\n'],
    ['a scalar', 'x', '"x"\n'],
  ])('%s', (_name, value, text) => {
    expect(joined(value)).toBe(text);
    expect(reference(value)).toBe(text);
    expect(jsonText(value)).toBe(text);
  });

  test('throws where JSON.stringify throws: cycles, BigInt; and on a value with no JSON text', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    expect(() => joined(cycle)).toThrow(new TypeError('Converting circular structure to JSON'));
    expect(() => joined({ n: 1n })).toThrow(TypeError);
    expect(() => joined(undefined)).toThrow(TypeError);
    // The same object twice, not nested in itself, is no cycle.
    const shared = { x: 1 };
    expect(joined([shared, shared])).toBe(reference([shared, shared]));
  });

  test('deep nesting is walked with its own stack: 3,000 levels, the same text', () => {
    let v: unknown = { leaf: '\u2028' };
    for (let i = 0; i < 3000; i++) v = i % 2 ? [v] : { k: v };
    expect(joined(v)).toBe(reference(v));
  });
});

describe('chunk sizes', () => {
  test('a ~20 MB value comes in chunks of at most CHUNK_CHARS, and joins to the same text', () => {
    const files = Array.from({ length: 200_000 }, (_, i) => ({ path: `usr/lib/x86_64-linux-gnu/file-${i}\u202e.so`, bytes: i * 7, layer: i % 9 }));
    const value = { files, big: 'é😀'.repeat(1_000_000) };
    const chunks = [...jsonChunks(value)];
    const text = chunks.join('');
    expect(text.length).toBeGreaterThan(20_000_000);
    expect(text).toBe(reference(value));
    // Full chunks but the last; one short where a full one would end inside a surrogate pair.
    const sizes = new Set(chunks.slice(0, -1).map((c) => c.length));
    expect([...sizes].sort()).toEqual([CHUNK_CHARS - 1, CHUNK_CHARS]);
    expect(chunks[chunks.length - 1].length).toBeLessThanOrEqual(CHUNK_CHARS);
  });

  test.each([
    ['in an array', ['😀'.repeat(50), 'a😀'.repeat(50)]],
    ['a lone string', 'a😀'.repeat(50)],
  ])('a chunk never ends inside a surrogate pair nor passes the bound: %s', (_name, value) => {
    for (let size = 2; size < 12; size++) {
      const chunks = [...jsonChunks(value, size)];
      for (const c of chunks) expect({ pairSplit: /[\ud800-\udbff]$/.test(c), over: c.length > size }).toEqual({ pairSplit: false, over: false });
      expect(chunks.join('')).toBe(reference(value));
    }
  });

  test('one long string alone is cut too', () => {
    const chunks = [...jsonChunks('x'.repeat(200_000))];
    expect(chunks.map((c) => c.length)).toEqual([CHUNK_CHARS, CHUNK_CHARS, CHUNK_CHARS, 200_000 + 3 - 3 * CHUNK_CHARS]);
  });
});

/** A stream that takes one chunk at a time, after a delay, with a small buffer: write() returns false often. */
function slowSink(): { stream: Writable; received: string[]; drains: () => number } {
  const received: string[] = [];
  let drains = 0;
  const stream = new Writable({
    highWaterMark: 1024,
    decodeStrings: false,
    write(chunk: string, _enc, done) {
      received.push(chunk);
      setTimeout(done, 1);
    },
  });
  stream.on('drain', () => drains++);
  return { stream, received, drains: () => drains };
}

describe('writeJson', () => {
  test('a slow stream receives every chunk, in order, waiting for drain between them', async () => {
    const value = Array.from({ length: 20_000 }, (_, i) => ({ i, name: `n${i}\u2028` }));
    const sink = slowSink();
    await writeJson(sink.stream, value);
    expect(sink.received.join('')).toBe(reference(value));
    expect(sink.received.length).toBe([...jsonChunks(value)].length);
    // Every chunk overfills the 1 KiB buffer: one drain each.
    expect(sink.drains()).toBe(sink.received.length);
  });

  test('produces a chunk only when the stream takes it', async () => {
    const sink = slowSink();
    let produced = 0;
    let maxAhead = 0;
    function* chunks(): Generator<string> {
      for (let i = 0; i < 50; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - sink.received.length);
        yield 'x'.repeat(2048);
      }
    }
    await writeChunks(sink.stream, chunks());
    expect(sink.received.length).toBe(50);
    expect(maxAhead).toBeLessThanOrEqual(2);
  });

  test('a reader that went away (EPIPE) ends the writing quietly; other errors are thrown', async () => {
    const fail = (code: string): Writable =>
      new Writable({
        highWaterMark: 16,
        write(_chunk, _enc, done) {
          done(Object.assign(new Error(`write ${code}`), { code }));
        },
      });
    const epipe = fail('EPIPE');
    epipe.on('error', () => undefined);
    await expect(writeJson(epipe, Array.from({ length: 10_000 }, (_, i) => i))).resolves.toBeUndefined();
    const eio = fail('EIO');
    eio.on('error', () => undefined);
    await expect(writeJson(eio, Array.from({ length: 10_000 }, (_, i) => i))).rejects.toThrow('write EIO');
  });
});
