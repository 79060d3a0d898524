/** Models 1 and 2 on profile rows in a ProfileTable. */
import { beforeEach, describe, expect, it } from 'vitest';
import { computeMap } from '../../../src/lib/model/map.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import type { MapParams, MapResult } from '../../../src/lib/model/types.ts';
import { Fixture, HOUR, LAST_HOUR } from './fixture-data.ts';

const base: MapParams = {
  symbol: 'BTCUSDT',
  model: 'oi',
  windowDays: 30,
  step: 500,
  whaleThreshold: 500_000,
  split: 'even',
  formula: 'exact',
  tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
  mmr: 0.004,
  oiUsd: 1e9,
  markPrice: 105_000,
};

/** Cells as "side:bin:leverage" -> USD, to compare with hand-computed maps. */
function cellMap(r: MapResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < r.cells.side.length; i++) {
    out[`${r.cells.side[i] ? 'short' : 'long'}:${r.cells.priceBin[i]}:${r.cells.leverage[i]}`] = r.cells.volumeUsd[i];
  }
  return out;
}

function expectClose(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const k of Object.keys(expected)) expect(actual[k] / expected[k]).toBeCloseTo(1, 9);
}

export function mapSuite(): void {
  describe('liquidation map', () => {
    let fx: Fixture;
    beforeEach(() => {
      fx = new Fixture();
    });

    describe('worked example of models.md', () => {
      beforeEach(async () => {
        fx.insertVolume([
          { bin: 100_000, side: 'buy', notional: 1.5e9 },
          { bin: 100_000, side: 'sell', notional: 1.5e9 },
          { bin: 110_000, side: 'buy', notional: 0.5e9 },
          { bin: 110_000, side: 'sell', notional: 0.5e9 },
        ]);
      });
      for (const formula of ['exact', 'reference'] as const) {
        it(`long 431.25 M, short 293.75 M, total 725 M (${formula})`, async () => {
          const r = await computeMap(fx.data(), { ...base, formula });
          expect(r.totals.long / 431_250_000).toBeCloseTo(1, 6);
          expect(r.totals.short / 293_750_000).toBeCloseTo(1, 6);
          expect(r.totals.total / 725_000_000).toBeCloseTo(1, 6);
          expect(r.entryNotional).toBe(4e9);
        });
      }
      it('taker split gives the same totals when every bin is 50/50', async () => {
        const r = await computeMap(fx.data(), { ...base, split: 'taker' });
        expect(r.totals.total / 725_000_000).toBeCloseTo(1, 6);
      });
    });

    describe('one entry bin, hand-computed', () => {
      // 100,000 entry, 75 % taker buys; tiers 10x and 50x at 0.5; OI 100 M; step 100.
      const params: MapParams = {
        ...base,
        step: 100,
        split: 'taker',
        oiUsd: 1e8,
        markPrice: 100_500,
        tiers: [
          { leverage: 10, weight: 0.5 },
          { leverage: 50, weight: 0.5 },
        ],
      };
      beforeEach(async () => {
        fx.insertVolume([
          { bin: 100_000, side: 'buy', notional: 3e6 },
          { bin: 100_000, side: 'sell', notional: 1e6 },
        ]);
      });

      it('exact formula, taker split: cells at liquidation bins', async () => {
        // 100000*0.9/0.996 = 90361.4; *0.98/0.996 = 98393.6; *1.1/1.004 = 109561.8; *1.02/1.004 = 101593.6
        expectClose(cellMap(await computeMap(fx.data(), params)), {
          'long:90300:10': 1e8 * 0.75 * 0.5,
          'long:98300:50': 1e8 * 0.75 * 0.5,
          'short:109500:10': 1e8 * 0.25 * 0.5,
          'short:101500:50': 1e8 * 0.25 * 0.5,
        });
      });

      it('reference formula, even split', async () => {
        // 100000*(1-0.1+0.0004) = 90040; (1-0.02+0.00008) = 98008; (1.1-0.0004) = 109960; (1.02-0.00008) = 101992
        const r = await computeMap(fx.data(), { ...params, formula: 'reference', split: 'even' });
        expectClose(cellMap(r), {
          'long:90000:10': 2.5e7,
          'long:98000:50': 2.5e7,
          'short:109900:10': 2.5e7,
          'short:101900:50': 2.5e7,
        });
      });

      it('keeps only levels ahead of the mark price', async () => {
        // mark 98,000: the 50x long (98,393.6) is already behind the price.
        const r = await computeMap(fx.data(), { ...params, markPrice: 98_000 });
        expect(Object.keys(cellMap(r))).toEqual(['long:90300:10', 'short:101500:50', 'short:109500:10']);
        expect(r.totals.long).toBeCloseTo(3.75e7, 3);
      });

      it('curves run outwards from the price and end at the side totals', async () => {
        const r = await computeMap(fx.data(), params);
        expect(Array.from(r.curves.longPrice)).toEqual([98_300, 90_300]);
        expect(Array.from(r.curves.longCum)).toEqual([3.75e7, 7.5e7]);
        expect(Array.from(r.curves.shortPrice)).toEqual([101_500, 109_500]);
        expect(Array.from(r.curves.shortCum)).toEqual([1.25e7, 2.5e7]);
        expect(r.curves.longCum.at(-1)).toBe(r.totals.long);
        expect(r.curves.shortCum.at(-1)).toBe(r.totals.short);
        expect(r.totals.longBins).toBe(2);
        expect(r.totals.shortBins).toBe(2);
      });

      it('curves sum leverages that share a bin once, not per cell', async () => {
        fx.insertVolume([{ bin: 94_000, side: 'buy', notional: 4e6 }]);
        const tiers = [
          { leverage: 10, weight: 0.5 },
          { leverage: 25, weight: 0.5 },
        ];
        const r = await computeMap(fx.data(), { ...params, tiers, step: 1000, markPrice: 200_000 });
        // 10x from 100,000 (90,361) and 25x from 94,000 (90,602) share bin 90,000.
        expect(r.cells.side.filter((s) => s === 0).length).toBe(4);
        expect(Array.from(r.curves.longPrice)).toEqual([96_000, 90_000, 84_000]);
        expect(r.curves.longCum[2] / r.totals.long).toBeCloseTo(1, 12);
        expect(r.totals.long / 8.75e7).toBeCloseTo(1, 9); // (3 M + 4 M) / 8 M of OI is long, all ahead
      });
    });

    it('window: hours ending with the latest hour, the edge hour excluded', async () => {
      fx.insertVolume([
        { hour: LAST_HOUR, bin: 100_000, side: 'buy', notional: 1e6 },
        { hour: LAST_HOUR - 23 * HOUR, bin: 100_000, side: 'buy', notional: 2e6 },
        { hour: LAST_HOUR - 24 * HOUR, bin: 100_000, side: 'buy', notional: 4e6 },
      ]);
      const r = await computeMap(fx.data(), { ...base, windowDays: 1 });
      expect(r.entryNotional).toBe(3e6);
      expect(r.window).toEqual({ fromHour: LAST_HOUR - 23 * HOUR, toHour: LAST_HOUR, hours: 24, hoursWithData: 2 });
      expect(r.months).toEqual(['2025-11']);
      expect((await computeMap(fx.data(), { ...base, windowDays: 2 })).entryNotional).toBe(7e6);
    });

    it('whale threshold: only size buckets at or above it count', async () => {
      fx.insertVolume([
        { bin: 100_000, side: 'buy', notional: 1e6, sizeMin: 500_000 },
        { bin: 100_000, side: 'sell', notional: 5e6, sizeMin: 100_000 },
        { bin: 100_000, side: 'sell', notional: 9e6, sizeMin: 0 },
      ]);
      const whales = await computeMap(fx.data(), { ...base, split: 'taker' });
      expect(whales.entryNotional).toBe(1e6);
      expect(whales.totals.short).toBe(0); // every whale was a taker buy
      const wider = await computeMap(fx.data(), { ...base, whaleThreshold: 100_000 });
      expect(wider.entryNotional).toBe(6e6);
      expect(wider.entryBuyNotional).toBe(1e6);
    });

    it('only the requested symbol counts', async () => {
      fx.insertVolume([
        { bin: 100_000, side: 'buy', notional: 1e6 },
        { bin: 3_000, side: 'buy', notional: 7e6, symbol: 'ETHUSDT' },
      ]);
      expect((await computeMap(fx.data(), base)).entryNotional).toBe(1e6);
    });

    describe('model trades', () => {
      beforeEach(async () => {
        fx.insertVolume([
          { bin: 100_000, side: 'buy', notional: 4e6 },
          { bin: 100_000, side: 'sell', notional: 2e6 },
        ]);
      });
      it('splits each side equally over the tiers still ahead of price', async () => {
        // Short liq prices from 100,000: 100x at 101000/1.004 = 100597.6, behind a 101,000 mark.
        const r = await computeMap(fx.data(), { ...base, model: 'trades', markPrice: 101_000 });
        expect(r.totals.long).toBeCloseTo(4e6, 3);
        expect(r.totals.short).toBeCloseTo(2e6, 3);
        const shorts = Array.from(r.cells.volumeUsd).filter((_, i) => r.cells.side[i] === 1);
        expect(shorts).toEqual([5e5, 5e5, 5e5, 5e5]);
        const longs = Array.from(r.cells.volumeUsd).filter((_, i) => r.cells.side[i] === 0);
        expect(longs).toEqual([8e5, 8e5, 8e5, 8e5, 8e5]);
      });
      it('ignores open interest', async () => {
        const r = await computeMap(fx.data(), { ...base, model: 'trades', oiUsd: 1, markPrice: 100_500 });
        expect(r.totals.total).toBeCloseTo(6e6, 3);
      });
    });

    it('refuses invalid parameters before reading the data', () => {
      const bad = { ...base, tiers: [{ leverage: 10, weight: 0.5 }], step: 0 };
      expect(() => computeMap(fx.data(), bad)).toThrow(/under 1 by 0\.5.*Bin step/);
    });

    it('says when no profile is loaded for the symbol', () => {
      expect(() => computeMap(fx.data(), base)).toThrow('No profile data is loaded for BTCUSDT');
    });
  });
}

/** The kept aggregates follow the profile table. */
export function mapCacheSuite(): void {
  describe('map cache', () => {
    it('a recompute sees rows loaded after the first one', async () => {
      const fx = new Fixture();
      fx.insertVolume([{ bin: 100_000, side: 'buy', notional: 1e6 }]);
      expect((await computeMap(fx.data(), base)).entryNotional).toBe(1e6);
      fx.insertVolume([{ bin: 100_000, side: 'sell', notional: 2e6 }]);
      const r = await computeMap(fx.data(), base);
      expect(r.entryNotional).toBe(3e6);
      expect(r.entryBuyNotional).toBe(1e6);
      fx.editVolume((rows) => rows.filter((r) => r.side !== 'buy'));
      expect((await computeMap(fx.data(), base)).entryNotional).toBe(2e6);
    });
  });
}
