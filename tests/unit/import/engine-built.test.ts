/**
 * Built months through the engine (memory cache): cached as "built", offered,
 * loaded; a month built from dailies states its missing days; a later build replaces it.
 */
import { describe, expect, test } from 'vitest';
import { Engine } from '../../../src/lib/engine/engine.ts';
import { memoryManifestMemory } from '../../../src/lib/data/saved-manifests.ts';
import { buildMonth } from '../../../src/lib/import/month-build.ts';
import { aggTradesCsv, someTrades } from '../builder/helpers.ts';
import { memoryInput } from './helpers.ts';
import type { BuiltColumns } from '../../../src/lib/data/built-columns.ts';
import { encodeProfile } from '../../../src/lib/data/profile-writer.ts';
import { BUILT_SOURCE, memoryCache, UPLOAD_SOURCE } from '../../../src/lib/data/cache.ts';
import { sha256Hex } from '../../../src/lib/data/hash.ts';

const MONTH = '2025-11';

function dayTrades(day: string, n: number) {
  const start = Date.parse(`${day}T00:00:00Z`);
  return someTrades(MONTH, n).map((t, i) => ({ ...t, time: start + i * 60_000 }));
}

describe('engine.storeBuilt', () => {
  test('a month from daily files states its missing day; the monthly build replaces it', async () => {
    const cache = memoryCache();
    const engine = new Engine({ openCache: async () => cache, manifests: memoryManifestMemory(), fetch: globalThis.fetch });
    const days = ['2025-11-01', '2025-11-02', '2025-11-04'];
    const daily = await buildMonth('BLDUSDT', MONTH, days.map((d) => memoryInput(`BLDUSDT-aggTrades-${d}.csv`, aggTradesCsv(dayTrades(d, 40), true))));
    const verdicts = await engine.storeBuilt(daily.profiles.map((p) => ({ name: p.fileName, bytes: p.bytes })));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true]);
    expect((await cache.list()).map((e) => `${e.source} ${e.kind} ${e.days}`).sort()).toEqual([
      'built candles 2025-11-01..2025-11-02,2025-11-04..2025-11-04', 'built volume 2025-11-01..2025-11-02,2025-11-04..2025-11-04',
    ]);
    const catalog = await engine.catalog();
    expect(catalog.symbols.find((s) => s.symbol === 'BLDUSDT')?.months).toEqual([MONTH]);
    const prepared = await engine.prepare('BLDUSDT', 7);
    expect(prepared.partial).toEqual([{ month: MONTH, days: '2025-11-01..2025-11-02,2025-11-04..2025-11-04', missing: ['2025-11-03'] }]);

    const monthly = await buildMonth('BLDUSDT', MONTH, [memoryInput(`BLDUSDT-aggTrades-${MONTH}.csv`, aggTradesCsv(someTrades(MONTH, 300), true))]);
    await engine.storeBuilt(monthly.profiles.map((p) => ({ name: p.fileName, bytes: p.bytes })));
    const left = await cache.list();
    expect(left).toHaveLength(2);
    expect(left.every((e) => e.days === undefined)).toBe(true);
    expect((await engine.prepare('BLDUSDT', 7)).partial).toEqual([]);
  }, 60_000);

  test('bytes stored from early columns are read in full before the earlier build goes: bad pages under a good footer keep it', async () => {
    const cache = memoryCache();
    const engine = new Engine({ openCache: async () => cache, manifests: memoryManifestMemory(), fetch: globalThis.fetch });
    const monthly = (n: number) => [memoryInput(`VFYUSDT-aggTrades-${MONTH}.csv`, aggTradesCsv(someTrades(MONTH, n), true))];
    const first = await buildMonth('VFYUSDT', MONTH, monthly(300));
    await engine.storeBuilt(first.profiles.map((p) => ({ name: p.fileName, bytes: p.bytes })));
    const before = new Map((await cache.list()).map((e) => [e.kind, e.sha256]));

    let early: BuiltColumns[] = [];
    const second = await buildMonth('VFYUSDT', MONTH, monthly(200), { onColumns: (b) => (early = b) });
    // The volume file's bytes as a faulty writer might make them: the same footer (metadata,
    // schema, rows), a bad value in its pages. Its early columns are the good ones.
    const volume = early.find((e) => e.kind === 'volume')!;
    const notional = volume.numbers.notional.slice();
    notional[3] = -1;
    const badBytes = encodeProfile('volume', { ...volume.numbers, notional, side: Array.from(volume.codes.side.of, (k) => volume.codes.side.words[k]) }, volume.metadata);
    await engine.checkBuilt(early);
    const verdicts = await engine.storeBuilt(second.profiles.map((p) => ({ name: p.fileName, bytes: p.kind === 'volume' ? badBytes : p.bytes })));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true]); // the chart path takes the checked columns

    const report = await engine.cacheReport(); // after the full reads
    const after = new Map(report.entries.map((e) => [e.kind, e.sha256]));
    expect(report.entries).toHaveLength(2);
    expect(after.get('volume')).toBe(before.get('volume')); // the bad bytes left, the earlier build stayed
    expect(after.get('candles')).not.toBe(before.get('candles')); // read in full, so it replaced the earlier build
    expect(report.refused.filter((m) => m.includes(volume.fileName) && m.includes('full read'))).toHaveLength(1);
  }, 60_000);

  describe('a replacement cut short (the page closed before the full read) leaves two builds of a month', () => {
    /** A cache holding VFYUSDT's first build and, saved later, a second one; the bytes of its volume file from `volumeBytes`. */
    async function twoBuilds(volumeBytes: (early: BuiltColumns, good: Uint8Array) => Uint8Array, source = BUILT_SOURCE) {
      let clock = 1_000;
      const cache = memoryCache({ now: () => (clock += 1_000) });
      const first = await buildMonth('VFYUSDT', MONTH, [memoryInput(`VFYUSDT-aggTrades-${MONTH}.csv`, aggTradesCsv(someTrades(MONTH, 300), true))]);
      for (const p of first.profiles) await cache.put(await sha256Hex(p.bytes), p.bytes, { source, exchange: 'binance', symbol: 'VFYUSDT', month: MONTH, kind: p.kind, fileName: p.fileName });
      const earlier = await cache.list();
      let early: BuiltColumns[] = [];
      const second = await buildMonth('VFYUSDT', MONTH, [memoryInput(`VFYUSDT-aggTrades-${MONTH}.csv`, aggTradesCsv(someTrades(MONTH, 200), true))], { onColumns: (b) => (early = b) });
      // Stored as storeBuilt stores them, the earlier build not deleted yet: where a closed page stops.
      for (const p of second.profiles) {
        const bytes = p.kind === 'volume' ? volumeBytes(early.find((e) => e.kind === 'volume')!, p.bytes) : p.bytes;
        await cache.put(await sha256Hex(bytes), bytes, { source, exchange: 'binance', symbol: 'VFYUSDT', month: MONTH, kind: p.kind, fileName: p.fileName });
      }
      return { cache, earlier, later: (await cache.list()).filter((e) => !earlier.some((x) => x.sha256 === e.sha256)) };
    }

    test('the newer build read in full: the earlier one leaves the cache on the next visit', async () => {
      const { cache, later } = await twoBuilds((_, good) => good);
      expect(await cache.list()).toHaveLength(4);
      const engine = new Engine({ openCache: async () => cache, manifests: memoryManifestMemory(), fetch: globalThis.fetch });
      const prepared = await engine.prepare('VFYUSDT', 7);
      expect(prepared.problems).toEqual([]);
      const report = await engine.cacheReport();
      expect(report.entries.map((e) => e.sha256).sort()).toEqual(later.map((e) => e.sha256).sort());
    }, 60_000);

    test('uploads are not builds: an earlier upload of the month stays beside the newer one', async () => {
      const { cache } = await twoBuilds((_, good) => good, UPLOAD_SOURCE);
      const engine = new Engine({ openCache: async () => cache, manifests: memoryManifestMemory(), fetch: globalThis.fetch });
      expect((await engine.prepare('VFYUSDT', 7)).problems).toEqual([]);
      expect((await engine.cacheReport()).entries).toHaveLength(4);
    }, 60_000);

    test('the newer build fails its read: the earlier one is used, said so, and the failed copy goes', async () => {
      const { cache, earlier, later } = await twoBuilds((volume) => {
        const notional = volume.numbers.notional.slice();
        notional[3] = -1; // a bad value in its pages under a good footer, as a faulty writer might leave it
        return encodeProfile('volume', { ...volume.numbers, notional, side: Array.from(volume.codes.side.of, (k) => volume.codes.side.words[k]) }, volume.metadata);
      });
      const engine = new Engine({ openCache: async () => cache, manifests: memoryManifestMemory(), fetch: globalThis.fetch });
      const prepared = await engine.prepare('VFYUSDT', 7);
      const badVolume = later.find((e) => e.kind === 'volume')!;
      expect(prepared.problems.filter((m) => m.startsWith(`${badVolume.fileName}: the earlier copy of VFYUSDT ${MONTH} volume`))).toHaveLength(1);
      const report = await engine.cacheReport();
      const kept = new Map(report.entries.map((e) => [e.kind, e.sha256]));
      expect(report.entries).toHaveLength(2);
      expect(kept.get('volume')).toBe(earlier.find((e) => e.kind === 'volume')!.sha256); // the failed copy left, the earlier build stayed
      expect(kept.get('candles')).toBe(later.find((e) => e.kind === 'candles')!.sha256); // read in full: it replaced its earlier build
      // The chart uses the earlier build's 300 trades, not nothing.
      expect(prepared.months).toContain(MONTH);
    }, 60_000);
  });

  test("a month's files are all cached before their full reads start (the next file's write does not wait behind one)", async () => {
    const cache = memoryCache();
    const log: string[] = [];
    const logged = { ...cache, persistent: cache.persistent,
      put: async (...a: Parameters<typeof cache.put>) => {
        await new Promise((resolve) => setTimeout(resolve, 20)); // a write takes a while, as IndexedDB's do
        const entry = await cache.put(...a);
        log.push(`put ${a[2].kind}`);
        return entry;
      },
      delete: async (sha: string) => (log.push('delete'), cache.delete(sha)) };
    const engine = new Engine({ openCache: async () => logged, manifests: memoryManifestMemory(), fetch: globalThis.fetch });
    const monthly = (n: number) => [memoryInput(`ORDUSDT-aggTrades-${MONTH}.csv`, aggTradesCsv(someTrades(MONTH, n), true))];
    const first = await buildMonth('ORDUSDT', MONTH, monthly(300));
    await engine.storeBuilt(first.profiles.map((p) => ({ name: p.fileName, bytes: p.bytes })));
    log.length = 0;
    let early: BuiltColumns[] = [];
    const second = await buildMonth('ORDUSDT', MONTH, monthly(200), { onColumns: (b) => (early = b) });
    await engine.checkBuilt(early);
    await engine.storeBuilt(second.profiles.map((p) => ({ name: p.fileName, bytes: p.bytes })));
    await engine.cacheReport(); // after the full reads
    expect(log).toEqual(['put volume', 'put candles', 'delete', 'delete']);
  }, 60_000);
});
