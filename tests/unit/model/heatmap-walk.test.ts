/** Model 3's walk on hand-built candles, no DuckDB. Hand figures use plain arithmetic. */
import { describe, expect, it } from 'vitest';
import { gridLevels, walkHeatmap, walkHeatmapSum, type HeatmapWalkInputs } from '../../../src/lib/model/heatmap-walk.ts';
import type { LevelRules } from '../../../src/lib/model/levels.ts';
import { binIndex } from '../../../src/lib/model/price-grid.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';

const GRID = { firstBin: 500, step: 100, rows: 1_000 }; // 50,000 .. 149,900
const row = (price: number) => binIndex(price, GRID.step) - GRID.firstBin;
const TEN_X: LevelRules = { tiers: [{ leverage: 10, weight: 1 }], mmr: 0, formula: 'exact' };

interface Candle {
  low: number;
  high: number;
  oi?: number;
  /** [entry price, taker buy, taker sell] */
  entries?: [number, number, number][];
  close?: number;
}

function inputs(candles: Candle[], over: Partial<HeatmapWalkInputs> = {}, rules: LevelRules = TEN_X): HeatmapWalkInputs {
  const levels = gridLevels(GRID, rules);
  const entries = candles.map((c) => c.entries ?? [[100_000, 1, 1]]);
  const start = new Uint32Array(candles.length + 1);
  entries.forEach((e, i) => (start[i + 1] = start[i] + e.length));
  return {
    low: Float64Array.from(candles, (c) => c.low),
    high: Float64Array.from(candles, (c) => c.high),
    oiEnd: Float64Array.from(candles, (c) => c.oi ?? NaN),
    oiStart: 0,
    start: new Float64Array(levels.liq.length),
    finalOiUsd: 0,
    entryStart: start,
    entryRow: Int32Array.from(entries.flat(), (e) => row(e[0])),
    entryBuy: Float64Array.from(entries.flat(), (e) => e[1]),
    entrySell: Float64Array.from(entries.flat(), (e) => e[2]),
    closeRow: Int32Array.from(candles, (c) => row(c.close ?? 100_000)),
    levels,
    split: 'even',
    ...over,
  };
}

const at = (m: Float32Array, t: number, price: number) => m[t * GRID.rows + row(price)];
// 10x, mmr 0, entry 100,000: long liq 100000 * 0.9 = 90,000; short 100000 * 1.1 = 110,000.
const LONG_LIQ = 100_000 * (1 - 1 / 10);
const SHORT_LIQ = 100_000 * (1 + 1 / 10);
const QUIET = { low: 99_000, high: 101_000 };

describe('heatmap walk', () => {
  it('an OI fall closes every level in proportion to OI, even after liquidations thinned the model', () => {
    const out = walkHeatmap(inputs([
      { ...QUIET, oi: 1e6 },
      { low: LONG_LIQ, high: 101_000, oi: 1e6 }, // longs (5e5) liquidated; OI not yet down
      { ...QUIET, oi: 9e5 }, // OI falls 10 %: the shorts left shrink 10 %, not to zero
    ]));
    expect(Array.from(out.resting)).toEqual([1e6, 5e5, 4.5e5]);
    expect(out.closed[2]).toBeCloseTo(5e4, 6);
    expect(at(out.matrix, 2, SHORT_LIQ)).toBeCloseTo(4.5e5, 1);
  });

  it('a long level is consumed when the low reaches it exactly, not a tick before', () => {
    const out = walkHeatmap(inputs([
      { ...QUIET, oi: 1e6 },
      { low: LONG_LIQ + 0.01, high: 101_000, oi: 1e6 },
      { low: LONG_LIQ, high: 101_000, oi: 1e6 },
    ]));
    expect(Array.from(out.consumedLong)).toEqual([0, 0, 5e5]);
    expect(Array.from(out.resting)).toEqual([1e6, 1e6, 5e5]);
    expect(at(out.matrix, 1, LONG_LIQ)).toBe(5e5);
    expect(at(out.matrix, 2, LONG_LIQ)).toBe(0);
    expect(at(out.matrix, 2, SHORT_LIQ)).toBe(5e5);
  });

  it('a short level is consumed when the high reaches it exactly', () => {
    const out = walkHeatmap(inputs([
      { ...QUIET, oi: 1e6 },
      { low: 99_000, high: SHORT_LIQ - 0.01, oi: 1e6 },
      { low: 99_000, high: SHORT_LIQ, oi: 1e6 },
    ]));
    expect(Array.from(out.consumedShort)).toEqual([0, 0, 5e5]);
    expect(out.consumedLong[2]).toBe(0);
  });

  it('levels opened in a candle survive that candle', () => {
    const out = walkHeatmap(inputs([{ low: 50_000, high: 150_000, oi: 1e6 }]));
    expect(out.resting[0]).toBe(1e6);
  });

  it('opens follow the OI change, split by the candle taker buy/sell, placed by notional', () => {
    const out = walkHeatmap(
      inputs([
        { ...QUIET, oi: 1e6, entries: [[100_000, 3, 0], [102_000, 0, 1]] },
        { ...QUIET, oi: 1.4e6, entries: [[100_000, 1, 1]] },
      ], { split: 'taker' }),
    );
    // candle 0: long share 3/4, bins get 3/4 and 1/4 of 1e6.
    expect(at(out.matrix, 0, 100_000 * 0.9)).toBe(1e6 * 0.75 * 0.75);
    expect(at(out.matrix, 0, 102_000 * 0.9)).toBe(1e6 * 0.25 * 0.75);
    expect(at(out.matrix, 0, 100_000 * 1.1)).toBeCloseTo(1e6 * 0.75 * 0.25, 6);
    expect(at(out.matrix, 0, 102_000 * 1.1)).toBeCloseTo(1e6 * 0.25 * 0.25, 6);
    // candle 1 opens 0.4e6, half long.
    expect(out.opened[1]).toBeCloseTo(4e5, 6);
    expect(at(out.matrix, 1, 100_000 * 0.9)).toBeCloseTo(1e6 * 0.75 * 0.75 + 2e5, 6);
  });

  it('the OI before the range makes the first candle open only its change', () => {
    const out = walkHeatmap(inputs([{ ...QUIET, oi: 1e6 }], { oiStart: 8e5 }));
    expect(out.opened[0]).toBeCloseTo(2e5, 6);
  });

  it('a falling OI closes every level proportionally', () => {
    const out = walkHeatmap(inputs([
      { ...QUIET, oi: 1e6, entries: [[100_000, 1, 1]] },
      { ...QUIET, oi: 1.5e6, entries: [[105_000, 1, 1]] },
      { ...QUIET, oi: 1.2e6 },
    ]));
    const keep = 1 - 0.3e6 / 1.5e6;
    expect(out.closed[2]).toBeCloseTo(3e5, 6);
    expect(at(out.matrix, 2, LONG_LIQ)).toBeCloseTo(5e5 * keep, 1);
    expect(at(out.matrix, 2, 105_000 * 0.9)).toBeCloseTo(2.5e5 * keep, 1);
  });

  it('closes never exceed what rests', () => {
    const out = walkHeatmap(inputs([
      { ...QUIET, oi: 1e6 },
      { low: LONG_LIQ, high: 101_000, oi: 1e6 },
      { ...QUIET, oi: 0 },
    ]));
    expect(out.closed[2]).toBe(5e5);
    expect(out.resting[2]).toBe(0);
  });

  it('OI growth without whale trades opens at the close, half each side', () => {
    const out = walkHeatmap(inputs([{ ...QUIET, oi: 1e6, entries: [], close: 100_500 }]));
    expect(at(out.matrix, 0, 100_500 * 0.9)).toBe(5e5);
    expect(at(out.matrix, 0, 100_500 * 1.1)).toBe(5e5);
  });

  it('without OI history opens whale notional, never closes, and ends at current OI', () => {
    const out = walkHeatmap(
      inputs([
        { ...QUIET, entries: [[100_000, 2e6, 2e6]] },
        { ...QUIET, entries: [[105_000, 0, 1e6]] },
        { low: LONG_LIQ, high: 106_000, entries: [] },
      ], { oiEnd: null, finalOiUsd: 9e9, split: 'taker' }),
    );
    // Unscaled: 4e6 + 1e6 opened, the 2e6 long at 90,000 consumed: 3e6 of shorts rest -> scale 3000.
    expect(out.scale).toBeCloseTo(9e9 / 3e6, 6);
    expect(out.resting[2]).toBeCloseTo(9e9, 0);
    expect(out.opened[0]).toBeCloseTo(4e6 * 3000, 0);
    expect(out.consumedLong[2]).toBeCloseTo(2e6 * 3000, 0);
    expect(Array.from(out.closed)).toEqual([0, 0, 0]);
  });

  it('resting = previous + opened - closed - consumed at every step; columns sum to it', () => {
    const candles: Candle[] = [];
    for (let t = 0; t < 60; t++) {
      const mid = 100_000 + 6_000 * Math.sin(t / 6);
      candles.push({
        low: mid - 1_500,
        high: mid + 1_500,
        oi: 1e9 * (1 + 0.3 * Math.sin(t / 4)),
        entries: [[Math.round(mid / 100) * 100, 1 + (t % 3), 1 + (t % 5)], [Math.round(mid / 100) * 100 + 300, 2, 1]],
      });
    }
    const out = walkHeatmap(inputs(candles, { split: 'taker' }, { tiers: DEFAULT_TIERS, mmr: 0.004, formula: 'exact' }));
    let prev = 0;
    let closes = 0;
    for (let t = 0; t < candles.length; t++) {
      const expected = prev + out.opened[t] - out.closed[t] - out.consumedLong[t] - out.consumedShort[t];
      expect(Math.abs(out.resting[t] - expected)).toBeLessThan(1e-3); // USD, on a 1e9 book
      let column = 0;
      for (let r = 0; r < GRID.rows; r++) column += out.matrix[t * GRID.rows + r];
      expect(Math.abs(column - out.resting[t])).toBeLessThan(1e-6 * 1e9); // float32 cells
      prev = out.resting[t];
      closes += out.closed[t];
    }
    expect(closes).toBeGreaterThan(0);
    expect(out.resting.filter((x) => x > 1e8).length).toBeGreaterThan(30);
    expect(out.consumedLong.some((x) => x > 0) && out.consumedShort.some((x) => x > 0)).toBe(true);
  });

  it('walks summed as they go give each walk alone, and cells that are the float32 sum of its cells alone', () => {
    const rules = { tiers: DEFAULT_TIERS, mmr: 0.004, formula: 'exact' as const };
    const levels = gridLevels(GRID, rules);
    const exchange = (phase: number, scale: number) => {
      const candles: Candle[] = [];
      for (let t = 0; t < 60; t++) {
        const mid = 100_000 + 6_000 * Math.sin(t / 6 + phase);
        candles.push({ low: mid - 900, high: mid + 900, oi: scale * (1e9 + 2e8 * Math.sin(t / 4 + phase)), entries: [[Math.round(mid / 100) * 100, 1 + (t % 3), 1 + (t % 5)]] });
      }
      return inputs(candles, { split: 'taker', levels }, rules);
    };
    // Two exchanges and three: each summed cell is the float32 sum of the walks alone, in order.
    const parts = [exchange(0, 1), exchange(1, 0.4), exchange(2, 0.7)];
    const alone = parts.map((x) => walkHeatmap(x));
    expect(alone.every((w) => w.matrix.some((v) => v > 0) && w.closed.some((v) => v > 0) && w.consumedLong.some((v) => v > 0))).toBe(true);
    for (const n of [2, 3]) {
      const summed = walkHeatmapSum(parts.slice(0, n));
      summed.walks.forEach((w, k) => {
        expect(w.matrix).toBe(summed.matrix);
        for (const key of ['resting', 'opened', 'closed', 'consumedLong', 'consumedShort'] as const) expect(Array.from(w[key])).toEqual(Array.from(alone[k][key]));
      });
      summed.matrix.forEach((v, i) => expect(v).toBe(alone.slice(0, n).reduce((s, w) => Math.fround(s + w.matrix[i]), 0)));
    }
    expect(() => walkHeatmapSum([parts[0], { ...parts[1], oiEnd: null }])).toThrow(/only with OI history/);
  });
});
