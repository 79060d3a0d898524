// The map's key levels: the largest peaks per side, a ladder in price order around the price.
import { describe, expect, it } from 'vitest';
import { KEY_LEVELS_PER_SIDE, keyLevels } from '../../../src/lib/state/key-levels.ts';
import type { MapCells } from '../../../src/lib/model/types.ts';

/** Cells from [price, side, usd] rows (two leverages per row, halves, so bins must be summed). */
const cells = (rows: [number, 0 | 1, number][]): MapCells => ({
  priceBin: Float64Array.from(rows.flatMap((r) => [r[0], r[0]])),
  side: Uint8Array.from(rows.flatMap((r) => [r[1], r[1]])),
  leverage: Float64Array.from(rows.flatMap(() => [10, 25])),
  volumeUsd: Float64Array.from(rows.flatMap((r) => [r[2] / 2, r[2] / 2])),
});

describe('keyLevels', () => {
  it('the largest peaks of each side, widened over neighbours of at least half, highest price first', () => {
    const k = keyLevels(cells([
      // Longs (price 200): a peak of 100 at 100 with a neighbour of 60 (joins) and one of 40 (does not).
      [90, 0, 40], [100, 0, 100], [110, 0, 60],
      // Smaller peaks, separate: 80 at 150, 30 at 50, 20 at 20, 10 at 0.3 (exact bin 0), 5 at 180.
      [150, 0, 80], [50, 0, 30], [20, 0, 20], [0.3, 0, 10], [180, 0, 5],
      // Shorts: 70 at 210, 90 at 300 + 50 at 310.
      [210, 1, 70], [300, 1, 90], [310, 1, 50],
    ]), 10, 200);
    expect(k.longs).toHaveLength(KEY_LEVELS_PER_SIDE);
    // By size 160 (100..120), 80, 40 (the 90 bin left over, a peak of its own), 30, 20; 10 and 5 left out; shown by price.
    expect(k.longs.map((l) => [l.low, l.high, l.usd])).toEqual([[150, 160, 80], [100, 120, 160], [90, 100, 40], [50, 60, 30], [20, 30, 20]]);
    expect(k.longs[1]).toMatchObject({ side: 'long', distancePct: 40, sideShare: 160 / 345 });
    expect(k.shorts.map((l) => [l.low, l.high, l.usd, l.distancePct])).toEqual([[300, 320, 140, 50], [210, 220, 70, 5]]);
  });

  it('a price inside a level is 0 % away; no price, no distance; no volume, no levels', () => {
    const k = keyLevels(cells([[90, 0, 50], [100, 0, 50]]), 10, 105);
    expect(k.longs).toEqual([expect.objectContaining({ low: 90, high: 110, distancePct: 0, sideShare: 1 })]);
    expect(Number.isNaN(keyLevels(cells([[90, 0, 50]]), 10, 0).longs[0].distancePct)).toBe(true);
    expect(keyLevels(cells([]), 10, 100)).toEqual({ shorts: [], longs: [] });
  });

  it('bins are exact: 150.42 with a step of 0.02 is its own bin, not the one below', () => {
    const k = keyLevels(cells([[150.4, 0, 10], [150.42, 0, 100]]), 0.02, 160);
    expect(k.longs.map((l) => [l.low, l.high])).toEqual([[150.42, 150.44], [150.4, 150.42]]);
  });
});
