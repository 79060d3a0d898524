/**
 * Seeded pseudo-random numbers (sfc32, seeded from a string by cyrb128): fast enough for
 * 50 M trades and identical on every platform, so the same arguments give the same bytes.
 */

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Rng {
  // Typed arrays keep the state unboxed: plain number fields over 2^31 would allocate a
  // heap number on every draw and the garbage collector would dominate.
  private readonly s = new Int32Array(4);
  private readonly cached = new Float64Array(1);
  private hasCached = false;

  constructor(seed: string) {
    this.s.set(cyrb128(seed));
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.s;
    const a = s[0], b = s[1], c = s[2], d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    const c2 = (c << 21) | (c >>> 11);
    s[2] = (c2 + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Standard normal (Box-Muller, keeping the second value for the next call). */
  normal(): number {
    if (this.hasCached) {
      this.hasCached = false;
      return this.cached[0];
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.cached[0] = r * Math.sin(2 * Math.PI * v);
    this.hasCached = true;
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Exponential with mean 1. */
  exp(): number {
    return -Math.log(1 - this.next());
  }

  /** Pareto with minimum `xmin` and tail index `alpha`. */
  pareto(xmin: number, alpha: number): number {
    return xmin / Math.pow(1 - this.next(), 1 / alpha);
  }

  /** Poisson count (Knuth for small means, normal approximation above 50). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) { k++; p *= this.next(); }
    return k;
  }

  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
}
