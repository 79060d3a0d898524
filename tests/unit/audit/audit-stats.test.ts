// The audit's per-candle figures and statistics on cases computed by hand (docs/audit.md).
import { describe, expect, it } from 'vitest';
import { auditCandles, auditCsv, auditStats, averageRanks, capture, captureCount, spearman, type WalkConsumption } from '../../../src/lib/model/audit.ts';
import { makeLiquidation } from '../../../src/lib/live/events.ts';

const T0 = Date.UTC(2025, 10, 20);
const HOUR = 3_600_000;
const walk = (long: number[], short: number[] = long.map(() => 0)): WalkConsumption => ({
  times: Float64Array.from(long, (_, i) => T0 + i * HOUR),
  candleMinutes: 60,
  consumedLong: Float64Array.from(long),
  consumedShort: Float64Array.from(short),
});
/** An event of `usd` (price 100) at `minutes` after T0. */
const ev = (minutes: number, side: 'long' | 'short', usd: number, exchange: 'binance' | 'bybit' = 'binance') =>
  makeLiquidation(T0 + minutes * 60_000, exchange, 'BTCUSDT', side, 100, usd / 100);

describe('statistics', () => {
  it('the worked example: predicted (10,0,30,5) against realised (2,0,1,0): rho 0.738, capture 1/3', () => {
    expect(Array.from(averageRanks([10, 0, 30, 5]))).toEqual([3, 1, 4, 2]);
    expect(Array.from(averageRanks([2, 0, 1, 0]))).toEqual([4, 1.5, 3, 1.5]);
    // Pearson of (3,1,4,2) and (4,1.5,3,1.5): deviations (0.5,-1.5,1.5,-0.5) and (1.5,-1,0.5,-1);
    // sum of products 0.75+1.5+0.75+0.5 = 3.5; sums of squares 5 and 4.5: 3.5 / sqrt(22.5).
    expect(spearman([10, 0, 30, 5], [2, 0, 1, 0])).toBeCloseTo(3.5 / Math.sqrt(22.5), 12);
    expect(spearman([10, 0, 30, 5], [2, 0, 1, 0])!.toFixed(3)).toBe('0.738');
    expect(capture([10, 0, 30, 5], [2, 0, 1, 0])).toBeCloseTo(1 / 3, 12);
  });

  it('ties share their mean rank; perfect and reversed orders give 1 and -1', () => {
    expect(Array.from(averageRanks([5, 5, 5, 1]))).toEqual([3, 3, 3, 1]);
    expect(spearman([1, 2, 3], [10, 20, 30])).toBe(1);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBe(-1);
    // x ranks (1,2,3,4); y (0,1,1,2) ranks (1,2.5,2.5,4): deviations (-1.5,-.5,.5,1.5), (-1.5,0,0,1.5): 4.5/sqrt(5*4.5)
    expect(spearman([1, 2, 3, 4], [0, 1, 1, 2])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it('a constant side has no correlation; nothing realised has no capture; nothing predicted no ratio', () => {
    expect(spearman([0, 0, 0], [1, 2, 3])).toBeNull();
    expect(spearman([1], [1])).toBeNull();
    expect(capture([1, 2, 3], [0, 0, 0])).toBeNull();
    const s = auditStats({ times: new Float64Array(2), predictedLong: new Float64Array(2), predictedShort: Float64Array.of(1, 3), realisedLong: Float64Array.of(5, 0), realisedShort: new Float64Array(2), events: 1, outside: 0 });
    expect(s.long).toEqual({ rho: null, capture: 1, ratio: null, predictedUsd: 0, realisedUsd: 5 });
    expect(s.short).toEqual({ rho: null, capture: null, ratio: 0, predictedUsd: 4, realisedUsd: 0 });
  });

  it('the capture counts ceil(10 %) of the candles, the earlier of equal predictions first', () => {
    expect([1, 4, 10, 11, 20, 30, 31].map(captureCount)).toEqual([1, 1, 1, 2, 2, 3, 4]);
    // 11 candles: the top 2 by prediction are candles 9 and 3 (7 and 6); realised there 4 + 1 of 10.
    const predicted = [0, 1, 2, 6, 0, 0, 3, 0, 5, 7, 0];
    const realised = [1, 0, 0, 1, 2, 0, 0, 2, 0, 4, 0];
    expect(capture(predicted, realised)).toBeCloseTo(0.5, 12);
    expect(capture([5, 5, 5], [0, 3, 1])).toBe(0); // the first of the tied candles
  });
});

describe('per-candle figures over the recorded period', () => {
  it('realised USD per candle and side, from the first to the last recorded candle; empty candles are zeros', () => {
    const w = walk([10, 20, 0, 30, 5, 40], [1, 2, 3, 4, 5, 6]);
    const events = [ev(70, 'long', 200), ev(119, 'short', 50, 'bybit'), ev(75, 'long', 100), ev(250, 'long', 30), ev(-5, 'long', 999), ev(6 * 60, 'short', 999)];
    const c = auditCandles(w, events)!;
    expect(Array.from(c.times)).toEqual([T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR]);
    expect(Array.from(c.predictedLong)).toEqual([20, 0, 30, 5]);
    expect(Array.from(c.predictedShort)).toEqual([2, 3, 4, 5]);
    expect(Array.from(c.realisedLong)).toEqual([300, 0, 0, 30]);
    expect(Array.from(c.realisedShort)).toEqual([50, 0, 0, 0]);
    expect([c.events, c.outside]).toEqual([4, 2]);
    const s = auditStats(c);
    expect([s.candles, s.events]).toEqual([4, 4]);
    expect(s.long.ratio).toBeCloseTo(330 / 55, 12);
    expect(s.long.capture).toBe(0); // the top candle (30 predicted) saw nothing
    expect(s.short.capture).toBe(0);
  });

  it('one side only: the other has no correlation and no capture', () => {
    const c = auditCandles(walk([10, 0, 30, 5]), [ev(0, 'long', 2), ev(10, 'long', 0.5), ev(20, 'long', 1.5), ev(130, 'long', 1)])!;
    expect(Array.from(c.realisedLong)).toEqual([4, 0, 1]);
    const s = auditStats(c);
    expect(s.short).toEqual({ rho: null, capture: null, ratio: null, predictedUsd: 0, realisedUsd: 0 });
    expect(s.long.capture).toBeCloseTo(1 / 5, 12);
  });

  it('months of records (200,000 events) are audited, not refused by a call-stack overflow', () => {
    // 24 hourly candles; event i in candle i % 24, 1 USD each, longs on even i.
    const w = walk(Array.from({ length: 24 }, (_, i) => i), Array.from({ length: 24 }, (_, i) => 24 - i));
    const events = Array.from({ length: 200_000 }, (_, i) => ev((i % 24) * 60 + 1, i % 2 ? 'short' : 'long', 1));
    const c = auditCandles(w, events)!;
    expect([c.times.length, c.events, c.outside]).toEqual([24, 200_000, 0]);
    // Every candle gets 200,000 / 24 events, split evenly between the sides (24 is even).
    const perCandle = Math.floor(200_000 / 24);
    expect(Array.from(c.realisedLong).reduce((a, b) => a + b, 0) + Array.from(c.realisedShort).reduce((a, b) => a + b, 0)).toBe(200_000);
    expect(c.realisedLong[23] + c.realisedShort[23]).toBe(perCandle);
  });

  it('no records in the walk: nothing to audit', () => {
    expect(auditCandles(walk([1, 2]), [])).toBeNull();
    expect(auditCandles(walk([1, 2]), [ev(-60, 'long', 5), ev(121, 'short', 5)])).toBeNull();
  });

  it('CSV: candle_time first, ISO UTC, one row per candle of the period', () => {
    const c = auditCandles(walk([10, 0, 30, 5], [0, 1.5, 0, 0]), [ev(0, 'long', 2), ev(125, 'short', 1)])!;
    expect(auditCsv(c)).toBe(
      'candle_time,predicted_long_usd,predicted_short_usd,realised_long_usd,realised_short_usd\n' +
        '2025-11-20T00:00:00.000Z,10,0,2,0\n2025-11-20T01:00:00.000Z,0,1.5,0,0\n2025-11-20T02:00:00.000Z,30,0,0,1\n',
    );
  });
});
