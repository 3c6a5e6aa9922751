import { InputError } from '../../../errors';
import type { Credentials } from './credentials';
import { apiHost, isLoopback, RegistryRef } from './reference';

/** A registry answered with an error; `temporary` when trying again may help. */
export class RegistryError extends InputError {
  constructor(
    message: string,
    readonly status: number | null,
    readonly codes: string[],
    readonly temporary: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

export interface ClientOptions {
  credentials: Credentials | null;
  /** Allow plain http (always allowed for loopback hosts). */
  insecure: boolean;
  /** Tries for one request, first included. */
  attempts?: number;
  /** First back-off; doubles each time. */
  backoffMs?: number;
  /** Ends every request and wait at once: a caller that only may wait so long (the base-size lookup). */
  signal?: AbortSignal;
  /** The scheme, when the caller found it already (no probe then). */
  scheme?: 'https' | 'http';
}

/**
 * Registry HTTP API v2 over fetch: finds the scheme, answers Bearer and Basic challenges, and tries again with
 * back-off on 429, 5xx and dropped connections. The credentials go only into Authorization headers.
 */
export class RegistryClient {
  private scheme: 'https' | 'http' | null = null;
  private authorization: string | null = null;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(
    readonly ref: RegistryRef,
    private readonly options: ClientOptions,
  ) {
    this.attempts = options.attempts ?? 5;
    this.backoffMs = options.backoffMs ?? 250;
  }

  /** GET a path under /v2/ of this repository (`manifests/REF`, `blobs/DIGEST`). */
  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const url = `${await this.base()}/v2/${this.ref.repository}/${path}`;
    let answeredChallenge = false;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { headers: { ...headers, ...(this.authorization ? { authorization: this.authorization } : {}) }, signal: this.options.signal });
      } catch (err) {
        if (this.options.signal?.aborted) throw new RegistryError(`registry ${this.ref.host} did not answer in time`, null, [], true, { cause: err });
        if (attempt < this.attempts) {
          await this.pause(attempt, null);
          continue;
        }
        throw new RegistryError(`cannot reach registry ${this.ref.host}: ${networkReason(err)} (tried ${attempt} times)`, null, [], true, { cause: err });
      }
      if (res.status === 401 && !answeredChallenge) {
        answeredChallenge = true;
        await res.body?.cancel();
        await this.answerChallenge(res.headers.get('www-authenticate'));
        attempt--;
        continue;
      }
      if ((res.status === 429 || res.status >= 500) && attempt < this.attempts) {
        await res.body?.cancel();
        await this.pause(attempt, res.headers.get('retry-after'));
        continue;
      }
      return res;
    }
  }

  /** Turns an error answer into one line: what failed, and what to do. */
  async fail(res: Response, what: string): Promise<RegistryError> {
    let codes: string[] = [];
    try {
      const body = (await res.json()) as { errors?: Array<{ code?: string }> };
      codes = (body.errors ?? []).map((e) => e.code ?? '').filter(Boolean);
    } catch {
      // Not every error has a JSON body.
    }
    const status = `${res.status}${codes.length ? ` ${codes.join(', ')}` : ''}`;
    const temporary = res.status === 429 || res.status >= 500;
    if (res.status === 401 || res.status === 403) {
      const hint = this.options.credentials ? 'the credentials were refused; check them' : 'it needs credentials; give --creds USER:PASSWORD or run docker login';
      return new RegistryError(`registry ${this.ref.host} denied access to ${this.ref.repository} (${status}): ${hint}`, res.status, codes, false);
    }
    if (res.status === 404) return new RegistryError(`${what} not found in registry ${this.ref.host} (${status}); check the name and tag`, 404, codes, false);
    return new RegistryError(`registry ${this.ref.host} failed on ${what} (${status})`, res.status, codes, temporary);
  }

  private async base(): Promise<string> {
    if (this.scheme === null) this.scheme = this.options.scheme ?? (await this.pickScheme());
    return `${this.scheme}://${apiHost(this.ref.host)}`;
  }

  /** https, unless the host is loopback or --insecure was given and only plain http answers. */
  private async pickScheme(): Promise<'https' | 'http'> {
    if (!this.options.insecure && !isLoopback(this.ref.host)) return 'https';
    try {
      const limit = AbortSignal.timeout(10_000);
      const res = await fetch(`https://${apiHost(this.ref.host)}/v2/`, { signal: this.options.signal ? AbortSignal.any([this.options.signal, limit]) : limit });
      await res.body?.cancel();
      return 'https';
    } catch {
      return 'http';
    }
  }

  private async answerChallenge(header: string | null): Promise<void> {
    const challenge = parseChallenge(header ?? '');
    const creds = this.options.credentials;
    if (challenge?.scheme === 'basic') {
      if (creds) this.authorization = basic(creds);
      return;
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) return;
    const url = new URL(challenge.params.realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? `repository:${this.ref.repository}:pull`);
    let res: Response;
    try {
      res = await fetch(url, { headers: creds ? { authorization: basic(creds) } : {}, signal: this.options.signal });
    } catch (err) {
      throw new RegistryError(`cannot reach the token service of ${this.ref.host}: ${networkReason(err)}`, null, [], true, { cause: err });
    }
    if (!res.ok) throw await this.fail(res, 'token');
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (token) this.authorization = `Bearer ${token}`;
  }

  private async pause(attempt: number, retryAfter: string | null): Promise<void> {
    const asked = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    const ms = Math.min(Math.max(asked, this.backoffMs * 2 ** (attempt - 1)), 30_000);
    await new Promise<void>((resolve, reject) => {
      const signal = this.options.signal;
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', stop);
        resolve();
      }, ms);
      const stop = (): void => {
        clearTimeout(timer);
        reject(new RegistryError(`registry ${this.ref.host} did not answer in time`, null, [], true));
      };
      if (signal?.aborted) stop();
      else signal?.addEventListener('abort', stop, { once: true });
    });
  }
}

function basic(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.secret}`).toString('base64')}`;
}

/** `Bearer realm="…",service="…",scope="…"` → scheme and parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } | null {
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/(\w+)="([^"]*)"/g)) params[p[1].toLowerCase()] = p[2];
  return { scheme: m[1].toLowerCase(), params };
}

/** The low-level reason behind a failed fetch, without URLs (which could carry credentials). */
export function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}
