/**
 * XXH64 (seed 0), for zstd frame checksums: fzstd skips them. JavaScript has no 64-bit integer but BigInt,
 * which is slow, so each 64-bit value is a pair of unsigned 32-bit halves, multiplied in 16-bit pieces.
 */
const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;

const P1L0 = P1L & 0xffff, P1L1 = P1L >>> 16;
const P2L0 = P2L & 0xffff, P2L1 = P2L >>> 16;

/** Results of the 64-bit helpers: the high and low halves. */
let H = 0;
let L = 0;

/** (ah,al) × (bh,bl) mod 2^64 into H, L. */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
  const lo = a0 * b0;
  const mid1 = a1 * b0;
  const mid2 = a0 * b1;
  const sum = (lo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff);
  L = (((sum & 0xffff) << 16) | (lo & 0xffff)) >>> 0;
  const carry = (sum >>> 16) + (mid1 >>> 16) + (mid2 >>> 16) + a1 * b1;
  H = (carry + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  L = lo >>> 0;
  H = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

function rotl(h: number, l: number, n: number): void {
  if (n >= 32) {
    const t = h;
    h = l;
    l = t;
    n -= 32;
  }
  if (n === 0) {
    H = h >>> 0;
    L = l >>> 0;
    return;
  }
  H = ((h << n) | (l >>> (32 - n))) >>> 0;
  L = ((l << n) | (h >>> (32 - n))) >>> 0;
}

/** acc = rotl(acc + lane × P2, 31) × P1, into H, L. */
function round(acch: number, accl: number, lh: number, ll: number): void {
  mul(lh, ll, P2H, P2L);
  add(acch, accl, H, L);
  rotl(H, L, 31);
  mul(H, L, P1H, P1L);
}

/** rotl(h ^ x, r) × m + a, into H, L: the step of every tail lane. */
function fold(h: number, l: number, xh: number, xl: number, r: number, mh: number, ml: number, ah: number, al: number): void {
  rotl((h ^ xh) >>> 0, (l ^ xl) >>> 0, r);
  mul(H, L, mh, ml);
  add(H, L, ah, al);
}

export class Xxh64 {
  private v = new Uint32Array(8);
  private buf = new Uint8Array(32);
  private bufLen = 0;
  private total = 0;

  constructor() {
    const v = this.v;
    add(P1H, P1L, P2H, P2L);
    v[0] = H; v[1] = L;
    v[2] = P2H; v[3] = P2L;
    v[4] = 0; v[5] = 0;
    // 0 − P1
    v[6] = ~P1H >>> 0; v[7] = (-P1L) >>> 0; // P1L is not 0: no borrow into the high half
  }

  update(data: Uint8Array): void {
    this.total += data.length;
    let at = 0;
    if (this.bufLen > 0) {
      const n = Math.min(32 - this.bufLen, data.length);
      this.buf.set(data.subarray(0, n), this.bufLen);
      this.bufLen += n;
      at = n;
      if (this.bufLen < 32) return;
      this.stripe(this.buf, 0);
      this.bufLen = 0;
    }
    for (; at + 32 <= data.length; at += 32) this.stripe(data, at);
    if (at < data.length) {
      this.buf.set(data.subarray(at), 0);
      this.bufLen = data.length - at;
    }
  }

  /** Four lanes of 8 bytes, each `acc = rotl(acc + lane × P2, 31) × P1`, written out: this is the hot loop. */
  private stripe(d: Uint8Array, at: number): void {
    const v = this.v;
    for (let i = 0; i < 4; i++) {
      const p = at + i * 8;
      const ll = (d[p] | (d[p + 1] << 8) | (d[p + 2] << 16) | (d[p + 3] << 24)) >>> 0;
      const lh = (d[p + 4] | (d[p + 5] << 8) | (d[p + 6] << 16) | (d[p + 7] << 24)) >>> 0;
      // lane × P2
      let a0 = ll & 0xffff, a1 = ll >>> 16;
      let lo = a0 * P2L0, m1 = a1 * P2L0, m2 = a0 * P2L1;
      let sum = (lo >>> 16) + (m1 & 0xffff) + (m2 & 0xffff);
      let tl = (((sum & 0xffff) << 16) | (lo & 0xffff)) >>> 0;
      let th = ((sum >>> 16) + (m1 >>> 16) + (m2 >>> 16) + a1 * P2L1 + Math.imul(lh, P2L) + Math.imul(ll, P2H)) >>> 0;
      // + acc
      const sl = v[2 * i + 1] + tl;
      tl = sl >>> 0;
      th = (v[2 * i] + th + (sl > 0xffffffff ? 1 : 0)) >>> 0;
      // rotl 31
      const rh = ((th << 31) | (tl >>> 1)) >>> 0;
      const rl = ((tl << 31) | (th >>> 1)) >>> 0;
      // × P1
      a0 = rl & 0xffff;
      a1 = rl >>> 16;
      lo = a0 * P1L0;
      m1 = a1 * P1L0;
      m2 = a0 * P1L1;
      sum = (lo >>> 16) + (m1 & 0xffff) + (m2 & 0xffff);
      v[2 * i + 1] = ((sum & 0xffff) << 16) | (lo & 0xffff);
      v[2 * i] = (sum >>> 16) + (m1 >>> 16) + (m2 >>> 16) + a1 * P1L1 + Math.imul(rh, P1L) + Math.imul(rl, P1H);
    }
  }

  /** The low 32 bits of the digest: what a zstd frame stores. */
  digestLow32(): number {
    const v = this.v;
    let h: number, l: number;
    if (this.total >= 32) {
      rotl(v[0], v[1], 1); let sh = H, sl = L;
      rotl(v[2], v[3], 7); add(sh, sl, H, L); sh = H; sl = L;
      rotl(v[4], v[5], 12); add(sh, sl, H, L); sh = H; sl = L;
      rotl(v[6], v[7], 18); add(sh, sl, H, L); h = H; l = L;
      for (let i = 0; i < 4; i++) {
        round(0, 0, v[2 * i], v[2 * i + 1]);
        h = (h ^ H) >>> 0;
        l = (l ^ L) >>> 0;
        mul(h, l, P1H, P1L);
        add(H, L, P4H, P4L);
        h = H;
        l = L;
      }
    } else {
      h = P5H;
      l = P5L;
    }
    add(h, l, Math.floor(this.total / 2 ** 32), this.total >>> 0);
    h = H; l = L;
    const d = this.buf;
    let p = 0;
    const n = this.bufLen;
    for (; p + 8 <= n; p += 8) {
      const ll = (d[p] | (d[p + 1] << 8) | (d[p + 2] << 16) | (d[p + 3] << 24)) >>> 0;
      const lh = (d[p + 4] | (d[p + 5] << 8) | (d[p + 6] << 16) | (d[p + 7] << 24)) >>> 0;
      round(0, 0, lh, ll);
      fold(h, l, H, L, 27, P1H, P1L, P4H, P4L);
      h = H; l = L;
    }
    if (p + 4 <= n) {
      const w = (d[p] | (d[p + 1] << 8) | (d[p + 2] << 16) | (d[p + 3] << 24)) >>> 0;
      mul(0, w, P1H, P1L);
      fold(h, l, H, L, 23, P2H, P2L, P3H, P3L);
      h = H; l = L;
      p += 4;
    }
    for (; p < n; p++) {
      mul(0, d[p], P5H, P5L);
      fold(h, l, H, L, 11, P1H, P1L, 0, 0);
      h = H; l = L;
    }
    // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
    l = (l ^ (h >>> 1)) >>> 0;
    mul(h, l, P2H, P2L);
    h = H; l = L;
    l = (l ^ ((l >>> 29) | (h << 3))) >>> 0;
    h = (h ^ (h >>> 29)) >>> 0;
    mul(h, l, P3H, P3L);
    h = H; l = L;
    l = (l ^ h) >>> 0;
    return l;
  }
}
