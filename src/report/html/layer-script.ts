/**
 * Page script sections drawn after script.ts's: the proposal card's breakdown and the layer view (a layer's change
 * tree). Same rules as script.ts: data from the image reaches the DOM as text only.
 */

/** The parts of a card's value, one row each, then their total (the proposal's saving by suggestion). */
export const CARD_PARTS_SCRIPT = String.raw`
function minus(e) { e.textContent = '\u2212' + e.textContent; return e; }
function cardParts(c) {
  var t = el('table', 'card-parts');
  c.parts.forEach(function (p) {
    var tr = add(t, el('tr'));
    tr.setAttribute('data-key', p.key);
    var name = add(tr, el('td', 'part', p.label));
    name.title = shown(p.key + (p.layer === null ? '' : ' \u00b7 layer #' + p.layer + ' ' + layerName('image', p.layer)));
    add(tr, el('td', 'num layer', p.layer === null ? '' : '#' + p.layer));
    minus(add(tr, valueEl('td', 'num', { kind: 'bytes', value: p.bytes })));
  });
  var total = add(t, el('tr', 'total'));
  add(total, el('td', 'part', c.parts.length === 0 ? 'No suggestion saves bytes' : 'Together, each byte once'));
  add(total, el('td'));
  minus(add(total, valueEl('td', 'num', { kind: 'bytes', value: c.partsTotal })));
  return t;
}
`;

/**
 * The layer view: one layer's change tree, or the files visible just after it (dive's aggregated view), with
 * expand/collapse and a path filter. A click on a row of the layer chart opens that layer here.
 */
export const LAYER_VIEW_SCRIPT = String.raw`
var CHANGE = { A: 'added', M: 'modified', D: 'removed', '*': 'mixed', '-': '' };
var KIND = { d: 'dir', f: 'file', h: 'hardlink', s: 'symlink', o: 'other', m: 'more' };
var KIND_NOTE = { hardlink: ' (hard link)', symlink: ' (symlink)', other: ' (other)' };

function plural(n, one, many) { return formatCount(n) + ' ' + (n === 1 ? one : many || one + 's'); }

function renderLayerChanges(s) {
  var sec = sectionEl(s);
  if (s.layers.length === 0) { add(sec, el('p', 'empty', 'No layer changed a path.')); return sec; }
  var tools = add(sec, el('div', 'table-tools lv-tools'));
  var pick = add(tools, el('select', 'lv-pick'));
  pick.setAttribute('aria-label', 'Layer');
  s.layers.forEach(function (l, i) {
    var line = l.dockerfileLine === null ? '' : ' (Dockerfile line ' + l.dockerfileLine + ')';
    var o = add(pick, el('option', null, '#' + l.index + line + ' ' + ellipsize(l.instruction || '(no history)', 90)));
    o.value = String(i);
  });
  var modes = add(tools, el('div', 'lv-modes'));
  modes.setAttribute('role', 'group');
  var modeButtons = [['changes', 'This layer’s changes'], ['asOf', 'The filesystem as of this layer']].map(function (m) {
    var b = add(modes, el('button', 'lv-mode', m[1]));
    b.type = 'button';
    b.setAttribute('data-mode', m[0]);
    b.addEventListener('click', function () { mode = m[0]; draw(); });
    return b;
  });
  var input = add(tools, el('input', 'filter lv-filter'));
  input.type = 'search';
  input.placeholder = 'Filter paths…';
  input.setAttribute('aria-label', 'Filter paths');
  [['expand', 'Expand all', true], ['collapse', 'Collapse all', false]].forEach(function (x) {
    var b = add(tools, el('button', 'lv-' + x[0], x[1]));
    b.type = 'button';
    b.addEventListener('click', function () { openAll(x[2]); });
  });
  var totals = add(sec, el('div', 'lv-totals'));
  var tree = add(sec, el('div', 'lv-tree'));
  tree.setAttribute('role', 'tree');
  var status = add(sec, el('p', 'lv-status'));
  add(sec, el('p', 'note lv-omitted', s.omitted));

  var cur = 0;
  var mode = 'changes';
  // Open directories by layer, view and path. A small tree starts open; a large one at its top-level entries,
  // which keeps the first paint quick.
  var opened = {};
  var sizes = {};
  function key(path) { return cur + ':' + mode + ':' + path; }
  function nodes(n) { var k = 1; (n[4] || []).forEach(function (c) { k += nodes(c); }); return k; }
  function isOpen(path, depth) {
    var v = opened[key(path)];
    if (v !== undefined) return v;
    var t = cur + ':' + mode;
    if (sizes[t] === undefined) sizes[t] = nodes(s.layers[cur][mode]);
    return depth < 1 || sizes[t] <= 80;
  }
  function openAll(value) {
    walkTree(s.layers[cur][mode], '', 0, function (n, path) { if (n[4]) opened[key(path)] = value; });
    draw();
  }
  function walkTree(n, path, depth, visit) {
    visit(n, path, depth);
    (n[4] || []).forEach(function (c) { walkTree(c, path === '' ? c[0] : path + '/' + c[0], depth + 1, visit); });
  }

  function drawTotals(l) {
    clear(totals);
    [['added', 'A'], ['modified', 'M'], ['removed', 'D']].forEach(function (t) {
      var c = l[t[0]];
      var span = add(totals, el('span', 'lv-total ch-' + t[1]));
      span.setAttribute('data-change', t[0]);
      span.setAttribute('data-files', String(c.files));
      add(span, el('b', null, t[0]));
      span.appendChild(document.createTextNode(' ' + plural(c.files, 'file') + ', '));
      add(span, valueEl('span', 'num', { kind: 'bytes', value: c.bytes }));
    });
    add(totals, el('span', 'lv-total lv-apart', plural(l.directories, 'directory', 'directories') + ', ' + plural(l.symlinks, 'symlink') + ', ' + plural(l.hardlinks, 'hard link') + ' written'));
  }

  /** Whether a node, or anything below it, matches the filter. */
  function matches(n, path, q) {
    if (('/' + path).toLowerCase().indexOf(q) >= 0) return true;
    return (n[4] || []).some(function (c) { return c[1].charAt(0) !== 'm' && matches(c, path === '' ? c[0] : path + '/' + c[0], q); });
  }

  function rowEl(n, path, depth, open) {
    var kind = KIND[n[1].charAt(0)];
    var change = CHANGE[n[1].charAt(1)];
    var row = el('div', 'lv-row' + (change ? ' ch-' + n[1].charAt(1).replace('*', 'mixed') : ''));
    row.setAttribute('role', 'treeitem');
    row.setAttribute('data-path', kind === 'more' ? '' : path);
    row.setAttribute('data-kind', kind);
    row.setAttribute('data-change', change);
    row.style.paddingLeft = (depth * 16) + 'px';
    var canOpen = kind === 'dir' && n[4] && n[4].length > 0;
    var toggle = add(row, el(canOpen ? 'button' : 'span', 'lv-toggle', canOpen ? (open ? '▾' : '▸') : ''));
    if (canOpen) {
      toggle.type = 'button';
      toggle.setAttribute('aria-label', (open ? 'Collapse ' : 'Expand ') + shown('/' + path));
      row.setAttribute('aria-expanded', open ? 'true' : 'false');
      toggle.addEventListener('click', function () { opened[key(path)] = !open; draw(); });
    }
    add(row, el('span', 'lv-mark', n[1].charAt(1) === '-' ? '' : n[1].charAt(1)));
    var name = kind === 'more' ? '… ' + n[0] : (depth === 0 ? '/' : n[0]) + (kind === 'dir' && depth > 0 ? '/' : '') + (KIND_NOTE[kind] || '');
    var nm = add(row, el('span', 'lv-name', name));
    nm.title = shown(kind === 'more' ? n[0] + ' (smaller entries, folded)' : '/' + path);
    if (kind === 'dir' && !n[4] && n[3] > 0) add(row, el('span', 'lv-closed', plural(n[3], 'entry', 'entries') + ', not listed'));
    add(row, el('span', 'lv-count', kind === 'dir' || kind === 'more' ? plural(n[3], 'entry', 'entries') : ''));
    add(row, valueEl('span', 'num lv-size', { kind: 'bytes', value: n[2] }));
    return row;
  }

  function draw() {
    var l = s.layers[cur];
    pick.value = String(cur);
    modeButtons.forEach(function (b) { b.setAttribute('aria-pressed', b.getAttribute('data-mode') === mode ? 'true' : 'false'); });
    sec.setAttribute('data-layer', String(l.index));
    sec.setAttribute('data-mode', mode);
    drawTotals(l);
    var q = input.value.trim().toLowerCase();
    var frag = document.createDocumentFragment();
    var rows = 0;
    function visit(n, path, depth, forced) {
      var open = q !== '' && !forced ? true : isOpen(path, depth);
      frag.appendChild(rowEl(n, path, depth, open));
      rows++;
      if (!n[4] || !open) return;
      n[4].forEach(function (c) {
        var p = path === '' ? c[0] : path + '/' + c[0];
        if (q === '' || forced) { visit(c, p, depth + 1, forced); return; }
        // Under a filter: a match shows with what is below it; a folded node has no path to match.
        if (c[1].charAt(0) === 'm') return;
        if (('/' + p).toLowerCase().indexOf(q) >= 0) visit(c, p, depth + 1, true);
        else if (matches(c, p, q)) visit(c, p, depth + 1, false);
      });
    }
    clear(tree);
    var root = l[mode];
    if (root[3] === 0 && !root[4]) add(tree, el('p', 'empty', mode === 'changes' ? 'This layer changed no path: its instruction only set metadata.' : 'No regular file is visible after this layer.'));
    else if (q !== '' && !matches(root, '', q)) add(tree, el('p', 'empty', 'No path matches the filter.'));
    else { visit(root, '', 0, false); tree.appendChild(frag); }
    var total = mode === 'changes' ? plural(l.changedPaths, 'changed path') : plural(l.visibleFiles, 'visible file');
    status.textContent = 'Layer #' + l.index + ': ' + plural(rows, 'row') + (q === '' ? '' : ' matching') + ' drawn for ' + total + '.';
    status.setAttribute('data-rows', String(rows));
    if (chartKeys) chartKeys.forEach(function (k) { k.cell.classList.toggle('selected', k.layer === l.index); });
  }

  function openLayer(index) {
    for (var i = 0; i < s.layers.length; i++) {
      if (s.layers[i].index === index) { cur = i; draw(); return true; }
    }
    return false;
  }
  pick.addEventListener('change', function () { cur = Number(pick.value); draw(); });
  input.addEventListener('input', draw);

  // The chart above: its key and bar cells open their layer here.
  var chartKeys = [];
  var chart = document.getElementById(s.chart);
  if (chart) {
    Array.prototype.forEach.call(chart.querySelectorAll('.bars > .cell.key'), function (cell) {
      var index = Number(String(cell.textContent).replace('#', ''));
      if (!s.layers.some(function (l) { return l.index === index; })) return;
      chartKeys.push({ cell: cell, layer: index });
      var bar = cell.nextSibling && cell.nextSibling.nextSibling;
      [cell, bar].forEach(function (target) {
        if (!target) return;
        target.classList.add('opens-layer');
        target.setAttribute('data-layer', String(index));
        target.title = 'Open the changes of layer #' + index;
        target.addEventListener('click', function () {
          openLayer(index);
          sec.scrollIntoView({ block: 'start' });
        });
      });
      cell.setAttribute('role', 'button');
      cell.setAttribute('tabindex', '0');
      cell.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); cell.click(); }
      });
    });
  }
  draw();
  return sec;
}
RENDER.layerChanges = renderLayerChanges;
`;
