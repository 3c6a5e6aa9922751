/**
 * The pieces the registry client's safety rests on, in process and without waiting: which addresses are refused,
 * the resolver seam (a name resolving to a metadata address among others), Retry-After, and the limits read from the
 * environment (digests and JSON depth are tested with every source's, in hostile-parts).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { analyzeImage } from '../../src/pipeline';
import { reachRegistry } from '../../src/analyze/base/registry-reach';
import { parseRetryAfter } from '../../src/analyze/sources/registry/client';
import { checkUrl, DEFAULT_NET, forbiddenAddress, netSettings } from '../../src/analyze/sources/registry/net';
import { UsageError } from '../../src/errors';

describe('forbidden addresses', () => {
  it.each(['169.254.169.254', '169.254.0.1', 'fe80::1', 'febf:ffff::1', 'fd00:ec2::254', '::ffff:169.254.169.254'])('%s is refused', (a) => {
    expect(forbiddenAddress(a)).toBe(true);
  });

  it.each(['127.0.0.1', '::1', '10.0.0.1', '169.255.0.1', 'fec0::1', 'fd00:ec2::253', 'registry.example.com'])('%s is not', (a) => {
    expect(forbiddenAddress(a)).toBe(false);
  });

  it('checkUrl refuses other schemes and forbidden literals, brackets and all', () => {
    expect(checkUrl(new URL('ftp://x/y'))).toBe('ftp is not http or https');
    expect(checkUrl(new URL('http://[fe80::abcd]/'))).toMatch(/link-local or metadata address$/);
    expect(checkUrl(new URL('http://[::ffff:a9fe:a9fe]/'))).toMatch(/link-local or metadata address$/);
    expect(checkUrl(new URL('https://127.0.0.1:5000/v2/'))).toBeNull();
  });
});

describe('the base lookups’ reach probe', () => {
  it('never connects to a metadata address: refused before any packet', async () => {
    expect(await reachRegistry('169.254.169.254:5000', false, 1000)).toEqual({ reason: 'could not be reached (EFORBIDDENADDR)' });
  });
});

describe('the resolver seam', () => {
  it('a redirect to a name with a metadata address among its addresses: refused before any connection', async () => {
    let asked = 0;
    const server = http.createServer((_req, res) => {
      asked++;
      res.writeHead(307, { location: 'http://storage.test/blob' }).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const resolved: string[] = [];
    try {
      const err = await analyzeImage(`docker://${host}/app:1`, {
        registry: {
          resolve: async (name) => {
            resolved.push(name);
            return [
              { address: '127.0.0.1', family: 4 },
              { address: '169.254.169.254', family: 4 },
            ];
          },
          sleep: async () => undefined,
        },
      }).catch((e: Error) => e);
      expect((err as Error).message).toBe(`cannot reach registry ${host}: storage.test resolves to 169.254.169.254, a link-local or metadata address`);
      expect(resolved).toEqual(['storage.test']);
      expect(asked).toBeGreaterThanOrEqual(1);
    } finally {
      server.close();
    }
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates; anything else is ignored', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('limits from the environment', () => {
  it('defaults, then the environment in seconds, then what the caller gives (--timeout)', () => {
    expect(netSettings({})).toEqual(DEFAULT_NET);
    const env = { IMGDIET_TIMEOUT: '60', IMGDIET_CONNECT_TIMEOUT: '2.5', IMGDIET_HEADERS_TIMEOUT: '4', IMGDIET_IDLE_TIMEOUT: '5', IMGDIET_MIN_RATE: '100' };
    expect(netSettings(env)).toMatchObject({ totalMs: 60_000, connectMs: 2500, headersMs: 4000, idleMs: 5000, minBytesPerSecond: 100 });
    expect(netSettings(env, { totalMs: 3000 }).totalMs).toBe(3000);
  });

  it('a malformed value is a usage error naming the variable', () => {
    expect(() => netSettings({ IMGDIET_TIMEOUT: '0' })).toThrow(new UsageError('$IMGDIET_TIMEOUT must be a number of seconds above 0, not "0"'));
    expect(() => netSettings({ IMGDIET_IDLE_TIMEOUT: '1m' })).toThrow(UsageError);
    expect(() => netSettings({ IMGDIET_MIN_RATE: '-1' })).toThrow('$IMGDIET_MIN_RATE must be a whole number of bytes per second, not "-1"');
  });
});
