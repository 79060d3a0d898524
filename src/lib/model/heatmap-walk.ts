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
import { atOrAbove, atOrBelow, surelyAbove, surelyBelow } from './price-grid.ts';
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
  /** Each row's entry price, its lower edge as a decimal (the heatmap's price bins). */
  prices: Float64Array;
  liq: Float64Array;
  liqRow: Int32Array;
  tierWeights: Float64Array;
}

export function gridLevels(grid: PriceGrid, rules: LevelRules): GridLevels {
  // Plain loops: a typed array's from() with a mapping closure is several times slower.
  const prices = new Float64Array(grid.rows);
  for (let r = 0; r < grid.rows; r++) prices[r] = entryPrice(grid.firstBin + r, grid.step);
  const table = levelTable(prices, rules, grid.step);
  const liqRow = new Int32Array(table.liqBin.length);
  for (let i = 0; i < liqRow.length; i++) {
    const row = table.liqBin[i] - grid.firstBin;
    liqRow[i] = row >= 0 && row < grid.rows ? row : -1;
  }
  return { rows: grid.rows, prices, liq: table.liq, liqRow, tierWeights: Float64Array.from(rules.tiers, (t) => t.weight) };
}

/** Whether price reached a level: a long at or above the low, a short at or below the high. */
export function reached(side: Side, liq: number, low: number, high: number): boolean {
  return side === LONG ? atOrAbove(liq, low) : atOrBelow(liq, high);
}

const inGrid = (levels: GridLevels, row: number) => row >= 0 && row < levels.rows;

/** Add `usd` opened at entry `row` on `side`, over the tiers by weight. Returns what was placed. */
export function placeEntry(size: Float64Array, levels: GridLevels, row: number, side: Side, usd: number): number {
  const nt = levels.tierWeights.length;
  if (!inGrid(levels, row) || usd === 0) return 0; // outside the grid: not placed
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
 * One exchange's walk under way: its levels' sizes, running figures and per-candle output.
 * Levels open only at entry rows (near the prices of the range and its lookback), so the rows
 * from the lowest to the highest that has held one, [firstRow, lastRow], are a small part of the
 * grid: consume and emit run over their levels only (the others are all zero), and a walk
 * summed with others adds only the liquidation rows those levels reach.
 */
interface Walker {
  inp: HeatmapWalkInputs;
  size: Float64Array;
  out: HeatmapWalkOutput;
  restingTotal: number;
  prevOi: number;
  /** Entry rows that held a level so far (firstRow > lastRow: none yet), and their levels' indices [levelFrom, levelTo). */
  firstRow: number;
  lastRow: number;
  levelFrom: number;
  levelTo: number;
  /** Liquidation rows of their levels (cellFrom > cellTo: none in the grid). */
  cellFrom: number;
  cellTo: number;
}

function startWalk(inp: HeatmapWalkInputs, matrix: Float32Array): Walker {
  const n = inp.low.length;
  const size = Float64Array.from(inp.start);
  const out: HeatmapWalkOutput = {
    matrix,
    resting: new Float64Array(n),
    opened: new Float64Array(n),
    closed: new Float64Array(n),
    consumedLong: new Float64Array(n),
    consumedShort: new Float64Array(n),
    scale: 1,
  };
  const w: Walker = { inp, size, out, restingTotal: 0, prevOi: inp.oiStart, firstRow: inp.levels.rows, lastRow: -1, levelFrom: 0, levelTo: 0, cellFrom: inp.levels.rows, cellTo: -1 };
  const perRow = 2 * inp.levels.tierWeights.length;
  for (let i = 0; i < size.length; i++) {
    if (size[i] === 0) continue;
    w.restingTotal += size[i];
    holds(w, Math.floor(i / perRow));
  }
  return w;
}

/** Entry `row` holds levels from now on: the walk's rows widen to it, and its liquidation rows to theirs. */
function holds(w: Walker, row: number): void {
  if (row >= w.firstRow && row <= w.lastRow) return;
  const from = w.firstRow > w.lastRow ? row : Math.min(row, w.firstRow);
  const to = Math.max(row, w.lastRow);
  const { liqRow, tierWeights } = w.inp.levels;
  const perRow = 2 * tierWeights.length;
  // Every level of the rows newly taken in (those already in were counted before).
  for (let r = from; r <= to; r++) {
    if (r >= w.firstRow && r <= w.lastRow) continue;
    for (let i = r * perRow; i < (r + 1) * perRow; i++) {
      if (liqRow[i] < 0) continue;
      w.cellFrom = Math.min(w.cellFrom, liqRow[i]);
      w.cellTo = Math.max(w.cellTo, liqRow[i]);
    }
  }
  w.firstRow = from;
  w.lastRow = to;
  w.levelFrom = from * perRow;
  w.levelTo = (to + 1) * perRow;
}

export function walkHeatmap(inp: HeatmapWalkInputs): HeatmapWalkOutput {
  const w = startWalk(inp, new Float32Array(inp.low.length * inp.levels.rows));
  walkInto(w, w.out.matrix);
  if (!inp.oiEnd) w.out.scale = scaleTo(w.out, inp.finalOiUsd);
  return w.out;
}

/**
 * Several exchanges' walks on the same candles and grid (their own prices, OI and entries),
 * each adding its candles into one candles x rows matrix as it goes: no matrix is made per
 * exchange only to be added. Every cell is the float32 sum, in turn, of what each walk alone
 * would hold there (its own float32 cell). Only with OI history: a fallback walk scales its
 * whole matrix at the end, so it is walked alone.
 */
export function walkHeatmapSum(inps: HeatmapWalkInputs[]): { matrix: Float32Array; walks: HeatmapWalkOutput[] } {
  const n = inps[0].low.length;
  const { levels } = inps[0];
  if (inps.some((x) => !x.oiEnd || x.low.length !== n || x.levels !== levels)) throw new Error('walks are summed only with OI history, on the same candles and grid');
  const matrix = new Float32Array(n * levels.rows);
  const walkers = inps.map((x) => startWalk(x, matrix));
  // One walk after the other (each walk's levels stay in the cache as it goes): the first
  // emits straight into the matrix, each other into its own float32 row of the candle (as its
  // matrix alone would hold it), then added. Plain functions, not a forEach callback over the
  // walkers: in a long-running process the callback ran the walks at up to twice a lone walk's cost.
  const cells = new Float32Array(levels.rows);
  walkInto(walkers[0], matrix);
  for (let k = 1; k < walkers.length; k++) walkAdded(walkers[k], matrix, cells);
  return { matrix, walks: walkers.map((w) => w.out) };
}

/** Every candle of walk `w`, emitted straight into `matrix`. */
function walkInto(w: Walker, matrix: Float32Array): void {
  const rows = w.inp.levels.rows;
  if (w.inp.low.length) consume(w, 0);
  for (let t = 0; t < w.inp.low.length; t++) emitThenConsume(w, t, trade(w, t), matrix, t * rows);
}

/**
 * Every candle of walk `w`, each emitted into its own float32 row `cells` (as its matrix alone
 * would hold it) and then added into `matrix`.
 */
function walkAdded(w: Walker, matrix: Float32Array, cells: Float32Array): void {
  const rows = w.inp.levels.rows;
  if (w.inp.low.length) consume(w, 0);
  for (let t = 0; t < w.inp.low.length; t++) {
    emitThenConsume(w, t, trade(w, t), cells, 0);
    // Added, and cleared for the next candle, over the rows this walk's levels reach.
    addRow(matrix, t * rows, cells, w.cellFrom, w.cellTo + 1);
  }
}

/**
 * 1. Levels the candle's range reached are consumed (liquidated): reached() for a long (even
 * index, LONG) and the short beside it. Here for the first candle only; every later candle's in
 * the pass that emits the one before it (emitThenConsume).
 * The level loops read each typed array once per level into a local, and the price test comes
 * first (it rules out most levels): in a process where any ArrayBuffer was ever detached (a
 * transfer, a wasm memory grown; the bench's module loading), V8 checks for detachment at every
 * typed-array access, and these loops are most of a heatmap's time.
 */
function consume(w: Walker, t: number): void {
  const { size, out } = w;
  const { liq } = w.inp.levels;
  const low = w.inp.low[t];
  const high = w.inp.high[t];
  // Most levels are far from the candle's range: one comparison rules them out.
  const notLong = surelyBelow(low);
  const notShort = surelyAbove(high);
  let long = 0;
  let short = 0;
  const to = w.levelTo;
  for (let i = w.levelFrom; i < to; i += 2) {
    const liqLong = liq[i];
    if (liqLong >= notLong && size[i] !== 0 && atOrAbove(liqLong, low)) {
      long += size[i];
      size[i] = 0;
    }
    const liqShort = liq[i + 1];
    if (liqShort <= notShort && size[i + 1] !== 0 && atOrBelow(liqShort, high)) {
      short += size[i + 1];
      size[i + 1] = 0;
    }
  }
  out.consumedLong[t] = long;
  out.consumedShort[t] = short;
  w.restingTotal -= long + short;
}

/**
 * 2. and 3. Open the candle's OI growth at its entry rows, or close in proportion to its OI
 * fall. Returns the share of every level kept (1 - closing), applied as the candle is emitted.
 */
function trade(w: Walker, t: number): number {
  const { inp, size, out } = w;
  const { levels } = inp;
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
  const oiBefore = w.prevOi;
  if (inp.oiEnd) {
    change = inp.oiEnd[t] - w.prevOi;
    w.prevOi = inp.oiEnd[t];
  }
  if (change > 0) {
    const share = longShare(buy, sell, inp.split);
    if (whale === 0) {
      if (inGrid(levels, inp.closeRow[t])) holds(w, inp.closeRow[t]);
      out.opened[t] += placeEntry(size, levels, inp.closeRow[t], LONG, change * 0.5);
      out.opened[t] += placeEntry(size, levels, inp.closeRow[t], SHORT, change * 0.5);
    } else {
      for (let e = from; e < to; e++) {
        const usd = (change * (inp.entryBuy[e] + inp.entrySell[e])) / whale;
        if (inGrid(levels, inp.entryRow[e])) holds(w, inp.entryRow[e]);
        out.opened[t] += placeEntry(size, levels, inp.entryRow[e], LONG, usd * share);
        out.opened[t] += placeEntry(size, levels, inp.entryRow[e], SHORT, usd * (1 - share));
      }
    }
  } else if (change < 0 && w.restingTotal > 0) {
    // Positions close in proportion to the market's open interest, not to what the model
    // still holds: liquidated levels left the model but their OI may leave only later.
    const closing = Math.min(1, -change / (oiBefore > 0 ? oiBefore : w.restingTotal));
    out.closed[t] = closing * w.restingTotal;
    return 1 - closing;
  }
  return 1;
}

/**
 * 4. Emit resting volume by liquidation row, with the closing applied (`keep`), into `cells`
 * from `base` (the walk's own matrix at the candle's row, or a row of its own to be summed);
 * the total is recounted, so rounding never accumulates. Then 1. for the next candle in the
 * same pass over the levels (its range is this one's: levels widen only in trade()): the same
 * sums in the same level order as an emit pass and a consume pass one after the other, with
 * each level's size read once.
 */
function emitThenConsume(w: Walker, t: number, keep: number, cells: Float32Array, base: number): void {
  const { size, out } = w;
  const { liq, liqRow } = w.inp.levels;
  const next = t + 1 < w.inp.low.length;
  // Past the last candle nothing is consumed: no level is at or above +Infinity, or at or below -Infinity.
  const low = next ? w.inp.low[t + 1] : Infinity;
  const high = next ? w.inp.high[t + 1] : -Infinity;
  const notLong = next ? surelyBelow(low) : Infinity;
  const notShort = next ? surelyAbove(high) : -Infinity;
  let total = 0;
  let long = 0;
  let short = 0;
  const to = w.levelTo;
  for (let i = w.levelFrom; i < to; i += 2) {
    let s = size[i];
    if (s !== 0) {
      if (keep !== 1) size[i] = s *= keep;
      total += s;
      const row = liqRow[i];
      if (row >= 0) cells[base + row] += s;
      const at = liq[i];
      if (at >= notLong && s !== 0 && atOrAbove(at, low)) {
        long += s;
        size[i] = 0;
      }
    }
    s = size[i + 1];
    if (s !== 0) {
      if (keep !== 1) size[i + 1] = s *= keep;
      total += s;
      const row = liqRow[i + 1];
      if (row >= 0) cells[base + row] += s;
      const at = liq[i + 1];
      if (at <= notShort && s !== 0 && atOrBelow(at, high)) {
        short += s;
        size[i + 1] = 0;
      }
    }
  }
  out.resting[t] = total;
  w.restingTotal = total;
  if (!next) return;
  out.consumedLong[t + 1] = long;
  out.consumedShort[t + 1] = short;
  w.restingTotal -= long + short;
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

/**
 * matrix[base + r] += cells[r] for r in [from, to), then cells cleared there. Eight adds per
 * step: V8 does not vectorise the loop, and the unrolled one takes about 60 % of the plain
 * one's time (~0.5 of 0.8 ms at 90 days of 1 h candles), this being the sum's one extra cost.
 */
function addRow(matrix: Float32Array, base: number, cells: Float32Array, from: number, to: number): void {
  let r = from;
  for (; r + 7 < to; r += 8) {
    const i = base + r;
    matrix[i] += cells[r];
    matrix[i + 1] += cells[r + 1];
    matrix[i + 2] += cells[r + 2];
    matrix[i + 3] += cells[r + 3];
    matrix[i + 4] += cells[r + 4];
    matrix[i + 5] += cells[r + 5];
    matrix[i + 6] += cells[r + 6];
    matrix[i + 7] += cells[r + 7];
  }
  for (; r < to; r++) matrix[base + r] += cells[r];
  if (from < to) cells.fill(0, from, to);
}
