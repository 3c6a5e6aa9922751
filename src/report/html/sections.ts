/** Small helpers the page builders share. */
import type { Cell, TableSection } from './view';

/** A table section that keeps the first `limit` rows and says how many there are in all. */
export function tableSection(base: Omit<TableSection, 'type' | 'rows' | 'total'>, rows: Cell[][], limit: number): TableSection {
  return { type: 'table', ...base, rows: rows.slice(0, limit), total: rows.length };
}

/** The first 12 hex digits of an image id. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
