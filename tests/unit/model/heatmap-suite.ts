/** Model 3 on profile rows in a ProfileTable: aggregation per candle and OI sources. */
import { beforeEach, describe, expect, it } from 'vitest';
import { computeHeatmap } from '../../../src/lib/model/heatmap.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import type { HeatmapParams } from '../../../src/lib/model/types.ts';
import { Fixture, HOUR, type CandleRow } from './fixture-data.ts';

const H0 = Date.UTC(2025, 10, 30, 21); // three hours of 5-minute candles: 21:00 .. 23:55
const FIVE = 300_000;
const oiAt = (k: number) => 1e9 + k * 1e6; // OI record at the end of 5-minute candle k
const base: HeatmapParams = {
  symbol: 'BTCUSDT',
  rangeDays: 3 / 24,
  candleMinutes: 60,
  whaleThreshold: 500_000,
  split: 'taker',
  formula: 'exact',
  tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
  mmr: 0.004,
  oiUsd: 5e9,
};

export function heatmapSuite(): void {
  describe('heatmap', () => {
    let fx: Fixture;
    beforeEach(() => {
      fx = new Fixture();
      const candles: CandleRow[] = [];
      for (let k = 0; k < 36; k++) {
        const o = 100_000 + k * 10;
        candles.push({ time: H0 + k * FIVE, open: o, high: o + 50, low: o - 50, close: o + 10 });
      }
      fx.insertCandles(candles);
      fx.insertVolume([
        { hour: H0, bin: 100_000, side: 'buy', notional: 3e6 },
        { hour: H0, bin: 100_050, side: 'sell', notional: 1e6 },
        { hour: H0, bin: 100_050, side: 'sell', notional: 9e6, sizeMin: 100_000 }, // not a whale
        { hour: H0 + HOUR, bin: 100_200, side: 'buy', notional: 8e6 },
        { hour: H0 + 2 * HOUR, bin: 100_300, side: 'sell', notional: 2e6 },
      ]);
    });

    it('aggregates 5-minute candles into hours: first open, max high, min low, last close', async () => {
      const r = await computeHeatmap(fx.data(), base);
      expect(Array.from(r.times)).toEqual([H0, H0 + HOUR, H0 + 2 * HOUR]);
      expect([r.open[0], r.high[0], r.low[0], r.close[0]]).toEqual([100_000, 100_160, 99_950, 100_120]);
      expect(r.matrix.length).toBe(3 * r.priceBins.length);
      expect(r.priceBins.length).toBeLessThanOrEqual(300);
      expect(r.priceBins[1] - r.priceBins[0]).toBe(r.step);
      expect(r.inputs.months).toEqual(['2025-11']);
    });

    it('uses OI history: without a record before the range, OI0 is the first candle end', async () => {
      fx.insertOi(Array.from({ length: 36 }, (_, k) => ({ time: H0 + k * FIVE, oiUsd: oiAt(k) })));
      const r = await computeHeatmap(fx.data(), base);
      expect(r.inputs).toMatchObject({ oiSource: 'history', oiCoverage: 1, priorOi: false, candles: 3, oiStartUsd: oiAt(11), startDays: 0 });
      expect(r.opened[0]).toBe(0); // no lookback loaded: nothing rests, the first candle opens nothing
      expect(r.opened[1]).toBeCloseTo(oiAt(23) - oiAt(11), 0);
    });

    it('starts from the positions of the lookback, sized by the OI at the range start', async () => {
      fx.insertOi(Array.from({ length: 36 }, (_, k) => ({ time: H0 + k * FIVE, oiUsd: oiAt(k) })));
      const r = await computeHeatmap(fx.data(), { ...base, rangeDays: 1 / 24 });
      expect(r.inputs).toMatchObject({ priorOi: true, oiStartUsd: oiAt(23), startDays: 2 / 24, startLiquidated: 0 });
      expect(r.inputs.startOpened).toBeCloseTo(oiAt(23), 0);
      // Nothing reached: what rested at T0 plus the candle's OI growth.
      expect(r.opened[0]).toBeCloseTo(oiAt(35) - oiAt(23), 0);
      expect(r.resting[0]).toBeCloseTo(oiAt(35), 0);
    });

    it('leaves out of the starting state the levels price reached after they opened', async () => {
      fx.insertOi(Array.from({ length: 36 }, (_, k) => ({ time: H0 + k * FIVE, oiUsd: oiAt(k) })));
      // A dip to 99,000 in the second hour reaches the 100x longs opened in the first (~99,400),
      // not the 50x ones (~98,400), nor the longs opened in the dip's own hour.
      fx.editCandles((rows) => rows.map((c) => (c.time === H0 + 15 * FIVE ? { ...c, low: 99_000 } : c)));
      const r = await computeHeatmap(fx.data(), { ...base, rangeDays: 1 / 24 });
      const hundredX = base.tiers.find((t) => t.leverage === 100)!.weight;
      // Lookback whale notional 12e6; the 100,000 bin of the first hour is 3e6 of taker buys.
      expect(r.inputs.startLiquidated / (oiAt(23) * (3e6 / 12e6) * hundredX)).toBeCloseTo(1, 9);
      expect(r.resting[0]).toBeCloseTo(oiAt(35) - r.inputs.startLiquidated, 0);
    });

    it('takes the OI change from the record before the range when there is one', async () => {
      fx.insertOi(Array.from({ length: 36 }, (_, k) => ({ time: H0 + k * FIVE, oiUsd: oiAt(k) })));
      const r = await computeHeatmap(fx.data(), { ...base, rangeDays: 2 / 24 });
      expect(r.inputs.priorOi).toBe(true);
      expect(r.opened[0]).toBeCloseTo(oiAt(23) - oiAt(11), 0);
    });

    it('falls back without OI history: whale notional, scaled to end at current OI', async () => {
      const r = await computeHeatmap(fx.data(), base);
      expect(r.inputs.oiSource).toBe('fallback');
      expect(r.resting[2] / base.oiUsd).toBeCloseTo(1, 9);
      // Opens in proportion to each hour's whale notional (4e6, 8e6, 2e6), the 9e6 small trades left out.
      expect(r.opened[1] / r.opened[0]).toBeCloseTo(2, 9);
      expect(r.opened[2] / r.opened[0]).toBeCloseTo(0.5, 9);
    });

    it('15-minute candles share their hour of profile equally', async () => {
      const r = await computeHeatmap(fx.data(), { ...base, candleMinutes: 15, rangeDays: 2 / 24 });
      expect(r.times.length).toBe(8);
      const o = Array.from(r.opened, (x) => x / r.opened[0]);
      for (let i = 0; i < 4; i++) expect(o[i]).toBeCloseTo(1, 9);
      for (let i = 4; i < 8; i++) expect(o[i]).toBeCloseTo(0.25, 9);
    });

    it('refuses a candle size it does not know', () => {
      expect(() => computeHeatmap(fx.data(), { ...base, candleMinutes: 30 as 60 })).toThrow('Candle size 30 min');
    });
  });
}
