// Seeded randomness for the demo generator: the same seed gives the same shop on every machine.
// Nothing here touches Math.random or the clock.

/** A 32-bit integer hash of up to three integers (murmur3's finaliser over a simple mix). */
export function hash32(a: number, b = 0, c = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform float in [0, 1) from a hash: for one-off draws that need no stream. */
export function hashUnit(a: number, b = 0, c = 0): number {
  return hash32(a, b, c) / 4294967296;
}

/** sfc32 (Chris Doty-Humphrey's small fast chaotic PRNG): fast, 128-bit state, passes PractRand. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0, index = 0) {
    this.a = hash32(seed, stream, 0x1234567);
    this.b = hash32(seed, stream, index ^ 0x2bd1f3a);
    this.c = hash32(index, seed, stream ^ 0x5a17c3e);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** Picks from a fixed list by weight in O(log n): build once, draw millions of times. */
export class Weighted<T> {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(readonly items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('Weighted needs one weight per item');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += Math.max(0, weights[i]);
      this.cumulative[i] = sum;
    }
    if (sum <= 0) throw new Error('Weighted needs a positive weight');
    this.total = sum;
  }

  /** The index whose cumulative share covers u in [0, 1). */
  indexAt(u: number): number {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  draw(rng: Rng): T {
    return this.items[this.indexAt(rng.next())];
  }
}

/**
 * A keyed bijection on [0, half²) (a four-round Feistel network over two base-`half` digits):
 * distinct inputs give distinct, random-looking outputs, so phone numbers, buyer ids and order
 * numbers are unique by construction, with no set of used values to keep.
 */
export function permute(x: number, half: number, key: number): number {
  let left = Math.floor(x / half);
  let right = x - left * half;
  for (let round = 0; round < 4; round++) {
    const next = (left + (hash32(right, key, round) % half)) % half;
    left = right;
    right = next;
  }
  return left * half + right;
}

export function padNumber(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
