/**
 * The forkable pipeline's npm scripts end to end, against a local archive host: `npm run
 * profiles -- --fetch` downloads and builds profiles that are not synthetic, `npm run site`
 * builds the site with them as its build-time default source; opened without ?source=, the
 * app draws from them and shows no "synthetic" label.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateArchive } from '../../tools/synth/archive.ts';
import { writeSingleEntryZip } from '../../tools/synth/zip-writer.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';
import { tempDir } from '../unit/builder/helpers.ts';
import { startApp, waitForDraw, type AppFixture } from './app-fixture.ts';
import { openView } from '../helpers/liqmap-page.ts';

const run = promisify(execFile);
const site = resolve('tests/.tmp/dist-published');
let archiveHost: StaticServer;
let siteHost: StaticServer;
let app: AppFixture;
let lastClose = 0;

/** The generator's zips, rewritten without its "synthetic" zip comment (as real archive files). */
async function asRealArchive(root: string): Promise<void> {
  for (const rel of (await readdir(root, { recursive: true })).map(String).filter((f) => f.endsWith('.zip'))) {
    const path = join(root, rel);
    const entries = unzipSync(new Uint8Array(await readFile(path)));
    const [name] = Object.keys(entries);
    await writeSingleEntryZip(path, name, [entries[name]], { modified: new Date('2025-12-01T00:00:00Z') });
    await writeFile(`${path}.CHECKSUM`, `${createHash('sha256').update(await readFile(path)).digest('hex')}  ${basename(path)}\n`);
  }
}

beforeAll(async () => {
  const root = await tempDir('published-archive');
  await generateArchive({ out: root, symbols: ['BTCUSDT'], from: '2025-10', to: '2025-11', trades: 60_000, seed: 'published', header: 'always', metrics: true, format: 'zip' });
  await asRealArchive(root);
  archiveHost = await startStaticServer(root, '/');
  const downloads = await tempDir('published-in');
  const profiles = await tempDir('published-out');
  const fetched = await run('npm', ['run', '-s', 'profiles', '--', '--fetch', '--symbols', 'BTCUSDT', '--months', '2025-10,2025-11',
    '--in', downloads, '--out', profiles, '--archive-base', archiveHost.origin, '-q']);
  expect(fetched.stdout).toMatch(/fetch: 63 file\(s\) downloaded/);
  await rm(site, { recursive: true, force: true });
  await run('npm', ['run', '-s', 'site', '--', '--profiles', profiles, '--out', site], { maxBuffer: 64 << 20 });
  const manifest = JSON.parse(await readFile(join(site, 'profiles/manifest.json'), 'utf8'));
  expect(manifest.files.every((f: { synthetic: boolean }) => f.synthetic === false)).toBe(true);
  siteHost = await startStaticServer(site);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const candles = join(site, 'profiles/BTCUSDT/BTCUSDT-2025-11.candles.parquet');
  lastClose = Number((await conn.runAndReadAll(`SELECT arg_max(close, time) FROM read_parquet('${candles}')`)).getRows()[0][0]);
  app = await startApp(siteHost.url, { BTCUSDT: lastClose });
}, 600_000);

afterAll(async () => {
  await app?.close();
  await siteHost?.close();
  await archiveHost?.close();
});

test('the published site opens on its own profiles, without the synthetic label', async () => {
  const { page, errors } = await app.open();
  await waitForDraw(page);
  expect(siteHost.requests).toContain('/liqmap/profiles/manifest.json');
  expect(siteHost.requests.some((p) => p.startsWith('/liqmap/profiles/BTCUSDT/'))).toBe(true);
  // (The service worker still precaches the sample's manifest; no sample month is loaded.)
  expect(siteHost.requests.some((p) => p.startsWith('/liqmap/sample/') && p.endsWith('.parquet'))).toBe(false);
  expect(await page.getByTestId('synthetic-badge').count()).toBe(0);
  await openView(page, 'Data');
  await expect.poll(() => page.getByTestId('current-source').textContent()).toContain('the profiles published with this site');
  expect(await page.getByRole('button', { name: "Use this site's profiles" }).isDisabled()).toBe(true);
  expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  await page.context().close();
});
