/** The cards section: the headline figures, a gauge, and the proposal card's saving by suggestion. */

function renderCards(s: SectionOf<'cards'>): HTMLElement {
  const sec = sectionEl(s);
  const grid = add(sec, el('div', 'cards'));
  s.cards.forEach((c) => add(grid, cardEl(c)));
  return sec;
}

function cardEl(c: Card): HTMLElement {
  const card = el('div', `card${c.tone ? ` tone-${c.tone}` : ''}`);
  card.setAttribute('data-key', c.key);
  add(card, el('div', 'card-label', c.label));
  const value = add(card, valueEl('div', 'card-value', c.value));
  if (c.value.kind === 'text' && String(c.value.value).length > 10) value.classList.add('long');
  if (typeof c.gauge === 'number') add(card, gaugeEl(c.gauge));
  if (c.sub) add(card, el('div', 'card-sub', c.sub));
  if (c.parts) add(card, cardParts(c.parts, c.partsTotal ?? 0));
  return card;
}

function gaugeEl(ratio: number): SVGSVGElement {
  const g = svg('svg', { class: 'gauge', viewBox: '0 0 100 6', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  add(g, svg('rect', { class: 'track', x: 0, y: 0, width: 100, height: 6, rx: 3 }));
  add(g, svg('rect', { class: 'fill', x: 0, y: 0, width: Math.max(0, Math.min(1, ratio)) * 100, height: 6, rx: 3 }));
  return g;
}

function minus<T extends Element>(e: T): T {
  e.textContent = `\u2212${e.textContent}`;
  return e;
}

/** The parts of a card's value, one row each, then their total (the proposal's saving by suggestion). */
function cardParts(parts: NonNullable<Card['parts']>, partsTotal: number): HTMLTableElement {
  const t = el('table', 'card-parts');
  parts.forEach((p) => {
    const tr = add(t, el('tr'));
    tr.setAttribute('data-key', p.key);
    const name = add(tr, el('td', 'part', p.label));
    name.title = shown(p.key + (p.layer === null ? '' : ` \u00b7 layer #${p.layer} ${layerName('image', p.layer)}`));
    add(tr, el('td', 'num layer', p.layer === null ? '' : `#${p.layer}`));
    minus(add(tr, bytesEl('td', 'num', p.bytes)));
  });
  const total = add(t, el('tr', 'total'));
  add(total, el('td', 'part', parts.length === 0 ? 'No suggestion saves bytes' : 'Together, each byte once'));
  add(total, el('td'));
  minus(add(total, bytesEl('td', 'num', partsTotal)));
  return t;
}
