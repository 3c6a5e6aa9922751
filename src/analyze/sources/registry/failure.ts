/** What a failed request means, in one phrase without URLs (which could carry credentials), and whether to try again. */
import { InputError } from '../../../errors';
import type { NetSettings } from './net';

/** A registry answered with an error, or could not be read; `temporary` when trying again may help. */
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

/** The low-level reason behind a failed request: its code, else its message. */
export function networkReason(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  const cause = e?.cause;
  if (cause && typeof cause === 'object') return cause.code ?? cause.message ?? e?.message ?? String(err);
  return e?.code ?? e?.message ?? String(err);
}

/** TLS failures: trying again gives the same answer. */
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|EPROTO$)/;
/** A plain-http server answering a TLS handshake. */
const NOT_TLS = /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|wrong version number|packet length too long|http request/i;

export interface Reason {
  text: string;
  temporary: boolean;
  /** What to do, when there is something: appended after the reason. */
  hint?: string;
  /** A TLS server whose certificate is not trusted (as opposed to no TLS at all). */
  untrusted?: boolean;
}

/** Explains a request that failed below HTTP: timeouts with their limit, TLS problems with what to do. */
export function explainNetwork(err: unknown, host: string, settings: NetSettings): Reason {
  const code = networkReason(err);
  const message = (err as Error)?.message ?? '';
  const seconds = (ms: number): string => `${ms / 1000} s`;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { text: `no connection within ${seconds(settings.connectMs)}`, temporary: true };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { text: `no response within ${seconds(settings.headersMs)}`, temporary: true };
    case 'UND_ERR_BODY_TIMEOUT':
      return { text: `no data for ${seconds(settings.idleMs)}`, temporary: true };
    case 'ETOOSLOW':
      return { text: message, temporary: true };
    case 'EFORBIDDENADDR':
      return { text: message, temporary: false };
    case 'ENOTFOUND':
      return { text: 'ENOTFOUND (no such host)', temporary: false };
    case 'UND_ERR_SOCKET':
      return { text: message === 'other side closed' || !message ? 'other side closed' : message, temporary: true };
  }
  if (NOT_TLS.test(code) || NOT_TLS.test(message)) {
    return { text: `the https handshake failed (${code}): it seems to speak plain http`, temporary: false, hint: `if you trust ${host}, give --insecure` };
  }
  if (TLS_CODE.test(code)) {
    return { text: `its TLS certificate is not trusted (${code})`, temporary: false, hint: 'trust its CA with NODE_EXTRA_CA_CERTS=FILE', untrusted: true };
  }
  return { text: code, temporary: true };
}

/** Reason and hint as one phrase. */
export function reasonText(r: Reason): string {
  return r.hint ? `${r.text}; ${r.hint}` : r.text;
}
