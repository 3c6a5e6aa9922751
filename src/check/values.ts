/**
 * The values budgets take — sizes, percentages, ratios, severities — parsed exactly (decimal strings become
 * fractions of BigInts, never floats), and the one way a check writes a byte count: exact and SI.
 */
import { Severity, SEVERITIES } from '../model';
import { formatBytes, formatSignedBytes } from '../util/units';

/** A value that does not parse; the message says what was expected, the caller adds where it came from. */
export class ValueError extends Error {}

/** A whole number of bytes. */
export interface Bytes {
  kind: 'bytes';
  bytes: number;
}

/** A percentage: num/den percent (`12.5%` is 125/10). */
export interface Percent {
  kind: 'percent';
  num: bigint;
  den: bigint;
}

export type Amount = Bytes | Percent;

/** A ratio from 0 to 1: num/den. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

export const EXPECT_SIZE = 'a size such as 150MB, 1.2GiB, 500kB or a whole number of bytes';
export const EXPECT_AMOUNT = 'a size such as 150MB, 1.2GiB, 500kB, a whole number of bytes, or a percentage such as 5%';
export const EXPECT_RATIO = 'a percentage such as 90% or a ratio from 0 to 1 such as 0.9';
export const EXPECT_COUNT = 'a whole number such as 10';
export const EXPECT_BOOLEAN = 'true or false';
export const EXPECT_SEVERITY = `one of ${SEVERITIES.join(', ')}`;
export const EXPECT_REFERENCE = 'an image reference such as app:1.0, docker-archive:old.tar or docker://registry/app:1.0';

const UNITS: Record<string, bigint> = {
  b: 1n,
  kb: 1000n,
  mb: 1000n ** 2n,
  gb: 1000n ** 3n,
  tb: 1000n ** 4n,
  kib: 1024n,
  mib: 1024n ** 2n,
  gib: 1024n ** 3n,
  tib: 1024n ** 4n,
};

const NUMBER = /^(\d+)(?:\.(\d+))?\s*([A-Za-z%]*)$/;

/** `12.5` → 125/10. */
function decimal(whole: string, fraction: string | undefined): { num: bigint; den: bigint } {
  const f = fraction ?? '';
  return { num: BigInt(whole + f), den: 10n ** BigInt(f.length) };
}

/** A YAML number as the text it was written as (`0.9`, `150`); exponents are refused rather than guessed. */
function asText(raw: unknown, expected: string): string {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) throw new ValueError(`${raw} is not ${expected}`);
    const text = String(raw);
    if (/e/i.test(text)) throw new ValueError(`${text} is not ${expected}`);
    return text;
  }
  if (typeof raw === 'string') return raw.trim();
  throw new ValueError(`${describe(raw)} is not ${expected}`);
}

/** What a wrong value is, for messages: strings quoted, the rest by kind. */
export function describe(raw: unknown): string {
  if (typeof raw === 'string') return JSON.stringify(raw);
  if (raw === null || raw === undefined) return 'an empty value';
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'a mapping';
  return String(raw);
}

/** A size or, when `percent` is allowed, a percentage. Units: SI kB/MB/GB/TB, IEC KiB/MiB/GiB/TiB, B; rounded down to whole bytes. */
export function parseAmount(raw: unknown, percent: boolean): Amount {
  const expected = percent ? EXPECT_AMOUNT : EXPECT_SIZE;
  const text = asText(raw, expected);
  const m = NUMBER.exec(text);
  if (!m) throw new ValueError(`${describe(raw)} is not ${expected}`);
  const [, whole, fraction, unitText] = m;
  const { num, den } = decimal(whole, fraction);
  if (unitText === '%') {
    if (!percent) throw new ValueError(`${describe(raw)} is a percentage; expected ${expected}`);
    return { kind: 'percent', num, den };
  }
  const unit = unitText === '' ? 1n : UNITS[unitText.toLowerCase()];
  if (unit === undefined) throw new ValueError(`${describe(raw)} has an unknown unit "${unitText}"; expected ${expected}`);
  if (unitText === '' && fraction !== undefined) throw new ValueError(`${describe(raw)} is not a whole number of bytes; expected ${expected}`);
  const bytes = (num * unit) / den;
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) throw new ValueError(`${describe(raw)} is too large`);
  return { kind: 'bytes', bytes: Number(bytes) };
}

export function parseSize(raw: unknown): Bytes {
  return parseAmount(raw, false) as Bytes;
}

/** `90%` or `0.9` (a plain number above 1 is refused: 90 could mean either). */
export function parseRatio(raw: unknown): Ratio {
  const text = asText(raw, EXPECT_RATIO);
  const m = NUMBER.exec(text);
  if (!m || (m[3] !== '' && m[3] !== '%')) throw new ValueError(`${describe(raw)} is not ${EXPECT_RATIO}`);
  const { num, den } = decimal(m[1], m[2]);
  const ratio = m[3] === '%' ? { num, den: den * 100n } : { num, den };
  if (ratio.num > ratio.den) {
    const why = m[3] === '%' ? 'is more than 100%' : `is more than 1 (for a percentage write ${text}%)`;
    throw new ValueError(`${describe(raw)} ${why}; expected ${EXPECT_RATIO}`);
  }
  return ratio;
}

export function parseCount(raw: unknown): number {
  const text = asText(raw, EXPECT_COUNT);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new ValueError(`${describe(raw)} is not ${EXPECT_COUNT}`);
  return Number(text);
}

export function parseBoolean(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  throw new ValueError(`${describe(raw)} is not ${EXPECT_BOOLEAN}`);
}

export function parseSeverity(raw: unknown): Severity {
  if (typeof raw === 'string' && (SEVERITIES as string[]).includes(raw.trim().toLowerCase())) return raw.trim().toLowerCase() as Severity;
  throw new ValueError(`${describe(raw)} is not ${EXPECT_SEVERITY}`);
}

export function parseReference(raw: unknown): string {
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  throw new ValueError(`${describe(raw)} is not ${EXPECT_REFERENCE}`);
}

/** floor(base × percent / 100), exactly. */
export function percentOf(p: Percent, base: number): number {
  return Number((BigInt(base) * p.num) / (p.den * 100n));
}

/** `5%`, `12.5%`: a percentage as it is written. */
export function percentText(p: Percent): string {
  return `${fractionText(p.num, p.den)}%`;
}

/** A ratio as a percentage: 9/10 → `90%`. */
export function ratioPercentText(r: Ratio): string {
  return `${fractionText(r.num * 100n, r.den)}%`;
}

/** num/den in decimal, at most 4 decimals, trailing zeros cut. */
function fractionText(num: bigint, den: bigint): string {
  const scaled = (num * 10000n) / den;
  const whole = scaled / 10000n;
  const frac = (scaled % 10000n).toString().padStart(4, '0').replace(/0+$/, '');
  return frac === '' ? whole.toString() : `${whole}.${frac}`;
}

/** `1,234,567` */
export function grouped(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Exact bytes and SI: `151,234,567 B (151 MB)`; below 1 kB just `999 B`. */
export function bytesText(n: number): string {
  const exact = `${grouped(n)} B`;
  return Math.abs(n) < 1000 ? exact : `${exact} (${formatBytes(n)})`;
}

/** A signed byte delta: `+1,234 B (+1.23 kB)`, `-500 B`, `0 B`. */
export function deltaText(n: number): string {
  const exact = `${n > 0 ? '+' : ''}${grouped(n)} B`;
  return Math.abs(n) < 1000 ? exact : `${exact} (${formatSignedBytes(n)})`;
}

/** (part/whole) as a percentage rounded down to 2 decimals, exactly: `87.51 %`. */
export function shareText(part: number, whole: number): string {
  if (whole === 0) return '100 %';
  const bp = (BigInt(part) * 10000n) / BigInt(whole);
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, '0')} %`;
}
