/**
 * A month held twice, by the source and as an upload: the upload is used until the user
 * chooses the source's copy in the Data view, and the map follows the choice.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';
import { mapDrawn, marketVolumeRows, openView } from '../helpers/liqmap-page.ts';
import { writeProfile } from '../helpers/profile-writers.ts';

let app: AppFixture;
let close: number;

beforeAll(async () => {
  close = await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11');
  app = await startApp(inject('siteUrl'), { BTCUSDT: close });
});
afterAll(async () => app?.close());

test('the user chooses which copy of a month is used, and the map follows', async () => {
  // A one-day window: only the month in question counts.
  const { page, errors } = await app.open('?window=1');
  const fromSource = await mapDrawn(page, 'BTCUSDT');
  expect(fromSource.maxX).toBeGreaterThan(close * 0.8);
  // Uploads and copy choices re-read the catalog in the engine, without fetching the manifest.
  let manifestFetches = 0;
  // (The service worker's own precache, which starts after the first chart, is not the app asking.)
  page.context().on('request', (r) => { if (!r.serviceWorker() && new URL(r.url()).pathname.endsWith('/manifest.json')) manifestFetches++; });

  // An upload of the same month, traded far below the sample's prices.
  const low = Math.round(close * 0.05) * 10; // on the profile's 10 USD step
  const bytes = await writeProfile('volume', marketVolumeRows('2025-11', 24, low), { writer: 'duckdb', symbol: 'BTCUSDT', month: '2025-11' });
  await openView(page, 'Data');
  await page.getByTestId('upload-input').setInputFiles({ name: 'BTCUSDT-2025-11.volume.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('verdict').getAttribute('data-ok'), (await page.getByTestId('verdict').textContent()) ?? '').toBe('true');
  const note = page.getByTestId('upload-over-remote');
  await expect.poll(() => note.textContent(), { timeout: 60_000 }).toContain('your upload of volume is used');
  await openView(page, 'Liquidation Map');
  await expect.poll(async () => (await mapDrawn(page, 'BTCUSDT')).maxX, { timeout: 60_000 }).toBeLessThan(low * 1.2);

  await openView(page, 'Data');
  await page.getByLabel("the source's file").check();
  await expect.poll(() => note.textContent()).toContain("the source's file of volume is used");
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}').preferSource)).toEqual({ 'BTCUSDT 2025-11': 'remote' });
  await openView(page, 'Liquidation Map');
  await expect.poll(async () => (await mapDrawn(page, 'BTCUSDT')).maxX, { timeout: 60_000 }).toBeGreaterThan(close * 0.8);

  expect(manifestFetches).toBe(0);

  // The choice is kept across a reload (which does read the manifest: the count above could see it).
  await page.reload();
  expect((await mapDrawn(page, 'BTCUSDT')).maxX).toBeGreaterThan(close * 0.8);
  expect(manifestFetches).toBeGreaterThan(0);
  expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  await page.context().close();
});
