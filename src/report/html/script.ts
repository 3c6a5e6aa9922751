/**
 * The page script, inlined into every report: it reads the page's view (view.ts) from the JSON data block and
 * draws it. Data from the image only ever reaches the DOM as text (textContent, the title and data-* properties,
 * SVG attributes with numbers); no HTML is parsed from data. Plain ES2017 for any current browser, no libraries.
 *
 * PURE_SCRIPT holds the helpers that need no DOM (units, the squarified layout); the unit tests run it in Node.
 */

import { CARD_PARTS_SCRIPT, LAYER_VIEW_SCRIPT } from './layer-script';

export const PURE_SCRIPT = String.raw`
/** SI units, as the terminal report prints them (src/report/units.ts): 1 MB = 1,000,000 B. */
function formatBytes(bytes) {
  if (Math.abs(bytes) < 1000) return bytes + ' B';
  var units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  var digitsFor = function (v) { return Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2; };
  var v = bytes / 1000;
  var i = 0;
  for (;;) {
    // Round first, then choose the digits: 9,999 B is "10.0 kB", and 999,600 B is "1.00 MB".
    var rounded = Number(v.toFixed(digitsFor(v)));
    if (Math.abs(rounded) >= 1000 && i < units.length - 1) { v /= 1000; i++; continue; }
    return rounded.toFixed(digitsFor(rounded)) + ' ' + units[i];
  }
}
/** Signed, as the diff reports write it: +2.00 kB, -300 B, 0 B. */
function formatDelta(bytes) {
  return (bytes > 0 ? '+' : '') + formatBytes(bytes);
}
function formatPercent(ratio) { return (ratio * 100).toFixed(1) + ' %'; }
function formatCount(n) { return Number(n).toLocaleString('en-US'); }
/** Control characters from file names would be invisible: shown escaped, as the terminal report does. */
function shown(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, function (ch) {
    var h = ch.charCodeAt(0).toString(16);
    return '\\x' + (h.length < 2 ? '0' + h : h);
  });
}
/** Shortens in the middle so that both ends stay readable. */
function ellipsize(text, max) {
  var s = String(text).replace(/\s+/g, ' ');
  if (s.length <= max) return s;
  var head = Math.ceil((max - 1) * 0.7);
  return s.slice(0, head) + '\u2026' + s.slice(s.length - (max - 1 - head));
}
/**
 * Squarified treemap layout (Bruls, Huizing, van Wijk): values largest first, laid out in rows along the
 * shorter side of what is left, a row growing while its worst aspect ratio improves. Returns one rectangle
 * per value, in order; a value of 0 or less gets an empty rectangle.
 */
function squarify(values, x, y, w, h) {
  var out = [];
  var total = 0;
  var k;
  for (k = 0; k < values.length; k++) {
    out.push({ x: x, y: y, w: 0, h: 0 });
    if (values[k] > 0) total += values[k];
  }
  if (total <= 0 || w <= 0 || h <= 0) return out;
  var scale = (w * h) / total;
  var idx = [];
  for (k = 0; k < values.length; k++) if (values[k] > 0) idx.push(k);
  var i = 0;
  while (i < idx.length) {
    var side = Math.min(w, h);
    var j = i, sum = 0, min = Infinity, max = 0, best = Infinity;
    while (j < idx.length) {
      var a = values[idx[j]] * scale;
      var s = sum + a, mn = Math.min(min, a), mx = Math.max(max, a);
      var worst = Math.max((side * side * mx) / (s * s), (s * s) / (side * side * mn));
      if (j > i && worst > best) break;
      sum = s; min = mn; max = mx; best = worst; j++;
    }
    if (j === idx.length) sum = w * h; // the last row takes what is left (no gap from rounding)
    var r;
    if (w >= h) {
      var cw = sum / h, yy = y;
      for (k = i; k < j; k++) {
        r = values[idx[k]] * scale / cw;
        out[idx[k]] = { x: x, y: yy, w: cw, h: k === j - 1 ? y + h - yy : r };
        yy += r;
      }
      x += cw; w -= cw;
    } else {
      var rh = sum / w, xx = x;
      for (k = i; k < j; k++) {
        r = values[idx[k]] * scale / rh;
        out[idx[k]] = { x: xx, y: y, w: k === j - 1 ? x + w - xx : r, h: rh };
        xx += r;
      }
      y += rh; h -= rh;
    }
    i = j;
  }
  return out;
}
`;

const DOM_SCRIPT = String.raw`
var SVGNS = 'http://www.w3.org/2000/svg';
var SEVERITY = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
/** Table rows drawn before "show all". */
var PAGE_ROWS = 100;
var HUES = [214, 152, 34, 276, 350, 190, 92, 248, 14, 128, 320, 58];

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = shown(text);
  return e;
}
function svg(tag, attrs) {
  var e = document.createElementNS(SVGNS, tag);
  for (var k in attrs) e.setAttribute(k, String(attrs[k]));
  return e;
}
function add(parent, child) { parent.appendChild(child); return child; }
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function valueText(v) {
  if (v.kind === 'bytes') return formatBytes(v.value);
  if (v.kind === 'delta') return formatDelta(v.value);
  if (v.kind === 'percent') return formatPercent(v.value);
  if (v.kind === 'count') return formatCount(v.value);
  return String(v.value);
}
function valueEl(tag, cls, v) {
  var e = el(tag, cls, valueText(v));
  if (v.kind === 'bytes' || v.kind === 'delta' || v.kind === 'count') {
    e.setAttribute('data-value', String(v.value));
    if (v.kind !== 'count') e.title = formatCount(v.value) + ' bytes';
  }
  return e;
}
function layerName(set, index) {
  var list = DATA.layerSets[set] || [];
  for (var i = 0; i < list.length; i++) if (list[i].index === index) return list[i].instruction;
  return '';
}

function sectionEl(s) {
  var sec = el('section', 'section section-' + s.type);
  sec.id = s.id;
  add(sec, el('h2', null, s.title));
  if (s.note) add(sec, el('p', 'note', s.note));
  return sec;
}

function renderCards(s) {
  var sec = sectionEl(s);
  var grid = add(sec, el('div', 'cards'));
  s.cards.forEach(function (c) {
    var card = add(grid, el('div', 'card' + (c.tone ? ' tone-' + c.tone : '')));
    card.setAttribute('data-key', c.key);
    add(card, el('div', 'card-label', c.label));
    var value = add(card, valueEl('div', 'card-value', c.value));
    if (c.value.kind === 'text' && String(c.value.value).length > 10) value.classList.add('long');
    if (typeof c.gauge === 'number') {
      var g = add(card, svg('svg', { 'class': 'gauge', viewBox: '0 0 100 6', preserveAspectRatio: 'none', 'aria-hidden': 'true' }));
      add(g, svg('rect', { 'class': 'track', x: 0, y: 0, width: 100, height: 6, rx: 3 }));
      add(g, svg('rect', { 'class': 'fill', x: 0, y: 0, width: Math.max(0, Math.min(1, c.gauge)) * 100, height: 6, rx: 3 }));
    }
    if (c.sub) add(card, el('div', 'card-sub', c.sub));
    if (c.parts) add(card, cardParts(c));
  });
  return sec;
}

function renderBars(s) {
  var sec = sectionEl(s);
  if (s.rows.length === 0) { add(sec, el('p', 'empty', s.empty)); return sec; }
  var legend = add(sec, el('div', 'legend'));
  s.series.forEach(function (ser) {
    var item = add(legend, el('span'));
    add(item, el('i', ser.cls));
    item.appendChild(document.createTextNode(ser.label));
  });
  var grid = add(sec, el('div', 'bars'));
  grid.style.setProperty('--cols', String(s.columns.length));
  var heads = [s.keyHead, s.labelHead, ''].concat(s.columns);
  heads.forEach(function (h, i) {
    add(grid, el('div', 'head' + (i > 2 ? ' num' : '') + (i === heads.length - 1 ? ' end' : ''), h));
  });
  var max = 0;
  s.rows.forEach(function (r) {
    var t = 0;
    r.segments.forEach(function (v) { t = s.mode === 'pair' ? Math.max(t, v) : t + Math.max(0, v); });
    if (t > max) max = t;
  });
  var pair = s.mode === 'pair';
  // A pair draws two 6-unit bars one above the other in the 16-unit row.
  s.rows.forEach(function (r) {
    add(grid, el('div', 'cell key', r.key));
    var cell = add(grid, el('div', 'cell lab'));
    var label = add(cell, el('button', 'bar-label', r.label));
    (r.tags || []).forEach(function (t) { add(cell, el('span', 'tag', t)); });
    label.type = 'button';
    label.title = shown(r.detail || r.label);
    label.setAttribute('aria-expanded', 'false');
    label.addEventListener('click', function () {
      var open = label.classList.toggle('open');
      label.textContent = shown(open && r.detail ? r.detail : r.label);
      label.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    var barCell = add(grid, el('div', 'cell'));
    var bar = add(barCell, svg('svg', { 'class': 'bar', viewBox: '0 0 1000 16', preserveAspectRatio: 'none', role: 'img' }));
    add(bar, svg('rect', { 'class': 'track', x: 0, y: 2, width: 1000, height: 12 }));
    var x = 0;
    var parts = [];
    r.segments.forEach(function (v, i) {
      var w = max > 0 ? (Math.max(0, v) / max) * 1000 : 0;
      if (w > 0) add(bar, svg('rect', { 'class': s.series[i].cls, x: pair ? 0 : x, y: pair ? 1 + i * 8 : 2, width: Math.max(w, 1.5), height: pair ? 6 : 12 }));
      x += w;
      parts.push(s.series[i].label + ': ' + formatBytes(v));
    });
    add(bar, el('title')).textContent = r.key + ' ' + parts.join(', ');
    r.values.forEach(function (v, i) { add(grid, valueEl('div', 'cell num' + (i === r.values.length - 1 ? ' end' : ''), v)); });
  });
  return sec;
}

function renderTreemap(s) {
  var sec = sectionEl(s);
  var crumbs = add(sec, el('nav', 'crumbs'));
  crumbs.setAttribute('aria-label', 'Directory');
  var wrap = add(sec, el('div', 'treemap-wrap'));
  var box = add(wrap, el('div', 'treemap'));
  var side = add(wrap, el('div', 'treemap-side'));
  var status = add(sec, el('p', 'treemap-status'));
  var trail = [s.root];
  var width = 0;

  function pathOf(nodes) {
    var names = [];
    for (var i = 1; i < nodes.length; i++) names.push(nodes[i].name);
    return '/' + names.join('/');
  }
  function describe(nodes) {
    var n = nodes[nodes.length - 1];
    var parent = nodes.length > 1 ? nodes[nodes.length - 2] : null;
    var text = (n.kind === 'other' ? pathOf(nodes.slice(0, -1)) + ': ' + n.name + ' (smaller entries)' : pathOf(nodes)) + ' \u2014 ' + formatBytes(n.bytes);
    if (parent && parent.bytes > 0) text += ' (' + formatPercent(n.bytes / parent.bytes) + ' of ' + pathOf(nodes.slice(0, -1)) + ')';
    if (n.kind !== 'file') text += ', ' + formatCount(n.files) + (n.files === 1 ? ' file' : ' files');
    if (n.kind === 'more') text += '; its content is summarised';
    return text;
  }
  function open(nodes) {
    trail = nodes;
    draw();
    status.textContent = shown(describe(trail));
  }
  function color(hue, level, kind) {
    if (kind === 'other') return 'hsl(215, 10%, ' + (level ? 82 : 76) + '%)';
    var light = (kind === 'file' ? 74 : 64) + level * 10;
    return 'hsl(' + hue + ', ' + (kind === 'more' ? 35 : 58) + '%, ' + light + '%)';
  }
  function drawNode(parent, nodes, r, hue, level) {
    var n = nodes[nodes.length - 1];
    var canOpen = n.kind === 'dir' && n.children && n.children.length > 0;
    // Boxes drawn inside a directory's box open that directory: one level at a time.
    var g = add(parent, svg('g', { 'class': 'node' + (canOpen && level === 0 ? ' can-open' : '') }));
    g.setAttribute('data-path', pathOf(nodes));
    add(g, svg('rect', { 'class': 'box', x: r.x, y: r.y, width: Math.max(0, r.w), height: Math.max(0, r.h), fill: color(hue, level, n.kind) }));
    add(g, svg('title', {})).textContent = shown(describe(nodes));
    var headH = 0;
    if (level === 0 && r.w > 36 && r.h > 18) {
      var chars = Math.floor((r.w - 10) / 7);
      var label = add(g, svg('text', { x: r.x + 5, y: r.y + 14, 'class': 'head' }));
      label.textContent = shown(ellipsize(n.kind === 'other' ? '\u2026 ' + n.name : n.name, Math.max(3, chars)));
      headH = 18;
      if (r.h > 36 && (!canOpen || r.h < 70)) {
        var size = add(g, svg('text', { x: r.x + 5, y: r.y + 29, 'class': 'size' }));
        size.textContent = formatBytes(n.bytes);
        headH = 33;
      } else if (canOpen && r.w > 110) {
        var sizeRight = add(g, svg('text', { x: r.x + r.w - 5, y: r.y + 14, 'class': 'size', 'text-anchor': 'end' }));
        sizeRight.textContent = formatBytes(n.bytes);
        if (chars * 7 > r.w - 90) label.textContent = shown(ellipsize(n.name, Math.max(3, Math.floor((r.w - 90) / 7))));
      }
    } else if (level === 1 && r.w > 50 && r.h > 16) {
      var small = add(g, svg('text', { x: r.x + 4, y: r.y + 13 }));
      small.textContent = shown(ellipsize(n.kind === 'other' ? '\u2026 ' + n.name : n.name, Math.max(3, Math.floor((r.w - 8) / 6.5))));
      if (r.h > 34 && r.w > 64) {
        var smallSize = add(g, svg('text', { x: r.x + 4, y: r.y + 27, 'class': 'size' }));
        smallSize.textContent = formatBytes(n.bytes);
      }
    }
    if (level === 0 && canOpen && r.w > 24 && r.h > headH + 14) {
      var inner = { x: r.x + 3, y: r.y + headH, w: r.w - 6, h: r.h - headH - 3 };
      var kids = n.children.filter(function (c) { return c.bytes > 0; });
      var rects = squarify(kids.map(function (c) { return c.bytes; }), inner.x, inner.y, inner.w, inner.h);
      kids.forEach(function (c, i) {
        if (rects[i].w >= 2 && rects[i].h >= 2) drawNode(g, nodes.concat([c]), rects[i], hue, 1);
      });
    }
    if (canOpen && level === 0) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', shown('Open ' + pathOf(nodes)));
      g.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(nodes); }
      });
      g.addEventListener('click', function () { open(nodes); });
    }
    g.addEventListener('mouseenter', function () { status.textContent = shown(describe(nodes)); });
  }
  function drawCrumbs() {
    clear(crumbs);
    trail.forEach(function (n, i) {
      if (i > 1) add(crumbs, el('span', 'sep', '/'));
      var name = i === 0 ? '/' : n.name;
      if (i === trail.length - 1) {
        add(crumbs, el('span', 'here', name)).setAttribute('aria-current', 'location');
      } else {
        var b = add(crumbs, el('button', null, name));
        b.type = 'button';
        b.addEventListener('click', function () { open(trail.slice(0, i + 1)); });
      }
    });
    var cur = trail[trail.length - 1];
    var size = add(crumbs, el('span', 'size', formatBytes(cur.bytes) + ' in ' + formatCount(cur.files) + (cur.files === 1 ? ' file' : ' files')));
    size.setAttribute('data-value', String(cur.bytes));
  }
  function drawList(cur) {
    clear(side);
    var list = add(side, el('ol', 'tm-list'));
    var kids = cur.children || [];
    kids.slice(0, 16).forEach(function (c, i) {
      var li = add(list, el('li', c.kind === 'other' ? 'other' : null));
      var sw = add(li, el('span', 'swatch'));
      sw.style.background = color(HUES[i % HUES.length], 0, c.kind);
      if (c.kind === 'dir' && c.children && c.children.length > 0) {
        var b = add(li, el('button', 'name', c.name + '/'));
        b.type = 'button';
        b.title = shown(pathOf(trail.concat([c])));
        b.addEventListener('click', function () { open(trail.concat([c])); });
      } else {
        var nm = add(li, el('span', 'name', c.name + (c.kind === 'more' ? '/' : '')));
        nm.title = shown(c.kind === 'other' ? c.name + ' (smaller entries)' : pathOf(trail.concat([c])));
      }
      add(li, valueEl('span', 'num', { kind: 'bytes', value: c.bytes }));
      add(li, el('span', 'num pct', cur.bytes > 0 ? formatPercent(c.bytes / cur.bytes) : ''));
    });
    if (kids.length > 16) add(side, el('p', 'count', (kids.length - 16) + ' more in the map'));
  }
  function draw() {
    var cur = trail[trail.length - 1];
    drawCrumbs();
    drawList(cur);
    clear(box);
    width = box.clientWidth || 900;
    var height = box.clientHeight || 460;
    var root = add(box, svg('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'group' }));
    root.setAttribute('aria-label', shown('Treemap of ' + pathOf(trail)));
    var kids = (cur.children || []).filter(function (c) { return c.bytes > 0; });
    var rects = squarify(kids.map(function (c) { return c.bytes; }), 0, 0, width, height);
    kids.forEach(function (c, i) { drawNode(root, trail.concat([c]), rects[i], HUES[i % HUES.length], 0); });
    if (kids.length === 0) {
      var t = add(root, svg('text', { x: 16, y: 28 }));
      t.textContent = 'No file bytes here.';
    }
  }
  var pending = 0;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = window.setTimeout(function () { pending = 0; if (box.clientWidth !== width) draw(); }, 120);
  });
  window.addEventListener('beforeprint', function () { draw(); });
  window.addEventListener('afterprint', function () { draw(); });
  TREEMAPS.push(draw);
  return sec;
}

function cellSortKey(col, v) {
  if (v === null || v === undefined) return col.type === 'text' || col.type === 'mono' || col.type === 'path' ? '' : -Infinity;
  if (col.type === 'severity') return SEVERITY[v] === undefined ? -1 : SEVERITY[v];
  if (col.type === 'paths') return v[1];
  if (col.type === 'text2') return v[0];
  if (col.type === 'bool') return v ? 1 : 0;
  return v;
}
/** What a filter matches a cell by: the text it shows, with layers named in full. */
function cellText(col, v) {
  if (v === null || v === undefined) return '';
  if (col.type === 'bytes') return formatBytes(v);
  if (col.type === 'delta') return formatDelta(v);
  if (col.type === 'int') return formatCount(v);
  if (col.type === 'path') return '/' + v;
  if (col.type === 'paths') return v[0].map(function (p) { return '/' + p; }).join(' ');
  if (col.type === 'layer') return '#' + v + ' ' + layerName(col.layers, v);
  if (col.type === 'text2') return v[0] + ' ' + v[1];
  if (col.type === 'bool') return v ? col.label : '';
  return String(v);
}
function cellEl(col, v) {
  var td;
  if (col.type === 'bytes' || col.type === 'delta' || col.type === 'int') {
    if (v === null) return el('td', 'num', '\u2014');
    return valueEl('td', 'num', { kind: col.type === 'int' ? 'count' : col.type, value: v });
  }
  if (col.type === 'path') {
    td = el('td', 'path', '/' + v);
    return td;
  }
  if (col.type === 'paths') {
    td = el('td', 'paths');
    var ul = add(td, el('ul'));
    v[0].forEach(function (p) { add(ul, el('li', null, '/' + p)); });
    if (v[1] > v[0].length) add(td, el('div', 'more', '+ ' + formatCount(v[1] - v[0].length) + ' more'));
    return td;
  }
  if (col.type === 'layer') {
    if (v === null) return el('td', 'layer', '\u2014');
    td = el('td', 'layer');
    var name = layerName(col.layers, v);
    var clip = add(td, el('span', 'clip'));
    add(clip, el('span', 'idx', '#' + v + ' '));
    clip.appendChild(document.createTextNode(shown(ellipsize(name, 60))));
    td.title = shown('#' + v + ' ' + name);
    td.setAttribute('data-value', String(v));
    return td;
  }
  if (col.type === 'text2') {
    td = el('td', 'text', v[0]);
    add(td, el('div', 'second', v[1]));
    return td;
  }
  if (col.type === 'severity') {
    td = el('td');
    add(td, el('span', 'sev sev-' + (SEVERITY[v] === undefined ? 'info' : v), v));
    return td;
  }
  if (col.type === 'bool') {
    td = el('td');
    if (v) add(td, el('span', 'tag', col.label.toLowerCase()));
    return td;
  }
  return el('td', col.type === 'mono' ? 'mono' : 'text', v === null ? '\u2014' : v);
}

function renderTable(s) {
  var sec = sectionEl(s);
  if (s.total === 0) { add(sec, el('p', 'empty', s.empty)); return sec; }
  var tools = add(sec, el('div', 'table-tools'));
  var input = add(tools, el('input', 'filter'));
  input.type = 'search';
  input.placeholder = 'Filter ' + s.title.toLowerCase() + '\u2026';
  input.setAttribute('aria-label', 'Filter ' + s.title);
  var count = add(tools, el('span', 'count'));
  var scroller = add(sec, el('div', 'table-scroll'));
  var table = add(scroller, el('table', 'data'));
  var headRow = add(add(table, el('thead')), el('tr'));
  var body = add(table, el('tbody'));
  var moreBox = add(sec, el('div', 'more-rows'));
  var moreButton = add(moreBox, el('button', 'show-all'));
  moreButton.type = 'button';
  // Rows are drawn when first shown, and at most "limit" at a time until asked for all.
  var rows = s.rows.map(function (cells, i) {
    var text = cells.map(function (v, c) { return cellText(s.columns[c], v); }).join('\n').toLowerCase();
    return { tr: null, cells: cells, order: i, text: text };
  });
  function rowEl(r) {
    if (!r.tr) {
      r.tr = el('tr');
      r.cells.forEach(function (v, c) {
        var td = add(r.tr, cellEl(s.columns[c], v));
        if (s.columns[c].nowrap) td.classList.add('nowrap');
      });
    }
    return r.tr;
  }
  var limit = PAGE_ROWS;
  moreButton.addEventListener('click', function () { limit = Infinity; apply(); });
  var sort = s.sort ? { column: s.sort.column, desc: s.sort.desc } : { column: -1, desc: false };
  var heads = s.columns.map(function (col, c) {
    var num = col.type === 'bytes' || col.type === 'delta' || col.type === 'int';
    var th = add(headRow, el('th', num ? 'num' : null));
    var b = add(th, el('button', null, col.label));
    b.type = 'button';
    if (col.hint) b.title = col.hint;
    var arrow = add(b, el('span', 'arrow'));
    b.addEventListener('click', function () {
      if (sort.column === c) sort.desc = !sort.desc;
      else { sort.column = c; sort.desc = num || col.type === 'severity' || col.type === 'paths'; }
      apply();
    });
    return { th: th, arrow: arrow };
  });
  function compare(a, b) {
    if (sort.column < 0) return a.order - b.order;
    var col = s.columns[sort.column];
    var x = cellSortKey(col, a.cells[sort.column]), y = cellSortKey(col, b.cells[sort.column]);
    var d;
    if (typeof x === 'string' || typeof y === 'string') d = String(x).localeCompare(String(y), 'en');
    else d = x < y ? -1 : x > y ? 1 : 0;
    return (sort.desc ? -d : d) || a.order - b.order;
  }
  function apply() {
    var q = input.value.trim().toLowerCase();
    var shownRows = rows.filter(function (r) { return q === '' || r.text.indexOf(q) >= 0; });
    shownRows.sort(compare);
    clear(body);
    var frag = document.createDocumentFragment();
    shownRows.slice(0, limit).forEach(function (r) { frag.appendChild(rowEl(r)); });
    body.appendChild(frag);
    moreBox.hidden = shownRows.length <= limit;
    moreButton.textContent = 'The first ' + formatCount(limit) + ' are drawn: show all ' + formatCount(shownRows.length);
    heads.forEach(function (h, c) {
      h.th.setAttribute('aria-sort', c === sort.column ? (sort.desc ? 'descending' : 'ascending') : 'none');
      h.arrow.textContent = c === sort.column ? (sort.desc ? '\u25bc' : '\u25b2') : '';
    });
    count.textContent = (shownRows.length === rows.length ? formatCount(rows.length) : formatCount(shownRows.length) + ' of ' + formatCount(rows.length)) + (rows.length === 1 ? ' row' : ' rows');
    count.setAttribute('data-shown', String(shownRows.length));
  }
  input.addEventListener('input', apply);
  apply();
  if (s.total > s.rows.length) {
    var more = add(sec, el('p', 'truncated', 'The ' + formatCount(s.rows.length) + ' ' + s.keptBy + ' of ' + formatCount(s.total) + ' are shown; ' + formatCount(s.total - s.rows.length) + ' more are in the JSON output (--json).'));
    more.setAttribute('data-total', String(s.total));
  }
  return sec;
}

function diffEl(patch) {
  var pre = el('pre', 'diff');
  patch.replace(/\n$/, '').split('\n').forEach(function (line) {
    var cls = /^(\+\+\+|---)( |$)|^Index: |^={4,}$/.test(line) ? 'file' : line.charAt(0) === '+' ? 'add' : line.charAt(0) === '-' ? 'del' : line.slice(0, 2) === '@@' ? 'hunk' : 'ctx';
    add(pre, el('span', cls, line === '' ? ' ' : line));
  });
  return pre;
}

function renderSuggestions(s) {
  var sec = sectionEl(s);
  if (s.items.length === 0) add(sec, el('p', 'empty', s.empty));
  s.items.forEach(function (it) {
    var art = add(sec, el('article', 'suggestion'));
    art.setAttribute('data-id', it.id);
    var head = add(art, el('header'));
    add(head, el('h3', null, it.title));
    add(head, el('code', 'tag', it.id));
    if (it.confidence) add(head, el('span', 'tag', it.confidence + ' confidence'));
    // A change that saves no bytes (USER, HEALTHCHECK) shows no saving.
    if (it.bytes) {
      var saving = add(head, valueEl('span', 'saving', { kind: 'bytes', value: it.bytes }));
      saving.textContent = '\u2212' + saving.textContent;
      if (it.compressedBytes) add(head, el('span', 'sub', '\u2212' + formatBytes(it.compressedBytes) + ' compressed'));
    }
    if (it.rationale) add(art, el('p', 'rationale', it.rationale));
    var about = [];
    if (it.layer !== null) about.push('layer #' + it.layer + ' ' + ellipsize(layerName('image', it.layer), 60));
    if (it.findings.length > 0) about.push('findings: ' + it.findings.join(', '));
    if (about.length > 0) add(art, el('p', 'sub', about.join(' \u00b7 ')));
    if (it.patch) add(art, diffEl(it.patch));
  });
  if (s.proposed) {
    var all = add(sec, el('details', 'proposed'));
    add(all, el('summary', null, 'The proposed Dockerfile: every change above, as one diff'));
    all.appendChild(diffEl(s.proposed));
  }
  if (s.dockerignore.length > 0) {
    add(sec, el('h3', 'minor', '.dockerignore entries for the junk found'));
    var pre = add(sec, el('pre', 'diff'));
    s.dockerignore.forEach(function (line) { add(pre, el('span', 'add', line)); });
  }
  return sec;
}

function renderFacts(s) {
  var sec = sectionEl(s);
  var dl = add(sec, el('dl', 'facts'));
  s.facts.forEach(function (f) {
    add(dl, el('dt', null, f.label));
    var dd = add(dl, el('dd', (f.mono ? 'mono' : '') + (f.tone ? ' tone-' + f.tone : '')));
    if (typeof f.value === 'string') { dd.textContent = shown(f.value); return; }
    if (f.value.length > 0 && Array.isArray(f.value[0])) {
      var t = add(dd, el('table'));
      f.value.forEach(function (pair) {
        var tr = add(t, el('tr'));
        add(tr, el('td', null, pair[0]));
        add(tr, el('td', null, pair[1]));
      });
      return;
    }
    var ul = add(dd, el('ul'));
    f.value.forEach(function (item) { add(ul, el('li', null, item)); });
  });
  return sec;
}

var RENDER = { cards: renderCards, bars: renderBars, treemap: renderTreemap, table: renderTable, suggestions: renderSuggestions, facts: renderFacts };
var TREEMAPS = [];
var DATA = JSON.parse(document.getElementById('imgdiet-data').textContent);

window.addEventListener('beforeprint', function () {
  Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
});

function start() {
  var main = document.getElementById('sections');
  var nav = document.getElementById('nav');
  try {
    DATA.sections.forEach(function (s) {
      main.appendChild(RENDER[s.type](s));
      if (s.type !== 'cards') {
        var a = add(nav, el('a', null, s.title));
        a.href = '#' + s.id;
      }
    });
    TREEMAPS.forEach(function (draw) { draw(); });
  } catch (err) {
    add(main, el('p', 'failed', 'This report could not be drawn: ' + (err && err.message ? err.message : String(err))));
    throw err;
  }
  if (window.performance && performance.mark) performance.mark('imgdiet-rendered');
  // The second frame callback runs once the first frame, with the treemap in it, has been painted.
  window.requestAnimationFrame(function () {
    window.requestAnimationFrame(function () {
      if (window.performance && performance.mark) performance.mark('imgdiet-painted');
      document.documentElement.setAttribute('data-ready', '1');
    });
  });
}
`;

/** The whole page script: the later sections register their renderers before the page is drawn. */
export const PAGE_SCRIPT = `(function () {\n'use strict';\n${PURE_SCRIPT}\n${DOM_SCRIPT}\n${CARD_PARTS_SCRIPT}\n${LAYER_VIEW_SCRIPT}\nstart();\n})();\n`;
