/** Downloads through an injected fetch: sha256 checks, cache use, month rebuilds, cancellation. */
import { describe, expect, it } from 'vitest';
import { memoryCache, remoteSource, type ProfileCache } from '../../../src/lib/data/cache.ts';
import { sha256Hex } from '../../../src/lib/data/hash.ts';
import { parseManifest, type Manifest, type ManifestEntry } from '../../../src/lib/data/manifest.ts';
import { downloadProfiles, type DownloadProgress, type Downloaded } from '../../../src/lib/data/remote.ts';
import { ingestProfile, ProfileTable } from '../../../src/lib/data/profile-table.ts';
import { sampleCandleRows, sampleVolumeRows, writeProfile } from '../../helpers/profile-writers.ts';

const MANIFEST_URL = 'https://data.test/liqmap/manifest.json';
const SOURCE = remoteSource(MANIFEST_URL);

interface Hosted {
  kind: 'volume' | 'candles';
  month: string;
  bytes: Uint8Array;
  /** What the manifest claims, when it lies. */
  sha256?: string;
  exchange?: 'binance' | 'bybit';
}

async function host(files: Hosted[]): Promise<Manifest> {
  const entries = await Promise.all(
    files.map(async (f) => ({
      ...(f.exchange ? { exchange: f.exchange } : {}),
      symbol: 'BTCUSDT', month: f.month, kind: f.kind, path: `${f.exchange === 'bybit' ? 'bybit/' : ''}BTCUSDT/BTCUSDT-${f.month}.${f.kind}.parquet`,
      bytes: f.bytes.length, sha256: f.sha256 ?? (await sha256Hex(f.bytes)), rows: 1, synthetic: false,
    })),
  );
  const m = parseManifest(JSON.stringify({ schema: 1, files: entries }), MANIFEST_URL);
  if (!m.ok) throw new Error(m.message);
  return m;
}

/** A fetch over a map of URL to bytes, serving bodies in 256-byte chunks and counting calls. */
function fakeFetch(served: Map<string, Uint8Array>) {
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(url);
    init?.signal?.throwIfAborted();
    const bytes = served.get(url);
    if (!bytes) return new Response('not found', { status: 404 });
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, (offset += 256)));
      },
    });
    return new Response(body, { status: 200 });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const serve = (m: Manifest, bytes: Uint8Array[]) => new Map(m.files.map((f, i) => [f.url, bytes[i]]));
const shas = async (cache: ProfileCache) => (await cache.list()).map((e) => e.sha256).sort();

describe('downloadProfiles', async () => {
  const volume = await writeProfile('volume', sampleVolumeRows('2025-11', 24));
  const candles = await writeProfile('candles', sampleCandleRows('2025-11', 288));

  it('downloads, verifies, caches, reports progress; a cached file is not fetched again', async () => {
    const m = await host([{ kind: 'volume', month: '2025-11', bytes: volume }, { kind: 'candles', month: '2025-11', bytes: candles }]);
    const { fetch, calls } = fakeFetch(serve(m, [volume, candles]));
    const cache = memoryCache();
    const progress: DownloadProgress[] = [];
    const first = await downloadProfiles(m.files, { manifestUrl: MANIFEST_URL, cache, fetch, onProgress: (p) => progress.push(p) });
    expect(first.map((r) => r.ok && r.fromCache)).toEqual([false, false]);
    expect(await Promise.all(first.map((r) => r.ok && r.stored))).toEqual(['kept', 'kept']);
    expect(calls).toHaveLength(2);
    expect(await shas(cache)).toEqual(m.files.map((f) => f.sha256).sort());
    expect((await cache.list()).every((e) => e.source === SOURCE)).toBe(true);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ filesDone: 2, filesTotal: 2, bytesDone: volume.length + candles.length, bytesTotal: volume.length + candles.length });
    expect(progress.length).toBeGreaterThan(4); // chunk by chunk, not only per file
    expect(progress.map((p) => p.bytesDone)).toEqual([...progress.map((p) => p.bytesDone)].sort((a, b) => a - b));

    const again = await downloadProfiles(m.files, { manifestUrl: MANIFEST_URL, cache, fetch });
    expect(again.map((r) => r.ok && r.fromCache)).toEqual([true, true]);
    expect(calls).toHaveLength(2);
    expect(again[0].ok && again[0].bytes).toEqual(volume);
  });

  it('refuses a file whose sha256 does not match the manifest and caches nothing', async () => {
    const m = await host([{ kind: 'volume', month: '2025-11', bytes: volume, sha256: 'e'.repeat(64) }]);
    const { fetch } = fakeFetch(serve(m, [volume]));
    const cache = memoryCache();
    const [result] = await downloadProfiles(m.files, { manifestUrl: MANIFEST_URL, cache, fetch });
    expect(result).toMatchObject({ ok: false, file: 'BTCUSDT/BTCUSDT-2025-11.volume.parquet' });
    expect(result.ok === false && result.message).toMatch(/BTCUSDT-2025-11\.volume\.parquet was refused: its sha256 is [0-9a-f]{64}, the manifest says e{64}/);
    expect(await cache.list()).toEqual([]);
  });

  it('refuses a file of the wrong size, a file its host does not have (named, and what fixes it) and a network error', async () => {
    const m = await host([
      { kind: 'volume', month: '2025-11', bytes: volume },
      { kind: 'candles', month: '2025-11', bytes: candles },
    ]);
    const served = serve(m, [volume.slice(0, 1000), candles]);
    served.delete(m.files[1].url);
    const { fetch } = fakeFetch(served);
    const cache = memoryCache();
    const results = await downloadProfiles(m.files, { manifestUrl: MANIFEST_URL, cache, fetch });
    expect(results.map((r) => (r.ok ? 'ok' : r.problem))).toEqual([
      `it has 1000 bytes, the manifest says ${volume.length}`,
      `the source's manifest lists it, but its host does not have it (HTTP 404 for ${m.files[1].url}); publish the file beside the manifest, or a manifest without it`,
    ]);
    expect(results[1].ok === false && results[1].message).toMatch(/^BTCUSDT\/BTCUSDT-2025-11\.candles\.parquet was refused: the source's manifest lists it/);
    const bigger = serve(m, [new Uint8Array(volume.length + 5000), candles]);
    const [tooBig] = await downloadProfiles(m.files.slice(0, 1), { manifestUrl: MANIFEST_URL, cache, fetch: fakeFetch(bigger).fetch });
    expect(tooBig.ok === false && tooBig.problem).toMatch(/larger than the \d+ bytes the manifest says/);
    const offline = (async () => { throw new TypeError('Failed to fetch'); }) as typeof globalThis.fetch;
    const [down] = await downloadProfiles(m.files.slice(0, 1), { manifestUrl: MANIFEST_URL, cache, fetch: offline });
    expect(down.ok === false && down.problem).toBe('the network or the host did not answer (Failed to fetch)');
    // Not said as a refusal of the file: said as not reached, and when it is tried again.
    expect(down.ok === false && down.message).toBe(`${m.files[0].path} could not be downloaded: the network or the host did not answer (Failed to fetch); it is asked for again on the next load`);
    // The connection failed, not the file: worth asking again (a file the host lacks, or that is wrong, is not).
    expect(results.map((r) => !r.ok && r.passing === true)).toEqual([false, false]);
    expect(down.ok === false && down.passing).toBe(true);
    const busy = (async () => new Response('busy', { status: 503 })) as typeof globalThis.fetch;
    const [later] = await downloadProfiles(m.files.slice(0, 1), { manifestUrl: MANIFEST_URL, cache, fetch: busy });
    expect(later).toMatchObject({ ok: false, problem: 'the host answered HTTP 503', passing: true });
    expect(await cache.list()).toEqual([]);
  });

  it('keeps each exchange\'s file of a symbol-month-kind under its exchange; one never evicts the other', async () => {
    const bybit = await writeProfile('volume', sampleVolumeRows('2025-11', 12), { metadata: { 'liqmap.exchange': 'bybit' } });
    const m = await host([{ kind: 'volume', month: '2025-11', bytes: bybit, exchange: 'bybit' }, { kind: 'volume', month: '2025-11', bytes: volume }]);
    expect(m.files.map((f) => f.exchange)).toEqual(['bybit', 'binance']);
    const cache = memoryCache();
    const { fetch } = fakeFetch(serve(m, [bybit, volume]));
    const stored = async (files: ManifestEntry[]) => Promise.all((await downloadProfiles(files, { manifestUrl: MANIFEST_URL, cache, fetch })).map((d) => d.ok && d.stored));
    expect(await stored(m.files)).toEqual(['kept', 'kept']);
    // Binance's file again (a view loads it, from the cache): Bybit's copy stays.
    expect(await stored([m.files[1]])).toEqual(['kept']);
    const kept = await cache.list();
    expect(kept.map((e) => [e.exchange ?? 'binance', e.sha256]).sort()).toEqual(m.files.map((f) => [f.exchange, f.sha256]).sort());
  });

  it('a rebuilt month is stored beside the old copy, which only the loader replaces (once the new one is read: rebuilt-month.test.ts)', async () => {
    const rebuilt = await writeProfile('volume', sampleVolumeRows('2025-11', 30));
    const v1 = await host([{ kind: 'volume', month: '2025-11', bytes: volume }]);
    const v2 = await host([{ kind: 'volume', month: '2025-11', bytes: rebuilt }]);
    const inner = memoryCache();
    const seenAtPut: string[][] = [];
    const cache: ProfileCache = { ...inner, put: async (...args) => (seenAtPut.push(await shas(inner)), inner.put(...args)) };
    // An uploaded copy of the same month is the user's: never removed by a remote rebuild.
    const upload = await writeProfile('volume', sampleVolumeRows('2025-11', 2));
    const uploadSha = await sha256Hex(upload);
    await inner.put(uploadSha, upload, { source: 'upload', exchange: 'binance', symbol: 'BTCUSDT', month: '2025-11', kind: 'volume', fileName: 'mine.parquet' });

    const stored = async (r: Promise<Downloaded[]>) => Promise.all((await r).map((d) => d.ok && d.stored));
    await stored(downloadProfiles(v1.files, { manifestUrl: MANIFEST_URL, cache, fetch: fakeFetch(serve(v1, [volume])).fetch }));
    const oldSha = v1.files[0].sha256;
    const newSha = v2.files[0].sha256;

    // The rebuilt file arrives damaged: refused, and the old copy stays.
    const [bad] = await downloadProfiles(v2.files, { manifestUrl: MANIFEST_URL, cache, fetch: fakeFetch(serve(v2, [volume.slice(0, rebuilt.length)])).fetch });
    expect(bad.ok).toBe(false);
    expect(await shas(inner)).toEqual([oldSha, uploadSha].sort());

    expect(await stored(downloadProfiles(v2.files, { manifestUrl: MANIFEST_URL, cache, fetch: fakeFetch(serve(v2, [rebuilt])).fetch }))).toEqual(['kept']);
    expect(seenAtPut.at(-1)).toContain(oldSha); // old copy still there while the new one was stored
    expect(await shas(inner)).toEqual([newSha, oldSha, uploadSha].sort());
  });

  it('cancellation stops the download and caches nothing partial', async () => {
    const m = await host([{ kind: 'volume', month: '2025-11', bytes: volume }, { kind: 'candles', month: '2025-11', bytes: candles }]);
    const { fetch, calls } = fakeFetch(serve(m, [volume, candles]));
    const cache = memoryCache();
    const controller = new AbortController();
    let callsAtAbort = -1;
    const run = downloadProfiles(m.files, {
      manifestUrl: MANIFEST_URL, cache, fetch, signal: controller.signal, parallel: 1,
      onProgress: (p) => { if (p.bytesDone > 0 && !controller.signal.aborted) { callsAtAbort = calls.length; controller.abort(); } },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(callsAtAbort).toBe(1);
    expect(calls).toHaveLength(1); // nothing started after the cancel
    expect(await cache.list()).toEqual([]);

    const aborted = AbortSignal.abort();
    await expect(downloadProfiles(m.files, { manifestUrl: MANIFEST_URL, cache, fetch, signal: aborted })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toHaveLength(1);
  });

  it('downloads several files at once and hands each over before its cache write ends', async () => {
    const m = await host([{ kind: 'volume', month: '2025-11', bytes: volume }, { kind: 'candles', month: '2025-11', bytes: candles }]);
    const { fetch } = fakeFetch(serve(m, [volume, candles]));
    let inFlight = 0;
    let most = 0;
    const counting = (async (...args: Parameters<typeof fetch>) => {
      most = Math.max(most, ++inFlight);
      try {
        const response = await fetch(...args);
        return new Response(await response.arrayBuffer(), { status: response.status });
      } finally {
        inFlight--;
      }
    }) as typeof globalThis.fetch;
    const inner = memoryCache();
    let release!: () => void;
    const writesHeld = new Promise<void>((r) => (release = r));
    const cache: ProfileCache = { ...inner, put: async (...args) => (await writesHeld, inner.put(...args)) };
    const results = await downloadProfiles(m.files, { manifestUrl: MANIFEST_URL, cache, fetch: counting });
    expect(most).toBe(2);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(await inner.list()).toEqual([]); // checked and handed over; the writes wait
    release();
    expect(await Promise.all(results.map((r) => r.ok && r.stored))).toEqual(['kept', 'kept']);
    expect(await shas(inner)).toEqual(m.files.map((f) => f.sha256).sort());
  });

  it('a full storage or a failing write is reported through stored, and the file is still handed over', async () => {
    const m = await host([{ kind: 'volume', month: '2025-11', bytes: volume }, { kind: 'candles', month: '2025-11', bytes: candles }]);
    const full = await downloadProfiles(m.files, { manifestUrl: MANIFEST_URL, cache: memoryCache({ quotaBytes: 0 }), fetch: fakeFetch(serve(m, [volume, candles])).fetch });
    expect(await Promise.all(full.map((r) => r.ok && r.stored))).toEqual(['full', 'full']);
    const inner = memoryCache();
    const broken: ProfileCache = { ...inner, put: async () => { throw new Error('disk on fire'); } };
    const [got] = await downloadProfiles(m.files.slice(0, 1), { manifestUrl: MANIFEST_URL, cache: broken, fetch: fakeFetch(serve(m, [volume])).fetch });
    expect(got.ok && got.bytes).toEqual(volume);
    expect(await (got.ok && got.stored)).toEqual({ failed: 'disk on fire' });
  });

  it('downloaded files validate and load (manifest entry checked against the metadata)', async () => {
    const m = await host([{ kind: 'volume', month: '2025-11', bytes: volume }]);
    const [got] = await downloadProfiles(m.files, { manifestUrl: MANIFEST_URL, cache: memoryCache(), fetch: fakeFetch(serve(m, [volume])).fetch });
    if (!got.ok) throw new Error(got.message);
    const table = new ProfileTable();
    const entry: ManifestEntry = got.entry;
    const loaded = await ingestProfile(table, { name: entry.path, bytes: got.bytes }, SOURCE, { sha256: entry.sha256, expected: entry });
    expect(loaded).toMatchObject({ ok: true, rows: 144, sha256: entry.sha256 });
    expect(table.symbol('BTCUSDT').volume[0].columns.notional).toHaveLength(144);
    const lying = { ...entry, month: '2025-10' };
    const refused = await ingestProfile(table, { name: entry.path, bytes: got.bytes }, SOURCE, { expected: lying });
    expect(refused.ok === false && refused.problem).toBe('the manifest entry says month 2025-10 but liqmap.month is 2025-11');
  });
});
