/** Walking time-ordered segments (profile-data.ts) over a time range, without copying rows. */
import type { Segment } from './profile-data.ts';
import { doubled } from '../typed-arrays.ts';

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

/** A segment's rows [start, end) in a time range. */
export interface RowRange<C> {
  columns: C;
  start: number;
  end: number;
}

/**
 * The rows whose time is in [from, to), segment by segment in time order (empty ones left
 * out); `time` picks a segment's time column. The caller loops over each range itself: its
 * running figures stay locals, with no call per row.
 */
export function rowRanges<C>(segments: readonly Segment<C>[], time: (c: C) => Float64Array, from: number, to: number): RowRange<C>[] {
  const out: RowRange<C>[] = [];
  for (const { columns } of segments) {
    const t = time(columns);
    if (t.length === 0 || t[t.length - 1] < from || t[0] >= to) continue;
    const start = lowerBound(t, from);
    const end = to === Infinity ? t.length : lowerBound(t, to);
    if (start < end) out.push({ columns, start, end });
  }
  return out;
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
    const cols = this.data;
    const width = cols.length;
    cols[0][n] = a;
    if (width > 1) cols[1][n] = b;
    if (width > 2) cols[2][n] = c;
    if (width > 3) cols[3][n] = d;
    if (width > 4) cols[4][n] = e;
  }

  get size(): number {
    return this.length;
  }

  done(): Record<K, Float64Array> {
    return Object.fromEntries(this.names.map((name, i) => [name, this.data[i].slice(0, this.length)])) as Record<K, Float64Array>;
  }
}

/**
 * Buy and sell sums by bin index, ascending, bins with nothing left out: dense arrays over the
 * bins' range (a window's bins are a short run of integers), a Map when the range is too wide.
 * Bins added in ascending order (an hour's whale rows are by price) need neither: a run of one
 * bin is summed as it comes, and the bins are emitted as they are.
 * flush() leaves the sums in `bins`, `buys`, `sells` for the caller's own loop, not a callback:
 * a callback called from here by the map and the heatmap (different closures) stops being
 * inlined in a process that runs both, the engine worker among them.
 */
export class BinSums {
  private n = 0;
  private ascending = true;
  /** After flush(): the sums, bins ascending, in [0, count); read them before the next add. */
  bins = new Float64Array(1024);
  buys = new Float64Array(1024);
  sells = new Float64Array(1024);

  add(bin: number, buy: number, sell: number): void {
    const last = this.n - 1;
    // The same sums in the same order as the dense pass would make.
    if (last >= 0 && this.bins[last] === bin) {
      this.buys[last] += buy;
      this.sells[last] += sell;
      return;
    }
    if (last >= 0 && this.bins[last] > bin) this.ascending = false;
    if (this.n === this.bins.length) {
      this.bins = doubled(this.bins);
      this.buys = doubled(this.buys);
      this.sells = doubled(this.sells);
    }
    this.bins[this.n] = bin;
    this.buys[this.n] = buy;
    this.sells[this.n++] = sell;
  }

  /** Sums the bins added since the last flush into `bins`, `buys`, `sells` (ascending) and returns their count. */
  flush(): number {
    const { n, bins, buys, sells, ascending } = this;
    this.n = 0;
    this.ascending = true;
    if (n === 0 || ascending) return n;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      if (bins[i] < lo) lo = bins[i];
      if (bins[i] > hi) hi = bins[i];
    }
    const width = hi - lo + 1;
    // Every run is read before any is written back (at most n bins come out).
    let count = 0;
    if (width <= Math.max(4096, 8 * n)) {
      const buy = new Float64Array(width);
      const sell = new Float64Array(width);
      const seen = new Uint8Array(width);
      for (let i = 0; i < n; i++) {
        const k = bins[i] - lo;
        buy[k] += buys[i];
        sell[k] += sells[i];
        seen[k] = 1;
      }
      for (let k = 0; k < width; k++) {
        if (!seen[k]) continue;
        bins[count] = lo + k;
        buys[count] = buy[k];
        sells[count++] = sell[k];
      }
      return count;
    }
    const sums = new Map<number, [number, number]>();
    for (let i = 0; i < n; i++) {
      const acc = sums.get(bins[i]);
      if (acc) {
        acc[0] += buys[i];
        acc[1] += sells[i];
      } else sums.set(bins[i], [buys[i], sells[i]]);
    }
    for (const bin of [...sums.keys()].sort((a, b) => a - b)) {
      const [b, s] = sums.get(bin)!;
      bins[count] = bin;
      buys[count] = b;
      sells[count++] = s;
    }
    return count;
  }
}
