/** The levels core on typed arrays, against hand-computed values (no DuckDB). */
import { describe, expect, it } from 'vitest';
import { gridLevels, walkHeatmap } from '../../../src/lib/model/heatmap-walk.ts';
import { gridFor, rowOf } from '../../../src/lib/model/heatmap-inputs.ts';
import { levelTable, longShare, LONG, SHORT, levelIndex } from '../../../src/lib/model/levels.ts';
import { oiMapCells, tradesMapCells, type EntryBins } from '../../../src/lib/model/map-levels.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import type { Formula, MapCells } from '../../../src/lib/model/types.ts';

const sum = (c: MapCells, side: number) => c.volumeUsd.reduce((s, v, i) => s + (c.side[i] === side ? v : 0), 0);
const tiers = DEFAULT_TIERS.map((t) => ({ ...t }));

describe('levels core', () => {
  // docs/models.md worked example: OI 1e9; whale 3e9 at 100,000 and 1e9 at 110,000; mark 105,000; step 500.
  const example: EntryBins = { index: Float64Array.of(200, 220), buy: Float64Array.of(1.5e9, 0.5e9), sell: Float64Array.of(1.5e9, 0.5e9) };
  for (const formula of ['exact', 'reference'] as Formula[]) {
    for (const split of ['even', 'taker'] as const) {
      it(`worked example, ${formula} formula, ${split} split: long 431.25 M, short 293.75 M`, () => {
        const cells = oiMapCells(example, { tiers, mmr: 0.004, formula, step: 500, split, oiUsd: 1e9, markPrice: 105_000 });
        expect(sum(cells, LONG)).toBeCloseTo(431_250_000, 3);
        expect(sum(cells, SHORT)).toBeCloseTo(293_750_000, 3);
      });
    }
  }

  it('taker split follows the flow: 3:1 buys put 75 % on the long side', () => {
    expect(longShare(3, 1, 'taker')).toBe(0.75);
    expect(longShare(3, 1, 'even')).toBe(0.5);
    expect(longShare(0, 0, 'taker')).toBe(0.5);
    const entries: EntryBins = { index: Float64Array.of(1000), buy: Float64Array.of(3e6), sell: Float64Array.of(1e6) };
    const one = [{ leverage: 10, weight: 1 }];
    const cells = oiMapCells(entries, { tiers: one, mmr: 0.004, formula: 'exact', step: 100, split: 'taker', oiUsd: 1e8, markPrice: 100_500 });
    // 100,000 x 0.9 / 0.996 = 90,361.4 -> bin 90,300; x 1.1 / 1.004 = 109,561.8 -> bin 109,500.
    expect(Array.from(cells.priceBin)).toEqual([90_300, 109_500]);
    expect(Array.from(cells.volumeUsd)).toEqual([7.5e7, 2.5e7]);
  });

  it('a level on the mark price is not ahead of it (a tie counts as reached)', () => {
    const liq = levelTable([83], { tiers: [{ leverage: 25, weight: 1 }], mmr: 0.004, formula: 'exact' }, 0.2);
    expect(liq.liqBin[levelIndex(0, 0, LONG, 1)]).toBe(400); // 80.0 / 0.2, not 399
    const entries: EntryBins = { index: Float64Array.of(415), buy: Float64Array.of(1), sell: Float64Array.of(0) }; // 83.0 on a 0.2 step
    const rules = { tiers: [{ leverage: 25, weight: 1 }], mmr: 0.004, formula: 'exact' as const, step: 0.2, split: 'taker' as const, oiUsd: 100 };
    expect(oiMapCells(entries, { ...rules, markPrice: 80 }).volumeUsd.length).toBe(0);
    expect(Array.from(oiMapCells(entries, { ...rules, markPrice: 80.2 }).priceBin)).toEqual([80]);
  });

  it('trades model splits each side over the tiers still ahead', () => {
    const entries: EntryBins = { index: Float64Array.of(1000), buy: Float64Array.of(4e6), sell: Float64Array.of(0) };
    // mark 98,000: the 50x long (98,393.6) is behind the price, the 10x (90,361.4) ahead: all 4e6 on it.
    // The 20x tier (about 95,450, ahead too) has weight 0: not a tier of this model. Model 2
    // reads neither the OI nor the split.
    const cells = tradesMapCells(entries, { tiers: [{ leverage: 10, weight: 0.5 }, { leverage: 50, weight: 0.5 }, { leverage: 20, weight: 0 }], mmr: 0.004, formula: 'exact', step: 100, markPrice: 98_000, oiUsd: 1e9, split: 'even' });
    expect(Array.from(cells.leverage)).toEqual([10]);
    expect(Array.from(cells.volumeUsd)).toEqual([4e6]);
  });

  it('heatmap: entry 83.0 at 25x is consumed by a low of exactly 80.00; a close of 80.00 is in row 80.0', () => {
    const grid = gridFor(70, 90, 0.2);
    expect(rowOf(grid, 80)).toBe(400 - grid.firstBin);
    expect(rowOf(grid, 150.42 - 70.42)).toBe(400 - grid.firstBin); // 80.00 computed
    const levels = gridLevels(grid, { tiers: [{ leverage: 25, weight: 1 }], mmr: 0.004, formula: 'exact' });
    const entryRow = rowOf(grid, 83);
    const walk = (low: number) => walkHeatmap({
      low: Float64Array.of(82, low), high: Float64Array.of(84, 84), oiEnd: Float64Array.of(100, 100), oiStart: 0,
      start: new Float64Array(levels.liq.length), finalOiUsd: 0,
      entryStart: Uint32Array.of(0, 1, 1), entryRow: Int32Array.of(entryRow), entryBuy: Float64Array.of(1), entrySell: Float64Array.of(0),
      closeRow: Int32Array.of(entryRow, entryRow), levels, split: 'taker',
    });
    expect(walk(80.0).consumedLong[1]).toBe(100);
    expect(walk(80.02).consumedLong[1]).toBe(0);
    const rested = walk(80.02).matrix;
    expect(rested[grid.rows + rowOf(grid, 80)]).toBe(100);
  });
});
