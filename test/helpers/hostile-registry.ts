/**
 * A fake registry that misbehaves on demand (no real registry does): small node http/https servers on loopback,
 * each an origin of its own, that log every request with its headers so a test can say which origin received
 * which credentials. `serveImage` answers the Registry API for one built image; a test puts its own handler in
 * front for the paths it wants to break.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { BuiltImage } from './image-builder';

export const TLS_DIR = path.join(__dirname, '..', 'fixtures', 'tls');
/** The test-only CA (its own certificate): give it to the CLI as NODE_EXTRA_CA_CERTS. */
export const TLS_CERT = path.join(TLS_DIR, 'cert.pem');

/** One request as an origin received it. */
export interface Seen {
  origin: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

/** Answers a request, or returns false to let the next handler (in the end, a 404) answer. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | void;

export interface Origin {
  /** `127.0.0.1:PORT` (or `localhost:PORT` for TLS ones). */
  host: string;
  /** `http://host` or `https://host`. */
  url: string;
  /** Handlers tried in order. */
  handlers: Handler[];
  close(): Promise<void>;
}

/** Starts one origin; every request it gets is pushed to `log`. */
export async function startOrigin(log: Seen[], options: { tls?: boolean; name?: string } = {}): Promise<Origin> {
  const handlers: Handler[] = [];
  let url = '';
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const u = new URL(req.url ?? '/', url);
    log.push({ origin: url, path: u.pathname + u.search, headers: req.headers });
    for (const h of handlers) if (h(req, res, u) !== false) return;
    json(res, 404, { errors: [{ code: 'NOT_FOUND' }] });
  };
  const server = options.tls
    ? https.createServer({ key: fs.readFileSync(path.join(TLS_DIR, 'key.pem')), cert: fs.readFileSync(TLS_CERT) }, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host = `${options.name ?? (options.tls ? 'localhost' : '127.0.0.1')}:${port}`;
  url = `${options.tls ? 'https' : 'http'}://${host}`;
  return {
    host,
    url,
    handlers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function digest(bytes: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** A manifest for `image` with the given layer descriptors (default: the image's own). */
export function manifestFor(image: BuiltImage, layers?: Array<{ digest: string; size: number; mediaType?: string }>): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: image.configDigest, size: image.config.length },
      layers: (layers ?? image.layers.map((l) => ({ digest: l.digest, size: l.blob.length }))).map((l, i) => ({ mediaType: image.layers[i]?.mediaType, ...l })),
    }),
  );
}

/**
 * The Registry API for repository `app`: tag `1` is `manifest`, and every blob in `blobs` (the image's config
 * and layers by default) by its digest.
 */
export function serveImage(image: BuiltImage, manifest: Buffer = image.manifest, extra: Map<string, Buffer> = new Map()): Handler {
  const blobs = new Map<string, Buffer>([[image.configDigest, image.config], ...image.layers.map((l): [string, Buffer] => [l.digest, l.blob]), ...extra]);
  return (_req, res, url) => {
    if (url.pathname === '/v2/') return json(res, 200, {});
    if (url.pathname === '/v2/app/manifests/1' || url.pathname === `/v2/app/manifests/${digest(manifest)}`) {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': manifest.length });
      return void res.end(manifest);
    }
    const blob = url.pathname.startsWith('/v2/app/blobs/') ? blobs.get(url.pathname.slice('/v2/app/blobs/'.length)) : undefined;
    if (!blob) return false;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length });
    res.end(blob);
  };
}

/** Headers that carry credentials. */
export function credentialHeaders(seen: Seen): string[] {
  return ['authorization', 'proxy-authorization', 'cookie'].filter((h) => seen.headers[h] !== undefined);
}
