/** The engine with a Binance and a Bybit profile of one symbol-month: both kept, prepared and summed. */
import { expect, test } from 'vitest';
import { Engine } from '../../../src/lib/engine/engine.ts';
import { memoryCache } from '../../../src/lib/data/cache.ts';
import { memoryManifestMemory } from '../../../src/lib/data/saved-manifests.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import type { MapParams } from '../../../src/lib/model/types.ts';
import { LiveTradeProfile } from '../../../src/lib/live/live-trades.ts';
import { sampleCandleRows, sampleOiRows, sampleVolumeRows, writeProfile } from '../../helpers/profile-writers.ts';

const HOUR = 3_600_000;
const bybit = { metadata: { 'liqmap.exchange': 'bybit' } };
const params: MapParams = {
  symbol: 'BTCUSDT', model: 'oi', windowDays: 1, step: 10, whaleThreshold: 100_000, split: 'taker', formula: 'exact',
  tiers: DEFAULT_TIERS.map((t) => ({ ...t })), mmr: 0.004, oiUsd: 1e9, markPrice: 90_060,
};

test('uploads of both exchanges coexist, and a view of both names each exchange', async () => {
  const engine = new Engine({ openCache: async () => memoryCache(), manifests: memoryManifestMemory(), fetch: (async () => new Response('none', { status: 404 })) as typeof fetch });
  const verdicts = await engine.upload([
    { name: 'binance-volume.parquet', bytes: await writeProfile('volume', sampleVolumeRows('2025-11', 6)) },
    { name: 'binance-candles.parquet', bytes: await writeProfile('candles', sampleCandleRows('2025-11')) },
    { name: 'bybit-volume.parquet', bytes: await writeProfile('volume', sampleVolumeRows('2025-11', 4, 10, 90_030), bybit) },
    { name: 'bybit-candles.parquet', bytes: await writeProfile('candles', sampleCandleRows('2025-11', 24, 90_400), bybit) },
    { name: 'bybit-oi.parquet', bytes: await writeProfile('oi', sampleOiRows('2025-11'), bybit) },
  ]);
  expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, true, true]);
  expect(verdicts[2].message).toContain('Bybit BTCUSDT 2025-11 volume');
  expect(verdicts[0].message).toContain(': BTCUSDT 2025-11 volume');

  const catalog = await engine.catalog();
  expect(catalog.symbols).toEqual([{ symbol: 'BTCUSDT', months: ['2025-11'], exchanges: { '2025-11': ['binance', 'bybit'] }, synthetic: false }]);
  const entries = (await engine.cacheReport()).entries;
  expect(entries.map((e) => e.exchange ?? 'binance').sort()).toEqual(['binance', 'binance', 'bybit', 'bybit', 'bybit']);

  const both = await engine.prepare('BTCUSDT', 1, undefined, ['binance', 'bybit']);
  expect(both.exchanges?.map((e) => [e.id, e.months, e.lastClose])).toEqual([['binance', ['2025-11'], 90_024], ['bybit', ['2025-11'], 90_424]]);
  expect(both.exchanges?.[1].lastOi?.contracts).toBe(80_011);
  expect(both.lastClose).toBe(90_024); // the first exchange leads

  const alone = await engine.computeMap(params);
  const summed = await engine.computeMap({ ...params, exchanges: [{ id: 'binance', oiUsd: 1e9, markPrice: 90_060 }, { id: 'bybit', oiUsd: 5e8, markPrice: 90_075 }] });
  const bybitAlone = await engine.computeMap({ ...params, exchanges: [{ id: 'bybit', oiUsd: 5e8, markPrice: 90_075 }] });
  expect(summed.totals.total).toBeCloseTo(alone.totals.total + bybitAlone.totals.total, 3);
  expect(bybitAlone.exchanges?.map((e) => e.id)).toEqual(['bybit']);

  // Bybit's live trades go into Bybit's own rows, after Bybit's own last hour: Binance's map is unchanged.
  const bybitEnd = both.exchanges![1].lastHour;
  expect(bybitEnd).toBeLessThan(both.exchanges![0].lastHour);
  const live = new LiveTradeProfile(bybitEnd);
  live.add([{ time: bybitEnd + HOUR + 5_000, price: 90_021.5, quantity: 30, takerSell: true, key: 'fill-a' }]);
  expect(await engine.loadLiveRows('BTCUSDT', live.rows(), 'bybit')).toEqual({ volumeRows: 1, candles: 1, afterHour: bybitEnd });
  const bybitLive = await engine.computeMap({ ...params, exchanges: [{ id: 'bybit', oiUsd: 5e8, markPrice: 90_075 }] });
  expect(bybitLive.months).toEqual(['2025-11', 'live']);
  expect(bybitLive.entryNotional - bybitAlone.entryNotional).toBeCloseTo(90_021.5 * 30, 3);
  expect(bybitLive.entryBuyNotional).toBeCloseTo(bybitAlone.entryBuyNotional, 3); // a taker sell
  const binanceAfter = await engine.computeMap(params);
  expect(binanceAfter.months).toEqual(['2025-11']);
  expect(Array.from(binanceAfter.cells.volumeUsd)).toEqual(Array.from(alone.cells.volumeUsd));
  const summedLive = await engine.computeMap({ ...params, exchanges: [{ id: 'binance', oiUsd: 1e9, markPrice: 90_060 }, { id: 'bybit', oiUsd: 5e8, markPrice: 90_075 }] });
  expect(summedLive.exchanges?.map((e) => [e.id, e.months])).toEqual([['binance', ['2025-11']], ['bybit', ['2025-11', 'live']]]);
  expect(summedLive.entryNotional).toBeCloseTo(alone.entryNotional + bybitLive.entryNotional, 3);
});

test('an exchange the source does not offer is named, and Binance alone is prepared as before', async () => {
  const engine = new Engine({ openCache: async () => memoryCache(), manifests: memoryManifestMemory(), fetch: (async () => new Response('none', { status: 404 })) as typeof fetch });
  await engine.upload([{ name: 'v.parquet', bytes: await writeProfile('volume', sampleVolumeRows('2025-11', 6)) }]);
  const before = await engine.prepare('BTCUSDT', 1);
  expect(before.exchanges).toBeUndefined();
  const both = await engine.prepare('BTCUSDT', 1, undefined, ['binance', 'bybit']);
  expect(both.exchanges?.[1]).toMatchObject({ id: 'bybit', months: [], absent: 'No Bybit profile data for BTCUSDT in this source.' });
  await expect(engine.prepare('BTCUSDT', 1, undefined, ['bybit'])).rejects.toThrow(/on Bybit/);
});
