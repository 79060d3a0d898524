/**
 * README's claim, pinned: on a window where price never reaches a level and OI only grows, the
 * map equals the heatmap's last column, bin for bin (one levels core behind both).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { computeHeatmap } from '../../../src/lib/model/heatmap.ts';
import { computeMap } from '../../../src/lib/model/map.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import type { HeatmapResult, MapResult, Split } from '../../../src/lib/model/types.ts';
import { Fixture, HOUR, type CandleRow, type VolumeRow } from './fixture-data.ts';

const H0 = Date.UTC(2025, 10, 20);
const FIVE = 300_000;
const HOURS = 48;
const STEP = 100;

function mapByBin(r: MapResult): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < r.cells.priceBin.length; i++) out.set(r.cells.priceBin[i], (out.get(r.cells.priceBin[i]) ?? 0) + r.cells.volumeUsd[i]);
  return out;
}

function lastColumn(r: HeatmapResult): Map<number, number> {
  const out = new Map<number, number>();
  const base = (r.times.length - 1) * r.priceBins.length;
  r.priceBins.forEach((p, i) => r.matrix[base + i] > 0 && out.set(p, r.matrix[base + i]));
  return out;
}

export function agreementSuite(): void {
  describe('map = heatmap last column', () => {
    let fx: Fixture;
    beforeEach(() => {
      fx = new Fixture();
      // Quiet prices (99,700 .. 100,300) span the entries (99,800 .. 100,200), so the grid holds
      // every level, and reach none of them (the nearest, 100x, sit at ~99,600 and ~100,400).
      const candles: CandleRow[] = Array.from({ length: HOURS * 12 }, (_, k) => ({ time: H0 + k * FIVE, open: 100_000, high: 100_300, low: 99_700, close: 100_010 }));
      fx.insertCandles(candles);
      // One entry bin per hour (decimal-free bins on a 100 step), buys and sells mixed.
      const rows: VolumeRow[] = [];
      for (let h = 0; h < HOURS; h++) {
        const bin = 99_800 + 100 * (h % 5);
        rows.push({ hour: H0 + h * HOUR, bin, side: 'buy', notional: 1e6 * (1 + (h % 3)) });
        rows.push({ hour: H0 + h * HOUR, bin, side: 'sell', notional: 1e6 * (1 + (h % 4)) });
      }
      fx.insertVolume(rows);
    });

    for (const split of ['even', 'taker'] as Split[]) {
      for (const rangeDays of [1, 0.5]) {
        it(`${split} split, ${rangeDays * 24} h heatmap after a lookback`, async () => {
          const settings = { symbol: 'BTCUSDT', whaleThreshold: 500_000, split, formula: 'exact' as const, tiers: DEFAULT_TIERS.map((t) => ({ ...t })), mmr: 0.004 };
          const oiUsd = 2e9;
          const map = await computeMap(fx.data(), { ...settings, model: 'oi', windowDays: 30, step: STEP, oiUsd, markPrice: 100_010 });
          const heat = await computeHeatmap(fx.data(), { ...settings, rangeDays, candleMinutes: 60, oiUsd, step: STEP });
          expect(heat.inputs.oiSource).toBe('fallback');
          expect(heat.inputs.startLiquidated).toBe(0);
          const m = mapByBin(map);
          const h = lastColumn(heat);
          expect(map.totals.total / oiUsd).toBeCloseTo(1, 9);
          expect([...h.keys()].sort((a, b) => a - b)).toEqual([...m.keys()].sort((a, b) => a - b));
          for (const [bin, usd] of m) expect(h.get(bin)! / usd).toBeCloseTo(1, 5); // float32 matrix
        });
      }
    }
  });
}
