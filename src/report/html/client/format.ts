/**
 * Text helpers that need no DOM. formatBytes copies src/util/units.ts (test/html/page.test.ts holds the two to
 * the same output over a table of values).
 */

/** SI units, as the terminal report prints them: 1 MB = 1,000,000 B. */
function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  const digitsFor = (v: number): number => (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
  let v = bytes / 1000;
  let i = 0;
  for (;;) {
    // Round first, then choose the digits: 9,999 B is "10.0 kB", and 999,600 B is "1.00 MB".
    const rounded = Number(v.toFixed(digitsFor(v)));
    if (Math.abs(rounded) >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
      continue;
    }
    return `${rounded.toFixed(digitsFor(rounded))} ${units[i]}`;
  }
}

/** Signed, as the diff reports write it: +2.00 kB, -300 B, 0 B. */
function formatDelta(bytes: number): string {
  return (bytes > 0 ? '+' : '') + formatBytes(bytes);
}

function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

function formatCount(n: number): string {
  return Number(n).toLocaleString('en-US');
}

/** "1 file", "3 files". */
function plural(n: number, one: string, many?: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many || `${one}s`}`;
}

/** Control characters from file names would be invisible: shown escaped, as the terminal report does. */
function shown(text: unknown): string {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    const h = ch.charCodeAt(0).toString(16);
    return `\\x${h.length < 2 ? `0${h}` : h}`;
  });
}

/** Shortens in the middle so that both ends stay readable. */
function ellipsize(text: string, max: number): string {
  const s = String(text).replace(/\s+/g, ' ');
  if (s.length <= max) return s;
  const head = Math.ceil((max - 1) * 0.7);
  return `${s.slice(0, head)}\u2026${s.slice(s.length - (max - 1 - head))}`;
}
