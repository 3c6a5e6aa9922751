/**
 * Text from an image or a registry, made safe to print. Control characters would drive the terminal, bidi
 * controls (U+202A–U+202E, U+2066–U+2069, U+200E/F) and line separators (U+2028/9) would reorder or break what is
 * shown, and a lone surrogate half cannot be shown at all: all are shown escaped.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = text.replace(/[\u0000-\u001f\u007f-\u009f]|[\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return safe;
}

/** printable, cut to `max` characters (a registry's text in an error: a host, a code). Apart, so `map(printable)` stays safe. */
export function printableCut(text: string, max: number): string {
  const safe = printable(text);
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}
