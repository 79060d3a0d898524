/**
 * What Model 3 reads from the data, per candle and per hour, on the symbol's typed columns:
 * OHLC per candle, whale entries per group and entry bin, OI at each candle's end and before the
 * range, hourly extremes and the first profile hour of the lookback. Candles are `candleMs` wide,
 * aligned to UTC epoch multiples.
 */
import type { OhlcColumns, OiColumns, SymbolData } from './profile-data.ts';
import { BinSums, Columns, lastTime, rowRanges } from './segment-rows.ts';
import { hourSegments, stepSegments } from './whale-rows.ts';

const HOUR_MS = 3_600_000;
const candleTime = (c: OhlcColumns) => c.time;
const oiTime = (c: OiColumns) => c.time;
const floorTo = (t: number, ms: number) => Math.floor(t / ms) * ms;

/** The latest 5-minute candle's open time (live rows included), NaN when none is loaded. */
export function lastCandleTime(data: SymbolData): number {
  return lastTime(data.candles, candleTime);
}

/** OHLC per candle from `from` on: first open, highest high, lowest low, last close. */
export function candlesFrom(data: SymbolData, candleMs: number, from: number) {
  const out = new Columns(['t', 'open', 'high', 'low', 'close'] as const);
  let t = NaN;
  let open = 0;
  let high = -Infinity;
  let low = Infinity;
  let close = 0;
  for (const { columns: c, start, end } of rowRanges(data.candles, candleTime, from, Infinity)) {
    for (let i = start; i < end; i++) {
      const key = floorTo(c.time[i], candleMs);
      if (key !== t) {
        if (!Number.isNaN(t)) out.push(t, open, high, low, close);
        t = key;
        open = c.open[i];
        high = -Infinity;
        low = Infinity;
      }
      high = Math.max(high, c.high[i]);
      low = Math.min(low, c.low[i]);
      close = c.close[i];
    }
  }
  if (!Number.isNaN(t)) out.push(t, open, high, low, close);
  return out.done();
}

/**
 * Whale notional by (group, entry bin index of `step`) with its taker buy and sell parts, for
 * groups in [from, to), ascending. Profiles are hourly, so a group is at least an hour.
 */
export function whaleEntriesByGroup(data: SymbolData, threshold: number, step: number, groupMs: number, from: number, to: number) {
  const out = new Columns(['t', 'bin', 'buy', 'sell'] as const);
  let t = NaN;
  const bins = new BinSums();
  // Rows already binned to `step` and summed by hour (kept per month and step: a recompute with the same step reads them as they are).
  for (const { columns: w, start, end } of rowRanges(stepSegments(data, threshold, step, from, to), (w) => w.hour, from, to)) {
    for (let i = start; i < end; i++) {
      const key = floorTo(w.hour[i], groupMs);
      if (key !== t) {
        pushGroup(out, t, bins);
        t = key;
      }
      bins.add(w.bin[i], w.buy[i], w.sell[i]);
    }
  }
  pushGroup(out, t, bins);
  return out.done();
}

/** Group `t`'s bin sums as rows (t, bin, buy, sell). */
function pushGroup(out: Columns<'t' | 'bin' | 'buy' | 'sell'>, t: number, sums: BinSums): void {
  const n = sums.flush();
  for (let k = 0; k < n; k++) out.push(t, sums.bins[k], sums.buys[k], sums.sells[k]);
}

/** The lowest 5-minute low and highest high of every hour in [from, to). */
export function hourlyExtremes(data: SymbolData, from: number, to: number) {
  const out = new Columns(['h', 'low', 'high'] as const);
  let h = NaN;
  let low = Infinity;
  let high = -Infinity;
  for (const { columns: c, start, end } of rowRanges(data.candles, candleTime, from, to)) {
    for (let i = start; i < end; i++) {
      const key = floorTo(c.time[i], HOUR_MS);
      if (key !== h) {
        if (!Number.isNaN(h)) out.push(h, low, high);
        h = key;
        low = Infinity;
        high = -Infinity;
      }
      low = Math.min(low, c.low[i]);
      high = Math.max(high, c.high[i]);
    }
  }
  if (!Number.isNaN(h)) out.push(h, low, high);
  return out.done();
}

/** The first profile hour (any size bucket) in [from, to), NaN when none. */
export function firstHourIn(data: SymbolData, from: number, to: number): number {
  const [range] = rowRanges(hourSegments(data), (c) => c.hour, from, to);
  return range ? range.columns.hour[range.start] : NaN;
}

/** OI in USD at each candle's end (its last record), for candles from `from` on. */
export function oiEndByCandle(data: SymbolData, candleMs: number, from: number) {
  const out = new Columns(['t', 'oiEnd'] as const);
  let t = NaN;
  let last = NaN;
  for (const { columns: c, start, end } of rowRanges(data.oi, oiTime, from, Infinity)) {
    for (let i = start; i < end; i++) {
      const key = floorTo(c.time[i], candleMs);
      if (key !== t && !Number.isNaN(t)) out.push(t, last);
      t = key;
      last = c.usd[i];
    }
  }
  if (!Number.isNaN(t)) out.push(t, last);
  return out.done();
}

/** The last OI record (USD) within one candle before `from`, NaN when none. */
export function oiBefore(data: SymbolData, candleMs: number, from: number): number {
  const range = rowRanges(data.oi, oiTime, from - candleMs, from).at(-1);
  return range ? range.columns.usd[range.end - 1] : NaN;
}
