/**
 * JSON output as a stream of bounded chunks: the text is exactly `JSON.stringify(value, null, 2)` plus a newline,
 * with DEL, C1, bidi controls and line separators also written as `\u` escapes, but never held as one string, so an
 * analysis of millions of entries is written without hitting V8's string length limit. The walk keeps its own stack:
 * deep input cannot overflow the call stack.
 */

/**
 * JSON.stringify escapes C0 controls and lone surrogates but leaves DEL, C1, bidi controls and line separators raw;
 * a terminal acts on them, so they are written as \u escapes too, which parse back to the same strings.
 */
const EXTRA_ESCAPES = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** About 64 Ki UTF-16 units per chunk: large enough that writes are few, small enough to never matter. */
export const CHUNK_CHARS = 64 * 1024;

/** A string as a JSON literal: JSON.stringify's escapes (lone surrogates too), then the extra ones. */
export function jsonString(s: string): string {
  return JSON.stringify(s).replace(EXTRA_ESCAPES, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The whole text as one string: for small documents (check reports, tests). */
export function jsonText(value: unknown): string {
  let text = '';
  for (const chunk of jsonChunks(value)) text += chunk;
  return text;
}

/** An object or array being written: its members in order, and how far the walk has come. */
interface Frame {
  holder: object;
  keys: string[] | null; // null for an array
  length: number;
  next: number;
  written: number;
  indent: string;
}

/** The text of `value` in chunks of about `chunkChars`; throws TypeError where JSON.stringify would. */
export function* jsonChunks(value: unknown, chunkChars: number = CHUNK_CHARS): Generator<string> {
  if (!(chunkChars >= 2)) throw new RangeError(`chunkChars ${chunkChars}: a chunk holds at least a surrogate pair`);
  const top = prepare('', value);
  if (top === undefined || typeof top === 'function' || typeof top === 'symbol') throw new TypeError(`JSON output needs a value JSON can write; got ${typeof top}`);
  const stack: Frame[] = [];
  const open = new Set<object>();
  let out = '';
  const write = (v: unknown, indent: string): void => {
    if (v !== null && typeof v === 'object') {
      if (open.has(v)) throw new TypeError('Converting circular structure to JSON');
      open.add(v);
      const keys = Array.isArray(v) ? null : Object.keys(v);
      stack.push({ holder: v, keys, length: keys === null ? (v as unknown[]).length : keys.length, next: 0, written: 0, indent });
      out += keys === null ? '[' : '{';
    } else out += literal(v);
  };
  write(top, '');
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    if (f.next === f.length) {
      out += f.written === 0 ? '' : `\n${f.indent}`;
      out += f.keys === null ? ']' : '}';
      open.delete(f.holder);
      stack.pop();
    } else {
      const key = f.keys === null ? String(f.next) : f.keys[f.next];
      f.next++;
      const v = prepare(key, (f.holder as Record<string, unknown>)[key]);
      const skip = v === undefined || typeof v === 'function' || typeof v === 'symbol';
      if (skip && f.keys !== null) continue; // omitted from objects, null in arrays (literal() writes it)
      const inner = `${f.indent}  `;
      out += `${f.written === 0 ? '\n' : ',\n'}${inner}${f.keys === null ? '' : `${jsonString(key)}: `}`;
      f.written++;
      write(v, inner);
    }
    if (out.length >= chunkChars) out = yield* fullChunks(out, chunkChars);
  }
  const rest = yield* fullChunks(`${out}\n`, chunkChars);
  if (rest !== '') yield rest;
}

/** Yields `text` in chunks of `n` units (one less rather than split a surrogate pair); returns the shorter rest. */
function* fullChunks(text: string, n: number): Generator<string, string> {
  while (text.length >= n) {
    const cut = splitAt(text, n);
    yield text.slice(0, cut);
    text = text.slice(cut);
  }
  return text;
}

/** Where to cut: at `n`, or one before when that would split a surrogate pair (written alone, it would become U+FFFD). */
function splitAt(s: string, n: number): number {
  const c = s.charCodeAt(n - 1);
  return c >= 0xd800 && c <= 0xdbff ? n - 1 : n;
}

/** What JSON.stringify writes for a member: its toJSON() result, and boxed primitives unboxed. */
function prepare(key: string, v: unknown): unknown {
  if (v !== null && (typeof v === 'object' || typeof v === 'bigint')) {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = toJSON.call(v, key);
  }
  if (v instanceof Number) return Number(v);
  if (v instanceof String) return String(v);
  if (v instanceof Boolean || v instanceof BigInt) return v.valueOf();
  return v;
}

/** A value that is not an object or array; anything JSON cannot write is null, as in an array. */
function literal(v: unknown): string {
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return JSON.stringify(v); // throws, as JSON.stringify does
  return 'null';
}

/** Writes `value` as JSON to `stream` chunk by chunk, waiting for 'drain' when the stream's buffer is full. */
export function writeJson(stream: NodeJS.WritableStream, value: unknown): Promise<void> {
  return writeChunks(stream, jsonChunks(value));
}

/**
 * Writes chunks in order with backpressure, producing each only when the stream takes it. A reader that went away
 * (EPIPE: `| head`) ends the writing quietly; bin/imgdiet.js then exits 0. Any other stream error is thrown.
 */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (gone(stream)) return;
    if (!stream.write(chunk)) await drained(stream);
  }
}

/** True once nothing more can be written; the stream's error, unless it is EPIPE. */
function gone(stream: NodeJS.WritableStream): boolean {
  const s = stream as { destroyed?: boolean; writableEnded?: boolean; errored?: Error | null };
  if (s.errored && !isEpipe(s.errored)) throw s.errored;
  return Boolean(s.destroyed || s.writableEnded || s.errored);
}

function isEpipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'EPIPE';
}

/** Resolves on 'drain', or on 'close' or EPIPE (the loop then sees the stream gone); rejects on other errors. */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: unknown): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      if (err instanceof Error && !isEpipe(err)) reject(err);
      else resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
