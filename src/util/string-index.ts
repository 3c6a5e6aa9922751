import { grownFor } from './typed-arrays';

/**
 * Strings to small whole numbers (values are dense: 0, 1, 2 …), held in typed arrays: no Map entry, and no second
 * copy of a key, per key. The caller keeps the strings; `keyOf(value)` reads a value's key back to settle a hash
 * match. Each key's hash is kept, so that growing never hashes a string again and a path's children can carry
 * their directory's hash on (see hashFrom).
 */
export class StringIndex {
  /** Open addressing with linear probing: each slot holds a value + 1, 0 when empty. */
  private slots = new Int32Array(1024);
  /** Each value's key hash, unmixed (hashFrom). */
  private hashes = new Int32Array(512);
  private count = 0;

  constructor(private readonly keyOf: (value: number) => string) {}

  get size(): number {
    return this.count;
  }

  /** The value of `key`, or -1; `raw` as in add. */
  get(key: string, raw = hashFrom(HASH_START, key, 0)): number {
    return this.slots[this.slotOf(key, raw)] - 1;
  }

  /**
   * The value `key` has; when it has none, gives it `value` and returns -1. One hash, one probe. `raw` is the
   * key's hashFrom(HASH_START, key, 0), when the caller has it cheaper (a directory's carried on).
   */
  add(key: string, value: number, raw = hashFrom(HASH_START, key, 0)): number {
    // Grown before the value goes in: keyOf need not know a value yet to be set.
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const slot = this.slotOf(key, raw);
    const had = this.slots[slot] - 1;
    if (had >= 0) return had;
    this.slots[slot] = value + 1;
    this.count++;
    this.hashes = grownFor(this.hashes, value);
    this.hashes[value] = raw;
    return -1;
  }

  /** Drops the room kept in the hash list for more values. */
  trim(): void {
    if (this.count < this.hashes.length) this.hashes = this.hashes.slice(0, Math.max(1, this.count));
  }

  /** The unmixed hash of a value's key. */
  hashOf(value: number): number {
    return this.hashes[value];
  }

  private slotOf(key: string, raw: number): number {
    const mask = this.slots.length - 1;
    for (let slot = mix(raw) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === 0 || (this.hashes[held - 1] === raw && this.keyOf(held - 1) === key)) return slot;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    const mask = this.slots.length - 1;
    for (const held of old) {
      if (held === 0) continue;
      let slot = mix(this.hashes[held - 1]) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = held;
    }
  }
}

export const HASH_START = 0x811c9dc5 | 0;

/**
 * FNV-1a over `s` from `from` to `to`, carried on from `h`: a path's hash goes on from its directory's. Two
 * UTF-16 units a step: the multiplications chain, so fewer steps is faster.
 */
export function hashFrom(h: number, s: string, from: number, to = s.length): number {
  let i = from;
  for (; i + 1 < to; i += 2) h = Math.imul(h ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), 0x01000193);
  if (i < to) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Mixes a hash so that its low bits (the slot) depend on every character. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
