/** Pure helpers that turn Model 3's query results into the walk's typed-array inputs. */
import { liqPrice } from './liquidation.ts';
import { binIndex } from './price-grid.ts';
import type { PriceGrid } from './heatmap-walk.ts';
import { HOUR_MS } from './heatmap-start.ts';
import type { Formula, Tier } from './types.ts';

/** Share of candles that need an OI record before the OI history is trusted. */
export const MIN_OI_COVERAGE = 0.9;

/**
 * Price rows from the range's lows and highs out to the lowest-leverage liquidation prices,
 * clamped to half and 1.5 times the price range so that a 1x tier cannot stretch the axis to 0.
 */
export function priceSpan(low: Float64Array, high: Float64Array, tiers: readonly Tier[], mmr: number, formula: Formula): [number, number] {
  let minLow = Infinity;
  let maxHigh = -Infinity;
  for (let i = 0; i < low.length; i++) {
    minLow = Math.min(minLow, low[i]);
    maxHigh = Math.max(maxHigh, high[i]);
  }
  const minLeverage = Math.min(...tiers.map((t) => t.leverage));
  const lo = Math.max(minLow * 0.5, liqPrice(formula, 'long', minLow, minLeverage, mmr));
  const hi = Math.min(maxHigh * 1.5, liqPrice(formula, 'short', maxHigh, minLeverage, mmr));
  return [lo, hi];
}

export function gridFor(lo: number, hi: number, step: number): PriceGrid {
  const firstBin = binIndex(lo, step);
  return { firstBin, step, rows: binIndex(hi, step) - firstBin + 1 };
}

/** Row of a bin index of the grid's step, -1 outside. */
export function rowOfBin(grid: PriceGrid, bin: number): number {
  const row = bin - grid.firstBin;
  return row >= 0 && row < grid.rows ? row : -1;
}

/** Row that holds a price, -1 outside (a close on a row edge is in that row). */
export function rowOf(grid: PriceGrid, price: number): number {
  return rowOfBin(grid, binIndex(price, grid.step));
}

/** rowOf of every price (a plain loop: a typed array's from() with a mapping closure is several times slower). */
export function rowsOf(grid: PriceGrid, prices: Float64Array): Int32Array {
  const rows = new Int32Array(prices.length);
  for (let i = 0; i < prices.length; i++) rows[i] = rowOf(grid, prices[i]);
  return rows;
}

/** rowOfBin of every bin index. */
export function rowsOfBins(grid: PriceGrid, bins: Float64Array): Int32Array {
  const rows = new Int32Array(bins.length);
  for (let i = 0; i < bins.length; i++) rows[i] = rowOfBin(grid, bins[i]);
  return rows;
}

/**
 * Whale entries per candle as CSR. Entries come per group (max(candle, 1 h), sorted by group) with
 * their bin index; a sub-hour candle gets its hour's entries scaled by candle/hour (profiles are hourly).
 */
export function entriesPerCandle(
  times: Float64Array,
  candleMs: number,
  groups: { t: Float64Array; bin: Float64Array; buy: Float64Array; sell: Float64Array },
  grid: PriceGrid,
): { entryStart: Uint32Array; entryRow: Int32Array; entryBuy: Float64Array; entrySell: Float64Array } {
  const groupMs = Math.max(candleMs, HOUR_MS);
  const share = candleMs / groupMs;
  const start = new Uint32Array(times.length + 1);
  const rows: number[] = [];
  const buys: number[] = [];
  const sells: number[] = [];
  let g = 0;
  for (let i = 0; i < times.length; i++) {
    const key = Math.floor(times[i] / groupMs) * groupMs;
    while (g < groups.t.length && groups.t[g] < key) g++;
    for (let j = g; j < groups.t.length && groups.t[j] === key; j++) {
      rows.push(rowOfBin(grid, groups.bin[j]));
      buys.push(groups.buy[j] * share);
      sells.push(groups.sell[j] * share);
    }
    start[i + 1] = rows.length;
  }
  return { entryStart: start, entryRow: Int32Array.from(rows), entryBuy: Float64Array.from(buys), entrySell: Float64Array.from(sells) };
}

/**
 * OI at each candle's end from records keyed by candle time; gaps carry the previous value
 * forward (leading gaps take the first record). Coverage = share of candles with a record.
 */
export function oiPerCandle(times: Float64Array, oiTimes: Float64Array, oiValues: Float64Array): { oiEnd: Float64Array; coverage: number } {
  const oiEnd = new Float64Array(times.length).fill(NaN);
  let j = 0;
  let found = 0;
  for (let i = 0; i < times.length; i++) {
    while (j < oiTimes.length && oiTimes[j] < times[i]) j++;
    if (j < oiTimes.length && oiTimes[j] === times[i]) {
      oiEnd[i] = oiValues[j];
      found++;
    } else if (i > 0) oiEnd[i] = oiEnd[i - 1];
  }
  const first = oiEnd.findIndex((v) => !Number.isNaN(v));
  for (let i = 0; i < first; i++) oiEnd[i] = oiEnd[first];
  return { oiEnd, coverage: times.length ? found / times.length : 0 };
}
