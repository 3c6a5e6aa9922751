/**
 * Escaping for the HTML report. Everything taken from an image (paths, labels, history, env, package names,
 * finding messages) is untrusted: it reaches the page only as escaped HTML text or attribute values, or inside
 * the JSON data block, where it is read with JSON.parse and put into the DOM as text.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * A value as JSON that can sit inside `<script type="application/json">`: `<`, `>` and `&` are written as
 * \u escapes so that no `</script>` or `<!--` can end or change the block, and U+2028/U+2029 so that the
 * text stays valid JavaScript too. JSON.parse gives back the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
