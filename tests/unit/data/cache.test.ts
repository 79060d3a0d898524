import 'fake-indexeddb/auto';
import { createStore, del, type UseStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { QuotaExceeded, idbCache, memoryCache, openProfileCache, type CacheInfo, type ProfileCache } from '../../../src/lib/data/cache.ts';
import { sha256Hex } from '../../../src/lib/data/hash.ts';

const info = (over: Partial<CacheInfo> = {}) => ({
  source: 'upload', exchange: 'binance' as const, symbol: 'BTCUSDT', month: '2025-11', kind: 'volume' as const, fileName: 'BTCUSDT-2025-11.volume.parquet', ...over,
});
const file = async (seed: number, size = 1000) => {
  const bytes = new Uint8Array(size).map((_, i) => (i * 31 + seed) % 256);
  return { bytes, sha: await sha256Hex(bytes) };
};

let dbCount = 0;
/** An idb-keyval store that records writes and deletes, and can refuse writes as a full disk does. */
function recordingStore(refuse: (key: string) => boolean = () => false) {
  const real = createStore(`liqmap-test-${++dbCount}`, 'files');
  const log: string[] = [];
  const store: UseStore = (mode, callback) =>
    real(mode, (s) =>
      callback(
        new Proxy(s, {
          get(target, prop) {
            if (prop === 'put') {
              return (value: unknown, key: IDBValidKey) => {
                if (refuse(String(key))) throw new DOMException('quota', 'QuotaExceededError');
                log.push(`put ${String(key).split(':')[0]}`);
                return target.put(value, key);
              };
            }
            if (prop === 'delete') {
              return (key: IDBValidKey) => (log.push(`delete ${String(key).split(':')[0]}`), target.delete(key));
            }
            const v = Reflect.get(target, prop);
            return typeof v === 'function' ? v.bind(target) : v;
          },
        }),
      ),
    );
  return { store, log, real };
}

function contract(name: string, make: () => ProfileCache) {
  describe(`${name} cache`, () => {
    it('stores, lists, returns and deletes by sha256', async () => {
      const cache = make();
      const a = await file(1);
      const b = await file(2, 500);
      await cache.put(a.sha, a.bytes, info());
      await cache.put(b.sha, b.bytes, info({ kind: 'candles', source: 'remote:https://x.test/m.json' }));
      expect(await cache.get(a.sha)).toEqual(a.bytes);
      expect(await cache.get('0'.repeat(64))).toBeUndefined();
      expect((await cache.list()).map((e) => [e.kind, e.bytes]).sort()).toEqual([['candles', 500], ['volume', 1000]]);
      expect(await cache.estimate()).toMatchObject({ entries: 2, bytes: 1500 });
      await cache.delete(a.sha);
      expect(await cache.get(a.sha)).toBeUndefined();
      expect(await cache.list()).toHaveLength(1);
    });
    it('refuses bytes that do not match the sha256', async () => {
      const cache = make();
      const a = await file(1);
      await expect(cache.put('f'.repeat(64), a.bytes, info())).rejects.toThrow(/do not match/);
      expect(await cache.list()).toEqual([]);
    });
  });
}

contract('memory', () => memoryCache());
contract('IndexedDB', () => idbCache({ store: recordingStore().store }));

describe('IndexedDB cache ordering and quota', () => {
  it('writes bytes before the index entry and deletes the entry first', async () => {
    const { store, log } = recordingStore();
    const cache = idbCache({ store });
    const a = await file(3);
    await cache.put(a.sha, a.bytes, info());
    await cache.delete(a.sha);
    expect(log).toEqual(['put bytes', 'put entry', 'delete entry', 'delete bytes']);
  });

  it('never lists an entry whose bytes are gone (another tab deleting)', async () => {
    const { store } = recordingStore();
    const cache = idbCache({ store });
    const a = await file(4);
    await cache.put(a.sha, a.bytes, info());
    await del(`bytes:${a.sha}`, store);
    expect(await cache.list()).toEqual([]);
  });

  for (const failing of ['bytes', 'entry']) {
    it(`a full disk while writing the ${failing} throws QuotaExceeded and keeps what was there`, async () => {
      const old = await file(5);
      const next = await file(6);
      const { store } = recordingStore((key) => key === `${failing}:${next.sha}`);
      const cache = idbCache({ store });
      await cache.put(old.sha, old.bytes, info());
      const err = await cache.put(next.sha, next.bytes, info({ month: '2025-12' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QuotaExceeded);
      expect((err as QuotaExceeded).message).toContain('BTCUSDT-2025-11.volume.parquet');
      expect((await cache.list()).map((e) => e.sha256)).toEqual([old.sha]);
      expect(await cache.get(old.sha)).toEqual(old.bytes);
      expect(await cache.get(next.sha)).toBeUndefined();
    });
  }

  it('opens IndexedDB when available and is persistent', async () => {
    expect((await openProfileCache()).persistent).toBe(true);
    expect(memoryCache().persistent).toBe(false);
  });
});

describe('memory cache quota', () => {
  it('throws QuotaExceeded past its size and keeps what was there', async () => {
    const cache = memoryCache({ quotaBytes: 1500 });
    const a = await file(1);
    const b = await file(2);
    await cache.put(a.sha, a.bytes, info());
    await expect(cache.put(b.sha, b.bytes, info())).rejects.toBeInstanceOf(QuotaExceeded);
    expect((await cache.list()).map((e) => e.sha256)).toEqual([a.sha]);
  });
});

describe('memory cache bound (liqmap serve)', () => {
  it('lets the least recently used files go past maxBytes, a file read counting as a use', async () => {
    const cache = memoryCache({ maxBytes: 2500 });
    const [a, b, c] = await Promise.all([file(1), file(2), file(3)]);
    await cache.put(a.sha, a.bytes, info());
    await cache.put(b.sha, b.bytes, info());
    expect(await cache.get(a.sha)).toEqual(a.bytes); // a is now the most recent
    await cache.put(c.sha, c.bytes, info());
    expect((await cache.list()).map((e) => e.sha256).sort()).toEqual([a.sha, c.sha].sort());
    expect(await cache.get(b.sha)).toBeUndefined();
    // A file larger than the bound is still kept, alone.
    const big = await file(4, 3000);
    await cache.put(big.sha, big.bytes, info());
    expect((await cache.list()).map((e) => e.sha256)).toEqual([big.sha]);
  });
});
