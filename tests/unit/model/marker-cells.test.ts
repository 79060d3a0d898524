// Realised liquidations summed on the heatmap's cells: columns, exact decimal rows, sums, the budget.
import { describe, expect, it } from 'vitest';
import { addToCells, cellLayout, cellSums, columnOf, emptyCells, LONG, SHORT, withinBudget, type CellColumns, type EventColumns } from '../../../src/lib/model/marker-cells.ts';

const MIN = 60_000;
/** Candles of 1 min at 0, 1, 2 and 4 min (no candle at 3 min); rows 150.40, 150.42, 150.44 of step 0.02. */
const layout = cellLayout({ times: Float64Array.from([0, MIN, 2 * MIN, 4 * MIN]), priceBins: Float64Array.from([150.4, 150.42, 150.44]), step: 0.02, candleMinutes: 1 });
const events = (rows: [time: number, price: number, usd: number, side: number][]): EventColumns => ({
  time: rows.map((r) => r[0]), price: rows.map((r) => r[1]), usd: rows.map((r) => r[2]), side: rows.map((r) => r[3]),
});
const plain = (c: CellColumns) => Array.from({ length: c.size }, (_, i) => [c.column[i], c.row[i], c.side[i], c.usd[i], c.count[i]]);

describe('marker cells', () => {
  it('a column is the candle that holds the time: its open is in it, its close is the next one\'s; gaps and outside hold none', () => {
    const t = layout.times;
    expect([0, MIN - 1, MIN, 3 * MIN - 1, 3 * MIN, 4 * MIN, 5 * MIN - 1, 5 * MIN, -1].map((x) => columnOf(t, MIN, x))).toEqual([0, 0, 1, 2, -1, 3, 3, -1, -1]);
    expect(columnOf(new Float64Array(0), MIN, 0)).toBe(-1);
  });

  it('rows follow the exact decimal bins: a price on a row edge is in the row above the edge, however the double divides', () => {
    // 150.42 / 0.02 = 7520.999999999999 in doubles: a plain floor would put it in the 150.40 row.
    const c = cellSums(layout, events([[0, 150.42, 1, LONG], [0, 150.4, 2, LONG], [0, 150.4399999, 4, LONG], [0, 150.44, 8, LONG], [0, 150.46, 16, LONG], [0, 150.3999, 32, LONG]]));
    expect(plain(c)).toEqual([[0, 1, LONG, 5, 2], [0, 0, LONG, 2, 1], [0, 2, LONG, 8, 1]]); // 150.46 and 150.3999 are off the grid
  });

  it('sums USD and counts per column, row and side; keeps the first event\'s price', () => {
    const c = cellSums(layout, events([[10, 150.41, 100, LONG], [20, 150.405, 50, LONG], [30, 150.41, 7, SHORT], [MIN, 150.41, 3, LONG], [3 * MIN, 150.41, 9, LONG]]));
    expect(plain(c)).toEqual([[0, 0, LONG, 150, 2], [0, 0, SHORT, 7, 1], [1, 0, LONG, 3, 1]]);
    expect(c.price[0]).toBe(150.41);
  });

  it('adding in steps gives the sums of adding at once (and grows past its first capacity)', () => {
    const all: [number, number, number, number][] = Array.from({ length: 200 }, (_, i) => [(i % 4) * MIN + (i % 4 === 3 ? MIN : 0), 150.4 + (i % 3) * 0.02, i + 1, Math.floor(i / 4) % 2]);
    const once = cellSums(layout, events(all));
    const steps = emptyCells(2);
    expect(addToCells(steps, layout, events(all.slice(0, 77)))).toBe(77);
    addToCells(steps, layout, events(all.slice(77)));
    expect(plain(steps)).toEqual(plain(once));
    expect(once.size).toBe(4 * 3 * 2);
    expect(Array.from(once.count.subarray(0, once.size)).reduce((a, b) => a + b)).toBe(200);
  });

  it('within the budget: cells as they are, or neighbouring columns merged in aligned pairs, fours...', () => {
    const c = cellSums(layout, events([[0, 150.41, 1, LONG], [MIN, 150.41, 2, LONG], [2 * MIN, 150.41, 4, LONG], [4 * MIN, 150.41, 8, LONG], [4 * MIN, 150.43, 16, SHORT]]));
    const same = withinBudget(c, 4, 5);
    expect([same.span, same.size, Array.from(same.price.subarray(0, 2))]).toEqual([1, 5, [150.41, 150.41]]);
    const pairs = withinBudget(c, 4, 3);
    expect(pairs.span).toBe(2);
    const cells = Array.from({ length: pairs.size }, (_, i) => [pairs.first[i], pairs.last[i], pairs.row[i], pairs.side[i], pairs.usd[i], pairs.count[i]]);
    // Columns 0+1 and 2+3 (column 3 holds the 4 min candle); rows and sides are never merged.
    expect(cells).toEqual([[0, 1, 0, LONG, 3, 2], [2, 3, 0, LONG, 12, 2], [2, 3, 1, SHORT, 16, 1]]);
    expect([Number.isNaN(pairs.price[0]), pairs.price[2]]).toEqual([true, 150.43]);
    const one = withinBudget(c, 4, 1); // as far as all columns in one; the two rows stay two
    expect([one.span, one.size, one.first[0], one.last[0]]).toEqual([4, 2, 0, 3]);
    // From the span that fitted before (cells that grew): no search from 1 again, none smaller tried.
    expect(withinBudget(c, 4, 5, 2).span).toBe(2);
    expect(withinBudget(c, 4, 1, 2).span).toBe(4);
  });
});
