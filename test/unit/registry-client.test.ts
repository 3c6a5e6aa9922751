/**
 * The registry client against a small fake registry on 127.0.0.1 (node:http): a real registry cannot be made to
 * fail on demand. It serves one image built in memory and, per request, can first answer 503 or 429 with
 * Retry-After, drop the connection part-way through a blob, ignore Range, or ask for a Bearer token. Shown: the
 * back-off and the waits it asks for (recorded by an injected sleep: no test waits on a real back-off timer),
 * resuming a dropped blob with Range (and without, when the server ignores it), the token flow, and the one-line
 * errors once the tries run out. Plus parseChallenge and networkReason.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { analyzeImage, AnalyzeOptions } from '../../src/pipeline';
import { networkReason, parseChallenge } from '../../src/analyze/sources/registry/client';
import type { Analysis } from '../../src/model';
import { analyzeLayoutDir } from '../helpers/analyze-built';
import { escapeRegExp, expectOneLineError, runCli } from '../helpers/cli';
import { buildImage, BuiltImage, dir, file, ociLayoutFiles, removeTemps } from '../helpers/image-builder';

describe('parseChallenge', () => {
  it('reads a Bearer challenge: scheme lower-cased, every quoted parameter', () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    });
  });

  it('reads Basic, spaces after commas, upper-case names, commas inside quotes', () => {
    expect(parseChallenge('Basic realm="imgdiet-tests"')).toEqual({ scheme: 'basic', params: { realm: 'imgdiet-tests' } });
    expect(parseChallenge('BEARER Realm="http://t/token", Service="svc", scope="repository:a/b:pull,push"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'http://t/token', service: 'svc', scope: 'repository:a/b:pull,push' },
    });
    expect(parseChallenge('Bearer')).toEqual({ scheme: 'bearer', params: {} });
  });

  it('gives null for no challenge', () => {
    expect(parseChallenge('')).toBeNull();
    expect(parseChallenge('   ')).toBeNull();
  });
});

describe('networkReason', () => {
  it('prefers the low-level code, then its message, then the error’s own message', () => {
    expect(networkReason(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) }))).toBe('ECONNREFUSED');
    expect(networkReason(new TypeError('terminated', { cause: new Error('other side closed') }))).toBe('other side closed');
    expect(networkReason(new Error('plain'))).toBe('plain');
    expect(networkReason('text')).toBe('text');
  });
});

/** What the fake registry does to the next matching requests before it answers normally. */
type Fault =
  | { status: 503 | 500 | 429; retryAfter?: string }
  /** Sends the headers and this many bytes of the body, then closes the connection. */
  | { dropAfter: number };

interface Logged {
  at: number;
  path: string;
  range?: string;
  authorization?: string;
  status: number;
}

interface FakeRegistry {
  host: string;
  log: Logged[];
  /** Faults for requests whose path contains the key (`manifests/`, `blobs/sha256:…`), used in order. */
  faults: Map<string, Fault[]>;
  /** Answer 200 with the whole blob even when a Range is asked for. */
  ignoreRange: boolean;
  /** Require `Authorization: Bearer TOKEN`, handed out at /token (anonymously). */
  bearer: boolean;
  close(): Promise<void>;
}

const TOKEN = 'fake-token-123';

async function startFake(image: BuiltImage): Promise<FakeRegistry> {
  const blobs = new Map<string, { data: Buffer; type: string }>([[image.configDigest, { data: image.config, type: 'application/vnd.oci.image.config.v1+json' }]]);
  for (const l of image.layers) blobs.set(l.digest, { data: l.blob, type: 'application/octet-stream' });
  const fake: FakeRegistry = { host: '', log: [], faults: new Map(), ignoreRange: false, bearer: false, close: async () => undefined };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const entry: Logged = { at: Date.now(), path: url.pathname + url.search, status: 0 };
    if (req.headers.range) entry.range = req.headers.range;
    if (req.headers.authorization) entry.authorization = req.headers.authorization;
    fake.log.push(entry);
    const answer = (status: number, headers: Record<string, string | number>, body?: Buffer | string): void => {
      entry.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };

    if (url.pathname === '/token') {
      answer(200, { 'content-type': 'application/json' }, JSON.stringify({ token: TOKEN }));
      return;
    }
    if (fake.bearer && url.pathname.startsWith('/v2/') && req.headers.authorization !== `Bearer ${TOKEN}`) {
      const realm = `http://${fake.host}/token`;
      answer(401, { 'www-authenticate': `Bearer realm="${realm}",service="fake-registry",scope="repository:app:pull"`, 'content-type': 'application/json' }, '{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    const key = [...fake.faults.keys()].find((k) => url.pathname.includes(k));
    const fault = key === undefined ? undefined : fake.faults.get(key)?.shift();

    let body: Buffer;
    let type: string;
    let digest: string;
    if (url.pathname === '/v2/') {
      answer(200, { 'content-type': 'application/json' }, '{}');
      return;
    } else if (url.pathname === '/v2/app/manifests/1' || url.pathname === `/v2/app/manifests/${image.manifestDigest}`) {
      [body, type, digest] = [image.manifest, 'application/vnd.oci.image.manifest.v1+json', image.manifestDigest];
    } else if (url.pathname.startsWith('/v2/app/blobs/') && blobs.has(url.pathname.slice('/v2/app/blobs/'.length))) {
      digest = url.pathname.slice('/v2/app/blobs/'.length);
      ({ data: body, type } = blobs.get(digest) as { data: Buffer; type: string });
    } else {
      answer(404, { 'content-type': 'application/json' }, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      return;
    }

    if (fault && 'status' in fault) {
      answer(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) }, '{"errors":[{"code":"UNAVAILABLE"}]}');
      return;
    }
    let status = 200;
    const headers: Record<string, string | number> = { 'content-type': type, 'docker-content-digest': digest };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !fake.ignoreRange) {
      const from = Number(range[1]);
      headers['content-range'] = `bytes ${from}-${body.length - 1}/${body.length}`;
      body = body.subarray(from);
      status = 206;
    }
    headers['content-length'] = body.length;
    if (fault && 'dropAfter' in fault) {
      entry.status = status;
      res.writeHead(status, headers);
      res.write(body.subarray(0, fault.dropAfter), () => res.destroy());
      return;
    }
    answer(status, headers, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** Deterministic bytes gzip cannot shrink much, so a drop part-way lands inside the blob. */
function noise(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 7;
  for (let i = 0; i < n; i++) {
    x = (x * 1664525 + 1013904223) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** Where a logged request's Range starts; 0 without one. A dropped connection may lose a few bytes in flight. */
function rangeStart(l: Logged): number {
  if (l.range === undefined) return 0;
  const m = /^bytes=(\d+)-$/.exec(l.range);
  if (!m) throw new Error(`unexpected Range ${l.range}`);
  return Number(m[1]);
}

/** The analysis without where it was read from. */
function portable(a: Analysis): unknown {
  return { ...a, source: null, image: { ...a.image, tags: null } };
}

describe('the registry client against a fake registry', () => {
  let image: BuiltImage;
  let expected: Analysis;
  let fake: FakeRegistry;
  let big: string;

  beforeAll(async () => {
    image = await buildImage({
      steps: [
        { createdBy: '/bin/sh -c #(nop) ADD file:base in / ', compression: 'gzip', entries: [dir('etc/'), file('etc/os-release', 'ID=fake\n')] },
        { createdBy: '/bin/sh -c make', compression: 'gzip', entries: [dir('opt/'), file('opt/noise.bin', noise(600_000)), file('opt/copy.bin', noise(600_000))] },
      ],
    });
    big = image.layers[1].digest;
    expected = (await analyzeLayoutDir(ociLayoutFiles([{ image, ref: '1' }]))).analysis;
  });

  beforeEach(async () => {
    fake = await startFake(image);
  });

  afterEach(async () => {
    await fake.close();
  });

  afterAll(removeTemps);

  const ref = (): string => `docker://${fake.host}/app:1`;
  const requests = (part: string): Logged[] => fake.log.filter((l) => l.path.includes(part));
  /** The waits between tries the client asked for, in ms: recorded, not slept. */
  let waits: number[] = [];
  const fast = (): AnalyzeOptions => {
    waits = [];
    return { registry: { sleep: async (ms: number) => void waits.push(ms) } };
  };
  const failure = (options: AnalyzeOptions): Promise<string> =>
    analyzeImage(ref(), options).then(
      () => 'succeeded',
      (e: Error) => e.message,
    );

  test('with no faults: the same analysis as the OCI layout, compressed sizes from the manifest', async () => {
    const { analysis } = await analyzeImage(ref());
    expect(portable(analysis)).toEqual(portable(expected));
    expect(analysis.image.tags).toEqual([`${fake.host}/app:1`]);
    expect(analysis.totals.compressedBytes).toBe(image.layers[0].blob.length + image.layers[1].blob.length);
  });

  test('progress: the total is the manifest\'s layer sizes, and every blob byte is counted against it', async () => {
    const events: Array<{ done: number; total: number | null; count: number | null }> = [];
    await analyzeImage(ref(), { onProgress: (_n, e) => { if (e.phase === 'reading') events.push({ done: e.done, total: e.total, count: e.layer?.count ?? null }); } });
    const blobs = image.layers[0].blob.length + image.layers[1].blob.length;
    expect(events[0]).toEqual({ done: 0, total: blobs, count: 2 });
    expect(events.at(-1)).toEqual({ done: blobs, total: blobs, count: 2 });
  });

  test('503, 503, then 429 with Retry-After: 1 on the manifest: tried again after 0.25 s, 0.5 s, then 1 s', async () => {
    fake.faults.set('manifests/', [{ status: 503 }, { status: 503 }, { status: 429, retryAfter: '1' }]);
    const { analysis } = await analyzeImage(ref(), fast());
    expect(portable(analysis)).toEqual(portable(expected));
    expect(requests('/manifests/').map((l) => l.status)).toEqual([503, 503, 429, 200]);
    // Retry-After asks for as much as the 1 s back-off would be anyway.
    expect(waits).toEqual([250, 500, 1000]);
  });

  test('Retry-After longer than the back-off is honoured, in seconds or as an HTTP date', async () => {
    fake.faults.set('manifests/', [{ status: 429, retryAfter: '2' }, { status: 503, retryAfter: new Date(Date.now() + 20_000).toUTCString() }]);
    await analyzeImage(ref(), fast());
    expect(requests('/manifests/').map((l) => l.status)).toEqual([429, 503, 200]);
    expect(waits[0]).toBe(2000);
    expect(waits[1]).toBeGreaterThan(15_000);
    expect(waits[1]).toBeLessThanOrEqual(20_000);
  });

  test('5xx on a blob: tried again, then read and verified', async () => {
    fake.faults.set(`blobs/${big}`, [{ status: 500 }, { status: 503 }]);
    const { analysis } = await analyzeImage(ref(), fast());
    expect(portable(analysis)).toEqual(portable(expected));
    expect(requests(`blobs/${big}`).map((l) => l.status)).toEqual([500, 503, 200]);
    expect(waits).toEqual([250, 500]);
  });

  test('a blob dropped part-way resumes with a Range request where it stopped', async () => {
    fake.faults.set(`blobs/${big}`, [{ dropAfter: 300_000 }]);
    const { analysis } = await analyzeImage(ref(), fast());
    expect(portable(analysis)).toEqual(portable(expected));
    const blob = requests(`blobs/${big}`);
    expect(blob.map((l) => [l.status, l.range === undefined])).toEqual([
      [200, true],
      [206, false],
    ]);
    expect(rangeStart(blob[1])).toBeGreaterThan(0);
    expect(rangeStart(blob[1])).toBeLessThanOrEqual(300_000);
  });

  test('dropped twice, and a server that ignores Range: read again from byte 0, the bytes already had skipped', async () => {
    fake.ignoreRange = true;
    fake.faults.set(`blobs/${big}`, [{ dropAfter: 200_000 }, { dropAfter: 500_000 }]);
    const { analysis } = await analyzeImage(ref(), fast());
    expect(portable(analysis)).toEqual(portable(expected));
    const blob = requests(`blobs/${big}`);
    expect(blob.map((l) => [l.status, l.range === undefined])).toEqual([
      [200, true],
      [200, false],
      [200, false],
    ]);
    expect(rangeStart(blob[1])).toBeGreaterThan(0);
    expect(rangeStart(blob[1])).toBeLessThanOrEqual(200_000);
    expect(rangeStart(blob[2])).toBeGreaterThan(rangeStart(blob[1]));
    expect(rangeStart(blob[2])).toBeLessThanOrEqual(500_000);
  });

  test('an anonymous Bearer challenge: a token from the realm with service and scope, then used', async () => {
    fake.bearer = true;
    const { analysis } = await analyzeImage(ref());
    expect(portable(analysis)).toEqual(portable(expected));
    const tokens = requests('/token');
    expect(tokens).toHaveLength(1);
    expect(tokens[0].path).toBe('/token?service=fake-registry&scope=repository%3Aapp%3Apull');
    expect(tokens[0].authorization).toBeUndefined();
    const api = fake.log.filter((l) => l.path.startsWith('/v2/app/') && l.status !== 401);
    expect(api.length).toBeGreaterThanOrEqual(4);
    expect(api.every((l) => l.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  test('with --creds, the token is asked for with Basic auth; the password is never printed', async () => {
    fake.bearer = true;
    const password = 'tok-pw-5521-never-print';
    const r = await runCli(['--debug', 'analyze', ref(), '--json', '--creds', `ci:${password}`]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).not.toContain(password);
    expect(requests('/token').map((l) => l.authorization)).toEqual([`Basic ${Buffer.from(`ci:${password}`).toString('base64')}`]);
  });

  test('503 on every try: one line after 5 tries, 3.75 s of back-off asked for', async () => {
    fake.faults.set('manifests/', Array(10).fill({ status: 503 }));
    expect(await failure(fast())).toBe(`registry ${fake.host} failed on ${fake.host}/app:1 (503 UNAVAILABLE)`);
    expect(requests('/manifests/')).toHaveLength(5);
    expect(waits).toEqual([250, 500, 1000, 2000]);
  });

  test('the same through the built CLI: exit 2 and that one line', async () => {
    fake.faults.set('manifests/', Array(10).fill({ status: 503 }));
    const line = expectOneLineError(await runCli(['analyze', ref(), '--timeout', '1']));
    expect(line).toMatch(new RegExp(`^imgdiet: registry ${escapeRegExp(fake.host)} failed on ${escapeRegExp(fake.host)}/app:1 \\(503\\) \\(tried 3 times\\); waiting 1 s to try again would pass the 1 s --timeout$`));
  });

  test('a blob dropped on every try: one line naming the registry and the blob, with how far it got', async () => {
    fake.faults.set(`blobs/${big}`, Array(10).fill({ dropAfter: 100_000 }));
    const line = await failure(fast());
    const m = new RegExp(`^registry ${escapeRegExp(fake.host)} stopped sending blob ${big} after (\\d+) bytes: other side closed \\(tried 5 times\\)$`).exec(line);
    expect(m).not.toBeNull();
    // Each try gets up to 100,000 bytes further, and asks for the rest from where the last one stopped.
    const blob = requests(`blobs/${big}`);
    expect(blob).toHaveLength(5);
    const starts = blob.map(rangeStart);
    for (let i = 1; i < 5; i++) {
      expect(starts[i]).toBeGreaterThan(starts[i - 1]);
      expect(starts[i]).toBeLessThanOrEqual(starts[i - 1] + 100_000);
    }
    expect(Number(m?.[1])).toBeGreaterThan(starts[4]);
    expect(Number(m?.[1])).toBeLessThanOrEqual(starts[4] + 100_000);
  });

  test('nothing listening: one line saying the registry cannot be reached', async () => {
    const host = fake.host;
    await fake.close();
    const line = await analyzeImage(`docker://${host}/app:1`, fast()).then(
      () => 'succeeded',
      (e: Error) => e.message,
    );
    expect(line).toBe(`cannot reach registry ${host}: ECONNREFUSED (tried 5 times)`);
    expect(waits).toEqual([250, 500, 1000, 2000]);
    fake = await startFake(image);
  });
});
