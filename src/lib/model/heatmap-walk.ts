/**
 * Model 3's walk (docs/models.md "Model 3") over typed arrays. Levels
 * come from the levels core, one per (price row as entry, tier, side), resting at their exact
 * liquidation price. From the starting state (heatmap-start.ts), each candle:
 * 1. consume long levels with liq >= low and short levels with liq <= high (ties included);
 * 2. open max(dOI, 0) split long/short by the candle's taker buy/sell whale notional (or 50/50),
 *    placed at the candle's entry rows in proportion to their whale notional, over tiers by weight;
 * 3. close in proportion when dOI < 0 (-dOI / OI at the previous candle's end, at most all);
 * 4. emit resting volume by liquidation row.
 * Levels opened in a candle are not consumed by that same candle's range.
 */
import { levelIndex, levelTable, longShare, LONG, SHORT, entryPrice, type LevelRules, type Side } from './levels.ts';
import { atOrAbove, atOrBelow } from './price-grid.ts';
import type { Split } from './types.ts';

/** Price rows: row r is the bin of index firstBin + r of `step` (binIndex). */
export interface PriceGrid {
  firstBin: number;
  step: number;
  rows: number;
}

/** The levels of a grid: every row is an entry price; liqRow = the row that holds the level, or -1. */
export interface GridLevels {
  rows: number;
  liq: Float64Array;
  liqRow: Int32Array;
  tierWeights: Float64Array;
}

export function gridLevels(grid: PriceGrid, rules: LevelRules): GridLevels {
  const entries = Array.from({ length: grid.rows }, (_, r) => entryPrice(grid.firstBin + r, grid.step));
  const table = levelTable(entries, rules, grid.step);
  const liqRow = Int32Array.from(table.liqBin, (b) => (b - grid.firstBin >= 0 && b - grid.firstBin < grid.rows ? b - grid.firstBin : -1));
  return { rows: grid.rows, liq: table.liq, liqRow, tierWeights: Float64Array.from(rules.tiers, (t) => t.weight) };
}

/** Whether price reached a level: a long at or above the low, a short at or below the high. */
export function reached(side: Side, liq: number, low: number, high: number): boolean {
  return side === LONG ? atOrAbove(liq, low) : atOrBelow(liq, high);
}

/** Add `usd` opened at entry `row` on `side`, over the tiers by weight. Returns what was placed. */
export function placeEntry(size: Float64Array, levels: GridLevels, row: number, side: Side, usd: number): number {
  const nt = levels.tierWeights.length;
  if (row < 0 || row >= levels.rows || usd === 0) return 0; // outside the grid: not placed
  let placed = 0;
  for (let k = 0; k < nt; k++) {
    const i = levelIndex(row, k, side, nt);
    size[i] += usd * levels.tierWeights[k];
    placed += usd * levels.tierWeights[k];
  }
  return placed;
}

export interface HeatmapWalkInputs {
  low: Float64Array;
  high: Float64Array;
  /** OI in USD at each candle's end; null = no history: open whale notional, scale at the end. */
  oiEnd: Float64Array | null;
  /** OI in USD at the range start (OI0). */
  oiStart: number;
  /** What rests at the range start, by level (heatmap-start.ts); all zero for an empty start. */
  start: Float64Array;
  /** Fallback only: the final resting total is scaled to this (current OI). */
  finalOiUsd: number;
  /** Whale notional per candle as CSR: candle i owns entries entryStart[i] .. entryStart[i+1]-1. */
  entryStart: Uint32Array;
  entryRow: Int32Array;
  entryBuy: Float64Array;
  entrySell: Float64Array;
  /** Where a candle with OI growth but no whale trades opens (its close price's row), 50/50. */
  closeRow: Int32Array;
  levels: GridLevels;
  split: Split;
}

export interface HeatmapWalkOutput {
  /** candles x rows, time-major. */
  matrix: Float32Array;
  resting: Float64Array;
  opened: Float64Array;
  closed: Float64Array;
  consumedLong: Float64Array;
  consumedShort: Float64Array;
  /** 1 with OI history; in the fallback the factor applied to whale notional. */
  scale: number;
}

/**
 * `into`: a candles x rows matrix to add this walk's resting volume to (another exchange's walk
 * on the same grid and candles, summed in place); only with OI history (a fallback scales its
 * whole matrix at the end).
 */
export function walkHeatmap(inp: HeatmapWalkInputs, into?: Float32Array): HeatmapWalkOutput {
  const n = inp.low.length;
  const { levels } = inp;
  const { rows } = levels;
  if (into && (!inp.oiEnd || into.length !== n * rows)) throw new Error('a walk adds into a matrix only with OI history, on the same candles and grid');
  const size = Float64Array.from(inp.start);
  const out: HeatmapWalkOutput = {
    matrix: into ?? new Float32Array(n * rows),
    resting: new Float64Array(n),
    opened: new Float64Array(n),
    closed: new Float64Array(n),
    consumedLong: new Float64Array(n),
    consumedShort: new Float64Array(n),
    scale: 1,
  };
  let restingTotal = size.reduce((s, v) => s + v, 0);
  let prevOi = inp.oiStart;

  for (let t = 0; t < n; t++) {
    // 1. consume
    for (let i = 0; i < size.length; i++) {
      if (size[i] === 0 || !reached((i & 1) as Side, levels.liq[i], inp.low[t], inp.high[t])) continue;
      if ((i & 1) === LONG) out.consumedLong[t] += size[i];
      else out.consumedShort[t] += size[i];
      size[i] = 0;
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
    const oiBefore = prevOi;
    if (inp.oiEnd) {
      change = inp.oiEnd[t] - prevOi;
      prevOi = inp.oiEnd[t];
    }
    if (change > 0) {
      const share = longShare(buy, sell, inp.split);
      if (whale === 0) {
        out.opened[t] += placeEntry(size, levels, inp.closeRow[t], LONG, change * 0.5);
        out.opened[t] += placeEntry(size, levels, inp.closeRow[t], SHORT, change * 0.5);
      } else {
        for (let e = from; e < to; e++) {
          const usd = (change * (inp.entryBuy[e] + inp.entrySell[e])) / whale;
          out.opened[t] += placeEntry(size, levels, inp.entryRow[e], LONG, usd * share);
          out.opened[t] += placeEntry(size, levels, inp.entryRow[e], SHORT, usd * (1 - share));
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
      if (levels.liqRow[i] >= 0) out.matrix[base + levels.liqRow[i]] += size[i];
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
