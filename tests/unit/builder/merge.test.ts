/**
 * The pipeline's last steps: the job matrix (one job per exchange and symbol) and the merge of
 * the jobs' profile folders into one folder and manifest, refusing a profile listed twice, a
 * path with two contents and a file that is not its entry's, by name, writing nothing then.
 */
import { createHash } from 'node:crypto';
import { access, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/lib/data/manifest.ts';
import { mergeManifests } from '../../../tools/builder/merge.ts';
import { publishMatrix } from '../../../tools/publish/plan.ts';
import { put, tempDir } from './helpers.ts';

interface Part { exchange?: string; symbol: string; path: string; body: string }

async function part(root: string, name: string, files: Part[]): Promise<void> {
  const entries = [];
  for (const f of files) {
    await put(join(root, name, f.path), f.body);
    entries.push({
      symbol: f.symbol, month: '2025-10', kind: 'volume', path: f.path, bytes: Buffer.byteLength(f.body),
      sha256: createHash('sha256').update(f.body).digest('hex'), rows: 1, synthetic: true, ...(f.exchange ? { exchange: f.exchange } : {}),
    });
  }
  await put(join(root, name, 'manifest.json'), JSON.stringify({ schema: 1, generated: '2025-11-01T00:00:00Z', files: entries }));
}

describe('publish matrix', () => {
  it('is one job per exchange and symbol, and refuses what it does not know', () => {
    expect(publishMatrix('BTCUSDT, ethusdt', 'binance,bybit').include).toEqual([
      { exchange: 'binance', symbol: 'BTCUSDT' }, { exchange: 'binance', symbol: 'ETHUSDT' },
      { exchange: 'bybit', symbol: 'BTCUSDT' }, { exchange: 'bybit', symbol: 'ETHUSDT' },
    ]);
    expect(() => publishMatrix('BTCUSDT', 'okx')).toThrow(/"okx" is not an exchange/);
    expect(() => publishMatrix('BTC-USDT', 'binance')).toThrow(/"BTC-USDT" is not a symbol/);
  });
});

describe('--merge-manifests', () => {
  it('joins the jobs\' folders into one manifest the app reads, Binance and Bybit side by side', async () => {
    const root = await tempDir('merge-parts');
    await part(root, 'profiles-binance-BTCUSDT', [{ symbol: 'BTCUSDT', path: 'BTCUSDT/BTCUSDT-2025-10.volume.parquet', body: 'binance btc' }]);
    await part(root, 'profiles-bybit-BTCUSDT', [{ exchange: 'bybit', symbol: 'BTCUSDT', path: 'bybit/BTCUSDT/BTCUSDT-2025-10.volume.parquet', body: 'bybit btc' }]);
    await part(root, 'profiles-binance-ETHUSDT', [{ exchange: 'binance', symbol: 'ETHUSDT', path: 'ETHUSDT/ETHUSDT-2025-10.volume.parquet', body: 'binance eth' }]);
    const out = await tempDir('merge-out');
    const r = await mergeManifests(root, out);
    expect(r.parts).toHaveLength(3);
    const m = parseManifest(await readFile(join(out, 'manifest.json'), 'utf8'), 'https://example.org/p/manifest.json');
    if (!m.ok) throw new Error(m.problem);
    expect(m.files.map((f) => `${f.exchange} ${f.path}`)).toEqual([
      'binance BTCUSDT/BTCUSDT-2025-10.volume.parquet', 'binance ETHUSDT/ETHUSDT-2025-10.volume.parquet',
      'bybit bybit/BTCUSDT/BTCUSDT-2025-10.volume.parquet',
    ]);
    expect(await readFile(join(out, 'bybit/BTCUSDT/BTCUSDT-2025-10.volume.parquet'), 'utf8')).toBe('bybit btc');
  });

  it('refuses a profile listed by two jobs, or a file that is not its entry\'s, and writes nothing', async () => {
    const twice = await tempDir('merge-twice');
    await part(twice, 'a', [{ symbol: 'BTCUSDT', path: 'BTCUSDT/x.parquet', body: 'one' }]);
    await part(twice, 'b', [{ exchange: 'binance', symbol: 'BTCUSDT', path: 'BTCUSDT/y.parquet', body: 'two' }]);
    const out = await tempDir('merge-none');
    await expect(mergeManifests(twice, out)).rejects.toThrow('b/manifest.json and a/manifest.json both list binance BTCUSDT 2025-10 volume: a profile comes from one build; remove one of the two folders');
    await expect(access(join(out, 'manifest.json'))).rejects.toThrow();
    const changed = await tempDir('merge-changed');
    await part(changed, 'a', [{ exchange: 'bybit', symbol: 'BTCUSDT', path: 'bybit/z.parquet', body: 'three' }]);
    await put(join(changed, 'a', 'bybit/z.parquet'), 'tampered');
    await expect(mergeManifests(changed, out)).rejects.toThrow(/a\/manifest.json: bybit\/z.parquet is not the file its entry describes \(.*\): it changed after the build; build it again/);
    await expect(access(join(out, 'bybit/z.parquet'))).rejects.toThrow();
    // No parts at all (every job failed, or a mistyped path): named, not a bare "ENOENT: scandir".
    const none = join(changed, 'no-such-folder');
    await expect(mergeManifests(none, out)).rejects.toThrow(`--merge-manifests ${none} is not a folder: give the folder holding the built profile folders`);
  });

  it('names every bad part at once (a malformed manifest, a folder without one, a missing file), says what to do, and writes nothing', async () => {
    const root = await tempDir('merge-bad');
    await part(root, 'good', [{ symbol: 'BTCUSDT', path: 'BTCUSDT/BTCUSDT-2025-10.volume.parquet', body: 'good' }]);
    await put(join(root, 'malformed', 'manifest.json'), '{"schema":1,"files":[');
    await put(join(root, 'unfinished', 'ETHUSDT', 'ETHUSDT-2025-10.volume.parquet'), 'no manifest');
    await part(root, 'short', [{ symbol: 'SOLUSDT', path: 'SOLUSDT/SOLUSDT-2025-10.volume.parquet', body: 'sol' }]);
    await rm(join(root, 'short', 'SOLUSDT/SOLUSDT-2025-10.volume.parquet'));
    const out = join(await tempDir('merge-bad-out'), 'profiles');
    const err = await mergeManifests(root, out).then(() => null, (e: Error) => e.message);
    expect(err).toContain(`nothing was written to ${out}:`);
    expect(err).toContain('unfinished/: no manifest.json in it or its folders, so its profiles cannot be checked or listed: build it again (npm run profiles -- … --out <that folder>) or remove that folder to merge the others.');
    expect(err).toContain('malformed/manifest.json: it is not JSON; build it again');
    expect(err).toContain('short/manifest.json: SOLUSDT/SOLUSDT-2025-10.volume.parquet is listed but missing from short/; copy the whole folder, or build it again');
    await expect(access(out)).rejects.toThrow();
  });

  it('refuses parts that list no file at all; an empty part among others is reported, the others merged', async () => {
    const root = await tempDir('merge-empty');
    await part(root, 'a', []);
    await part(root, 'b', []);
    const out = await tempDir('merge-empty-out');
    await expect(mergeManifests(root, out)).rejects.toThrow('a/manifest.json, b/manifest.json list no file: nothing to publish. The profile builds refused or skipped every month');
    expect(await readdir(out)).toEqual([]);
    await part(root, 'c', [{ symbol: 'BTCUSDT', path: 'BTCUSDT/BTCUSDT-2025-10.volume.parquet', body: 'c' }]);
    const r = await mergeManifests(root, out);
    expect(r.empty).toEqual(['a/manifest.json', 'b/manifest.json']);
    expect(r.files.map((f) => f.path)).toEqual(['BTCUSDT/BTCUSDT-2025-10.volume.parquet']);
    await expect(mergeManifests('', out)).rejects.toThrow('--merge-manifests needs a folder');
    // An --out inside the parts would be read as a part by the next merge.
    await expect(mergeManifests(root, join(root, 'merged'))).rejects.toThrow(`--out ${join(root, 'merged')} is inside --merge-manifests ${root}: the next merge would take it for a part`);
    await expect(access(join(root, 'merged'))).rejects.toThrow();
  });
});
