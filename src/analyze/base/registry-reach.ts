/**
 * Whether a registry answers at all, within a short time, before any fetch is made (see reachRegistry).
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { forbiddenAddress, guardedLookup } from '../sources/registry/net';
import { apiHost } from '../sources/registry/reference';

export type Reach = { scheme: 'https' | 'http' } | { reason: string };

/**
 * Which scheme the registry's API host answers in within `ms` (a TLS handshake, or for loopback and --insecure
 * hosts a plain connection when TLS fails), or why it does not. Done here and not with fetch: an aborted fetch
 * still holds the connection it is making until undici's own 10 s connect timeout, which keeps the process alive.
 */
export async function reachRegistry(host: string, secure: boolean, ms: number): Promise<Reach> {
  const api = apiHost(host);
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(api);
  const hostname = (m?.[1] ?? api).replace(/^\[|\]$/g, '');
  const port = m?.[2] ? Number(m[2]) : null;
  const deadline = Date.now() + ms;
  const left = (): number => Math.max(0, deadline - Date.now());
  const late = `did not answer within ${ms / 1000} s`;
  const https = await connectOnce(hostname, port ?? 443, true, left());
  if (https === 'ok') return { scheme: 'https' };
  if (https === 'timeout') return { reason: late };
  if (secure) return { reason: `could not be reached (${https})` };
  // A plain-http registry answers a TLS handshake with an error at once; without a port it is on 80.
  if (port !== null && !UNREACHABLE.has(https)) return { scheme: 'http' };
  const plain = await connectOnce(hostname, port ?? 80, false, left());
  if (plain === 'ok') return { scheme: 'http' };
  return { reason: plain === 'timeout' ? late : `could not be reached (${plain})` };
}

/** Connection errors that say nothing listens there (as opposed to something that does not speak TLS). */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EFORBIDDENADDR']);

/** `ok`, `timeout`, or the error's code. */
function connectOnce(hostname: string, port: number, secure: boolean, ms: number): Promise<string> {
  // The same address rule as every registry request: never a link-local or metadata address.
  if (forbiddenAddress(hostname)) return Promise.resolve('EFORBIDDENADDR');
  const lookup = guardedLookup();
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const socket = secure
      ? tls.connect({ host: hostname, port, lookup, servername: net.isIP(hostname) ? undefined : hostname }, () => finish('ok'))
      : net.connect({ host: hostname, port, lookup }, () => finish('ok'));
    socket.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
    const timer = setTimeout(() => finish('timeout'), ms);
  });
}
