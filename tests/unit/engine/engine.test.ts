/**
 * The engine end to end in Node: manifest → download (injected fetch) → validate → load →
 * model, with the same Engine class the worker exposes.
 */
import { describe, expect, test, vi } from 'vitest';
import { Engine } from '../../../src/lib/engine/engine.ts';
import { memoryCache, openProfileCache } from '../../../src/lib/data/cache.ts';
import { memoryManifestMemory } from '../../../src/lib/data/saved-manifests.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import { sampleVolumeRows, writeProfile } from '../../helpers/profile-writers.ts';
import { BASE, site } from '../../helpers/profile-site.ts';

function engineFor(fetch: typeof globalThis.fetch, cache = memoryCache(), manifests = memoryManifestMemory()) {
  return new Engine({ openCache: async () => cache, manifests, fetch });
}

describe('engine', () => {
  test('opens a source, loads only the months a window needs, and computes a map', async () => {
    const s = await site(['2025-10', '2025-11']);
    const engine = engineFor(s.fetch);
    const catalog = await engine.openSource(BASE + 'manifest.json', []);
    expect(catalog.problems).toEqual([]);
    expect(catalog.symbols).toEqual([{ symbol: 'BTCUSDT', months: ['2025-10', '2025-11'], synthetic: true }]);

    const prepared = await engine.prepare('BTCUSDT', 1, undefined);
    expect(prepared.months).toEqual(['2025-11']);
    expect(prepared.missing).toEqual([]);
    expect(prepared.synthetic).toBe(true);
    expect(prepared.lastHour).toBe(Date.UTC(2025, 10, 1) + 47 * 3_600_000);
    expect(prepared.lastClose).toBe(90_000 + 23 + 1);
    expect(prepared.lastOi?.contracts).toBe(80_011);
    expect(s.requests.filter((u) => u.includes('2025-10'))).toEqual([]);

    const map = await engine.computeMap({
      symbol: 'BTCUSDT', model: 'oi', windowDays: 1, step: 100, whaleThreshold: 0, split: 'even', formula: 'exact',
      tiers: [...DEFAULT_TIERS], mmr: 0.004, oiUsd: 1e9, markPrice: 90_300,
    });
    expect(map.totals.total).toBeGreaterThan(0);
    expect(map.totals.total).toBeLessThanOrEqual(1e9);
    expect(map.months).toEqual(['2025-11']);
  });

  test('a prepare sent with the source, before its catalog is back, waits for the source and loads its months', async () => {
    const s = await site(['2025-10', '2025-11']);
    // The manifest arrives late, as over a network: the prepare is in the worker before it.
    const slowManifest: typeof fetch = async (input, init) => {
      if (String(input).endsWith('manifest.json')) await new Promise((r) => setTimeout(r, 50));
      return s.fetch(input, init);
    };
    const engine = engineFor(slowManifest);
    const [catalog, prepared] = await Promise.all([engine.openSource(BASE + 'manifest.json', []), engine.prepare('BTCUSDT', 1)]);
    expect(catalog.problems).toEqual([]);
    expect(prepared.months).toEqual(['2025-11']);
    expect(prepared.problems).toEqual([]);
  });

  test('a slow source left behind does not replace the source chosen after it', async () => {
    const s = await site(['2025-11']);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) === BASE + 'manifest.json') {
        await gate;
        return s.fetch(input, init);
      }
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    const engine = engineFor(fetch);
    const slow = engine.openSource(BASE + 'manifest.json', []);
    const dead = await engine.openSource('http://127.0.0.1:9/manifest.json', []);
    release();
    const late = await slow;
    expect(dead.problems.join(' ')).toContain('http://127.0.0.1:9/manifest.json could not be read');
    expect(late.problems.join(' ')).toContain('was left for a source chosen after it');
    expect((await engine.catalog()).symbols).toEqual([]);
  });

  test('a window reaching back loads the earlier month; the source missing a month says so', async () => {
    const s = await site(['2025-10', '2025-11']);
    const engine = engineFor(s.fetch);
    await engine.openSource(BASE + 'manifest.json', []);
    const prepared = await engine.prepare('BTCUSDT', 90, undefined);
    expect(prepared.months).toEqual(['2025-10', '2025-11']);
    expect(prepared.missing).toEqual(['2025-08', '2025-09']);
  });

  /** A site of one month, opened and its month downloaded once: the cache and the saved manifest a later visit finds. */
  async function visitedOnce() {
    const s = await site(['2025-11']);
    const cache = memoryCache();
    const manifests = memoryManifestMemory();
    const first = engineFor(s.fetch, cache, manifests);
    await first.openSource(BASE + 'manifest.json', []);
    await first.prepare('BTCUSDT', 1);
    await first.cacheReport(); // the downloads are kept behind the answer
    return { s, cache, manifests };
  }

  test('a second engine on the same cache downloads nothing; offline it uses the saved manifest', async () => {
    const { s, cache, manifests } = await visitedOnce();
    const parquetRequests = () => s.requests.filter((u) => u.endsWith('.parquet')).length;
    const before = parquetRequests();
    expect(before).toBe(3);

    s.setOffline(true);
    const second = engineFor(s.fetch, cache, manifests);
    const catalog = await second.openSource(BASE + 'manifest.json', []);
    expect(catalog.problems.join(' ')).toContain(`The profile list ${BASE}manifest.json could not be read (Failed to fetch); using the copy saved 20`);
    const prepared = await second.prepare('BTCUSDT', 1);
    expect(prepared.months).toEqual(['2025-11']);
    expect(parquetRequests()).toBe(before);
  });

  test('with the browser offline, the saved list and a month not kept say so, not that a host failed', async () => {
    const s = await site(['2025-10', '2025-11']);
    const cache = memoryCache();
    const manifests = memoryManifestMemory();
    const first = engineFor(s.fetch, cache, manifests);
    await first.openSource(BASE + 'manifest.json', []);
    expect((await first.prepare('BTCUSDT', 1)).months).toEqual(['2025-11']);
    await first.cacheReport();
    s.setOffline(true);
    vi.stubGlobal('navigator', { onLine: false });
    try {
      const second = engineFor(s.fetch, cache, manifests);
      const catalog = await second.openSource(BASE + 'manifest.json', []);
      expect(catalog.problems.join(' ')).toContain(`The profile list ${BASE}manifest.json could not be read (the browser is offline); using the copy saved 20`);
      const wider = await second.prepare('BTCUSDT', 40);
      expect(wider.problems).toContain('BTCUSDT/BTCUSDT-2025-10.volume.parquet could not be downloaded: the browser is offline; it is asked for again once it is back online');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('a list that arrives but is no manifest (a captive portal\'s page) does not cost the saved copy', async () => {
    const { s, cache, manifests } = await visitedOnce();

    const portal = (async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith('manifest.json') ? new Response('<html>Sign in to the hotel wifi</html>') : s.fetch(input, init)) as typeof globalThis.fetch;
    const second = engineFor(portal, cache, manifests);
    const catalog = await second.openSource(BASE + 'manifest.json', []);
    expect(catalog.problems).toEqual([expect.stringMatching(new RegExp(`^${BASE}manifest\\.json was refused: it is not JSON; using the copy saved 20`))]);
    expect(catalog.symbols.map((x) => x.symbol)).toEqual(['BTCUSDT']);
    expect((await second.prepare('BTCUSDT', 1)).months).toEqual(['2025-11']);
    // The page is not kept as the list: back on the real network, the saved copy is still the good one.
    const third = engineFor(portal, cache, manifests);
    expect((await third.openSource(BASE + 'manifest.json', [])).symbols.map((x) => x.symbol)).toEqual(['BTCUSDT']);
  });

  test('a download cut off by the network is asked for again once it is back, and no longer listed as refused', async () => {
    const s = await site(['2025-11']);
    const engine = engineFor(s.fetch);
    await engine.openSource(BASE + 'manifest.json', []);
    s.setOffline(true);
    const offline = await engine.prepare('BTCUSDT', 1);
    expect(offline.months).toEqual([]);
    const failed = 'BTCUSDT/BTCUSDT-2025-11.volume.parquet could not be downloaded: the network or the host did not answer (Failed to fetch); it is asked for again on the next load';
    expect(offline.problems).toContain(failed);
    expect((await engine.cacheReport()).refused).toContain(failed);

    s.setOffline(false);
    const online = await engine.prepare('BTCUSDT', 1);
    expect(online.months).toEqual(['2025-11']);
    expect(online.problems).toEqual([]);
    expect((await engine.cacheReport()).refused).toEqual([]);
  });

  test('an unreadable manifest with nothing saved is a problem naming the URL, not a crash', async () => {
    const s = await site([]);
    s.setOffline(true);
    const catalog = await engineFor(s.fetch).openSource(BASE + 'manifest.json', []);
    expect(catalog.symbols).toEqual([]);
    expect(catalog.problems[0]).toContain(BASE + 'manifest.json');
  });
});

describe('engine uploads', () => {
  test('a valid upload is cached, offered and used; a bad one is refused and changes nothing', async () => {
    const s = await site(['2025-11']);
    const cache = memoryCache();
    const engine = engineFor(s.fetch, cache);
    await engine.openSource(BASE + 'manifest.json', []);
    const upload = await writeProfile('volume', sampleVolumeRows('2025-12', 24, 10, 91_000), { writer: 'duckdb', month: '2025-12', symbol: 'BTCUSDT', priceStep: 10 });
    const verdicts = await engine.upload([
      { name: 'mine.parquet', bytes: upload },
      { name: '<img src=x onerror=alert(1)>.parquet', bytes: new Uint8Array([1, 2, 3]) },
    ]);
    expect(verdicts[0]).toMatchObject({ ok: true, symbol: 'BTCUSDT', month: '2025-12', kind: 'volume' });
    expect(verdicts[1].ok).toBe(false);
    expect(verdicts[1].message).toContain('<img src=x onerror=alert(1)>.parquet');
    const report = await engine.cacheReport();
    expect(report.entries.filter((e) => e.source === 'upload').map((e) => e.month)).toEqual(['2025-12']);

    const catalog = await engine.openSource(BASE + 'manifest.json', []);
    expect(catalog.symbols[0].months).toEqual(['2025-11', '2025-12']);
    const prepared = await engine.prepare('BTCUSDT', 1);
    expect(prepared.months).toEqual(['2025-12']);
    expect(prepared.lastHour).toBe(Date.UTC(2025, 11, 1) + 23 * 3_600_000);
  });

  test('the same file uploaded again is said to be already uploaded, and the cache holds it once', async () => {
    const s = await site(['2025-11']);
    const cache = memoryCache();
    const engine = engineFor(s.fetch, cache);
    await engine.openSource(BASE + 'manifest.json', []);
    const upload = await writeProfile('volume', sampleVolumeRows('2025-12', 24, 10, 91_000), { month: '2025-12', symbol: 'BTCUSDT', priceStep: 10 });
    const [first] = await engine.upload([{ name: 'mine.parquet', bytes: upload }]);
    const rows = first.ok ? first.rows.toLocaleString('en-US') : '';
    // The in-memory cache of this test keeps files for the session only, and says so.
    expect(first.message).toBe(`mine.parquet: BTCUSDT 2025-12 volume, ${rows} rows, used for this session only (browser storage unavailable).`);
    const [second] = await engine.upload([{ name: 'mine-again.parquet', bytes: upload }]);
    expect(second).toMatchObject({ ok: true, month: '2025-12', kind: 'volume' });
    expect(second.message).toBe(`mine-again.parquet: BTCUSDT 2025-12 volume, ${rows} rows, already uploaded: the same file is used for this session only (browser storage unavailable), nothing changed.`);
    expect((await cache.list()).filter((e) => e.source === 'upload')).toHaveLength(1);
  });
});

describe('engine refusals', () => {
  test('a latest month whose volume file is refused is named and passed over: the picture ends with the month before', async () => {
    const s = await site(['2025-10', '2025-11']);
    const manifestUrl = BASE + 'manifest.json';
    const manifest = JSON.parse(new TextDecoder().decode(s.files.get(manifestUrl)));
    const volume = manifest.files.find((f: { kind: string; month: string }) => f.kind === 'volume' && f.month === '2025-11');
    s.files.set(BASE + volume.path, new TextEncoder().encode('not a parquet file'));
    const engine = engineFor(s.fetch);
    await engine.openSource(manifestUrl, []);
    const prepared = await engine.prepare('BTCUSDT', 1);
    expect(prepared.months).toEqual(['2025-10']);
    expect(prepared.missing).toEqual(['2025-11']);
    expect(prepared.lastHour).toBe(Date.UTC(2025, 9, 1) + 47 * 3_600_000);
    expect(prepared.problems.join(' ')).toContain(volume.path);
    const map = await engine.computeMap({
      symbol: 'BTCUSDT', model: 'oi', windowDays: 1, step: 100, whaleThreshold: 0, split: 'even', formula: 'exact',
      tiers: [...DEFAULT_TIERS], mmr: 0.004, oiUsd: 1e9, markPrice: 90_300,
    });
    expect(map.months).toEqual(['2025-10']);
    expect(map.totals.total).toBeGreaterThan(0);
  });

  test('a file refused once is not downloaded again this session, and its problem is still reported', async () => {
    const s = await site(['2025-11']);
    const manifestUrl = BASE + 'manifest.json';
    const manifest = JSON.parse(new TextDecoder().decode(s.files.get(manifestUrl)));
    const oi = manifest.files.find((f: { kind: string }) => f.kind === 'oi');
    oi.sha256 = '0'.repeat(64);
    s.files.set(manifestUrl, new TextEncoder().encode(JSON.stringify(manifest)));
    const engine = engineFor(s.fetch);
    await engine.openSource(manifestUrl, []);
    const first = await engine.prepare('BTCUSDT', 1);
    const second = await engine.prepare('BTCUSDT', 2);
    for (const p of [first, second]) expect(p.problems.join(' ')).toContain(`${oi.path} was refused: its sha256`);
    expect(s.requests.filter((u) => u.endsWith('.oi.parquet'))).toHaveLength(1);
    expect(first.months).toEqual(['2025-11']);
  });
});

describe('engine storage', () => {
  test('when storage is full the month is still used, the user is told, and what was cached stays', async () => {
    const s = await site(['2025-10', '2025-11']);
    const cache = memoryCache({ quotaBytes: 0 });
    const engine = engineFor(s.fetch, cache);
    await engine.openSource(BASE + 'manifest.json', []);
    const prepared = await engine.prepare('BTCUSDT', 1);
    expect(prepared.months).toEqual(['2025-11']);
    // Keeping the files goes on behind the answer: its failure is told in the Data view's list
    // and with the next load's problems.
    const full = (ps: string[]) => ps.filter((p) => p.includes('browser storage is full'));
    expect(full((await engine.cacheReport()).refused)).toHaveLength(3);
    expect(full((await engine.prepare('BTCUSDT', 2)).problems)).toHaveLength(3);
    expect(await cache.list()).toEqual([]);
    const map = await engine.computeMap({
      symbol: 'BTCUSDT', model: 'oi', windowDays: 1, step: 100, whaleThreshold: 0, split: 'even', formula: 'exact',
      tiers: [...DEFAULT_TIERS], mmr: 0.004, oiUsd: 1e9, markPrice: 90_300,
    });
    expect(map.totals.total).toBeGreaterThan(0);
  });
});

describe('engine source choice', () => {
  test('an upload replaces the source\'s month until the user chooses the source\'s copy', async () => {
    const s = await site(['2025-11']);
    const engine = engineFor(s.fetch);
    await engine.openSource(BASE + 'manifest.json', []);
    const upload = await writeProfile('volume', sampleVolumeRows('2025-11', 24, 10, 91_000), { writer: 'duckdb', month: '2025-11', symbol: 'BTCUSDT', priceStep: 10 });
    expect((await engine.upload([{ name: 'mine.parquet', bytes: upload }]))[0].ok).toBe(true);
    const withUpload = await engine.prepare('BTCUSDT', 1);
    expect(withUpload.lastHour).toBe(Date.UTC(2025, 10, 1) + 23 * 3_600_000);

    await engine.openSource(BASE + 'manifest.json', [], undefined, ['BTCUSDT 2025-11']);
    const withSource = await engine.prepare('BTCUSDT', 1);
    expect(withSource.lastHour).toBe(Date.UTC(2025, 10, 1) + 47 * 3_600_000);
  });
});

describe('engine without IndexedDB', () => {
  test('works from memory for the session and says that nothing is kept', async () => {
    expect(typeof indexedDB).toBe('undefined');
    const s = await site(['2025-11']);
    const engine = new Engine({ openCache: () => openProfileCache(), manifests: memoryManifestMemory(), fetch: s.fetch });
    const catalog = await engine.openSource(BASE + 'manifest.json', []);
    expect(catalog.persistent).toBe(false);
    expect((await engine.prepare('BTCUSDT', 1)).months).toEqual(['2025-11']);
    expect((await engine.cacheReport()).entries).toHaveLength(3);
  });
});
