/**
 * Realised liquidations summed on the heatmap's own cells: one sum (USD and count) per candle
 * column, price row and side. A column is a candle of the result (times[t] <= time < times[t] +
 * candle); a row is the grid's bin of the price (price-grid.ts via rowOf, the rule the cells
 * use). Sums grow incrementally (addToCells), so a live tick costs its new events, not every
 * recorded one; `withinBudget` merges neighbouring columns when there are more cells than a
 * chart can draw cheaply.
 */
import { binIndex } from './price-grid.ts';
import { rowOf } from './heatmap-inputs.ts';
import { LONG, SHORT } from './levels.ts';
import { doubled } from '../typed-arrays.ts';
import type { PriceGrid } from './heatmap-walk.ts';

/** Side codes of the typed columns (the levels core's): the side of the position that was liquidated. */
export { LONG, SHORT };

/** The heatmap's cells: its candles (open times, ascending, possibly with gaps) and its price rows. */
export interface CellLayout {
  times: Float64Array;
  candleMs: number;
  grid: PriceGrid;
}

/** A result's layout: rows start at its first row's bin (priceBins are bin edges of `step`). */
export function cellLayout(r: { times: Float64Array; priceBins: Float64Array; step: number; candleMinutes: number }): CellLayout {
  const firstBin = r.priceBins.length ? binIndex(r.priceBins[0], r.step) : 0;
  return { times: r.times, candleMs: r.candleMinutes * 60_000, grid: { firstBin, step: r.step, rows: r.priceBins.length } };
}

/**
 * Whether `next` only adds candles after those of `prev` (a live recompute): the same rows and
 * candle length, and `prev`'s candles at the same columns. Cells summed on `prev` keep their keys
 * on `next`; only events after `prev`'s last candle, which no cell of `prev` holds, can join.
 */
export function extendsLayout(next: CellLayout, prev: CellLayout): boolean {
  const a = next.grid;
  const b = prev.grid;
  if (next.candleMs !== prev.candleMs || a.firstBin !== b.firstBin || a.step !== b.step || a.rows !== b.rows || next.times.length < prev.times.length) return false;
  for (let i = 0; i < prev.times.length; i++) if (next.times[i] !== prev.times[i]) return false;
  return true;
}

/** Where `layout`'s candles end: events from here on are after its last candle (outside every column). */
export const layoutEnd = (layout: CellLayout): number =>
  layout.times.length ? layout.times[layout.times.length - 1] + layout.candleMs : -Infinity;

/** The column whose candle holds `time`; -1 before the first, after the last or in a gap. */
export function columnOf(times: Float64Array, candleMs: number, time: number): number {
  if (!(time >= times[0])) return -1; // before the first candle, NaN, or no candles
  const column = lastColumnFrom(times, time);
  return time < times[column] + candleMs ? column : -1;
}

/** Events as typed columns; side is LONG or SHORT. */
export interface EventColumns {
  time: ArrayLike<number>;
  price: ArrayLike<number>;
  usd: ArrayLike<number>;
  side: ArrayLike<number>;
}

/** Per cell, in order of first event: column, row, side, summed USD, count, and the price of its first event. */
export interface CellColumns {
  size: number;
  column: Int32Array;
  row: Int32Array;
  side: Uint8Array;
  usd: Float64Array;
  count: Uint32Array;
  /** The first event's price: the exact price of a cell of one event. */
  price: Float64Array;
}

/** Growing sums: `slot` finds a cell's index by its key (column * rows + row) * 2 + side. */
export interface CellSums extends CellColumns {
  slot: Map<number, number>;
}

export function emptyCells(capacity = 64): CellSums {
  return {
    size: 0, slot: new Map(),
    column: new Int32Array(capacity), row: new Int32Array(capacity), side: new Uint8Array(capacity),
    usd: new Float64Array(capacity), count: new Uint32Array(capacity), price: new Float64Array(capacity),
  };
}

function grow(c: CellSums): void {
  Object.assign(c, { column: doubled(c.column), row: doubled(c.row), side: doubled(c.side), usd: doubled(c.usd), count: doubled(c.count), price: doubled(c.price) });
}

/** A new, empty cell at the end of `cells` (mutated): its index. */
function openCell(cells: CellSums, key: number, column: number, row: number, side: number, price: number): number {
  if (cells.size === cells.column.length) grow(cells);
  const s = cells.size++;
  cells.slot.set(key, s);
  cells.column[s] = column;
  cells.row[s] = row;
  cells.side[s] = side;
  cells.price[s] = price;
  return s;
}

/** Adds the events into `cells` (mutated); events outside every column or row are left out. Returns how many were added. */
export function addToCells(cells: CellSums, layout: CellLayout, ev: EventColumns): number {
  const { times, candleMs, grid } = layout;
  let added = 0;
  for (let i = 0; i < ev.time.length; i++) {
    const column = columnOf(times, candleMs, ev.time[i]);
    const row = column < 0 ? -1 : rowOf(grid, ev.price[i]);
    if (row < 0) continue;
    const side = ev.side[i] === SHORT ? SHORT : LONG;
    const key = (column * grid.rows + row) * 2 + side;
    const s = cells.slot.get(key) ?? openCell(cells, key, column, row, side, ev.price[i]);
    cells.usd[s] += ev.usd[i];
    cells.count[s] += 1;
    added++;
  }
  return added;
}

/** The sums of `ev` on a fresh set of cells. */
export function cellSums(layout: CellLayout, ev: EventColumns): CellSums {
  const cells = emptyCells();
  addToCells(cells, layout, ev);
  return cells;
}

/**
 * `cells` with its columns 0..`lastColumn` summed afresh from `ev` (the events of those columns,
 * oldest first): after the oldest events left, only the columns they were in change. The fresh
 * cells come first and the later ones keep their order, the order a sum from scratch has.
 */
export function resummedThrough(cells: CellSums, layout: CellLayout, lastColumn: number, ev: EventColumns): CellSums {
  const out = cellSums(layout, ev);
  const { rows } = layout.grid;
  for (let i = 0; i < cells.size; i++) {
    if (cells.column[i] <= lastColumn) continue;
    const s = openCell(out, (cells.column[i] * rows + cells.row[i]) * 2 + cells.side[i], cells.column[i], cells.row[i], cells.side[i], cells.price[i]);
    out.usd[s] = cells.usd[i];
    out.count[s] = cells.count[i];
  }
  return out;
}

/** The last column whose candle starts at or before `time`; -1 when none does. */
export function lastColumnFrom(times: Float64Array, time: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Cells to draw: each covers columns first..last (one column unless merged), one row and one side. */
export interface MarkerCells {
  size: number;
  first: Int32Array;
  last: Int32Array;
  row: Int32Array;
  side: Uint8Array;
  usd: Float64Array;
  count: Uint32Array;
  /** The exact price of a cell of one event; NaN for a group. */
  price: Float64Array;
  /** Columns merged per cell: 1, or a power of two when the cells exceeded the budget. */
  span: number;
}

/** Cells with `span` columns merged (aligned groups: columns 0..span-1, span..2span-1, ...). */
function merged(c: CellColumns, columns: number, span: number): MarkerCells {
  const slot = new Map<number, number>();
  const out: MarkerCells = {
    size: 0, span, first: new Int32Array(c.size), last: new Int32Array(c.size), row: new Int32Array(c.size), side: new Uint8Array(c.size),
    usd: new Float64Array(c.size), count: new Uint32Array(c.size), price: new Float64Array(c.size),
  };
  const groups = Math.ceil(columns / span);
  for (let i = 0; i < c.size; i++) {
    const g = Math.floor(c.column[i] / span);
    const key = (c.row[i] * groups + g) * 2 + c.side[i];
    let s = slot.get(key);
    if (s === undefined) {
      s = out.size++;
      slot.set(key, s);
      out.first[s] = g * span;
      out.last[s] = Math.min(columns - 1, g * span + span - 1);
      out.row[s] = c.row[i];
      out.side[s] = c.side[i];
      out.price[s] = c.price[i];
    }
    out.usd[s] += c.usd[i];
    out.count[s] += c.count[i];
  }
  for (let s = 0; s < out.size; s++) if (out.count[s] !== 1) out.price[s] = NaN;
  return out;
}

/**
 * The cells, at most `budget` of them: when there are more, neighbouring columns are merged in
 * aligned groups of 2, 4, 8... candles until they fit (rows and sides are never merged).
 * `fromSpan`: the span that fitted these cells before they grew (a live tick): growing cells
 * never fit a smaller span, so the search starts there instead of merging again from 1.
 */
export function withinBudget(c: CellColumns, columns: number, budget: number, fromSpan = 1): MarkerCells {
  let span = fromSpan;
  let out = merged(c, columns, span);
  while (out.size > budget && span < columns) {
    span *= 2;
    out = merged(c, columns, span);
  }
  return out;
}
