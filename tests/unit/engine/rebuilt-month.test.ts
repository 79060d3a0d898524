/**
 * A source that rebuilds a month with a file that matches its manifest (size, sha256) but is
 * not a readable profile: the copy this browser kept of the month stays, and is used, and the
 * broken file is not kept. A good rebuild then replaces the kept copy.
 */
import { expect, test } from 'vitest';
import { Engine } from '../../../src/lib/engine/engine.ts';
import { memoryCache } from '../../../src/lib/data/cache.ts';
import { sha256Hex } from '../../../src/lib/data/hash.ts';
import { memoryManifestMemory } from '../../../src/lib/data/saved-manifests.ts';
import { sampleVolumeRows, writeProfile } from '../../helpers/profile-writers.ts';
import { BASE, site } from '../../helpers/profile-site.ts';

const VOLUME = 'BTCUSDT/BTCUSDT-2025-11.volume.parquet';

/** The host's manifest with the volume file replaced by `bytes` (its entry's size and sha256 follow). */
async function rebuildVolume(files: Map<string, Uint8Array>, bytes: Uint8Array): Promise<void> {
  const manifest = JSON.parse(new TextDecoder().decode(files.get(BASE + 'manifest.json')));
  const entry = manifest.files.find((f: { path: string }) => f.path === VOLUME);
  Object.assign(entry, { bytes: bytes.length, sha256: await sha256Hex(bytes) });
  files.set(BASE + VOLUME, bytes);
  files.set(BASE + 'manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
}

test('a rebuilt month whose file cannot be read leaves the kept copy in the cache and in use', async () => {
  const s = await site(['2025-11']);
  const cache = memoryCache();
  const manifests = memoryManifestMemory();
  const first = new Engine({ openCache: async () => cache, manifests, fetch: s.fetch });
  await first.openSource(BASE + 'manifest.json', []);
  const good = await first.prepare('BTCUSDT', 1);
  expect(good.months).toEqual(['2025-11']);
  await first.cacheReport(); // the downloads are kept behind the answer
  const goodSha = await sha256Hex(s.files.get(BASE + VOLUME)!);

  // Published broken: Parquet's magic at both ends, nothing readable between.
  const broken = new Uint8Array(4096);
  broken.set(new TextEncoder().encode('PAR1'), 0);
  broken.set(new TextEncoder().encode('PAR1'), broken.length - 4);
  await rebuildVolume(s.files, broken);

  const second = new Engine({ openCache: async () => cache, manifests, fetch: s.fetch });
  await second.openSource(BASE + 'manifest.json', []);
  const prepared = await second.prepare('BTCUSDT', 1);
  await second.cacheReport();
  expect(prepared.problems.join(' ')).toContain(`${VOLUME} was refused`);
  expect(prepared.problems.join(' ')).toContain(`${VOLUME}: the earlier copy of BTCUSDT 2025-11 volume, kept `);
  const keptVolumes = async () => (await cache.list()).filter((e) => e.kind === 'volume').map((e) => e.sha256);
  expect(await keptVolumes()).toEqual([goodSha]);
  expect(prepared.months).toEqual(['2025-11']);
  expect(prepared.lastHour).toBe(good.lastHour);

  // Published again, readable: it replaces the kept copy once it is stored and read.
  const fixed = await writeProfile('volume', sampleVolumeRows('2025-11', 30, 10, 90_000), { month: '2025-11', symbol: 'BTCUSDT', priceStep: 10, synthetic: true });
  await rebuildVolume(s.files, fixed);
  const third = new Engine({ openCache: async () => cache, manifests, fetch: s.fetch });
  await third.openSource(BASE + 'manifest.json', []);
  const again = await third.prepare('BTCUSDT', 1);
  await third.cacheReport();
  expect(again.problems).toEqual([]);
  expect(await keptVolumes()).toEqual([await sha256Hex(fixed)]);
});
