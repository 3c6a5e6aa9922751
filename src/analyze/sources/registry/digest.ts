import { createHash, Hash } from 'node:crypto';
import { InputError } from '../../../errors';

/** The algorithms the OCI image spec registers, with their hex lengths. */
const ALGORITHMS: Record<string, number> = { sha256: 64, sha512: 128 };

/**
 * A hash to verify bytes against `digest`, or an error when the digest is malformed or uses an algorithm imgdiet
 * cannot verify (nothing is read unverified). `where` names the descriptor in the message.
 */
export function digestHash(digest: unknown, where: string): { hash: Hash; algorithm: string; hex: string } {
  const text = typeof digest === 'string' ? digest : '';
  const m = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(text);
  if (!m) throw new InputError(`${where} has no valid digest (${typeof digest === 'string' ? JSON.stringify(digest.slice(0, 80)) : typeof digest})`);
  const [, algorithm, hex] = m;
  const length = ALGORITHMS[algorithm];
  if (length === undefined) throw new InputError(`${where} uses digest algorithm ${algorithm}, which cannot be verified; only sha256 and sha512 are accepted`);
  if (hex.length !== length || !/^[0-9a-f]+$/.test(hex)) throw new InputError(`${where} has a malformed ${algorithm} digest (${length} lower-case hex digits expected)`);
  return { hash: createHash(algorithm), algorithm, hex };
}

/** The digest of bytes in the same algorithm as `expected` (sha256 when none is expected). */
export function digestOf(bytes: Buffer, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}
