type Grown = Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** A copy of `a` with room for `n` elements (or cut to them); new room holds `fill`. */
export function resized<T extends Grown>(a: T, n: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  if (fill !== 0 && n > a.length) b.fill(fill, a.length);
  b.set(a.length > n ? (a.subarray(0, n) as T) : a);
  return b;
}

/** `a` grown by half, at least to hold index `at`: growth by half leaves at most a third unused. */
export function grownFor<T extends Grown>(a: T, at: number, fill = 0): T {
  return at < a.length ? a : resized(a, Math.max(at + 1, Math.ceil(a.length * 1.5)), fill);
}
