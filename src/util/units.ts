import { fitText } from './width';

/** SI units, as `docker images` prints them: 1 MB = 1,000,000 B. */
export function formatBytes(bytes: number): string {
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

/** A byte delta with its sign, as the diff and check reports write it: `+2.00 kB`, `-300 B`, `0 B`. */
export function formatSignedBytes(delta: number): string {
  return delta > 0 ? `+${formatBytes(delta)}` : formatBytes(delta);
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

/** Shortens a long text in the middle so both ends stay readable. */
export function ellipsize(text: string, max: number): string {
  // One shortening for every renderer: fitText counts columns, so wide characters never overflow.
  return fitText(text, max);
}
