/** The build-time default profile source (LIQMAP_DEFAULT_SOURCE), and what `npm run site` publishes. */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultManifestUrl, defaultSourceName, sampleManifestUrl } from '../../../src/lib/data/default-source.ts';
import { publishProfiles } from '../../../tools/site.ts';
import { tempDir } from '../builder/helpers.ts';

const PAGE = 'https://you.github.io/liqmap/';

afterEach(() => vi.unstubAllEnvs());

describe('default source', () => {
  it('is the bundled sample when the build sets nothing', () => {
    vi.stubEnv('LIQMAP_DEFAULT_SOURCE', '');
    expect(defaultManifestUrl(PAGE)).toBe('https://you.github.io/liqmap/sample/manifest.json');
    expect(defaultSourceName().button).toBe('Use bundled sample');
  });

  it('is the build-time setting, relative to the site or absolute; the sample stays reachable', () => {
    vi.stubEnv('LIQMAP_DEFAULT_SOURCE', 'profiles/manifest.json');
    expect(defaultManifestUrl(PAGE)).toBe('https://you.github.io/liqmap/profiles/manifest.json');
    expect(defaultSourceName()).toEqual({ current: 'the profiles published with this site', button: "Use this site's profiles" });
    expect(sampleManifestUrl(PAGE)).toBe('https://you.github.io/liqmap/sample/manifest.json');
    vi.stubEnv('LIQMAP_DEFAULT_SOURCE', ' https://data.example.org/p/manifest.json ');
    expect(defaultManifestUrl(PAGE)).toBe('https://data.example.org/p/manifest.json');
  });
});

describe('npm run site: publishing profiles into the site', () => {
  const entry = (path: string) => ({ symbol: 'BTCUSDT', month: '2025-11', kind: 'volume', path, bytes: 3, sha256: 'a'.repeat(64), rows: 1, synthetic: false });

  it('copies manifest.json and exactly the files it lists into profiles/', async () => {
    const from = await tempDir('site-profiles');
    await mkdir(join(from, 'BTCUSDT'), { recursive: true });
    await writeFile(join(from, 'BTCUSDT/BTCUSDT-2025-11.volume.parquet'), 'abc');
    await writeFile(join(from, '.liqmap-build.json'), '{}');
    await writeFile(join(from, 'manifest.json'), JSON.stringify({ schema: 1, files: [entry('BTCUSDT/BTCUSDT-2025-11.volume.parquet')] }));
    const site = await tempDir('site-out');
    expect(await publishProfiles(from, site)).toEqual({ files: 1, bytes: 3 });
    expect((await readdir(join(site, 'profiles'), { recursive: true })).map(String).sort())
      .toEqual(['BTCUSDT', 'BTCUSDT/BTCUSDT-2025-11.volume.parquet', 'manifest.json']);
    expect(await readFile(join(site, 'profiles/manifest.json'), 'utf8')).toBe(await readFile(join(from, 'manifest.json'), 'utf8'));
  });

  it('refuses a manifest the app would refuse, naming it, and a folder without one', async () => {
    const from = await tempDir('site-bad');
    await writeFile(join(from, 'manifest.json'), JSON.stringify({ schema: 1, files: [entry('../outside.parquet')] }));
    await expect(publishProfiles(from, await tempDir('site-out'))).rejects.toThrow(/manifest\.json: .*outside/);
    await expect(publishProfiles(await tempDir('site-empty'), await tempDir('site-out'))).rejects.toThrow(/manifest\.json does not exist: build profiles first/);
  });

  it('refuses a manifest listing a file that is not there, naming each and what to run, and copies nothing', async () => {
    const from = await tempDir('site-missing');
    await mkdir(join(from, 'BTCUSDT'), { recursive: true });
    await writeFile(join(from, 'BTCUSDT/BTCUSDT-2025-10.volume.parquet'), 'abc');
    await writeFile(join(from, 'manifest.json'), JSON.stringify({ schema: 1, files: [
      { ...entry('BTCUSDT/BTCUSDT-2025-10.volume.parquet'), month: '2025-10' }, entry('BTCUSDT/BTCUSDT-2025-11.volume.parquet'),
    ] }));
    const site = await tempDir('site-out');
    await expect(publishProfiles(from, site)).rejects.toThrow(
      `${join(from, 'manifest.json')} lists 1 file(s) that are not there: ${join(from, 'BTCUSDT/BTCUSDT-2025-11.volume.parquet')}. Nothing was built or copied. `
      + `Build the profiles again into that folder (npm run profiles -- --in <archive> --out ${from}`);
    expect(await readdir(site)).toEqual([]);
  });
});
