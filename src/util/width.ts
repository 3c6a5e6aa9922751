/**
 * Terminal width arithmetic: what a line takes on screen, not its length in UTF-16 units. Colour codes take no
 * columns, East Asian wide characters and most emoji take two, combining marks none.
 */
import { printable } from './text';

// Only the colour codes the renderers write (picocolors' SGR): text from an image was escaped by printable().
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

export function stripColor(text: string): string {
  return text.replace(SGR, '');
}

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x300) return 1;
  if (/[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]/u.test(ch)) return 0;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) || cp === 0x2329 || cp === 0x232a ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe6f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Columns the text takes on a terminal. */
export function displayWidth(text: string): number {
  let n = 0;
  for (const ch of stripColor(text)) n += charWidth(ch);
  return n;
}

/** The longest start of `chars` that takes at most `max` columns. */
function takeWidth(chars: string[], max: number): string[] {
  let used = 0;
  let i = 0;
  for (; i < chars.length; i++) {
    const w = charWidth(chars[i]);
    if (used + w > max) break;
    used += w;
  }
  return chars.slice(0, i);
}

/** One line of text from anywhere, made printable and shortened in the middle to `max` columns. */
export function fitText(text: string, max: number): string {
  const oneLine = printable(text.replace(/\s+/g, ' '));
  if (displayWidth(oneLine) <= max) return oneLine;
  if (max <= 1) return max === 1 ? '…' : '';
  const chars = Array.from(oneLine);
  const head = takeWidth(chars, Math.ceil((max - 1) * 0.7));
  const tail = takeWidth([...chars].reverse(), max - 1 - displayWidth(head.join(''))).reverse();
  return `${head.join('')}…${tail.join('')}`;
}

/** The last guard before output: cuts a line (colour codes kept whole) to `max` columns. */
export function clipLine(line: string, max: number): string {
  if (displayWidth(line) <= max) return line;
  let out = '';
  let used = 0;
  let coloured = false;
  for (const part of line.split(/(\u001b\[[0-9;]*m)/)) {
    if (part.startsWith('\u001b[')) {
      out += part;
      coloured = true;
      continue;
    }
    for (const ch of part) {
      const w = charWidth(ch);
      if (used + w > max - 1) return `${out}…${coloured ? '\u001b[0m' : ''}`;
      out += ch;
      used += w;
    }
  }
  return out;
}

/** Pads to `width` columns on the left (numbers) or right (text). */
export function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}
