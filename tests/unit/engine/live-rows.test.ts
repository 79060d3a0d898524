// The live partial profile enters the models through the engine: trades after the last
// profile hour become month 'live', binned with the profile's step; the map then includes them.
import { expect, test } from 'vitest';
import { Engine } from '../../../src/lib/engine/engine.ts';
import { memoryCache } from '../../../src/lib/data/cache.ts';
import { memoryManifestMemory } from '../../../src/lib/data/saved-manifests.ts';
import { sha256Hex } from '../../../src/lib/data/hash.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import { LiveTradeProfile } from '../../../src/lib/live/live-trades.ts';
import type { MapParams } from '../../../src/lib/model/types.ts';
import { monthStart, sampleCandleRows, sampleOiRows, sampleVolumeRows, writeProfile } from '../../helpers/profile-writers.ts';

const BASE = 'https://profiles.test/p/';
const HOUR = 3_600_000;

test('live trades after the profile are loaded as month live and move the map', async () => {
  const files: Record<string, Uint8Array> = {
    'BTCUSDT-2025-11.volume.parquet': await writeProfile('volume', sampleVolumeRows('2025-11', 6), { month: '2025-11' }),
    'BTCUSDT-2025-11.candles.parquet': await writeProfile('candles', sampleCandleRows('2025-11', 72), { month: '2025-11' }),
    'BTCUSDT-2025-11.oi.parquet': await writeProfile('oi', sampleOiRows('2025-11', 72), { month: '2025-11' }),
  };
  const manifest = {
    schema: 1,
    files: await Promise.all(Object.entries(files).map(async ([path, bytes]) => ({
      symbol: 'BTCUSDT', month: '2025-11', kind: path.split('.')[1], path, bytes: bytes.length, sha256: await sha256Hex(bytes), rows: 1, synthetic: false,
    }))),
  };
  const fetch = (async (input: RequestInfo | URL) => {
    const name = String(input).slice(BASE.length);
    if (name === 'manifest.json') return new Response(JSON.stringify(manifest));
    return files[name] ? new Response(files[name].slice().buffer) : new Response('missing', { status: 404 });
  }) as typeof globalThis.fetch;
  const newEngine = () => new Engine({ openCache: async () => memoryCache(), manifests: memoryManifestMemory(), fetch });
  const engine = newEngine();
  await engine.openSource(BASE + 'manifest.json', []);
  const prepared = await engine.prepare('BTCUSDT', 1);
  const lastHour = monthStart('2025-11') + 5 * HOUR;
  expect(prepared.lastHour).toBe(lastHour);

  const params: MapParams = {
    symbol: 'BTCUSDT', model: 'oi', windowDays: 1, step: 10, whaleThreshold: 100_000, split: 'taker', formula: 'exact',
    tiers: [...DEFAULT_TIERS], mmr: 0.004, oiUsd: 1e9, markPrice: 90_050,
  };
  const before = await engine.computeMap(params);

  const live = new LiveTradeProfile(lastHour);
  live.add([
    { time: lastHour + 10 * 60_000, price: 99_999, quantity: 50, takerSell: false, id: 1 }, // in the last profile hour: not live
    { time: lastHour + HOUR + 5, price: 90_003.7, quantity: 20, takerSell: false, id: 2 }, // a 1.8M taker buy in bin 90000
    { time: lastHour + HOUR + 9, price: 90_013, quantity: 0.001, takerSell: true, id: 3 },
  ]);
  expect(await engine.loadLiveRows('BTCUSDT', live.rows())).toEqual({ volumeRows: 2, candles: 1, afterHour: lastHour });
  const after = await engine.computeMap(params);
  expect(after.window.toHour).toBe(lastHour + HOUR);
  expect(after.months).toContain('live');
  // Whale notional of the window grew by the live whale trade (the small one is below the threshold).
  expect(after.entryNotional - before.entryNotional).toBeCloseTo(90_003.7 * 20, 3);
  expect(after.entryBuyNotional - before.entryBuyNotional).toBeCloseTo(90_003.7 * 20, 3);

  // A later load replaces the live rows; it never adds them twice.
  expect(await engine.loadLiveRows('BTCUSDT', live.rows())).toEqual({ volumeRows: 2, candles: 1, afterHour: lastHour });
  const again = await engine.computeMap(params);
  expect(again.entryNotional).toBeCloseTo(after.entryNotional, 3);

  // What the engine kept from before the live rows does not leak in: equal to an engine that saw them first.
  const fresh = newEngine();
  await fresh.openSource(BASE + 'manifest.json', []);
  await fresh.prepare('BTCUSDT', 1);
  await fresh.loadLiveRows('BTCUSDT', live.rows());
  const full = await fresh.computeMap(params);
  expect(Array.from(again.cells.volumeUsd)).toEqual(Array.from(full.cells.volumeUsd));
  expect(Array.from(again.cells.priceBin)).toEqual(Array.from(full.cells.priceBin));
  expect(again.window).toEqual(full.window);
});
