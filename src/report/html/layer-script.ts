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

export const LAYER_VIEW_SCRIPT = String.raw`
`;
