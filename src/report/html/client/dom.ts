/**
 * DOM helpers. Data from the image only ever reaches the DOM as text (textContent, the title and data-*
 * properties, SVG attributes with numbers); no HTML is parsed from data.
 */
const SVGNS = 'http://www.w3.org/2000/svg';

/** Layer names by set (`image`, `old`, `new`), from the page's data; start() fills it. */
let LAYER_SETS: View['layerSets'] = {};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string | null, text?: unknown): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = shown(text);
  return e;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVGNS, tag);
  for (const k in attrs) e.setAttribute(k, String(attrs[k]));
  return e;
}

function add<T extends Node>(parent: Node, child: T): T {
  parent.appendChild(child);
  return child;
}

function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Runs `action` on Enter or Space, as a button does. */
function onActivateKey(target: Element, action: () => void): void {
  target.addEventListener('keydown', (ev) => {
    const key = (ev as KeyboardEvent).key;
    if (key === 'Enter' || key === ' ') {
      ev.preventDefault();
      action();
    }
  });
}

function valueText(v: Value): string {
  switch (v.kind) {
    case 'bytes':
      return formatBytes(v.value);
    case 'delta':
      return formatDelta(v.value);
    case 'percent':
      return formatPercent(v.value);
    case 'count':
      return formatCount(v.value);
    default:
      return String(v.value);
  }
}

/** A value's text; sizes and counts keep their exact number in data-value, sizes their bytes in the tooltip. */
function valueEl<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, v: Value): HTMLElementTagNameMap[K] {
  const e = el(tag, cls, valueText(v));
  if (v.kind === 'bytes' || v.kind === 'delta' || v.kind === 'count') {
    e.setAttribute('data-value', String(v.value));
    if (v.kind !== 'count') e.title = `${formatCount(v.value)} bytes`;
  }
  return e;
}

function bytesEl<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, bytes: number): HTMLElementTagNameMap[K] {
  return valueEl(tag, cls, { kind: 'bytes', value: bytes });
}

function layerName(set: string | undefined, index: number): string {
  const found = (LAYER_SETS[set ?? ''] || []).find((l) => l.index === index);
  return found ? found.instruction : '';
}

function sectionEl(s: Section): HTMLElement {
  const sec = el('section', `section section-${s.type}`);
  sec.id = s.id;
  add(sec, el('h2', null, s.title));
  if (s.note) add(sec, el('p', 'note', s.note));
  return sec;
}
