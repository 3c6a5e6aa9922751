/**
 * The layer view: one layer's change tree, or the files visible just after it (dive's aggregated view), with
 * expand/collapse and a path filter. A click on a row of the layer chart opens that layer here.
 */
type LayerMode = 'changes' | 'asOf';

interface LayerView {
  s: SectionOf<'layerChanges'>;
  sec: HTMLElement;
  pick: HTMLSelectElement;
  modeButtons: HTMLElement[];
  input: HTMLInputElement;
  totals: HTMLElement;
  tree: HTMLElement;
  status: HTMLElement;
  /** Index into s.layers of the layer shown. */
  cur: number;
  mode: LayerMode;
  /** Open directories by layer, view and path, once toggled. */
  opened: Record<string, boolean>;
  /** Nodes of each tree, by layer and view. */
  sizes: Record<string, number>;
  /** The chart's key cells, to mark the layer shown. */
  chartKeys: Array<{ cell: Element; layer: number }>;
}

function renderLayerChanges(s: SectionOf<'layerChanges'>): HTMLElement {
  const sec = sectionEl(s);
  if (s.layers.length === 0) {
    add(sec, el('p', 'empty', 'No layer changed a path.'));
    return sec;
  }
  const tools = add(sec, el('div', 'table-tools lv-tools'));
  const pick = add(tools, layerPicker(s.layers));
  const modes = add(tools, el('div', 'lv-modes'));
  modes.setAttribute('role', 'group');
  const input = el('input', 'filter lv-filter');
  const v: LayerView = { s, sec, pick, modeButtons: [], input, totals: el('div'), tree: el('div'), status: el('p'), cur: 0, mode: 'changes', opened: {}, sizes: {}, chartKeys: [] };
  v.modeButtons = modeButtons(v, modes);
  add(tools, input);
  input.type = 'search';
  input.placeholder = 'Filter paths…';
  input.setAttribute('aria-label', 'Filter paths');
  expandButtons(v, tools);
  v.totals = add(sec, el('div', 'lv-totals'));
  v.tree = add(sec, el('div', 'lv-tree'));
  v.tree.setAttribute('role', 'tree');
  v.status = add(sec, el('p', 'lv-status'));
  add(sec, el('p', 'note lv-omitted', s.omitted));
  pick.addEventListener('change', () => {
    v.cur = Number(pick.value);
    drawLayer(v);
  });
  input.addEventListener('input', () => drawLayer(v));
  linkChart(v);
  drawLayer(v);
  return sec;
}

function layerPicker(layers: LayerChangeView[]): HTMLSelectElement {
  const pick = el('select', 'lv-pick');
  pick.setAttribute('aria-label', 'Layer');
  layers.forEach((l, i) => {
    const line = l.dockerfileLine === null ? '' : ` (Dockerfile line ${l.dockerfileLine})`;
    const o = add(pick, el('option', null, `#${l.index}${line} ${ellipsize(l.instruction || '(no history)', 90)}`));
    o.value = String(i);
  });
  return pick;
}

function modeButtons(v: LayerView, modes: HTMLElement): HTMLElement[] {
  const labels: Array<[LayerMode, string]> = [
    ['changes', 'This layer’s changes'],
    ['asOf', 'The filesystem as of this layer'],
  ];
  return labels.map(([mode, label]) => {
    const b = add(modes, el('button', 'lv-mode', label));
    b.type = 'button';
    b.setAttribute('data-mode', mode);
    b.addEventListener('click', () => {
      v.mode = mode;
      drawLayer(v);
    });
    return b;
  });
}

function expandButtons(v: LayerView, tools: HTMLElement): void {
  const buttons: Array<[string, string, boolean]> = [
    ['expand', 'Expand all', true],
    ['collapse', 'Collapse all', false],
  ];
  buttons.forEach(([cls, label, value]) => {
    const b = add(tools, el('button', `lv-${cls}`, label));
    b.type = 'button';
    b.addEventListener('click', () => {
      walkTree(v.s.layers[v.cur][v.mode], '', (n, path) => {
        if (n[4]) v.opened[openKey(v, path)] = value;
      });
      drawLayer(v);
    });
  });
}

function openKey(v: LayerView, path: string): string {
  return `${v.cur}:${v.mode}:${path}`;
}

/** Toggled directories keep their state; a small tree starts open, a large one at its top-level entries. */
function isOpen(v: LayerView, path: string, depth: number): boolean {
  const toggled = v.opened[openKey(v, path)];
  if (toggled !== undefined) return toggled;
  const t = `${v.cur}:${v.mode}`;
  if (v.sizes[t] === undefined) v.sizes[t] = countNodes(v.s.layers[v.cur][v.mode]);
  return depth < 1 || v.sizes[t] <= 80;
}

function drawTotals(v: LayerView, l: LayerChangeView): void {
  clear(v.totals);
  const changes: Array<['added' | 'modified' | 'removed', string]> = [
    ['added', 'A'],
    ['modified', 'M'],
    ['removed', 'D'],
  ];
  changes.forEach(([change, mark]) => {
    const c = l[change];
    const span = add(v.totals, el('span', `lv-total ch-${mark}`));
    span.setAttribute('data-change', change);
    span.setAttribute('data-files', String(c.files));
    add(span, el('b', null, change));
    span.appendChild(document.createTextNode(` ${plural(c.files, 'file')}, `));
    add(span, bytesEl('span', 'num', c.bytes));
  });
  const apart = `${plural(l.directories, 'directory', 'directories')}, ${plural(l.symlinks, 'symlink')}, ${plural(l.hardlinks, 'hard link')} written`;
  add(v.totals, el('span', 'lv-total lv-apart', apart));
}

/**
 * The rows to draw, depth first. Under a filter a match shows with everything below it (`forced`), a node
 * above a match shows open, and a folded node, having no path, never matches.
 */
function treeRows(v: LayerView, root: PageTreeNode, q: string): HTMLElement[] {
  const rows: HTMLElement[] = [];
  const visit = (n: PageTreeNode, path: string, depth: number, forced: boolean): void => {
    const open = q !== '' && !forced ? true : isOpen(v, path, depth);
    rows.push(
      treeRowEl(n, path, depth, open, () => {
        v.opened[openKey(v, path)] = !open;
        drawLayer(v);
      }),
    );
    if (!n[4] || !open) return;
    n[4].forEach((c) => {
      const p = childPath(path, c);
      if (q === '' || forced) visit(c, p, depth + 1, forced);
      else if (isFolded(c)) return;
      else if (pathMatches(p, q)) visit(c, p, depth + 1, true);
      else if (treeMatches(c, p, q)) visit(c, p, depth + 1, false);
    });
  };
  visit(root, '', 0, false);
  return rows;
}

function drawLayer(v: LayerView): void {
  const l = v.s.layers[v.cur];
  v.pick.value = String(v.cur);
  v.modeButtons.forEach((b) => b.setAttribute('aria-pressed', b.getAttribute('data-mode') === v.mode ? 'true' : 'false'));
  v.sec.setAttribute('data-layer', String(l.index));
  v.sec.setAttribute('data-mode', v.mode);
  drawTotals(v, l);
  const q = v.input.value.trim().toLowerCase();
  clear(v.tree);
  const root = l[v.mode];
  let rows = 0;
  if (root[3] === 0 && !root[4]) {
    const none = v.mode === 'changes' ? 'This layer changed no path: its instruction only set metadata.' : 'No regular file is visible after this layer.';
    add(v.tree, el('p', 'empty', none));
  } else if (q !== '' && !treeMatches(root, '', q)) add(v.tree, el('p', 'empty', 'No path matches the filter.'));
  else {
    const frag = document.createDocumentFragment();
    const drawn = treeRows(v, root, q);
    drawn.forEach((row) => frag.appendChild(row));
    v.tree.appendChild(frag);
    rows = drawn.length;
  }
  const total = v.mode === 'changes' ? plural(l.changedPaths, 'changed path') : plural(l.visibleFiles, 'visible file');
  v.status.textContent = `Layer #${l.index}: ${plural(rows, 'row')}${q === '' ? '' : ' matching'} drawn for ${total}.`;
  v.status.setAttribute('data-rows', String(rows));
  v.chartKeys.forEach((k) => k.cell.classList.toggle('selected', k.layer === l.index));
}

function openLayer(v: LayerView, index: number): boolean {
  const i = v.s.layers.findIndex((l) => l.index === index);
  if (i < 0) return false;
  v.cur = i;
  drawLayer(v);
  return true;
}

/** The chart above: its key and bar cells open their layer here. */
function linkChart(v: LayerView): void {
  const chart = document.getElementById(v.s.chart);
  if (!chart) return;
  chart.querySelectorAll<HTMLElement>('.bars > .cell.key').forEach((cell) => {
    const index = Number(String(cell.textContent).replace('#', ''));
    if (!v.s.layers.some((l) => l.index === index)) return;
    v.chartKeys.push({ cell, layer: index });
    const bar = cell.nextSibling && cell.nextSibling.nextSibling;
    [cell, bar as HTMLElement | null].forEach((target) => {
      if (!target) return;
      target.classList.add('opens-layer');
      target.setAttribute('data-layer', String(index));
      target.title = `Open the changes of layer #${index}`;
      target.addEventListener('click', () => {
        openLayer(v, index);
        v.sec.scrollIntoView({ block: 'start' });
      });
    });
    cell.setAttribute('role', 'button');
    cell.setAttribute('tabindex', '0');
    onActivateKey(cell, () => cell.click());
  });
}
