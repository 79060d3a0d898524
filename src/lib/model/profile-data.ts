/**
 * What the models read: one symbol's loaded profile months as typed columns, kept by the
 * engine's profile table (data/profile-table.ts). Segments come in month order ('live', the
 * streamed partial profile, last), and rows within a segment in time order (volume: by hour,
 * then price_bin), so aggregations walk them front to back without sorting.
 */

/** side: 0 = taker buy, 1 = taker sell (BUY / SELL). */
export const BUY = 0;
export const SELL = 1;

/**
 * A column of few distinct values (a BTC month: ~720 hours, a few thousand price bins, six size
 * buckets, in 260k rows) kept as one code per row into its distinct values, ascending: one or
 * two bytes a row instead of eight, and exact whatever the values are.
 */
export interface CodedColumn {
  codes: Uint8Array | Uint16Array | Uint32Array;
  /** Distinct values, ascending: codes order as the values do. */
  values: Float64Array;
}

export interface VolumeColumns {
  hour: CodedColumn;
  priceBin: CodedColumn;
  side: Uint8Array;
  /** The size bucket's lower edge (USD notional), as the file holds it. */
  sizeMin: CodedColumn;
  notional: Float64Array;
}

/** Index of `v` in `sorted` (which holds it). */
function indexIn(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `values` as a coded column (the narrowest codes that fit its distinct values). Rows come in
 * runs of one value (hours in order, bins in order within an hour), so a value is looked up
 * once per run, by bisection: no hashing of doubles per row.
 */
export function codedColumn(values: Float64Array | readonly number[]): CodedColumn {
  const n = values.length;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) if (i === 0 || values[i] !== values[i - 1]) seen.add(values[i]);
  const distinct = Float64Array.from(seen).sort();
  const codes = distinct.length <= 0x100 ? new Uint8Array(n) : distinct.length <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
  let code = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || values[i] !== values[i - 1]) code = indexIn(distinct, values[i]);
    codes[i] = code;
  }
  return { codes, values: distinct };
}

/** A coded column's value per row (tests, exports; the models read the codes). */
export function expandedColumn(c: CodedColumn): Float64Array {
  return Float64Array.from(c.codes, (code) => c.values[code]);
}

/** 5-minute candles: what the models read of a candles profile. */
export interface OhlcColumns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

export interface OiColumns {
  time: Float64Array;
  contracts: Float64Array;
  usd: Float64Array;
}

export interface Segment<C> {
  month: string;
  columns: C;
}

/**
 * A symbol's data at one moment. A new object whenever any month or the live rows of the
 * symbol change, so results derived from it may be kept on it (WeakMap) without invalidation.
 */
export interface SymbolData {
  symbol: string;
  volume: readonly Segment<VolumeColumns>[];
  candles: readonly Segment<OhlcColumns>[];
  oi: readonly Segment<OiColumns>[];
}

/** The month label of the streamed partial profile. */
export const LIVE_MONTH = 'live';
