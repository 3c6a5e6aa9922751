/**
 * Answering a registry's auth challenge. Credentials go to two places only: the registry's own origin (Basic, or
 * the token it hands out) and the token service (realm) that the registry itself named in its challenge.
 */
import type { Credentials } from './credentials';
import { RegistryError } from './failure';
import type { HttpResponse } from './net';
import { printableCut } from '../../../util/text';

/** A token answer is small; a larger one is not read. */
const MAX_TOKEN_BYTES = 1024 * 1024;

/** `Bearer realm="…",service="…",scope="…"` → scheme and parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } | null {
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/(\w+)="([^"]*)"/g)) params[p[1].toLowerCase()] = p[2];
  return { scheme: m[1].toLowerCase(), params };
}

export function basic(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.secret}`).toString('base64')}`;
}

/** What answering needs from the client: a GET that follows redirects, sending `auth` only to its origin. */
export interface ChallengeContext {
  host: string;
  repository: string;
  /** The registry's scheme: an https registry's realm must be https too. */
  scheme: 'https' | 'http';
  credentials: Credentials | null;
  follow(url: URL, auth: { origin: string; value: string } | null, what: string): Promise<HttpResponse>;
  fail(res: HttpResponse, what: string): Promise<RegistryError>;
  readCapped(res: HttpResponse, max: number, what: string): Promise<Buffer>;
}

/** The Authorization header to send from now on, or null when the challenge asks for nothing imgdiet can give. */
export async function answerChallenge(header: string, c: ChallengeContext): Promise<string | null> {
  const challenge = parseChallenge(header);
  if (challenge?.scheme === 'basic') return c.credentials ? basic(c.credentials) : null;
  if (challenge?.scheme !== 'bearer' || !challenge.params.realm) return null;
  let url: URL;
  try {
    url = new URL(challenge.params.realm);
  } catch {
    throw new RegistryError(`registry ${c.host} named a token service that is not a URL (${printableCut(challenge.params.realm, 80)})`, null, [], false);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RegistryError(`registry ${c.host} named a token service at a ${printableCut(url.protocol, 20)} URL; only https is used`, null, [], false);
  }
  if (c.scheme === 'https' && url.protocol === 'http:') {
    throw new RegistryError(`registry ${c.host} named a plain-http token service (${printableCut(url.host, 80)}) for an https registry; refused, credentials would travel in clear`, null, [], false);
  }
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  url.searchParams.set('scope', challenge.params.scope ?? `repository:${c.repository}:pull`);
  const auth = c.credentials ? { origin: url.origin, value: basic(c.credentials) } : null;
  const res = await c.follow(url, auth, `the token service of ${c.host}`);
  if (res.status < 200 || res.status >= 300) throw await c.fail(res, 'token');
  const raw = await c.readCapped(res, MAX_TOKEN_BYTES, `the token from ${c.host}`);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new RegistryError(`the token service of ${c.host} answered with something that is not JSON`, null, [], false);
  }
  const b = (body ?? {}) as { token?: unknown; access_token?: unknown };
  const token = typeof b.token === 'string' ? b.token : typeof b.access_token === 'string' ? b.access_token : null;
  // A token with a line break or control character would make a malformed header: refuse it.
  if (token !== null && /^[\x21-\x7e]+$/.test(token)) return `Bearer ${token}`;
  return null;
}
