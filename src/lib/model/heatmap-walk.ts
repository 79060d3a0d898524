/**
 * Model 3's walk (models.md "time-evolving heatmap") over typed arrays, no DuckDB: levels keyed
 * by (entry row, tier, side) rest at their exact liquidation price. Each candle:
 * 1. consume long levels with liq >= low and short levels with liq <= high (inclusive);
 * 2. open max(ΔOI, 0) split long/short by the candle's taker buy/sell whale notional (or 50/50),
 *    placed at the candle's entry rows in proportion to their whale notional, over tiers by weight;
 * 3. close proportionally when ΔOI < 0 (-ΔOI / open total, at most everything);
 * 4. emit resting volume by liquidation row.
 * Levels opened in a candle are not consumed by that same candle's range.
 */
import { liqPrice } from './liquidation.ts';
import type { Formula, Split, Tier } from './types.ts';

/** Price rows: row r covers [start + r * step, start + (r + 1) * step); start is a multiple of step. */
export interface PriceGrid {
  start: number;
  step: number;
  rows: number;
}

export interface HeatmapWalkInputs {
  low: Float64Array;
  high: Float64Array;
  /** OI in USD at each candle's end; null = no history: open whale notional, scale at the end. */
  oiEnd: Float64Array | null;
  /** OI in USD before the first candle; NaN = unknown: the first candle opens its whole OI. */
  oiBefore: number;
  /** Fallback only: the final resting total is scaled to this (current OI). */
  finalOiUsd: number;
  /** Whale notional per candle as CSR: candle i owns entries entryStart[i] .. entryStart[i+1]-1. */
  entryStart: Uint32Array;
  entryRow: Int32Array;
  entryBuy: Float64Array;
  entrySell: Float64Array;
  /** Where a candle with OI growth but no whale trades opens (its close price's row), 50/50. */
  closeRow: Int32Array;
  grid: PriceGrid;
  tiers: readonly Tier[];
  mmr: number;
  formula: Formula;
  split: Split;
}

export interface HeatmapWalkOutput {
  /** candles x grid.rows, time-major. */
  matrix: Float32Array;
  resting: Float64Array;
  opened: Float64Array;
  closed: Float64Array;
  consumedLong: Float64Array;
  consumedShort: Float64Array;
  /** 1 with OI history; in the fallback the factor applied to whale notional. */
  scale: number;
}

/** Liquidation price and row of every level, index (row * tiers + tier) * 2 + side (0 long). */
function levelTable(inp: HeatmapWalkInputs): { liq: Float64Array; liqRow: Int32Array } {
  const { grid, tiers } = inp;
  const n = grid.rows * tiers.length * 2;
  const liq = new Float64Array(n);
  const liqRow = new Int32Array(n);
  const firstBin = Math.round(grid.start / grid.step);
  for (let r = 0; r < grid.rows; r++) {
    const entry = grid.start + r * grid.step;
    for (let k = 0; k < tiers.length; k++) {
      for (let side = 0; side < 2; side++) {
        const i = (r * tiers.length + k) * 2 + side;
        liq[i] = liqPrice(inp.formula, side ? 'short' : 'long', entry, tiers[k].leverage, inp.mmr);
        const row = Math.floor(liq[i] / grid.step) - firstBin;
        liqRow[i] = row >= 0 && row < grid.rows ? row : -1;
      }
    }
  }
  return { liq, liqRow };
}

export function walkHeatmap(inp: HeatmapWalkInputs): HeatmapWalkOutput {
  const n = inp.low.length;
  const { rows } = inp.grid;
  const nTiers = inp.tiers.length;
  const { liq, liqRow } = levelTable(inp);
  const size = new Float64Array(liq.length);
  const out: HeatmapWalkOutput = {
    matrix: new Float32Array(n * rows),
    resting: new Float64Array(n),
    opened: new Float64Array(n),
    closed: new Float64Array(n),
    consumedLong: new Float64Array(n),
    consumedShort: new Float64Array(n),
    scale: 1,
  };
  let restingTotal = 0;
  let prevOi = Number.isNaN(inp.oiBefore) ? 0 : inp.oiBefore;

  let t = 0;
  const place = (row: number, amount: number, side: 0 | 1): void => {
    if (row < 0 || row >= rows || amount === 0) return; // outside the grid: not placed
    for (let k = 0; k < nTiers; k++) size[(row * nTiers + k) * 2 + side] += amount * inp.tiers[k].weight;
    out.opened[t] += amount;
  };

  for (; t < n; t++) {
    // 1. consume
    const low = inp.low[t];
    const high = inp.high[t];
    for (let i = 0; i < size.length; i++) {
      if (size[i] === 0) continue;
      if ((i & 1) === 0 ? liq[i] >= low : liq[i] <= high) {
        if ((i & 1) === 0) out.consumedLong[t] += size[i];
        else out.consumedShort[t] += size[i];
        size[i] = 0;
      }
    }
    restingTotal -= out.consumedLong[t] + out.consumedShort[t];

    // 2. and 3. open or close
    const from = inp.entryStart[t];
    const to = inp.entryStart[t + 1];
    let buy = 0;
    let sell = 0;
    for (let e = from; e < to; e++) {
      buy += inp.entryBuy[e];
      sell += inp.entrySell[e];
    }
    const whale = buy + sell;
    let change = whale;
    let oiBefore = NaN;
    if (inp.oiEnd) {
      oiBefore = prevOi;
      change = inp.oiEnd[t] - prevOi;
      prevOi = inp.oiEnd[t];
    }
    if (change > 0) {
      const longShare = inp.split === 'even' || whale === 0 ? 0.5 : buy / whale;
      if (whale === 0) {
        place(inp.closeRow[t], change * 0.5, 0);
        place(inp.closeRow[t], change * 0.5, 1);
      } else {
        for (let e = from; e < to; e++) {
          const share = (change * (inp.entryBuy[e] + inp.entrySell[e])) / whale;
          place(inp.entryRow[e], share * longShare, 0);
          place(inp.entryRow[e], share * (1 - longShare), 1);
        }
      }
    } else if (change < 0 && restingTotal > 0) {
      // Positions close in proportion to the market's open interest, not to what the model
      // still holds: liquidated levels left the model but their OI may leave only later.
      const closing = Math.min(1, -change / (oiBefore > 0 ? oiBefore : restingTotal));
      for (let i = 0; i < size.length; i++) size[i] *= 1 - closing;
      out.closed[t] = closing * restingTotal;
    }

    // 4. emit (and recount the total, so rounding never accumulates)
    restingTotal = 0;
    const base = t * rows;
    for (let i = 0; i < size.length; i++) {
      if (size[i] === 0) continue;
      restingTotal += size[i];
      if (liqRow[i] >= 0) out.matrix[base + liqRow[i]] += size[i];
    }
    out.resting[t] = restingTotal;
  }
  if (!inp.oiEnd) out.scale = scaleTo(out, inp.finalOiUsd);
  return out;
}

/** Fallback: multiply everything so that the final resting total equals current OI. */
function scaleTo(out: HeatmapWalkOutput, finalOiUsd: number): number {
  const last = out.resting.length ? out.resting[out.resting.length - 1] : 0;
  const scale = last > 0 ? finalOiUsd / last : 0;
  for (const a of [out.matrix, out.resting, out.opened, out.closed, out.consumedLong, out.consumedShort]) {
    for (let i = 0; i < a.length; i++) a[i] *= scale;
  }
  return scale;
}
