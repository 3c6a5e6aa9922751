import { createHash, Hash } from 'node:crypto';
import { InputError } from '../../errors';

/**
 * The digests imgdiet reads, one grammar for every source: the algorithms the OCI image spec registers, with
 * their exact hex lengths. Any other well-formed algorithm is named as unsupported rather than trusted unread.
 */
const KNOWN = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const ANY = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function isDigest(text: unknown): text is string {
  return typeof text === 'string' && KNOWN.test(text);
}

/** The reason `text` is not a digest imgdiet can verify, or null when it is one. */
export function digestProblem(text: unknown): string | null {
  if (isDigest(text)) return null;
  if (typeof text !== 'string') return 'is not a string';
  if (ANY.test(text) && !/^sha(256|512):/.test(text)) return `uses an unsupported algorithm (${text.slice(0, text.indexOf(':')).slice(0, 20)}; sha256 and sha512 are read)`;
  return 'is not a sha256 or sha512 digest';
}

export function hashFor(digest: string): Hash {
  return createHash(algorithmOf(digest));
}

function algorithmOf(digest: string): 'sha256' | 'sha512' {
  return digest.startsWith('sha512:') ? 'sha512' : 'sha256';
}

/** A hash to check bytes against `digest`, or an error naming `where` when imgdiet cannot verify that digest. */
export function hashToVerify(digest: unknown, where: string): Hash {
  const bad = digestProblem(digest);
  if (bad) throw new InputError(`${where}: digest ${bad}`);
  return hashFor(digest as string);
}

/** The digest of `raw` in the algorithm of `like` (sha256 when none is given). */
export function digestOf(raw: Buffer, like: string | null = null): string {
  const algorithm = algorithmOf(like ?? '');
  return `${algorithm}:${createHash(algorithm).update(raw).digest('hex')}`;
}

/** Fails when `raw` does not hash to `digest`. */
export function verifyBytes(raw: Buffer, digest: string, what: string): void {
  if (digestOf(raw, digest) !== digest) throw mismatch(what, digest);
}

export function mismatch(what: string, digest: string): InputError {
  return new InputError(`${what} does not match its digest ${digest} (corrupt or altered)`);
}

/** Passes a blob's bytes through, and fails at its end when they do not hash to `digest`. */
export async function* verified(source: AsyncIterable<Buffer>, digest: string, what: string): AsyncGenerator<Buffer> {
  const hash = hashFor(digest);
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
  if (`${algorithmOf(digest)}:${hash.digest('hex')}` !== digest) throw mismatch(what, digest);
}
