/**
 * The built CLI against a fake hostile registry (test/helpers/hostile-registry.ts): credentials that must not
 * leave the registry's origin, redirects that must not be followed, registries that stall, drip, ask to wait an
 * hour or fail forever, oversized manifests, digests to verify or refuse. Every case ends in exit 2 with one
 * printable line (or exit 0 with the image's real numbers), within 5 s and 300 MB, with a short --timeout. The
 * servers log every request's headers per origin: the tests assert which origin received which credentials.
 */
import type * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analysis } from '../../src/model';
import { CliResult, escapeRegExp, expectOneLineError, runCli } from '../helpers/cli';
import { credentialHeaders, digest, json, manifestFor, Origin, Seen, serveImage, startOrigin, TLS_CERT } from '../helpers/hostile-registry';
import { buildImage, BuiltImage, dir, file, removeTemps, tempDir } from '../helpers/image-builder';

const PRELOAD = path.join(__dirname, '..', 'helpers', 'cli-preload.js');
const CREDS = { user: 'ci', password: 'Hostile-pw-8812-never-leaves' };
const BASIC = `Basic ${Buffer.from(`${CREDS.user}:${CREDS.password}`).toString('base64')}`;

let image: BuiltImage;
let log: Seen[];
let origins: Origin[];

beforeAll(async () => {
  image = await buildImage({
    steps: [
      { createdBy: '/bin/sh -c #(nop) ADD file:base in / ', compression: 'gzip', entries: [dir('etc/'), file('etc/os-release', 'ID=hostile\n')] },
      { createdBy: '/bin/sh -c make', compression: 'gzip', entries: [dir('opt/'), file('opt/app', 'x'.repeat(5000))] },
    ],
  });
});

beforeEach(() => {
  log = [];
  origins = [];
});

afterEach(async () => {
  await Promise.all(origins.map((o) => o.close()));
});

afterAll(removeTemps);

async function origin(options: { tls?: boolean; name?: string } = {}): Promise<Origin> {
  const o = await startOrigin(log, options);
  origins.push(o);
  return o;
}

interface Run {
  r: CliResult;
  seconds: number;
  rss: number;
}

/** `imgdiet analyze docker://HOST/app:1 --json` with no credentials but those given, fake names resolved by the preload. */
async function analyze(host: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  const rssFile = path.join(tempDir(), 'rss');
  const empty = tempDir();
  const started = Date.now();
  const r = await runCli(['analyze', `docker://${host}/app:1`, '--json', '--timeout', '3', ...args], {
    env: { NODE_OPTIONS: `--require ${PRELOAD}`, IMGDIET_TEST_RSS_FILE: rssFile, HOME: empty, DOCKER_CONFIG: empty, IMGDIET_REGISTRY_CREDS: undefined, ...env },
    timeout: 30_000,
  });
  return { r, seconds: (Date.now() - started) / 1000, rss: Number(fs.readFileSync(rssFile, 'utf8')) };
}

/** Exit 2, one printable line, within 5 s and 300 MB; returns the line. */
function failsCleanly(run: Run, pattern: RegExp): string {
  const line = expectOneLineError(run.r);
  // eslint-disable-next-line no-control-regex
  expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  expect(line).toMatch(pattern);
  expect(run.seconds).toBeLessThan(5);
  expect(run.rss).toBeLessThan(300 * 1000 * 1000);
  expect(run.r.stdout + run.r.stderr).not.toContain(CREDS.password);
  return line;
}

function succeeds(run: Run): Analysis {
  expect({ code: run.r.code, stderr: run.r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(run.seconds).toBeLessThan(5);
  const a = JSON.parse(run.r.stdout) as Analysis;
  expect(a.totals.layerBytes).toBe(11 + 5000);
  expect(a.image.id).toBe(image.configDigest);
  return a;
}

const creds = ['--creds', `${CREDS.user}:${CREDS.password}`];
const seenAt = (o: Origin): Seen[] => log.filter((s) => s.origin === o.url);
const blobPath = (n: number): string => `/v2/app/blobs/${image.layers[n].digest}`;

/** Answers 302/307 to `location` for one path. */
function redirect(pathname: string | ((p: string) => boolean), location: string | ((p: string) => string), status = 307): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | void {
  return (_req, res, url) => {
    if (typeof pathname === 'string' ? url.pathname !== pathname : !pathname(url.pathname)) return false;
    res.writeHead(status, { location: typeof location === 'string' ? location : location(url.pathname) }).end();
  };
}

/** A registry that asks for Basic credentials on every /v2/ request. */
function basicAuth(): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | void {
  return (req, res, url) => {
    if (!url.pathname.startsWith('/v2/') || req.headers.authorization === BASIC) return false;
    json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="fake"' });
  };
}

describe('credentials go to the registry and the realm it named, nowhere else', () => {
  test('a blob redirected to storage on another origin: followed without credentials', async () => {
    const registry = await origin();
    const storage = await origin({ name: 'localhost' });
    registry.handlers.push(basicAuth(), redirect(blobPath(1), `${storage.url}/bucket/layer1?sig=abc`), serveImage(image));
    storage.handlers.push((_req, res, url) => {
      if (url.pathname !== '/bucket/layer1') return false;
      res.writeHead(200, { 'content-length': image.layers[1].blob.length }).end(image.layers[1].blob);
    });
    succeeds(await analyze(registry.host, creds));
    expect(seenAt(storage).map((s) => [s.path, credentialHeaders(s)])).toEqual([['/bucket/layer1?sig=abc', []]]);
    // The registry itself: every request but the first (which got the challenge) carries the credentials.
    expect(seenAt(registry).filter((s) => s.path.startsWith('/v2/app/')).map((s) => s.headers.authorization).slice(1)).toEqual(Array(4).fill(BASIC));
  });

  test('storage that a redirect led to answers 503 once, then 403: tried again through the registry, then an error naming the storage host', async () => {
    const registry = await origin();
    const storage = await origin({ name: 'localhost' });
    registry.handlers.push(redirect(blobPath(1), `${storage.url}/bucket/layer1`), serveImage(image));
    const answers = [503, 403];
    storage.handlers.push((_req, res) => json(res, answers.shift() ?? 403, {}));
    failsCleanly(await analyze(registry.host), new RegExp(`blob ${image.layers[1].digest} was redirected to ${escapeRegExp(storage.host)}, which answered 403$`));
    expect(seenAt(registry).filter((s) => s.path === blobPath(1))).toHaveLength(2);
  });

  test('redirected to another origin that answers 401 with a realm of its own: an error naming it; neither it nor its realm gets anything', async () => {
    const registry = await origin();
    const other = await origin({ name: 'localhost' });
    registry.handlers.push(basicAuth(), redirect(blobPath(1), `${other.url}/steal`), serveImage(image));
    other.handlers.push((_req, res, url) => {
      if (url.pathname === '/token') return json(res, 200, { token: 'x' });
      json(res, 401, {}, { 'www-authenticate': `Bearer realm="${other.url}/token",service="evil"` });
    });
    failsCleanly(await analyze(registry.host, creds), new RegExp(`blob ${image.layers[1].digest} was redirected to ${escapeRegExp(other.host)}, which asked for credentials \\(401\\); credentials go only to ${escapeRegExp(registry.host)}`));
    expect(seenAt(other).map((s) => [s.path, credentialHeaders(s)])).toEqual([['/steal', []]]);
  });

  test('an https registry naming a plain-http realm: refused before anything is sent there', async () => {
    const registry = await origin({ tls: true });
    const realm = await origin();
    registry.handlers.push((req, res, url) => {
      if (!url.pathname.startsWith('/v2/app/') || req.headers.authorization === 'Bearer good') return false;
      json(res, 401, {}, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="fake"` });
    }, serveImage(image));
    realm.handlers.push((_req, res) => json(res, 200, { token: 'good' }));
    const line = failsCleanly(await analyze(registry.host, creds, { NODE_EXTRA_CA_CERTS: TLS_CERT }), /named a plain-http token service .* for an https registry; refused/);
    expect(line).toContain(realm.host);
    expect(seenAt(realm)).toEqual([]);
  });

  test('an https realm the registry named gets the Basic credentials, the registry only the token', async () => {
    const registry = await origin({ tls: true });
    const realm = await origin({ tls: true, name: '127.0.0.1' });
    registry.handlers.push((req, res, url) => {
      if (!url.pathname.startsWith('/v2/app/') || req.headers.authorization === 'Bearer good') return false;
      json(res, 401, {}, { 'www-authenticate': `Bearer realm="${realm.url}/token",service="fake"` });
    }, serveImage(image));
    realm.handlers.push((req, res) => json(res, req.headers.authorization === BASIC ? 200 : 401, { token: 'good' }));
    succeeds(await analyze(registry.host, creds, { NODE_EXTRA_CA_CERTS: TLS_CERT }));
    expect(seenAt(realm).map((s) => s.headers.authorization)).toEqual([BASIC]);
    expect(seenAt(registry).some((s) => s.headers.authorization === BASIC)).toBe(false);
  });

  test('401 without a challenge: says none were asked for', async () => {
    const registry = await origin();
    registry.handlers.push((_req, res, url) => (url.pathname === '/v2/app/manifests/1' ? json(res, 401, {}) : false));
    failsCleanly(await analyze(registry.host, creds), /answered 401 to .* without a challenge \(no WWW-Authenticate\): it asked for no credentials, so none were refused$/);
  });
});

describe('redirects', () => {
  test('a redirect loop: cut after 5', async () => {
    const registry = await origin();
    registry.handlers.push(redirect((p) => p.startsWith('/v2/app/manifests/'), (p) => p, 302));
    failsCleanly(await analyze(registry.host), /redirected .* more than 5 times \(a loop\?\)$/);
    expect(log.filter((s) => s.path.startsWith('/v2/app/manifests/'))).toHaveLength(6);
  });

  test.each([
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local or metadata address; not followed$/],
    ['an IPv6 link-local address', 'http://[fe80::1]:80/x', /fe80::1 is a link-local or metadata address; not followed$/],
    ['a file: URL', 'file:///etc/passwd', /file is not http or https; not followed$/],
  ])('a blob redirected to %s: refused', async (_name, location, pattern) => {
    const registry = await origin();
    registry.handlers.push(redirect(blobPath(0), location), serveImage(image));
    failsCleanly(await analyze(registry.host), pattern);
  });

  test('redirected to names that resolve to a metadata address (one address of several is enough): refused after resolving', async () => {
    const registry = await origin();
    registry.handlers.push(redirect(blobPath(0), 'http://rebind.test:8080/x'), serveImage(image));
    const hosts = JSON.stringify({ 'rebind.test': ['127.0.0.1', '169.254.169.254'] });
    failsCleanly(await analyze(registry.host, [], { IMGDIET_TEST_HOSTS: hosts }), /rebind\.test resolves to 169\.254\.169\.254, a link-local or metadata address$/);
  });
});

describe('time', () => {
  test('a registry that accepts and never answers: fails at the --timeout', async () => {
    const registry = await origin();
    registry.handlers.push(() => true);
    const run = await analyze(registry.host, ['--timeout', '1']);
    failsCleanly(run, new RegExp(`^imgdiet: registry ${escapeRegExp(registry.host)} did not send ${escapeRegExp(registry.host)}/app:1 within the 1 s --timeout$`));
    expect(run.seconds).toBeGreaterThanOrEqual(0.9);
  });

  test('nothing listening: the back-off stops where it would pass the --timeout', async () => {
    const registry = await origin();
    await registry.close();
    failsCleanly(await analyze(registry.host, ['--timeout', '1']), /^imgdiet: cannot reach registry .*: ECONNREFUSED \(tried 3 times\); waiting 1 s to try again would pass the 1 s --timeout/);
  });

  test('a blob that drips a byte every 100 ms: fails under the minimum rate', async () => {
    const registry = await origin();
    registry.handlers.push((_req, res, url) => {
      if (url.pathname !== blobPath(1)) return false;
      res.writeHead(200, { 'content-length': image.layers[1].blob.length });
      let i = 0;
      const timer = setInterval(() => (i < image.layers[1].blob.length ? res.write(image.layers[1].blob.subarray(i, ++i)) : clearInterval(timer)), 100);
      res.on('close', () => clearInterval(timer));
    }, serveImage(image));
    failsCleanly(await analyze(registry.host, [], { IMGDIET_IDLE_TIMEOUT: '1' }), /stopped sending blob .*: sending under 1024 B\/s \(\d+ B\/s over 1 s\)|--timeout/);
  });

  test('Retry-After of an hour: fails at once, saying so', async () => {
    const registry = await origin();
    registry.handlers.push((_req, res) => json(res, 429, {}, { 'retry-after': '3600' }));
    const run = await analyze(registry.host);
    failsCleanly(run, /failed on .* \(429\); it asked to wait 3600 s \(Retry-After\), more than the 60 s imgdiet waits$/);
    expect(run.seconds).toBeLessThan(2);
  });

  test('500 forever: tried again until the next wait would pass the --timeout', async () => {
    const registry = await origin();
    registry.handlers.push((_req, res) => json(res, 500, { errors: [{ code: 'UNKNOWN' }] }));
    failsCleanly(await analyze(registry.host, ['--timeout', '1']), /failed on .* \(500\) \(tried 3 times\); waiting 1 s to try again would pass the 1 s --timeout$/);
  });

  test.each([404, 403])('%i is not tried again', async (status) => {
    const registry = await origin();
    registry.handlers.push((_req, res) => json(res, status, { errors: [{ code: 'DENIED' }] }));
    failsCleanly(await analyze(registry.host), status === 404 ? /not found in registry/ : /denied access/);
    expect(log.filter((s) => s.path === '/v2/app/manifests/1')).toHaveLength(1);
  });

  test('one layer fails for good: the other one, still streaming, is aborted and the process exits at once', async () => {
    const registry = await origin();
    let closedAt = 0;
    registry.handlers.push((_req, res, url) => {
      // Late enough that the other layer's request is out and streaming.
      if (url.pathname === blobPath(0)) return void setTimeout(() => json(res, 404, { errors: [{ code: 'BLOB_UNKNOWN' }] }), 300);
      if (url.pathname !== blobPath(1)) return false;
      res.writeHead(200, { 'content-length': image.layers[1].blob.length });
      res.write(image.layers[1].blob.subarray(0, 10));
      res.on('close', () => (closedAt = Date.now()));
    }, serveImage(image));
    const run = await analyze(registry.host, ['--timeout', '20']);
    failsCleanly(run, /blob .* not found in registry/);
    expect(closedAt).toBeGreaterThan(0);
    expect(run.seconds).toBeLessThan(2);
  });
});

describe('sizes and digests', () => {
  test('a manifest declaring 800 MiB: refused from Content-Length, before reading', async () => {
    const registry = await origin();
    registry.handlers.push((_req, res, url) => {
      if (url.pathname !== '/v2/app/manifests/1') return false;
      res.writeHead(200, { 'content-length': 800 * 1024 * 1024 });
      res.write('{');
    });
    failsCleanly(await analyze(registry.host), /is 838860800 bytes, over the 4194304 bytes allowed$/);
  });

  test('a manifest streaming past the cap with no Content-Length: refused once it passes', async () => {
    const registry = await origin();
    registry.handlers.push((_req, res, url) => {
      if (url.pathname !== '/v2/app/manifests/1') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const more = (): void => void (res.write(chunk) ? setImmediate(more) : res.once('drain', more));
      res.on('close', () => res.removeAllListeners('drain'));
      more();
    });
    failsCleanly(await analyze(registry.host), /passed the 4194304 bytes allowed while streaming$/);
  });

  test('a manifest nested 100,000 deep: refused before parsing', async () => {
    const registry = await origin();
    const deep = Buffer.from(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    registry.handlers.push((_req, res, url) => void (url.pathname === '/v2/app/manifests/1' ? res.writeHead(200).end(deep) : json(res, 404, {})));
    failsCleanly(await analyze(registry.host), /\/app:1 from .* nests deeper than 64 levels$/);
  });

  test('an index naming itself, and indexes nested too deep: one line each', async () => {
    const registry = await origin();
    const self = `sha256:${'a'.repeat(64)}`;
    const index = (child: string): Buffer => Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: child, size: 1 }] }));
    // A chain of distinct indexes, each naming the next, six deep.
    const chain: Buffer[] = [];
    let next = digest(index(self));
    for (let i = 0; i < 6; i++) {
      const b = index(next);
      chain.push(b);
      next = digest(b);
    }
    const byDigest = new Map(chain.map((b) => [digest(b), b]));
    registry.handlers.push((_req, res, url) => {
      const ref = url.pathname.replace('/v2/app/manifests/', '');
      const body = ref === '1' ? index(self) : ref === 'deep' ? chain[chain.length - 1] : ref === self ? index(self) : byDigest.get(ref);
      if (!body) return false;
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' }).end(body);
    });
    failsCleanly(await analyze(registry.host), new RegExp(`manifest ${self} from .* does not match its digest`));
    const deep = await runCli(['analyze', `docker://${registry.host}/app:deep`, '--timeout', '3']);
    expect(expectOneLineError(deep)).toMatch(/indexes nest deeper than 4 levels$/);
  });

  test('a layer with a sha512 digest: verified and read', async () => {
    const registry = await origin();
    const layers = image.layers.map((l) => ({ digest: digest(l.blob, 'sha512'), size: l.blob.length }));
    const manifest = manifestFor(image, layers);
    registry.handlers.push(serveImage(image, manifest, new Map(image.layers.map((l, i) => [layers[i].digest, l.blob]))));
    succeeds(await analyze(registry.host));
  });

  test('a sha512 digest the bytes do not match: refused naming the blob', async () => {
    const registry = await origin();
    const wrong = digest(Buffer.from('something else'), 'sha512');
    const manifest = manifestFor(image, [{ digest: image.layers[0].digest, size: image.layers[0].blob.length }, { digest: wrong, size: image.layers[1].blob.length }]);
    registry.handlers.push(serveImage(image, manifest, new Map([[wrong, image.layers[1].blob]])));
    failsCleanly(await analyze(registry.host), new RegExp(`blob ${wrong} from .* does not match its digest \\(its bytes hash to sha512:[0-9a-f]{128}\\)`));
  });

  test('an md5 digest: refused, nothing read unverified', async () => {
    const registry = await origin();
    const md5 = 'md5:0123456789abcdef0123456789abcdef';
    registry.handlers.push(serveImage(image, manifestFor(image, [{ digest: image.layers[0].digest, size: 1 }, { digest: md5, size: 1 }])));
    failsCleanly(await analyze(registry.host), /\/app:1 from .*: layers\[1\]\.digest uses an unsupported algorithm \(md5; sha256 and sha512 are read\)$/);
    expect(log.some((s) => s.path.includes('md5'))).toBe(false);
  });

  test('a truncated blob (the connection ends cleanly early): the digest says so', async () => {
    const registry = await origin();
    registry.handlers.push((_req, res, url) => {
      if (url.pathname !== blobPath(1)) return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(image.layers[1].blob.subarray(0, 50));
    }, serveImage(image));
    failsCleanly(await analyze(registry.host), /does not match its digest after 50 of its \d+ bytes \(truncated\?\)|cannot be decompressed|ends early/);
  });

  test('a blob longer than its descriptor says: stopped there', async () => {
    const registry = await origin();
    registry.handlers.push((_req, res, url) => {
      if (url.pathname !== blobPath(1)) return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.concat([image.layers[1].blob, Buffer.alloc(100_000)]));
    }, serveImage(image));
    failsCleanly(await analyze(registry.host), /is longer than the \d+ bytes its descriptor gives$/);
  });

  test('a descriptor size of -5: refused naming the field', async () => {
    const registry = await origin();
    registry.handlers.push(serveImage(image, manifestFor(image, [{ digest: image.layers[0].digest, size: -5 }, { digest: image.layers[1].digest, size: 1 }])));
    failsCleanly(await analyze(registry.host), /\/app:1 from .*: layers\[0\]\.size is not a non-negative integer$/);
  });

  test('a config whose history is a number: refused naming the config and the field', async () => {
    const registry = await origin();
    const config = Buffer.from(JSON.stringify({ ...JSON.parse(image.config.toString('utf8')), history: 5 }));
    const manifest = JSON.parse(image.manifest.toString('utf8'));
    manifest.config = { ...manifest.config, digest: digest(config), size: config.length };
    registry.handlers.push(serveImage(image, Buffer.from(JSON.stringify(manifest)), new Map([[digest(config), config]])));
    failsCleanly(await analyze(registry.host), new RegExp(`config ${digest(config)} from .*: history is not an array$`));
  });
});

describe('messages', () => {
  test('an https handshake with a plain-http registry: points at --insecure; with it, the image reads', async () => {
    const registry = await origin({ name: 'registry.test' });
    registry.handlers.push(serveImage(image));
    const hosts = JSON.stringify({ 'registry.test': ['127.0.0.1'] });
    failsCleanly(await analyze(registry.host, [], { IMGDIET_TEST_HOSTS: hosts }), new RegExp(`the https handshake failed \\(\\w+\\): it seems to speak plain http; if you trust ${escapeRegExp(registry.host)}, give --insecure$`));
    succeeds(await analyze(registry.host, ['--insecure'], { IMGDIET_TEST_HOSTS: hosts }));
  });

  test.each([
    ['a loopback name', 'localhost'],
    ['another name', 'registry.test'],
  ])('an https registry (%s) whose certificate is not trusted here: says so and how to trust it', async (_what, name) => {
    const registry = await origin({ tls: true, name });
    registry.handlers.push(serveImage(image));
    const hosts = JSON.stringify({ 'registry.test': ['127.0.0.1'] });
    failsCleanly(await analyze(registry.host, [], { IMGDIET_TEST_HOSTS: hosts }), /: its TLS certificate is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\); trust its CA with NODE_EXTRA_CA_CERTS=FILE$/);
    succeeds(await analyze(registry.host, [], { IMGDIET_TEST_HOSTS: hosts, NODE_EXTRA_CA_CERTS: TLS_CERT }));
  });

  test('an error code with an escape sequence and a bidi override: shown escaped', async () => {
    const registry = await origin();
    registry.handlers.push((_req, res) => json(res, 404, { errors: [{ code: 'X\u001b[31mRED\u202eevil\nline' }] }));
    const line = failsCleanly(await analyze(registry.host), /not found/);
    expect(line).toContain('X\\x1b[31mRED\\u202eevil\\x0aline');
  });

  test('--timeout that is not a number: a usage error', async () => {
    expect(expectOneLineError(await runCli(['analyze', 'docker://127.0.0.1:1/app:1', '--timeout', 'soon']))).toBe('imgdiet: --timeout must be a number of seconds above 0, not "soon"');
  });
});
