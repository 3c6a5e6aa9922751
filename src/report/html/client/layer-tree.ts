/**
 * A layer's change tree (view.ts's PageTreeNode: [name, code, bytes, entries, children]): walking it, matching
 * it against the path filter, and one row of it.
 */
const CHANGE: Record<string, string> = { A: 'added', M: 'modified', D: 'removed', '*': 'mixed', '-': '' };
const KIND: Record<string, string> = { d: 'dir', f: 'file', h: 'hardlink', s: 'symlink', o: 'other', m: 'more' };
const KIND_NOTE: Record<string, string> = { hardlink: ' (hard link)', symlink: ' (symlink)', other: ' (other)' };

function childPath(path: string, c: PageTreeNode): string {
  return path === '' ? c[0] : `${path}/${c[0]}`;
}

/** A folded node (`m`) stands for the smaller entries of a directory: it has no path of its own. */
function isFolded(n: PageTreeNode): boolean {
  return n[1].charAt(0) === 'm';
}

function countNodes(n: PageTreeNode): number {
  return (n[4] || []).reduce((k, c) => k + countNodes(c), 1);
}

function walkTree(n: PageTreeNode, path: string, visit: (n: PageTreeNode, path: string) => void): void {
  visit(n, path);
  (n[4] || []).forEach((c) => walkTree(c, childPath(path, c), visit));
}

function pathMatches(path: string, q: string): boolean {
  return `/${path}`.toLowerCase().indexOf(q) >= 0;
}

/** Whether a node, or anything below it, matches the filter. */
function treeMatches(n: PageTreeNode, path: string, q: string): boolean {
  if (pathMatches(path, q)) return true;
  return (n[4] || []).some((c) => !isFolded(c) && treeMatches(c, childPath(path, c), q));
}

/** One row of the tree; `toggle` opens or closes it when it is a directory with children. */
function treeRowEl(n: PageTreeNode, path: string, depth: number, open: boolean, toggle: () => void): HTMLElement {
  const kind = KIND[n[1].charAt(0)];
  const mark = n[1].charAt(1);
  const change = CHANGE[mark];
  const row = el('div', `lv-row${change ? ` ch-${mark.replace('*', 'mixed')}` : ''}`);
  row.setAttribute('role', 'treeitem');
  row.setAttribute('data-path', kind === 'more' ? '' : path);
  row.setAttribute('data-kind', kind);
  row.setAttribute('data-change', change);
  row.style.paddingLeft = `${depth * 16}px`;
  const canOpen = kind === 'dir' && !!n[4] && n[4].length > 0;
  if (canOpen) {
    const b = add(row, el('button', 'lv-toggle', open ? '▾' : '▸'));
    b.type = 'button';
    b.setAttribute('aria-label', (open ? 'Collapse ' : 'Expand ') + shown(`/${path}`));
    row.setAttribute('aria-expanded', open ? 'true' : 'false');
    b.addEventListener('click', toggle);
  } else add(row, el('span', 'lv-toggle', ''));
  add(row, el('span', 'lv-mark', mark === '-' ? '' : mark));
  const name = kind === 'more' ? `… ${n[0]}` : (depth === 0 ? '/' : n[0]) + (kind === 'dir' && depth > 0 ? '/' : '') + (KIND_NOTE[kind] || '');
  const nm = add(row, el('span', 'lv-name', name));
  nm.title = shown(kind === 'more' ? `${n[0]} (smaller entries, folded)` : `/${path}`);
  if (kind === 'dir' && !n[4] && n[3] > 0) add(row, el('span', 'lv-closed', `${plural(n[3], 'entry', 'entries')}, not listed`));
  add(row, el('span', 'lv-count', kind === 'dir' || kind === 'more' ? plural(n[3], 'entry', 'entries') : ''));
  add(row, bytesEl('span', 'num lv-size', n[2]));
  return row;
}
