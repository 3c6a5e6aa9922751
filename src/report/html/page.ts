/**
 * The shell every HTML report shares: one self-contained document with the stylesheet, the page's view as a
 * JSON data block, and the page script, all inline. A Content-Security-Policy allows only this script and this
 * stylesheet (by hash) and no network at all, so even a mistake elsewhere could neither run injected script nor
 * load anything.
 */
import { createHash } from 'node:crypto';
import { escapeHtml, jsonForScript } from './escape';
import { pageScript } from './page-script';
import { STYLES } from './styles';
import type { PageView } from './view';

export interface PageHeader {
  /** What the page is about, e.g. the image reference (may come from the image: it is escaped). */
  title: string;
  /** Small line above the title, e.g. "Image report". */
  kicker: string;
  /** Facts under the title (tags, id, platform…). */
  meta: Array<{ label: string; value: string }>;
  /** Who made the page, e.g. "imgdiet 0.1.0". */
  generator: string;
}

const LOGO =
  '<svg viewBox="0 0 18 18" aria-hidden="true"><rect x="1" y="1" width="16" height="16" rx="3" fill="#4c83e6"/>' +
  '<rect x="4" y="4" width="6" height="10" fill="#fff" opacity=".9"/><rect x="11" y="4" width="3" height="5" fill="#fff" opacity=".6"/>' +
  '<rect x="11" y="10" width="3" height="4" fill="#f0a22e"/></svg>';

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function renderPage(header: PageHeader, view: PageView): string {
  const script = pageScript();
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(STYLES)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const meta = header.meta.map((m) => `<li><span>${escapeHtml(m.label)}</span><b>${escapeHtml(m.value)}</b></li>`).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeHtml(header.generator)}">`,
    `<title>${escapeHtml(`${header.title} · ${header.kicker}`)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    '<header class="top"><div class="wrap">',
    `<div class="brand">${LOGO}imgdiet · ${escapeHtml(header.kicker)}</div>`,
    `<h1 id="title">${escapeHtml(header.title)}</h1>`,
    `<ul class="meta">${meta}</ul>`,
    '<nav class="sections" id="nav" aria-label="Sections"></nav>',
    '</div></header>',
    '<main class="wrap" id="sections">',
    '<noscript><p>This report draws its charts and tables with JavaScript, which is off. The same figures are in the JSON output (<code>--json</code>).</p></noscript>',
    '</main>',
    `<footer class="wrap">Made by ${escapeHtml(header.generator)}. Sizes in SI units (1 MB = 1,000,000 bytes); hover a size for its exact bytes. This file is complete on its own: it loads nothing.</footer>`,
    `<script type="application/json" id="imgdiet-data">${jsonForScript(view)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
