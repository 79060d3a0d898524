// The IndexedDB cache (fake-indexeddb) and persistence across LiveFigures instances.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { createIdbLiveCache, type LiveRecord } from '../../../src/lib/binance/cache.ts';
import { LiveFigures } from '../../../src/lib/binance/live.ts';
import { manualVisibility } from '../../../src/lib/scheduling.ts';
import { startBinanceMock, type BinanceMock } from '../../mock/binance-mock.ts';
import { ManualClock } from './manual-clock.ts';

let mock: BinanceMock;
beforeAll(async () => {
  mock = await startBinanceMock();
});
afterAll(() => mock.close());

const record: LiveRecord = {
  symbol: 'BTCUSDT',
  contracts: 80_000,
  markPrice: 100_000,
  indexPrice: 100_010,
  oiUsd: 8e9,
  oiTime: 1_700_000_000_000,
  priceTime: 1_700_000_000_500,
  receivedAt: 1_700_000_001_000,
};

describe('createIdbLiveCache', () => {
  it('stores per symbol in its own database and ignores unusable entries', async () => {
    const cache = createIdbLiveCache();
    expect(await cache.get('BTCUSDT')).toBeUndefined();
    await cache.set('BTCUSDT', record);
    expect(await createIdbLiveCache().get('BTCUSDT')).toEqual(record);
    await set('ETHUSDT', { symbol: 'ETHUSDT', contracts: 'lots' }, createStore('liqmap-live', 'figures'));
    expect(await cache.get('ETHUSDT')).toBeUndefined();
  });

  it('a new LiveFigures shows the figure an earlier one stored, while Binance is unreachable', async () => {
    const clock = new ManualClock();
    const common = { baseUrl: mock.url, timers: clock, now: clock.now, visibility: manualVisibility() };
    mock.setFigures('SOLUSDT', { openInterest: 1_000_000, markPrice: 150, time: clock.time - 3_000 });
    const first = new LiveFigures({ ...common, cache: createIdbLiveCache() });
    first.setSymbol('SOLUSDT');
    await first.idle();
    expect(first.getState().source).toBe('live');
    first.dispose();

    clock.advance(3_600_000);
    const offline = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    const second = new LiveFigures({ ...common, fetch: offline, cache: createIdbLiveCache() });
    second.setSymbol('SOLUSDT');
    await second.idle();
    const state = second.getState();
    expect(state).toMatchObject({ source: 'cached', error: { kind: 'unreachable' } });
    expect(state.figure).toMatchObject({ oiUsd: 150_000_000, ageMs: 3_603_000 });
    second.dispose();
  });
});
