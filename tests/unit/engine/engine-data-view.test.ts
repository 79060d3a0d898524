/**
 * What the engine tells the Data view beyond the catalog's symbols: the manifest's files with
 * sizes, and files refused while loading (a prepare's caller may not show its problems).
 */
import { expect, test } from 'vitest';
import { Engine } from '../../../src/lib/engine/engine.ts';
import { memoryCache } from '../../../src/lib/data/cache.ts';
import { memoryManifestMemory } from '../../../src/lib/data/saved-manifests.ts';
import { sha256Hex } from '../../../src/lib/data/hash.ts';
import { sampleCandleRows, sampleVolumeRows, writeProfile } from '../../helpers/profile-writers.ts';

const BASE = 'https://profiles.test/p/';

test('the catalog lists the manifest files with sizes, and the cache report keeps refusals', async () => {
  const volume = await writeProfile('volume', sampleVolumeRows('2025-11', 12), { month: '2025-11' });
  const candles = await writeProfile('candles', sampleCandleRows('2025-11'), { month: '2025-11' });
  const files: Record<string, Uint8Array> = {
    'BTCUSDT-2025-11.volume.parquet': volume,
    'BTCUSDT-2025-11.candles.parquet': candles,
  };
  const entry = async (kind: string, path: string, sha?: string) => ({
    symbol: 'BTCUSDT', month: '2025-11', kind, path, bytes: files[path].length, sha256: sha ?? (await sha256Hex(files[path])), rows: 1, synthetic: false,
  });
  const manifest = {
    schema: 1,
    files: [await entry('volume', 'BTCUSDT-2025-11.volume.parquet'), await entry('candles', 'BTCUSDT-2025-11.candles.parquet', '0'.repeat(64))],
  };
  const fetch = (async (input: RequestInfo | URL) => {
    const name = String(input).slice(BASE.length);
    if (name === 'manifest.json') return new Response(JSON.stringify(manifest));
    return files[name] ? new Response(files[name].slice().buffer) : new Response('missing', { status: 404 });
  }) as typeof globalThis.fetch;
  const engine = new Engine({ openCache: async () => memoryCache(), manifests: memoryManifestMemory(), fetch });

  const catalog = await engine.openSource(BASE + 'manifest.json', []);
  expect(catalog.files.map((f) => [f.kind, f.bytes])).toEqual([['volume', volume.length], ['candles', candles.length]]);
  expect((await engine.cacheReport()).refused).toEqual([]);

  const prepared = await engine.prepare('BTCUSDT', 1);
  expect(prepared.problems.length).toBeGreaterThan(0);
  const report = await engine.cacheReport();
  expect(report.refused).toEqual([...new Set(prepared.problems)]);
  expect(report.refused[0]).toContain('BTCUSDT-2025-11.candles.parquet');
  expect(report.refused[0]).toContain('sha256');
});

test('a copy choice goes to the engine: the next prepare loads the chosen copy, without a manifest fetch', async () => {
  const sourceRows = sampleVolumeRows('2025-11', 12);
  const volume = await writeProfile('volume', sourceRows, { month: '2025-11' });
  const candles = await writeProfile('candles', sampleCandleRows('2025-11'), { month: '2025-11' });
  const files: Record<string, Uint8Array> = { 'BTCUSDT-2025-11.volume.parquet': volume, 'BTCUSDT-2025-11.candles.parquet': candles };
  const manifest = {
    schema: 1,
    files: await Promise.all(Object.entries(files).map(async ([path, bytes]) => ({
      symbol: 'BTCUSDT', month: '2025-11', kind: path.includes('volume') ? 'volume' : 'candles', path, bytes: bytes.length, sha256: await sha256Hex(bytes), rows: 1, synthetic: false,
    }))),
  };
  let manifestFetches = 0;
  const fetch = (async (input: RequestInfo | URL) => {
    const name = String(input).slice(BASE.length);
    if (name === 'manifest.json') return (manifestFetches++, new Response(JSON.stringify(manifest)));
    return files[name] ? new Response(files[name].slice().buffer) : new Response('missing', { status: 404 });
  }) as typeof globalThis.fetch;
  const engine = new Engine({ openCache: async () => memoryCache(), manifests: memoryManifestMemory(), fetch });
  const notional = async () => engine.table.symbol('BTCUSDT').volume.map((s) => s.columns.notional.reduce((a, b) => a + b, 0));
  await engine.openSource(BASE + 'manifest.json', []);
  await engine.prepare('BTCUSDT', 1);
  const fromSource = await notional();

  const upload = await writeProfile('volume', sampleVolumeRows('2025-11', 3), { month: '2025-11' });
  expect((await engine.upload([{ name: 'mine.parquet', bytes: upload }]))[0].ok).toBe(true);
  await engine.catalog();
  await engine.prepare('BTCUSDT', 1);
  const fromUpload = await notional();
  expect(fromUpload).not.toEqual(fromSource);

  await engine.catalog(['BTCUSDT 2025-11']);
  await engine.prepare('BTCUSDT', 1);
  expect(await notional()).toEqual(fromSource);
  expect(manifestFetches).toBe(1);
});
