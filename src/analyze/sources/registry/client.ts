import { ImgdietError } from '../../../errors';
import { answerChallenge } from './auth';
import type { Credentials } from './credentials';
import { explainNetwork, Reason, reasonText, RegistryError } from './failure';
import { checkUrl, Http, HttpResponse, NetSettings } from './net';
import { printableCut } from '../../../util/text';
import { apiHost, isLoopback, RegistryRef } from './reference';

export { networkReason, RegistryError } from './failure';
export { parseChallenge } from './auth';

export interface ClientOptions {
  credentials: Credentials | null;
  /** Allow plain http (always allowed for loopback hosts). */
  insecure: boolean;
  net: NetSettings;
  /** Ends every request and wait at once: a caller that only may wait so long (the base-size lookup). */
  signal?: AbortSignal;
  /** The scheme, when the caller found it already (no probe then). */
  scheme?: 'https' | 'http';
}

/** Redirects followed for one request: blob storage needs one, a loop is cut here. */
export const MAX_REDIRECTS = 5;

/** Error bodies are read for their codes only. */
const MAX_ERROR_BODY = 64 * 1024;

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** Answers worth another try: a timeout, rate limiting, a server error. Other 4xx will not change. */
const retryable = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** ` (tried N times)` after more than one try. */
export const tried = (n: number): string => (n > 1 ? ` (tried ${n} times)` : '');

/**
 * Registry HTTP API v2 over undici: finds the scheme, answers Bearer and Basic challenges, follows redirects
 * (credentials only to the registry's origin), and tries again with back-off on 408, 429, 5xx and dropped
 * connections, all within one time budget. close() aborts whatever is still in flight.
 */
export class RegistryClient {
  private scheme: 'https' | 'http' | null = null;
  private authorization: string | null = null;
  private readonly http: Http;
  private readonly stop = new AbortController();
  private readonly budget: AbortSignal;
  private readonly deadline: number;
  readonly signal: AbortSignal;

  constructor(
    readonly ref: RegistryRef,
    private readonly options: ClientOptions,
  ) {
    this.http = new Http(options.net);
    this.deadline = Date.now() + options.net.totalMs;
    this.budget = AbortSignal.timeout(options.net.totalMs);
    this.signal = AbortSignal.any([this.budget, this.stop.signal, ...(options.signal ? [options.signal] : [])]);
  }

  get net(): NetSettings {
    return this.options.net;
  }

  /** Aborts every request in flight and every wait: the read is over (done, or failed elsewhere). */
  close(): void {
    this.stop.abort();
    this.http.close();
  }

  /** GET a path under /v2/ of this repository (`manifests/REF`, `blobs/DIGEST`); `what` names it in errors. */
  async get(path: string, what: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const url = new URL(`${await this.base()}/v2/${this.ref.repository}/${path}`);
    let challenged = false;
    for (let attempt = 1; ; attempt++) {
      let res: HttpResponse;
      try {
        res = await this.follow(url, this.authorization ? { origin: url.origin, value: this.authorization } : null, what, headers);
      } catch (err) {
        // Storage that a redirect led to failed: asking the registry again gets a fresh redirect.
        if (err instanceof RegistryError && err.status !== null && err.temporary && attempt < this.net.attempts) {
          await this.waitToRetry(attempt, null, err);
          continue;
        }
        if (err instanceof ImgdietError) throw err;
        if (this.signal.aborted) throw this.stopped(what);
        const reason = this.explain(err);
        const failure = new RegistryError(`cannot reach registry ${this.ref.host}: ${reasonText(reason)}${tried(attempt)}`, null, [], reason.temporary, { cause: err });
        if (!reason.temporary || attempt >= this.net.attempts) throw failure;
        await this.waitToRetry(attempt, null, failure);
        continue;
      }
      if (res.status === 401 && !challenged) {
        challenged = true;
        const header = res.header('www-authenticate');
        await res.discard();
        if (!header) {
          throw new RegistryError(`registry ${this.ref.host} answered 401 to ${what} without a challenge (no WWW-Authenticate): it asked for no credentials, so none were refused`, 401, [], false);
        }
        this.authorization = await answerChallenge(header, {
          host: this.ref.host,
          repository: this.ref.repository,
          scheme: url.protocol === 'https:' ? 'https' : 'http',
          credentials: this.options.credentials,
          follow: (u, auth, w) => this.follow(u, auth, w, {}),
          fail: (r, w) => this.fail(r, w),
          readCapped: (r, max, w) => this.readCapped(r, max, w),
        });
        attempt--;
        continue;
      }
      if (retryable(res.status) && attempt < this.net.attempts) {
        const retryAfter = res.header('retry-after');
        await res.discard();
        await this.waitToRetry(attempt, retryAfter, new RegistryError(`registry ${this.ref.host} failed on ${what} (${res.status})${tried(attempt)}`, res.status, [], true));
        continue;
      }
      return res;
    }
  }

  /**
   * One GET following redirects: http(s) only, no https → http unless --insecure, at most MAX_REDIRECTS. `auth`
   * is sent only to its own origin; any other origin that asks for credentials is an error naming it.
   */
  private async follow(url: URL, auth: { origin: string; value: string } | null, what: string, headers: Record<string, string>): Promise<HttpResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      if (this.signal.aborted) throw this.stopped(what);
      const refused = checkUrl(current);
      if (refused) throw new RegistryError(`${what}: ${printableCut(current.host, 100)} refused: ${refused}`, null, [], false);
      const own = auth !== null && current.origin === auth.origin;
      const res = await this.http.get(current, own ? { ...headers, authorization: auth.value } : headers, this.signal);
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.header('location');
        await res.discard();
        if (hop >= MAX_REDIRECTS) throw new RegistryError(`registry ${this.ref.host} redirected ${what} more than ${MAX_REDIRECTS} times (a loop?)`, res.status, [], false);
        current = this.redirectTarget(current, location, what);
        continue;
      }
      if (current.origin !== url.origin && (res.status < 200 || res.status >= 300)) {
        await res.discard();
        const there = `${what} was redirected to ${printableCut(current.host, 100)}, which`;
        if (res.status === 401) throw new RegistryError(`${there} asked for credentials (401); credentials go only to ${this.ref.host} and the token service it names`, 401, [], false);
        throw new RegistryError(`${there} answered ${res.status}`, res.status, [], retryable(res.status));
      }
      return res;
    }
  }

  private redirectTarget(from: URL, location: string | null, what: string): URL {
    let next: URL;
    try {
      next = new URL(location ?? '', from);
    } catch {
      next = from;
    }
    const refused = location === null || next === from ? 'no usable Location' : (checkUrl(next) ?? (from.protocol === 'https:' && next.protocol === 'http:' && !this.options.insecure ? 'from https down to plain http' : null));
    if (refused) throw new RegistryError(`registry ${this.ref.host} redirected ${what} to ${printableCut(next.host || String(location), 100)}: ${refused}; not followed`, null, [], false);
    return next;
  }

  /** Turns an error answer into one line: what failed, and what to do. */
  async fail(res: HttpResponse, what: string): Promise<RegistryError> {
    let codes: string[] = [];
    try {
      const body = JSON.parse((await this.readCapped(res, MAX_ERROR_BODY, what)).toString('utf8')) as { errors?: Array<{ code?: unknown }> };
      codes = (Array.isArray(body?.errors) ? body.errors : []).map((e) => (typeof e?.code === 'string' ? printableCut(e.code, 40) : '')).filter(Boolean).slice(0, 3);
    } catch {
      // Not every error has a JSON body.
    }
    const status = `${res.status}${codes.length ? ` ${codes.join(', ')}` : ''}`;
    const temporary = retryable(res.status);
    if (res.status === 401 || res.status === 403) {
      const hint = this.options.credentials ? 'the credentials were refused; check them' : 'it needs credentials; give --creds USER:PASSWORD or run docker login';
      return new RegistryError(`registry ${this.ref.host} denied access to ${this.ref.repository} (${status}): ${hint}`, res.status, codes, false);
    }
    if (res.status === 404) return new RegistryError(`${what} not found in registry ${this.ref.host} (${status}); check the name and tag`, 404, codes, false);
    return new RegistryError(`registry ${this.ref.host} failed on ${what} (${status})`, res.status, codes, temporary);
  }

  /** A body read whole, refused past `max` bytes: from Content-Length before reading, else while it streams. */
  async readCapped(res: HttpResponse, max: number, what: string): Promise<Buffer> {
    const length = Number(res.header('content-length') ?? NaN);
    if (length > max) {
      await res.discard();
      throw new RegistryError(`${what} from ${this.ref.host} is ${length} bytes, over the ${max} bytes allowed`, null, [], false);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res.body) {
        total += chunk.length;
        if (total > max) throw new RegistryError(`${what} from ${this.ref.host} passed the ${max} bytes allowed while streaming`, null, [], false);
        chunks.push(chunk);
      }
    } catch (err) {
      throw this.failure(err, `registry ${this.ref.host} stopped sending ${what}`);
    }
    return Buffer.concat(chunks);
  }

  /** A failed read as a RegistryError: the time budget when it ran out, else the network reason. */
  failure(err: unknown, context: string, tried = ''): ImgdietError {
    if (err instanceof ImgdietError) return err;
    if (this.signal.aborted) return this.ended(context);
    const reason = this.explain(err);
    return new RegistryError(`${context}: ${reasonText(reason)}${tried}`, null, [], reason.temporary, { cause: err });
  }

  explain(err: unknown): Reason {
    return explainNetwork(err, this.ref.host, this.net);
  }

  /** Requests stopped while asking for `what`: the --timeout budget, the caller's signal, or close(). */
  stopped(what: string): RegistryError {
    return this.budget.aborted ? new RegistryError(`registry ${this.ref.host} did not send ${what} within the ${seconds(this.net.totalMs)} --timeout`, null, [], false) : this.ended(what);
  }

  /** The same, after `context` (a sentence saying what was going on). */
  private ended(context: string): RegistryError {
    if (this.budget.aborted) return new RegistryError(`${context}: the ${seconds(this.net.totalMs)} --timeout ran out`, null, [], false);
    if (this.stop.signal.aborted) return new RegistryError(`registry ${this.ref.host}: ${context}: stopped (the read failed elsewhere)`, null, [], false);
    return new RegistryError(`registry ${this.ref.host} did not answer in time`, null, [], true);
  }

  private async base(): Promise<string> {
    if (this.scheme === null) this.scheme = this.options.scheme ?? (await this.pickScheme());
    return `${this.scheme}://${apiHost(this.ref.host)}`;
  }

  /** https, unless the host is loopback or --insecure was given and only plain http answers. */
  private async pickScheme(): Promise<'https' | 'http'> {
    if (!this.options.insecure && !isLoopback(this.ref.host)) return 'https';
    try {
      const res = await this.http.get(new URL(`https://${apiHost(this.ref.host)}/v2/`), {}, this.signal);
      await res.discard();
      return 'https';
    } catch (err) {
      if (this.signal.aborted) throw this.stopped('an answer to its first request');
      // A TLS server with a certificate not trusted here is not a plain-http registry: say so.
      const reason = this.explain(err);
      if (reason.untrusted) throw new RegistryError(`cannot reach registry ${this.ref.host}: ${reasonText(reason)}`, null, [], false, { cause: err });
      return 'http';
    }
  }

  /** Waits before the next try: back-off, or Retry-After up to its cap; a wait past the budget fails now. */
  async waitToRetry(attempt: number, retryAfter: string | null, failure: RegistryError): Promise<void> {
    const net = this.net;
    let ms = net.backoffMs * 2 ** (attempt - 1);
    const asked = parseRetryAfter(retryAfter);
    if (asked !== null && asked > net.retryAfterCapMs) {
      throw new RegistryError(`${failure.message}; it asked to wait ${seconds(asked)} (Retry-After), more than the ${seconds(net.retryAfterCapMs)} imgdiet waits`, failure.status, [], false);
    }
    ms = Math.min(Math.max(ms, asked ?? 0), net.retryAfterCapMs);
    if (Date.now() + ms > this.deadline) {
      throw new RegistryError(`${failure.message}; waiting ${seconds(ms)} to try again would pass the ${seconds(net.totalMs)} --timeout`, failure.status, [], false);
    }
    const sleep = net.sleep ?? realSleep;
    try {
      await sleep(ms, this.signal);
    } catch {
      throw this.ended(`${failure.message}; waiting to try again`);
    }
  }
}

/** Retry-After in seconds or as an HTTP date → milliseconds; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
