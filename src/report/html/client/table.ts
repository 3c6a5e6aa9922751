/** Tables: sort by any column, filter by text, and at most PAGE_ROWS rows drawn until asked for all. */
const PAGE_ROWS = 100;

interface TableRow {
  /** Drawn when first shown. */
  tr: HTMLTableRowElement | null;
  cells: Cell[];
  order: number;
  /** What the filter matches, lower case. */
  text: string;
}

interface Table {
  s: SectionOf<'table'>;
  input: HTMLInputElement;
  count: HTMLElement;
  body: HTMLElement;
  moreBox: HTMLElement;
  moreButton: HTMLButtonElement;
  heads: Array<{ th: HTMLElement; arrow: HTMLElement }>;
  rows: TableRow[];
  limit: number;
  sort: { column: number; desc: boolean };
}

function renderTable(s: SectionOf<'table'>): HTMLElement {
  const sec = sectionEl(s);
  if (s.total === 0) {
    add(sec, el('p', 'empty', s.empty));
    return sec;
  }
  const tools = add(sec, el('div', 'table-tools'));
  const input = add(tools, el('input', 'filter'));
  input.type = 'search';
  input.placeholder = `Filter ${s.title.toLowerCase()}\u2026`;
  input.setAttribute('aria-label', `Filter ${s.title}`);
  const count = add(tools, el('span', 'count'));
  const table = add(add(sec, el('div', 'table-scroll')), el('table', 'data'));
  const headRow = add(add(table, el('thead')), el('tr'));
  const body = add(table, el('tbody'));
  const moreBox = add(sec, el('div', 'more-rows'));
  const moreButton = add(moreBox, el('button', 'show-all'));
  moreButton.type = 'button';
  const rows = s.rows.map((cells, i): TableRow => {
    const text = cells.map((v, c) => cellText(s.columns[c], v)).join('\n').toLowerCase();
    return { tr: null, cells, order: i, text };
  });
  const sort = s.sort ? { column: s.sort.column, desc: s.sort.desc } : { column: -1, desc: false };
  const t: Table = { s, input, count, body, moreBox, moreButton, heads: [], rows, limit: PAGE_ROWS, sort };
  moreButton.addEventListener('click', () => {
    t.limit = Infinity;
    applyTable(t);
  });
  t.heads = s.columns.map((col, c) => headCell(t, headRow, col, c));
  input.addEventListener('input', () => applyTable(t));
  applyTable(t);
  if (s.total > s.rows.length) {
    const text = `The ${formatCount(s.rows.length)} ${s.keptBy} of ${formatCount(s.total)} are shown; ${formatCount(s.total - s.rows.length)} more are in the JSON output (--json).`;
    add(sec, el('p', 'truncated', text)).setAttribute('data-total', String(s.total));
  }
  return sec;
}

function isNumeric(col: Column): boolean {
  return col.type === 'bytes' || col.type === 'delta' || col.type === 'int';
}

/** A column's header: a button that sorts by it, again to reverse. */
function headCell(t: Table, headRow: HTMLElement, col: Column, c: number): { th: HTMLElement; arrow: HTMLElement } {
  const num = isNumeric(col);
  const th = add(headRow, el('th', num ? 'num' : null));
  const b = add(th, el('button', null, col.label));
  b.type = 'button';
  if (col.hint) b.title = col.hint;
  const arrow = add(b, el('span', 'arrow'));
  b.addEventListener('click', () => {
    if (t.sort.column === c) t.sort.desc = !t.sort.desc;
    else t.sort = { column: c, desc: num || col.type === 'severity' || col.type === 'paths' };
    applyTable(t);
  });
  return { th, arrow };
}

function rowEl(t: Table, r: TableRow): HTMLTableRowElement {
  if (!r.tr) {
    const tr = el('tr');
    r.cells.forEach((v, c) => {
      const td = add(tr, cellEl(t.s.columns[c], v));
      if (t.s.columns[c].nowrap) td.classList.add('nowrap');
    });
    r.tr = tr;
  }
  return r.tr;
}

function compareRows(t: Table, a: TableRow, b: TableRow): number {
  const { column, desc } = t.sort;
  if (column < 0) return a.order - b.order;
  const col = t.s.columns[column];
  const x = cellSortKey(col, a.cells[column]);
  const y = cellSortKey(col, b.cells[column]);
  const d = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y), 'en') : x < y ? -1 : x > y ? 1 : 0;
  return (desc ? -d : d) || a.order - b.order;
}

/** Draws the rows the filter keeps, in the sort's order, and the header, count and "show all" to match. */
function applyTable(t: Table): void {
  const q = t.input.value.trim().toLowerCase();
  const shownRows = t.rows.filter((r) => q === '' || r.text.indexOf(q) >= 0);
  shownRows.sort((a, b) => compareRows(t, a, b));
  clear(t.body);
  const frag = document.createDocumentFragment();
  shownRows.slice(0, t.limit).forEach((r) => frag.appendChild(rowEl(t, r)));
  t.body.appendChild(frag);
  t.moreBox.hidden = shownRows.length <= t.limit;
  t.moreButton.textContent = `The first ${formatCount(t.limit)} are drawn: show all ${formatCount(shownRows.length)}`;
  t.heads.forEach((h, c) => {
    const sorted = c === t.sort.column;
    h.th.setAttribute('aria-sort', sorted ? (t.sort.desc ? 'descending' : 'ascending') : 'none');
    h.arrow.textContent = sorted ? (t.sort.desc ? '\u25bc' : '\u25b2') : '';
  });
  const all = t.rows.length;
  const n = shownRows.length;
  t.count.textContent = (n === all ? formatCount(all) : `${formatCount(n)} of ${formatCount(all)}`) + (all === 1 ? ' row' : ' rows');
  t.count.setAttribute('data-shown', String(n));
}
