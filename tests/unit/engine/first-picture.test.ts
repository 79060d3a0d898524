/**
 * A returning visit's first map: answered from what the last visit kept, before the files are loaded,
 * only while the files are the same; the kept result equals the computed one.
 */
import { describe, expect, test } from 'vitest';
import { Engine } from '../../../src/lib/engine/engine.ts';
import { memoryCache } from '../../../src/lib/data/cache.ts';
import { memoryManifestMemory } from '../../../src/lib/data/saved-manifests.ts';
import { memoryDerivedMemory, type DerivedMemory } from '../../../src/lib/data/derived-store.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import { LiveTradeProfile } from '../../../src/lib/live/live-trades.ts';
import type { MapParams } from '../../../src/lib/model/types.ts';
import { BASE, site } from '../../helpers/profile-site.ts';

const PARAMS: MapParams = {
  symbol: 'BTCUSDT', model: 'oi', windowDays: 1, step: 100, whaleThreshold: 0, split: 'even', formula: 'exact',
  tiers: [...DEFAULT_TIERS], mmr: 0.004, oiUsd: 1e9, markPrice: 90_300,
};

/** Profile files still downloading: the manifest answers, anything that needs a file's rows waits. */
const stalled = (fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
  (async (input: RequestInfo | URL, init?: RequestInit) => (String(input).endsWith('.parquet') ? new Promise<Response>(() => undefined) : fetch(input, init))) as typeof globalThis.fetch;

function visit(fetch: typeof globalThis.fetch, derived: DerivedMemory, filesArrive = true) {
  return new Engine({ openCache: async () => memoryCache(), manifests: memoryManifestMemory(), fetch: filesArrive ? fetch : stalled(fetch), derived });
}

/** A first visit that prepares BTCUSDT and computes PARAMS' map, so the engine keeps both. */
async function firstVisit(fetch: typeof globalThis.fetch, derived: DerivedMemory) {
  const first = visit(fetch, derived);
  await first.openSource(BASE + 'manifest.json', []);
  const prepared = await first.prepare('BTCUSDT', 1);
  const computed = await first.computeMap(PARAMS);
  return { prepared, computed };
}

const comparable = (m: Awaited<ReturnType<Engine['computeMap']>>) => ({ ...m, computeMs: 0 });

describe('first picture of a returning visit', () => {
  test('the same files give the kept facts and map before the files are loaded, equal to the computed ones', async () => {
    const s = await site(['2025-11']);
    const derived = memoryDerivedMemory();
    const { prepared, computed } = await firstVisit(s.fetch, derived);

    const second = visit(s.fetch, derived, false);
    await second.openSource(BASE + 'manifest.json', []);
    expect(await second.prepare('BTCUSDT', 1)).toEqual(prepared);
    const kept = await second.computeMap(PARAMS);
    expect(comparable(kept)).toEqual(comparable(computed));
    // Levels are placed anew: another OI scales the kept aggregate's picture.
    const halved = await second.computeMap({ ...PARAMS, oiUsd: 5e8 });
    expect(halved.totals.total).toBeCloseTo(computed.totals.total / 2, 0);
  });

  test('the months load behind the kept answer only once its first map is asked for, not before it', async () => {
    const s = await site(['2025-11']);
    const derived = memoryDerivedMemory();
    await firstVisit(s.fetch, derived);
    const parquet = () => s.requests.filter((u) => u.endsWith('.parquet')).length;
    const before = parquet();

    const second = visit(s.fetch, derived);
    await second.openSource(BASE + 'manifest.json', []);
    await second.prepare('BTCUSDT', 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(parquet()).toBe(before);
    await second.computeMap(PARAMS);
    // Well before the loading's own deadline (3 s): the map opened the way.
    for (let i = 0; i < 40 && parquet() === before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(parquet()).toBeGreaterThan(before);
  });

  test('another file for a month, or other parameters, are not answered from memory', async () => {
    const derived = memoryDerivedMemory();
    const before = await site(['2025-11']);
    await firstVisit(before.fetch, derived);

    // Other parameters: nothing kept for them, so the map waits for the files.
    const second = visit(before.fetch, derived, false);
    await second.openSource(BASE + 'manifest.json', []);
    await second.prepare('BTCUSDT', 1);
    const other = await Promise.race([second.computeMap({ ...PARAMS, windowDays: 2 }).then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
    expect(other).toBe('waiting');

    // The source rebuilt the month (other bytes): its files are not the kept ones.
    const rebuilt = await site(['2025-11'], 90_500);
    const third = visit(rebuilt.fetch, derived, false);
    await third.openSource(BASE + 'manifest.json', []);
    const prepared = await Promise.race([third.prepare('BTCUSDT', 1).then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
    expect(prepared).toBe('waiting');
  });

  test('once live rows are in the engine, the map is computed, not remembered', async () => {
    const s = await site(['2025-11']);
    const derived = memoryDerivedMemory();
    const { computed } = await firstVisit(s.fetch, derived);

    const second = visit(s.fetch, derived);
    await second.openSource(BASE + 'manifest.json', []);
    const prepared = await second.prepare('BTCUSDT', 1);
    const trades = new LiveTradeProfile(prepared.lastHour);
    trades.add([{ time: prepared.lastHour + 3_600_000 + 5, price: 90_003.7, quantity: 20, takerSell: false, id: 1 }]);
    await second.loadLiveRows('BTCUSDT', trades.rows());
    const live = await second.computeMap(PARAMS);
    expect(live.months).toContain('live');
    expect(live.entryNotional).not.toBe(computed.entryNotional);
  });
});
