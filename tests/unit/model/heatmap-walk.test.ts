/** Model 3's walk on hand-built candles, no DuckDB. Hand figures use plain arithmetic. */
import { describe, expect, it } from 'vitest';
import { gridLevels, walkHeatmap, walkHeatmapSum, type HeatmapWalkInputs, type HeatmapWalkOutput } from '../../../src/lib/model/heatmap-walk.ts';
import { levelIndex, longShare, type LevelRules } from '../../../src/lib/model/levels.ts';
import { atOrAbove, atOrBelow, binIndex } from '../../../src/lib/model/price-grid.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import { Rng } from '../../../tools/synth/rng.ts';

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

  it('equals a plain level-by-level walk on random markets: gaps through levels, OI falls to zero, long decays', () => {
    const rules = { tiers: DEFAULT_TIERS, mmr: 0.004, formula: 'exact' as const };
    const levels = gridLevels(GRID, rules);
    const rng = new Rng('random markets');
    const rnd = () => rng.next();
    const market = (n: number, oiAt: (t: number, prev: number) => number) => {
      const candles: Candle[] = [];
      let mid = 100_000;
      let oi = 1e9;
      for (let t = 0; t < n; t++) {
        mid *= 1 + (rnd() - 0.5) * (t % 17 === 0 ? 0.2 : 0.03); // now and then a candle through many levels
        oi = oiAt(t, oi);
        const e = () => [Math.round((mid * (1 + (rnd() - 0.5) * 0.02)) / 100) * 100, rnd() * 3, rnd() * 3] as [number, number, number];
        candles.push({ low: mid * (1 - rnd() * 0.01), high: mid * (1 + rnd() * 0.01), oi, close: mid, entries: t % 5 === 4 ? [] : [e(), e(), e()] });
      }
      return inputs(candles, { split: 'taker', levels, oiStart: 1e9 }, rules);
    };
    const cases = [
      market(400, (_, oi) => oi * (0.9 + rnd() * 0.21)),
      // Every tenth candle all OI leaves (every level closes), then it comes back.
      market(300, (t, oi) => (t % 10 === 9 ? 0 : t % 10 === 0 ? 1e9 : oi * (0.95 + rnd() * 0.1))),
      // OI shrinks tenfold and grows back 400 times: a level alive through it all would keep
      // 1e-400 of itself, below what a double holds.
      market(800, (t, oi) => (t % 2 ? oi * 10 : oi / 10)),
    ];
    for (const inp of cases) {
      const out = walkHeatmap(inp);
      const ref = plainWalk(inp);
      expect(out.consumedLong.some((x) => x > 0) && out.consumedShort.some((x) => x > 0) && out.closed.some((x) => x > 0)).toBe(true);
      for (const key of ['resting', 'opened', 'closed', 'consumedLong', 'consumedShort'] as const) {
        out[key].forEach((v, t) => {
          if (Math.abs(v - ref[key][t]) > 1e-9 * Math.max(1, Math.abs(ref[key][t]))) expect({ key, t, v }).toEqual({ key, t, v: ref[key][t] });
        });
      }
      out.matrix.forEach((v, i) => {
        const want = ref.matrix[i];
        if (Math.abs(v - want) > 1e-6 * want + 1e-9 * ref.resting[Math.floor(i / GRID.rows)]) expect({ i, v }).toEqual({ i, v: want });
      });
    }
  });
});

/** Model 3's walk as docs/models.md states it, one level at a time, every candle (with OI history). */
function plainWalk(inp: HeatmapWalkInputs): Omit<HeatmapWalkOutput, 'scale'> {
  const n = inp.low.length;
  const { liq, liqRow, rows, tierWeights } = inp.levels;
  const size = Float64Array.from(inp.start);
  const matrix = new Float64Array(n * rows);
  const out = { resting: new Float64Array(n), opened: new Float64Array(n), closed: new Float64Array(n), consumedLong: new Float64Array(n), consumedShort: new Float64Array(n) };
  let prevOi = inp.oiStart;
  const place = (t: number, row: number, side: 0 | 1, usd: number) => {
    if (row < 0 || row >= rows) return;
    tierWeights.forEach((weight, k) => {
      size[levelIndex(row, k, side, tierWeights.length)] += usd * weight;
      out.opened[t] += usd * weight;
    });
  };
  for (let t = 0; t < n; t++) {
    for (let i = 0; i < size.length; i++) {
      if (size[i] === 0) continue;
      const long = i % 2 === 0;
      if (long ? atOrAbove(liq[i], inp.low[t]) : atOrBelow(liq[i], inp.high[t])) {
        out[long ? 'consumedLong' : 'consumedShort'][t] += size[i];
        size[i] = 0;
      }
    }
    const resting = size.reduce((s, x) => s + x, 0);
    const change = inp.oiEnd![t] - prevOi;
    const oiBefore = prevOi;
    prevOi = inp.oiEnd![t];
    const from = inp.entryStart[t];
    const to = inp.entryStart[t + 1];
    let buy = 0;
    let sell = 0;
    for (let e = from; e < to; e++) {
      buy += inp.entryBuy[e];
      sell += inp.entrySell[e];
    }
    if (change > 0) {
      const share = longShare(buy, sell, inp.split);
      if (buy + sell === 0) {
        place(t, inp.closeRow[t], 0, change / 2);
        place(t, inp.closeRow[t], 1, change / 2);
      }
      for (let e = from; e < to; e++) {
        const usd = (change * (inp.entryBuy[e] + inp.entrySell[e])) / (buy + sell);
        place(t, inp.entryRow[e], 0, usd * share);
        place(t, inp.entryRow[e], 1, usd * (1 - share));
      }
    } else if (change < 0 && resting > 0) {
      const closing = Math.min(1, -change / (oiBefore > 0 ? oiBefore : resting));
      out.closed[t] = closing * resting;
      for (let i = 0; i < size.length; i++) size[i] *= 1 - closing;
    }
    for (let i = 0; i < size.length; i++) {
      out.resting[t] += size[i];
      if (liqRow[i] >= 0) matrix[t * rows + liqRow[i]] += size[i];
    }
  }
  return { matrix: Float32Array.from(matrix), ...out };
}

