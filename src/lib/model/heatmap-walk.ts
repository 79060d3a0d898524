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
 * How, without a pass over every level per candle: see Walker.
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
 * For each candle range of a power-of-two length: lowMin[k][i] is the lowest low of candles
 * i .. i + 2^k - 1, highMax[k][i] the highest high.
 */
interface ReachTables {
  lowMin: Float64Array[];
  highMax: Float64Array[];
}

function reachTables(low: Float64Array, high: Float64Array): ReachTables {
  const lowMin = [low];
  const highMax = [high];
  for (let k = 1; 1 << k <= low.length; k++) {
    const half = 1 << (k - 1);
    const l0 = lowMin[k - 1];
    const h0 = highMax[k - 1];
    const l = new Float64Array(low.length - (1 << k) + 1);
    const h = new Float64Array(l.length);
    for (let i = 0; i < l.length; i++) {
      l[i] = Math.min(l0[i], l0[i + half]);
      h[i] = Math.max(h0[i], h0[i + half]);
    }
    lowMin.push(l);
    highMax.push(h);
  }
  return { lowMin, highMax };
}

/**
 * The first candle from `from` whose range reaches a level at `liq` on `side` (reached()), or
 * `n` when none does. The prefix that does not reach it grows by blocks of halving length: the
 * test is monotone in the low (the high), so a block reaches the level exactly when its lowest
 * low (highest high) does.
 */
function firstReach(tables: ReachTables, n: number, side: Side, liq: number, from: number): number {
  const t = side === LONG ? tables.lowMin : tables.highMax;
  let at = from;
  for (let k = t.length - 1; k >= 0; k--) {
    const len = 1 << k;
    if (at + len > n) continue;
    const x = t[k][at];
    if (!reached(side, liq, x, x)) at += len;
  }
  return at;
}

/**
 * One exchange's walk under way. A level's life, from an opening to the candle that consumes
 * it, is a segment; its end is known when it starts (firstReach), and a closing shrinks every
 * level by the same share, so at candle t a level holds what it was given times
 * `kept / kept at its opening`, `kept` being the product of the candles' kept shares. A
 * segment's `amount` is the sum of what it was given, each divided by `kept` then; each
 * liquidation row keeps the sum of its live segments' amounts, and a candle's column is that
 * sum times `kept`. A candle costs its openings, the segments it ends and one pass over the rows
 * that have held a level: never a pass over every level.
 */
interface Walker {
  inp: HeatmapWalkInputs;
  out: HeatmapWalkOutput;
  reach: ReachTables;
  /** Per level: its live segment's amount (0: none) and the candle that ends it (-1: none live; n: not in the range). */
  amount: Float64Array;
  endsAt: Int32Array;
  /** The live segments that each candle ends, as lists: firstEnding[t], then nextEnding[level]. */
  firstEnding: Int32Array;
  nextEnding: Int32Array;
  /** Per liquidation row, its live segments' amounts and how many (none: the sum is exactly 0, not a rounding rest). */
  rowAmount: Float64Array;
  rowLive: Int32Array;
  /** Every live segment's amount, liquidation rows outside the grid too, and how many. */
  amountTotal: number;
  live: number;
  /** The product of the candles' kept shares since the amounts were last rebased to it. */
  kept: number;
  prevOi: number;
  /** The liquidation rows that have held a level (cellFrom > cellTo: none yet). */
  cellFrom: number;
  cellTo: number;
}

/** Below this the amounts are rebased (multiplied by `kept`, which becomes 1), far from doubles' underflow. */
const REBASE_BELOW = 1e-100;

function startWalk(inp: HeatmapWalkInputs, matrix: Float32Array): Walker {
  const n = inp.low.length;
  const levelCount = inp.levels.liq.length;
  const out: HeatmapWalkOutput = {
    matrix,
    resting: new Float64Array(n),
    opened: new Float64Array(n),
    closed: new Float64Array(n),
    consumedLong: new Float64Array(n),
    consumedShort: new Float64Array(n),
    scale: 1,
  };
  const w: Walker = {
    inp,
    out,
    reach: reachTables(inp.low, inp.high),
    amount: new Float64Array(levelCount),
    endsAt: new Int32Array(levelCount).fill(-1),
    firstEnding: new Int32Array(n).fill(-1),
    nextEnding: new Int32Array(levelCount),
    rowAmount: new Float64Array(inp.levels.rows),
    rowLive: new Int32Array(inp.levels.rows),
    amountTotal: 0,
    live: 0,
    kept: 1,
    prevOi: inp.oiStart,
    cellFrom: inp.levels.rows,
    cellTo: -1,
  };
  // What rests at the range start: segments opened before the first candle, which may consume them.
  for (let i = 0; i < levelCount; i++) if (inp.start[i] !== 0) give(w, i, inp.start[i], 0);
  return w;
}

/** Level `i` is given `usd`; a level without a live segment starts one, which the first candle from `from` that reaches it ends. */
function give(w: Walker, i: number, usd: number, from: number): void {
  const row = w.inp.levels.liqRow[i];
  if (w.endsAt[i] < 0) {
    const n = w.inp.low.length;
    const end = firstReach(w.reach, n, (i & 1) as Side, w.inp.levels.liq[i], from);
    w.endsAt[i] = end;
    if (end < n) {
      w.nextEnding[i] = w.firstEnding[end];
      w.firstEnding[end] = i;
    }
    w.live++;
    if (row >= 0) {
      w.rowLive[row]++;
      if (row < w.cellFrom) w.cellFrom = row;
      if (row > w.cellTo) w.cellTo = row;
    }
  }
  const amount = usd / w.kept;
  w.amount[i] += amount;
  w.amountTotal += amount;
  if (row >= 0) w.rowAmount[row] += amount;
}

/** Level `i`'s live segment ends. */
function end(w: Walker, i: number): void {
  const amount = w.amount[i];
  const row = w.inp.levels.liqRow[i];
  if (row >= 0) {
    w.rowAmount[row] -= amount;
    if (--w.rowLive[row] === 0) w.rowAmount[row] = 0;
  }
  w.amountTotal -= amount;
  if (--w.live === 0) w.amountTotal = 0;
  w.amount[i] = 0;
  w.endsAt[i] = -1;
}

/** What rests now, in USD. */
function restingNow(w: Walker): number {
  return w.live ? w.amountTotal * w.kept : 0;
}

/** 1. The levels candle `t`'s range reached are consumed (liquidated): the segments that end at `t`. */
function consume(w: Walker, t: number): void {
  let long = 0;
  let short = 0;
  for (let i = w.firstEnding[t]; i >= 0; i = w.nextEnding[i]) {
    const usd = w.amount[i] * w.kept;
    if ((i & 1) === LONG) long += usd;
    else short += usd;
    end(w, i);
  }
  w.firstEnding[t] = -1;
  w.out.consumedLong[t] = long;
  w.out.consumedShort[t] = short;
}

/** Add `usd` opened at candle `t` at entry `row` on `side`, over the tiers by weight. Returns what was placed. */
function placeEntry(w: Walker, t: number, row: number, side: Side, usd: number): number {
  const { levels } = w.inp;
  const nt = levels.tierWeights.length;
  if (!inGrid(levels, row) || usd === 0) return 0; // outside the grid: not placed
  let placed = 0;
  for (let k = 0; k < nt; k++) {
    const part = usd * levels.tierWeights[k];
    // Levels opened in a candle are not consumed by that same candle's range.
    if (part !== 0) give(w, levelIndex(row, k, side, nt), part, t + 1);
    placed += part;
  }
  return placed;
}

/**
 * 2. and 3. Open the candle's OI growth at its entry rows, or close in proportion to its OI
 * fall: every level keeps the same share, so `kept` is multiplied by it.
 */
function trade(w: Walker, t: number): void {
  const { inp, out } = w;
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
  const resting = restingNow(w);
  if (change > 0) {
    const share = longShare(buy, sell, inp.split);
    if (whale === 0) {
      out.opened[t] += placeEntry(w, t, inp.closeRow[t], LONG, change * 0.5);
      out.opened[t] += placeEntry(w, t, inp.closeRow[t], SHORT, change * 0.5);
    } else {
      for (let e = from; e < to; e++) {
        const usd = (change * (inp.entryBuy[e] + inp.entrySell[e])) / whale;
        out.opened[t] += placeEntry(w, t, inp.entryRow[e], LONG, usd * share);
        out.opened[t] += placeEntry(w, t, inp.entryRow[e], SHORT, usd * (1 - share));
      }
    }
  } else if (change < 0 && resting > 0) {
    // Positions close in proportion to the market's open interest, not to what the model
    // still holds: liquidated levels left the model but their OI may leave only later.
    const closing = Math.min(1, -change / (oiBefore > 0 ? oiBefore : resting));
    out.closed[t] = closing * resting;
    if (closing === 1) closeAll(w);
    else {
      w.kept *= 1 - closing;
      if (w.kept < REBASE_BELOW) rebase(w);
    }
  }
}

/** Everything closed: every live segment ends unconsumed. */
function closeAll(w: Walker): void {
  for (let i = 0; i < w.endsAt.length; i++) if (w.endsAt[i] >= 0) end(w, i);
  w.firstEnding.fill(-1);
  w.kept = 1;
}

/** The amounts as USD of now, and `kept` back to 1. */
function rebase(w: Walker): void {
  const k = w.kept;
  for (let i = 0; i < w.amount.length; i++) w.amount[i] *= k;
  for (let r = 0; r < w.rowAmount.length; r++) w.rowAmount[r] *= k;
  w.amountTotal *= k;
  w.kept = 1;
}

/** One candle of walk `w` up to its column: consume, open or close, and its resting total. */
function step(w: Walker, t: number): void {
  consume(w, t);
  trade(w, t);
  w.out.resting[t] = restingNow(w);
}

/** 4. Candle `t`'s column of walk `w`: resting USD per liquidation row, into `matrix` from `base`. */
function emit(w: Walker, matrix: Float32Array, base: number): void {
  const { rowAmount, kept, cellFrom, cellTo } = w;
  for (let r = cellFrom; r <= cellTo; r++) matrix[base + r] = rowAmount[r] * kept;
}

/** The same, added: each cell gains this walk's own float32 cell, as its matrix alone would hold it. */
function emitAdded(w: Walker, matrix: Float32Array, base: number): void {
  const { rowAmount, kept, cellFrom, cellTo } = w;
  for (let r = cellFrom; r <= cellTo; r++) matrix[base + r] += Math.fround(rowAmount[r] * kept);
}

/** emit of `a` then emitAdded of `b` in one pass over their rows (two exchanges, the usual sum): the same cells, each stored once. */
function emitPair(a: Walker, b: Walker, matrix: Float32Array, base: number): void {
  const ra = a.rowAmount;
  const rb = b.rowAmount;
  const ka = a.kept;
  const kb = b.kept;
  const from = Math.min(a.cellFrom, b.cellFrom);
  const to = Math.max(a.cellTo, b.cellTo);
  for (let r = from; r <= to; r++) matrix[base + r] = Math.fround(ra[r] * ka) + Math.fround(rb[r] * kb);
}

export function walkHeatmap(inp: HeatmapWalkInputs): HeatmapWalkOutput {
  const w = startWalk(inp, new Float32Array(inp.low.length * inp.levels.rows));
  const rows = inp.levels.rows;
  for (let t = 0; t < inp.low.length; t++) {
    step(w, t);
    emit(w, w.out.matrix, t * rows);
  }
  if (!inp.oiEnd) w.out.scale = scaleTo(w.out, inp.finalOiUsd);
  return w.out;
}

/**
 * Several exchanges' walks on the same candles and grid (their own prices, OI and entries),
 * candle by candle into one candles x rows matrix: no matrix is made per exchange only to be
 * added. Every cell is the float32 sum, in turn, of what each walk alone would hold there (its
 * own float32 cell). Only with OI history: a fallback walk scales its whole matrix at the end,
 * so it is walked alone.
 */
export function walkHeatmapSum(inps: HeatmapWalkInputs[]): { matrix: Float32Array; walks: HeatmapWalkOutput[] } {
  const n = inps[0].low.length;
  const { levels } = inps[0];
  if (inps.some((x) => !x.oiEnd || x.low.length !== n || x.levels !== levels)) throw new Error('walks are summed only with OI history, on the same candles and grid');
  const matrix = new Float32Array(n * levels.rows);
  const walkers = inps.map((x) => startWalk(x, matrix));
  for (let t = 0; t < n; t++) {
    const base = t * levels.rows;
    for (let k = 0; k < walkers.length; k++) step(walkers[k], t);
    if (walkers.length === 2) emitPair(walkers[0], walkers[1], matrix, base);
    else {
      emit(walkers[0], matrix, base);
      for (let k = 1; k < walkers.length; k++) emitAdded(walkers[k], matrix, base);
    }
  }
  return { matrix, walks: walkers.map((w) => w.out) };
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
