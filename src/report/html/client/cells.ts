/**
 * Table cells by column type (view.ts's ColumnType): what a cell shows, what it sorts by and what a filter
 * matches. A cell's JSON shape follows from its column's type, so each reader narrows it here.
 */
const SEVERITY: Record<string, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

type PathsCell = [string[], number];
type Text2Cell = [string, string];

function severityRank(v: Cell): number {
  const rank = SEVERITY[String(v)];
  return rank === undefined ? -1 : rank;
}

function cellSortKey(col: Column, v: Cell): string | number {
  if (v === null || v === undefined) return col.type === 'text' || col.type === 'mono' || col.type === 'path' ? '' : -Infinity;
  switch (col.type) {
    case 'severity':
      return severityRank(v);
    case 'paths':
      return (v as PathsCell)[1];
    case 'text2':
      return (v as Text2Cell)[0];
    case 'bool':
      return v ? 1 : 0;
    default:
      return v as string | number;
  }
}

/** What a filter matches a cell by: the text it shows, with layers named in full. */
function cellText(col: Column, v: Cell): string {
  if (v === null || v === undefined) return '';
  switch (col.type) {
    case 'bytes':
      return formatBytes(v as number);
    case 'delta':
      return formatDelta(v as number);
    case 'int':
      return formatCount(v as number);
    case 'path':
      return `/${v}`;
    case 'paths':
      return (v as PathsCell)[0].map((p) => `/${p}`).join(' ');
    case 'layer':
      return `#${v} ${layerName(col.layers, v as number)}`;
    case 'text2':
      return `${(v as Text2Cell)[0]} ${(v as Text2Cell)[1]}`;
    case 'bool':
      return v ? col.label : '';
    default:
      return String(v);
  }
}

function cellEl(col: Column, v: Cell): HTMLTableCellElement {
  switch (col.type) {
    case 'bytes':
    case 'delta':
    case 'int':
      if (v === null) return el('td', 'num', '\u2014');
      return valueEl('td', 'num', { kind: col.type === 'int' ? 'count' : col.type, value: v as number });
    case 'path':
      return el('td', 'path', `/${v}`);
    case 'paths':
      return pathsCell(v as PathsCell);
    case 'layer':
      return v === null ? el('td', 'layer', '\u2014') : layerCell(col, v as number);
    case 'text2': {
      const td = el('td', 'text', (v as Text2Cell)[0]);
      add(td, el('div', 'second', (v as Text2Cell)[1]));
      return td;
    }
    case 'severity': {
      const td = el('td');
      add(td, el('span', `sev sev-${severityRank(v) < 0 ? 'info' : v}`, v));
      return td;
    }
    case 'bool': {
      const td = el('td');
      if (v) add(td, el('span', 'tag', col.label.toLowerCase()));
      return td;
    }
    default:
      return el('td', col.type === 'mono' ? 'mono' : 'text', v === null ? '\u2014' : v);
  }
}

function pathsCell(v: PathsCell): HTMLTableCellElement {
  const td = el('td', 'paths');
  const ul = add(td, el('ul'));
  v[0].forEach((p) => add(ul, el('li', null, `/${p}`)));
  if (v[1] > v[0].length) add(td, el('div', 'more', `+ ${formatCount(v[1] - v[0].length)} more`));
  return td;
}

function layerCell(col: Column, index: number): HTMLTableCellElement {
  const td = el('td', 'layer');
  const name = layerName(col.layers, index);
  const clip = add(td, el('span', 'clip'));
  add(clip, el('span', 'idx', `#${index} `));
  clip.appendChild(document.createTextNode(shown(ellipsize(name, 60))));
  td.title = shown(`#${index} ${name}`);
  td.setAttribute('data-value', String(index));
  return td;
}
