/**
 * Squarified treemap layout (Bruls, Huizing, van Wijk): values largest first, laid out in rows along the
 * shorter side of what is left, a row growing while its worst aspect ratio improves. Returns one rectangle
 * per value, in order; a value of 0 or less gets an empty rectangle.
 */
function squarify(values: number[], x: number, y: number, w: number, h: number): Rect[] {
  const out: Rect[] = values.map(() => ({ x, y, w: 0, h: 0 }));
  const total = values.reduce((sum, v) => (v > 0 ? sum + v : sum), 0);
  if (total <= 0 || w <= 0 || h <= 0) return out;
  const scale = (w * h) / total;
  const idx: number[] = [];
  values.forEach((v, k) => {
    if (v > 0) idx.push(k);
  });
  let left: Rect = { x, y, w, h };
  let i = 0;
  while (i < idx.length) {
    const row = nextRow(values, idx, i, scale, Math.min(left.w, left.h));
    // The last row takes what is left (no gap from rounding).
    const area = row.end === idx.length ? left.w * left.h : row.area;
    left = placeRow(out, values, idx.slice(i, row.end), scale, area, left);
    i = row.end;
  }
  return out;
}

/** Where the row starting at `i` ends: it grows while its worst aspect ratio improves. */
function nextRow(values: number[], idx: number[], i: number, scale: number, side: number): { end: number; area: number } {
  let j = i;
  let sum = 0;
  let min = Infinity;
  let max = 0;
  let best = Infinity;
  while (j < idx.length) {
    const a = values[idx[j]] * scale;
    const s = sum + a;
    const mn = Math.min(min, a);
    const mx = Math.max(max, a);
    const worst = Math.max((side * side * mx) / (s * s), (s * s) / (side * side * mn));
    if (j > i && worst > best) break;
    sum = s;
    min = mn;
    max = mx;
    best = worst;
    j++;
  }
  return { end: j, area: sum };
}

/** Lays one row along the shorter side of `r` into `out`; returns what is left of `r`. */
function placeRow(out: Rect[], values: number[], row: number[], scale: number, area: number, r: Rect): Rect {
  if (r.w >= r.h) {
    const cw = area / r.h;
    let yy = r.y;
    row.forEach((k, n) => {
      const len = (values[k] * scale) / cw;
      out[k] = { x: r.x, y: yy, w: cw, h: n === row.length - 1 ? r.y + r.h - yy : len };
      yy += len;
    });
    return { x: r.x + cw, y: r.y, w: r.w - cw, h: r.h };
  }
  const rh = area / r.w;
  let xx = r.x;
  row.forEach((k, n) => {
    const len = (values[k] * scale) / rh;
    out[k] = { x: xx, y: r.y, w: n === row.length - 1 ? r.x + r.w - xx : len, h: rh };
    xx += len;
  });
  return { x: r.x, y: r.y + rh, w: r.w, h: r.h - rh };
}
