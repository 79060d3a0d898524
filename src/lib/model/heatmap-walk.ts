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

export function walkHeatmap(inp: HeatmapWalkInputs): HeatmapWalkOutput {
  const walk = new LevelWalk(inp);
  const matrix = new Float32Array(inp.low.length * inp.levels.rows);
  for (let t = 0; t < inp.low.length; t++) {
    walk.candle(t);
    emit([walk], inp.levels, matrix, t);
  }
  const out: HeatmapWalkOutput = { matrix, ...walk.out, scale: 1 };
  if (!inp.oiEnd) out.scale = scaleTo(out, inp.finalOiUsd);
  return out;
}

/**
 * Several exchanges' walks on one grid and the same candles, each with its own OI history,
 * start and entries: the candle figures are their sums and the matrix is emitted once per
 * candle from the levels' summed sizes (what one walk emits per level, done once for all).
 */
export function walkHeatmaps(inps: readonly HeatmapWalkInputs[]): HeatmapWalkOutput {
  const [first] = inps;
  if (inps.some((inp) => !inp.oiEnd || inp.levels !== first.levels || inp.low.length !== first.low.length)) throw new Error('walkHeatmaps needs OI history and one grid and candle count for every walk');
  const walks = inps.map((inp) => new LevelWalk(inp));
  const n = first.low.length;
  const matrix = new Float32Array(n * first.levels.rows);
  for (let t = 0; t < n; t++) {
    for (const w of walks) w.candle(t);
    emit(walks, first.levels, matrix, t);
  }
  const out: HeatmapWalkOutput = { matrix, ...walks[0].out, scale: 1 };
  for (const w of walks.slice(1)) {
    for (const key of CANDLE_FIGURES) for (let t = 0; t < n; t++) out[key][t] += w.out[key][t];
  }
  return out;
}

const CANDLE_FIGURES = ['resting', 'opened', 'closed', 'consumedLong', 'consumedShort'] as const;
type CandleFigures = Pick<HeatmapWalkOutput, (typeof CANDLE_FIGURES)[number]>;

/** One exchange's levels through the candles: steps 1 to 3 of a candle; emit() does step 4. */
class LevelWalk {
  readonly size: Float64Array;
  readonly out: CandleFigures;
  restingTotal: number;
  private prevOi: number;

  constructor(private readonly inp: HeatmapWalkInputs) {
    const n = inp.low.length;
    this.size = Float64Array.from(inp.start);
    this.out = { resting: new Float64Array(n), opened: new Float64Array(n), closed: new Float64Array(n), consumedLong: new Float64Array(n), consumedShort: new Float64Array(n) };
    this.restingTotal = this.size.reduce((s, v) => s + v, 0);
    this.prevOi = inp.oiStart;
  }

  candle(t: number): void {
    const { inp, size, out } = this;
    const { levels } = inp;
    // 1. consume
    const low = inp.low[t];
    const high = inp.high[t];
    const liq = levels.liq;
    for (let i = 0; i < size.length; i++) {
      if (size[i] === 0 || !reached((i & 1) as Side, liq[i], low, high)) continue;
      if ((i & 1) === LONG) out.consumedLong[t] += size[i];
      else out.consumedShort[t] += size[i];
      size[i] = 0;
    }
    this.restingTotal -= out.consumedLong[t] + out.consumedShort[t];

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
    const oiBefore = this.prevOi;
    if (inp.oiEnd) {
      change = inp.oiEnd[t] - this.prevOi;
      this.prevOi = inp.oiEnd[t];
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
    } else if (change < 0 && this.restingTotal > 0) {
      // Positions close in proportion to the market's open interest, not to what the model
      // still holds: liquidated levels left the model but their OI may leave only later.
      const closing = Math.min(1, -change / (oiBefore > 0 ? oiBefore : this.restingTotal));
      for (let i = 0; i < size.length; i++) size[i] *= 1 - closing;
      out.closed[t] = closing * this.restingTotal;
    }
  }
}

/**
 * 4. emit candle t's resting sizes by liquidation row, summed over the walks (one pass over the
 * levels for all of them), and recount each walk's total, so rounding never accumulates.
 */
function emit(walks: readonly LevelWalk[], levels: GridLevels, matrix: Float32Array, t: number): void {
  const base = t * levels.rows;
  const { liqRow } = levels;
  if (walks.length === 1) {
    const [a] = walks;
    const size = a.size;
    let total = 0;
    for (let i = 0; i < size.length; i++) {
      const v = size[i];
      if (v === 0) continue;
      total += v;
      if (liqRow[i] >= 0) matrix[base + liqRow[i]] += v;
    }
    a.restingTotal = a.out.resting[t] = total;
    return;
  }
  // Two at a time: the first pair emits, every further walk adds its sizes in the same pass.
  const [a, b] = walks;
  const rest = walks.slice(2).map((w) => w.size);
  const restTotals = new Float64Array(rest.length);
  let totalA = 0;
  let totalB = 0;
  for (let i = 0; i < a.size.length; i++) {
    const va = a.size[i];
    const vb = b.size[i];
    totalA += va;
    totalB += vb;
    let sum = va + vb;
    for (let w = 0; w < rest.length; w++) {
      restTotals[w] += rest[w][i];
      sum += rest[w][i];
    }
    if (sum !== 0 && liqRow[i] >= 0) matrix[base + liqRow[i]] += sum;
  }
  a.restingTotal = a.out.resting[t] = totalA;
  b.restingTotal = b.out.resting[t] = totalB;
  walks.slice(2).forEach((w, k) => (w.restingTotal = w.out.resting[t] = restTotals[k]));
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
