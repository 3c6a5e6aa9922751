/**
 * The treemap: the final filesystem's directories as nested boxes, one level opened at a time, with a
 * breadcrumb trail and the largest entries listed beside it.
 */
const HUES = [214, 152, 34, 276, 350, 190, 92, 248, 14, 128, 320, 58];
/** Each treemap's draw, run once every section is in the page (they measure their box). */
const TREEMAPS: Array<() => void> = [];

interface Treemap {
  crumbs: HTMLElement;
  box: HTMLElement;
  side: HTMLElement;
  status: HTMLElement;
  /** The open directory and its parents, the root first. */
  trail: TreeNode[];
  width: number;
}

function renderTreemap(s: SectionOf<'treemap'>): HTMLElement {
  const sec = sectionEl(s);
  const crumbs = add(sec, el('nav', 'crumbs'));
  crumbs.setAttribute('aria-label', 'Directory');
  const wrap = add(sec, el('div', 'treemap-wrap'));
  const box = add(wrap, el('div', 'treemap'));
  const side = add(wrap, el('div', 'treemap-side'));
  const status = add(sec, el('p', 'treemap-status'));
  const tm: Treemap = { crumbs, box, side, status, trail: [s.root], width: 0 };
  const draw = (): void => drawTreemap(tm);
  let pending = 0;
  window.addEventListener('resize', () => {
    if (pending) return;
    pending = window.setTimeout(() => {
      pending = 0;
      if (box.clientWidth !== tm.width) draw();
    }, 120);
  });
  window.addEventListener('beforeprint', draw);
  window.addEventListener('afterprint', draw);
  TREEMAPS.push(draw);
  return sec;
}

function pathOf(nodes: TreeNode[]): string {
  return `/${nodes.slice(1).map((n) => n.name).join('/')}`;
}

function describe(nodes: TreeNode[]): string {
  const n = nodes[nodes.length - 1];
  const parent = nodes.length > 1 ? nodes[nodes.length - 2] : null;
  const where = n.kind === 'other' ? `${pathOf(nodes.slice(0, -1))}: ${n.name} (smaller entries)` : pathOf(nodes);
  let text = `${where} \u2014 ${formatBytes(n.bytes)}`;
  if (parent && parent.bytes > 0) text += ` (${formatPercent(n.bytes / parent.bytes)} of ${pathOf(nodes.slice(0, -1))})`;
  if (n.kind !== 'file') text += `, ${formatCount(n.files)}${n.files === 1 ? ' file' : ' files'}`;
  if (n.kind === 'more') text += '; its content is summarised';
  return text;
}

function openTrail(tm: Treemap, nodes: TreeNode[]): void {
  tm.trail = nodes;
  drawTreemap(tm);
  tm.status.textContent = shown(describe(tm.trail));
}

function boxColor(hue: number, level: number, kind: TreeNode['kind']): string {
  if (kind === 'other') return `hsl(215, 10%, ${level ? 82 : 76}%)`;
  const light = (kind === 'file' ? 74 : 64) + level * 10;
  return `hsl(${hue}, ${kind === 'more' ? 35 : 58}%, ${light}%)`;
}

function canOpenNode(n: TreeNode): boolean {
  return n.kind === 'dir' && !!n.children && n.children.length > 0;
}

function positive(nodes: TreeNode[] | undefined): TreeNode[] {
  return (nodes || []).filter((c) => c.bytes > 0);
}

/** One box; at the top level with its name, size and the level below drawn inside it. */
function drawNode(tm: Treemap, parent: Element, nodes: TreeNode[], r: Rect, hue: number, level: number): void {
  const n = nodes[nodes.length - 1];
  const canOpen = canOpenNode(n);
  // Boxes drawn inside a directory's box open that directory: one level at a time.
  const g = add(parent, svg('g', { class: `node${canOpen && level === 0 ? ' can-open' : ''}` }));
  g.setAttribute('data-path', pathOf(nodes));
  add(g, svg('rect', { class: 'box', x: r.x, y: r.y, width: Math.max(0, r.w), height: Math.max(0, r.h), fill: boxColor(hue, level, n.kind) }));
  add(g, svg('title', {})).textContent = shown(describe(nodes));
  const headH = level === 0 ? drawHead(g, n, r, canOpen) : drawSmallHead(g, n, r, level);
  if (level === 0 && canOpen && r.w > 24 && r.h > headH + 14) {
    const kids = positive(n.children);
    const rects = squarify(kids.map((c) => c.bytes), r.x + 3, r.y + headH, r.w - 6, r.h - headH - 3);
    kids.forEach((c, i) => {
      if (rects[i].w >= 2 && rects[i].h >= 2) drawNode(tm, g, nodes.concat([c]), rects[i], hue, 1);
    });
  }
  if (canOpen && level === 0) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', shown(`Open ${pathOf(nodes)}`));
    onActivateKey(g, () => openTrail(tm, nodes));
    g.addEventListener('click', () => openTrail(tm, nodes));
  }
  g.addEventListener('mouseenter', () => {
    tm.status.textContent = shown(describe(nodes));
  });
}

function boxText(g: Element, x: number, y: number, cls: string | null, text: string, anchorEnd?: boolean): SVGTextElement {
  const attrs: Record<string, string | number> = { x, y };
  if (cls) attrs.class = cls;
  if (anchorEnd) attrs['text-anchor'] = 'end';
  const t = add(g, svg('text', attrs));
  t.textContent = text;
  return t;
}

function shortName(n: TreeNode, max: number): string {
  return shown(ellipsize(n.kind === 'other' ? `\u2026 ${n.name}` : n.name, Math.max(3, max)));
}

/** A top-level box's name and size; returns the height they take. */
function drawHead(g: Element, n: TreeNode, r: Rect, canOpen: boolean): number {
  if (!(r.w > 36 && r.h > 18)) return 0;
  const chars = Math.floor((r.w - 10) / 7);
  const label = boxText(g, r.x + 5, r.y + 14, 'head', shortName(n, chars));
  if (r.h > 36 && (!canOpen || r.h < 70)) {
    boxText(g, r.x + 5, r.y + 29, 'size', formatBytes(n.bytes));
    return 33;
  }
  if (canOpen && r.w > 110) {
    boxText(g, r.x + r.w - 5, r.y + 14, 'size', formatBytes(n.bytes), true);
    if (chars * 7 > r.w - 90) label.textContent = shown(ellipsize(n.name, Math.max(3, Math.floor((r.w - 90) / 7))));
  }
  return 18;
}

/** A box of the level below: its name, and its size when there is room. */
function drawSmallHead(g: Element, n: TreeNode, r: Rect, level: number): number {
  if (level === 1 && r.w > 50 && r.h > 16) {
    boxText(g, r.x + 4, r.y + 13, null, shortName(n, Math.floor((r.w - 8) / 6.5)));
    if (r.h > 34 && r.w > 64) boxText(g, r.x + 4, r.y + 27, 'size', formatBytes(n.bytes));
  }
  return 0;
}

function drawCrumbs(tm: Treemap): void {
  const { crumbs, trail } = tm;
  clear(crumbs);
  trail.forEach((n, i) => {
    if (i > 1) add(crumbs, el('span', 'sep', '/'));
    const name = i === 0 ? '/' : n.name;
    if (i === trail.length - 1) {
      add(crumbs, el('span', 'here', name)).setAttribute('aria-current', 'location');
    } else {
      const b = add(crumbs, el('button', null, name));
      b.type = 'button';
      b.addEventListener('click', () => openTrail(tm, trail.slice(0, i + 1)));
    }
  });
  const cur = trail[trail.length - 1];
  const size = add(crumbs, el('span', 'size', `${formatBytes(cur.bytes)} in ${formatCount(cur.files)}${cur.files === 1 ? ' file' : ' files'}`));
  size.setAttribute('data-value', String(cur.bytes));
}

/** The open directory's largest entries beside the map. */
function drawList(tm: Treemap, cur: TreeNode): void {
  clear(tm.side);
  const list = add(tm.side, el('ol', 'tm-list'));
  const kids = cur.children || [];
  kids.slice(0, 16).forEach((c, i) => {
    const li = add(list, el('li', c.kind === 'other' ? 'other' : null));
    const sw = add(li, el('span', 'swatch'));
    sw.style.background = boxColor(HUES[i % HUES.length], 0, c.kind);
    if (canOpenNode(c)) {
      const b = add(li, el('button', 'name', `${c.name}/`));
      b.type = 'button';
      b.title = shown(pathOf(tm.trail.concat([c])));
      b.addEventListener('click', () => openTrail(tm, tm.trail.concat([c])));
    } else {
      const nm = add(li, el('span', 'name', c.name + (c.kind === 'more' ? '/' : '')));
      nm.title = shown(c.kind === 'other' ? `${c.name} (smaller entries)` : pathOf(tm.trail.concat([c])));
    }
    add(li, bytesEl('span', 'num', c.bytes));
    add(li, el('span', 'num pct', cur.bytes > 0 ? formatPercent(c.bytes / cur.bytes) : ''));
  });
  if (kids.length > 16) add(tm.side, el('p', 'count', `${kids.length - 16} more in the map`));
}

function drawTreemap(tm: Treemap): void {
  const cur = tm.trail[tm.trail.length - 1];
  drawCrumbs(tm);
  drawList(tm, cur);
  clear(tm.box);
  tm.width = tm.box.clientWidth || 900;
  const width = tm.width;
  const height = tm.box.clientHeight || 460;
  const root = add(tm.box, svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'group' }));
  root.setAttribute('aria-label', shown(`Treemap of ${pathOf(tm.trail)}`));
  const kids = positive(cur.children);
  const rects = squarify(kids.map((c) => c.bytes), 0, 0, width, height);
  kids.forEach((c, i) => drawNode(tm, root, tm.trail.concat([c]), rects[i], HUES[i % HUES.length], 0));
  if (kids.length === 0) boxText(root, 16, 28, null, 'No file bytes here.');
}
