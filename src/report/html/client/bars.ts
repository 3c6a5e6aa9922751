/** The bar chart: one row per layer (stacked parts of a whole) or per pair of layers (old and new). */

function renderBars(s: SectionOf<'bars'>): HTMLElement {
  const sec = sectionEl(s);
  if (s.rows.length === 0) {
    add(sec, el('p', 'empty', s.empty));
    return sec;
  }
  const legend = add(sec, el('div', 'legend'));
  s.series.forEach((ser) => {
    const item = add(legend, el('span'));
    add(item, el('i', ser.cls));
    item.appendChild(document.createTextNode(ser.label));
  });
  const grid = add(sec, el('div', 'bars'));
  grid.style.setProperty('--cols', String(s.columns.length));
  const heads = [s.keyHead, s.labelHead, ''].concat(s.columns);
  heads.forEach((h, i) => {
    add(grid, el('div', `head${i > 2 ? ' num' : ''}${i === heads.length - 1 ? ' end' : ''}`, h));
  });
  const max = s.rows.reduce((m, r) => Math.max(m, barLength(s, r)), 0);
  s.rows.forEach((r) => {
    add(grid, el('div', 'cell key', r.key));
    add(grid, barLabelCell(r));
    add(add(grid, el('div', 'cell')), barEl(s, r, max));
    r.values.forEach((v, i) => {
      add(grid, valueEl('div', `cell num${i === r.values.length - 1 ? ' end' : ''}`, v));
    });
  });
  return sec;
}

/** How long a row's bar is: its segments end to end, or the longer of a pair. */
function barLength(s: SectionOf<'bars'>, r: BarRow): number {
  return r.segments.reduce((t, v) => (s.mode === 'pair' ? Math.max(t, v) : t + Math.max(0, v)), 0);
}

/** The label, which a click expands to the row's full text. */
function barLabelCell(r: BarRow): HTMLElement {
  const cell = el('div', 'cell lab');
  const label = add(cell, el('button', 'bar-label', r.label));
  (r.tags || []).forEach((t) => add(cell, el('span', 'tag', t)));
  label.type = 'button';
  label.title = shown(r.detail || r.label);
  label.setAttribute('aria-expanded', 'false');
  label.addEventListener('click', () => {
    const open = label.classList.toggle('open');
    label.textContent = shown(open && r.detail ? r.detail : r.label);
    label.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
  return cell;
}

function barEl(s: SectionOf<'bars'>, r: BarRow, max: number): SVGSVGElement {
  const pair = s.mode === 'pair';
  const bar = svg('svg', { class: 'bar', viewBox: '0 0 1000 16', preserveAspectRatio: 'none', role: 'img' });
  add(bar, svg('rect', { class: 'track', x: 0, y: 2, width: 1000, height: 12 }));
  let x = 0;
  const parts: string[] = [];
  // A pair draws two 6-unit bars one above the other in the 16-unit row.
  r.segments.forEach((v, i) => {
    const w = max > 0 ? (Math.max(0, v) / max) * 1000 : 0;
    const attrs = { class: s.series[i].cls, x: pair ? 0 : x, y: pair ? 1 + i * 8 : 2, width: Math.max(w, 1.5), height: pair ? 6 : 12 };
    if (w > 0) add(bar, svg('rect', attrs));
    x += w;
    parts.push(`${s.series[i].label}: ${formatBytes(v)}`);
  });
  // An HTML <title>, as the page always drew it (so no native tooltip on the bar).
  add(bar, el('title')).textContent = `${r.key} ${parts.join(', ')}`;
  return bar;
}
