/** Walking time-ordered segments (profile-data.ts) over a time range, without copying rows. */
import type { Segment } from './profile-data.ts';

/** First index with `sorted[i] >= x` (sorted.length when none). */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Calls `visit(columns, i)` for every row whose time is in [from, to), in time order.
 * `time` picks a segment's time column.
 */
export function forRowsIn<C>(segments: readonly Segment<C>[], time: (c: C) => Float64Array, from: number, to: number, visit: (c: C, i: number) => void): void {
  for (const { columns } of segments) {
    const t = time(columns);
    if (t.length === 0 || t[t.length - 1] < from || t[0] >= to) continue;
    for (let i = lowerBound(t, from); i < t.length && t[i] < to; i++) visit(columns, i);
  }
}

/** The largest time over segments (NaN when none): the last row of the last non-empty one. */
export function lastTime<C>(segments: readonly Segment<C>[], time: (c: C) => Float64Array): number {
  for (let s = segments.length - 1; s >= 0; s--) {
    const t = time(segments[s].columns);
    if (t.length) return t[t.length - 1];
  }
  return NaN;
}

/** Growable typed-array columns (up to five), filled row by row. */
export class Columns<K extends string> {
  private length = 0;
  private data: Float64Array[];
  constructor(private readonly names: readonly K[], capacity = 256) {
    this.data = names.map(() => new Float64Array(capacity));
  }

  push(a: number, b = 0, c = 0, d = 0, e = 0): void {
    if (this.length === this.data[0].length) {
      this.data = this.data.map((old) => {
        const grown = new Float64Array(old.length * 2);
        grown.set(old);
        return grown;
      });
    }
    const n = this.length++;
    const [ca, cb, cc, cd, ce] = this.data;
    ca[n] = a;
    if (cb) cb[n] = b;
    if (cc) cc[n] = c;
    if (cd) cd[n] = d;
    if (ce) ce[n] = e;
  }

  get size(): number {
    return this.length;
  }

  done(): Record<K, Float64Array> {
    return Object.fromEntries(this.names.map((name, i) => [name, this.data[i].slice(0, this.length)])) as Record<K, Float64Array>;
  }
}
