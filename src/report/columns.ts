/** Borderless tables for the terminal: one line per row, numbers right-aligned, the last column fitted to the width. */
import { displayWidth, fitText, pad } from '../util/width';

/** A cell: its plain text, and the colour to paint it with once it has been fitted and padded. */
export interface Cell {
  text: string;
  paint?: (s: string) => string;
  /** How to shorten this cell to `max` columns when it is in the last column (default: in the middle). */
  fit?: (max: number) => string;
}

export interface Column {
  align: 'left' | 'right';
}

const GAP = '  ';
const INDENT = '  ';

export function cell(text: string, paint?: (s: string) => string): Cell {
  return { text, paint };
}

/**
 * Lays the rows out in `width` columns: every column as wide as its widest cell, the last one shortened in the
 * middle to what is left. The head row, when given, is painted with `head`.
 */
export function renderColumns(columns: Column[], rows: Cell[][], width: number, head?: { cells: string[]; paint: (s: string) => string }): string[] {
  const given: Cell[][] = head ? [head.cells.map((t) => cell(t, head.paint)), ...rows] : rows;
  // Every cell on one line and printable, whatever it came from.
  const all = given.map((r) => r.map((c) => ({ ...c, text: fitText(c.text, Number.MAX_SAFE_INTEGER) })));
  const last = columns.length - 1;
  const widths = columns.map((_, i) => Math.max(0, ...all.map((r) => displayWidth(r[i]?.text ?? ''))));
  const fixed = INDENT.length + widths.slice(0, last).reduce((n, w) => n + w + GAP.length, 0);
  widths[last] = Math.max(1, Math.min(widths[last], width - fixed));
  return all.map((r) =>
    (INDENT + columns.map((c, i) => {
      const text = i !== last ? r[i]?.text ?? '' : r[i]?.fit ? fitText(r[i].fit!(widths[i]), widths[i]) : fitText(r[i]?.text ?? '', widths[i]);
      // The last column is not padded on the right: no trailing blanks.
      const padded = i === last && c.align === 'left' ? text : pad(text, widths[i], c.align);
      const paint = r[i]?.paint;
      if (!paint || text === '') return padded;
      return padded.replace(text, () => paint(text));
    }).join(GAP)).trimEnd(),
  );
}
