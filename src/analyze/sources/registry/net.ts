/**
 * How imgdiet talks HTTP to registries: every connection's address checked after the name is resolved, and a
 * limit on every wait (connect, response headers, a body that stalls or drips, the whole read).
 */
import * as dns from 'node:dns';
import * as net from 'node:net';
import type * as Undici from 'undici';
import { UsageError } from '../../../errors';

/** Time limits and tries; the defaults are documented in README's Security section. */
export interface NetSettings {
  /** The whole read of one image from a registry (--timeout). */
  totalMs: number;
  connectMs: number;
  /** From the request sent to the response's headers. */
  headersMs: number;
  /** A body with no byte for this long fails; it is also the window the minimum rate is measured over. */
  idleMs: number;
  /** A body slower than this over a whole idle window fails (a registry dripping a byte a second). */
  minBytesPerSecond: number;
  /** Retry-After is honoured up to this; a registry asking for longer fails at once. */
  retryAfterCapMs: number;
  /** Tries for one request, first included. */
  attempts: number;
  /** First back-off; doubles each time. */
  backoffMs: number;
  /** Extra trusted CA certificates in PEM (tests; users have NODE_EXTRA_CA_CERTS). */
  ca?: string[];
  /** Resolves a name to all its addresses (tests point names at loopback). */
  resolve?: Resolver;
  /** Waits between tries (tests record the waits instead of sleeping). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const DEFAULT_NET: NetSettings = {
  totalMs: 300_000,
  connectMs: 10_000,
  headersMs: 30_000,
  idleMs: 30_000,
  minBytesPerSecond: 1024,
  retryAfterCapMs: 60_000,
  attempts: 5,
  backoffMs: 250,
};

/** Seconds in the environment, each overriding one default; --timeout (totalMs given) wins over IMGDIET_TIMEOUT. */
const ENV_SECONDS: Array<[string, keyof NetSettings]> = [
  ['IMGDIET_TIMEOUT', 'totalMs'],
  ['IMGDIET_CONNECT_TIMEOUT', 'connectMs'],
  ['IMGDIET_HEADERS_TIMEOUT', 'headersMs'],
  ['IMGDIET_IDLE_TIMEOUT', 'idleMs'],
];

export function netSettings(env: NodeJS.ProcessEnv, given: Partial<NetSettings> = {}): NetSettings {
  const out: NetSettings = { ...DEFAULT_NET };
  for (const [name, key] of ENV_SECONDS) {
    if (env[name] !== undefined && env[name] !== '') (out[key] as number) = parseSeconds(env[name] as string, `$${name}`);
  }
  if (env.IMGDIET_MIN_RATE) out.minBytesPerSecond = parseCount(env.IMGDIET_MIN_RATE, '$IMGDIET_MIN_RATE');
  for (const [k, v] of Object.entries(given)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

/** `30`, `2.5` → milliseconds; anything else is a usage error naming where it came from. */
export function parseSeconds(text: string, where: string): number {
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || Number(text) <= 0) throw new UsageError(`${where} must be a number of seconds above 0, not "${text}"`);
  return Math.round(Number(text) * 1000);
}

function parseCount(text: string, where: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${where} must be a whole number of bytes per second, not "${text}"`);
  return Number(text);
}

/** Addresses no registry lives at and a redirect must never reach: link-local and cloud metadata services. */
const FORBIDDEN = new net.BlockList();
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4');
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6');
FORBIDDEN.addAddress('fd00:ec2::254', 'ipv6');

export function forbiddenAddress(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && FORBIDDEN.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** A connection refused before it was made; never tried again. */
export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDR';
}

const systemResolve: Resolver = (hostname) =>
  new Promise((resolve, reject) => dns.lookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/**
 * A `lookup` for net.connect: every address of the name is checked and the connection goes to one of those
 * checked (no second resolution that could answer differently: DNS rebinding). IP literals never reach a lookup:
 * checkUrl covers them.
 */
export function guardedLookup(resolve: Resolver = systemResolve): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (all) => {
        const bad = all.find((a) => forbiddenAddress(a.address));
        if (bad) return callback(new ForbiddenAddressError(`${hostname} resolves to ${bad.address}, a link-local or metadata address`));
        const usable = options.family ? all.filter((a) => a.family === options.family) : all;
        if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }));
        if (options.all) return callback(null, usable);
        return callback(null, usable[0].address, usable[0].family);
      },
      (err) => callback(err),
    );
  }) as unknown as net.LookupFunction;
}

/** Refuses a URL imgdiet must not ask: a scheme other than http(s), or a forbidden literal address. */
export function checkUrl(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol.replace(/:$/, '')} is not http or https`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (forbiddenAddress(host)) return `${host} is a link-local or metadata address`;
  return null;
}

export interface HttpResponse {
  status: number;
  url: URL;
  header(name: string): string | null;
  /** The body, failing when it stalls or drips (see NetSettings.idleMs). Read it once, or discard it. */
  body: AsyncIterable<Buffer>;
  discard(): Promise<void>;
}

/** The connections of one image read: one agent, closed when the read ends (which aborts what is in flight). */
export class Http {
  private readonly agent: Undici.Agent;

  constructor(readonly settings: NetSettings) {
    // Loaded here: only a registry read needs it, and it takes longer to load than the CLI itself.
    const { Agent } = require('undici') as typeof Undici;
    this.agent = new Agent({
      connect: { timeout: settings.connectMs, lookup: guardedLookup(settings.resolve), ...(settings.ca ? { ca: settings.ca } : {}) },
      headersTimeout: settings.headersMs,
      bodyTimeout: settings.idleMs,
    });
  }

  /** One GET, no redirect followed. */
  async get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<HttpResponse> {
    const res = await (require('undici') as typeof Undici).request(url, { method: 'GET', headers, signal, dispatcher: this.agent as Undici.Dispatcher });
    const body = res.body;
    // Destroying an unread body emits an error nobody waits for: it is expected, not a failure.
    body.on('error', () => undefined);
    const settings = this.settings;
    return {
      status: res.statusCode,
      url,
      header: (name) => {
        const v = res.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
      body: rateGuard(body, settings),
      discard: async () => {
        body.destroy();
      },
    };
  }

  close(): void {
    this.agent.destroy().catch(() => undefined);
  }
}

/** A body too slow over a whole window fails; a body with no byte at all is ended by undici's bodyTimeout. */
async function* rateGuard(body: AsyncIterable<Buffer> & { destroy(err?: Error): void }, settings: NetSettings): AsyncGenerator<Buffer> {
  let windowStart = Date.now();
  let inWindow = 0;
  try {
    for await (const chunk of body) {
      inWindow += chunk.length;
      const now = Date.now();
      if (now - windowStart >= settings.idleMs) {
        const rate = (inWindow * 1000) / (now - windowStart);
        if (rate < settings.minBytesPerSecond) {
          throw Object.assign(new Error(`sending under ${settings.minBytesPerSecond} B/s (${Math.round(rate)} B/s over ${Math.round((now - windowStart) / 1000)} s)`), { code: 'ETOOSLOW' });
        }
        windowStart = now;
        inWindow = 0;
      }
      yield chunk;
    }
  } finally {
    body.destroy();
  }
}
