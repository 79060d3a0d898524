/**
 * A heatmap range that needs a month this browser has not kept, opened while offline: the month
 * is one the source has, so the view says its files could not be loaded (the notice above names
 * them, saying the browser is offline), not that the source lacks it, on the heatmap and on the
 * map; back online, the view loads it by itself.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';
import { openView } from '../helpers/liqmap-page.ts';

let app: AppFixture;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => app?.close());

test('offline, a month the source has but this browser lacks is said to be unloaded, not absent from the source', async () => {
  // The map's 30 days need only 2025-11; the heatmap's 30d range and the 30 days before it need 2025-10 too.
  const { page } = await app.open('?window=30');
  await page.context().setOffline(true);
  await openView(page, 'Heatmap');
  const missing = page.getByTestId('heatmap-missing');
  await expect.poll(() => missing.textContent(), { timeout: 30_000 }).toMatch(/need\s+month 2025-10, which this source has but whose files could not be loaded \(named above\)\.$/);
  expect(await missing.textContent()).not.toContain('not available from this source');
  // The notice says why (offline, not "the host did not answer") and that it comes by itself, not on a reload.
  expect(await page.locator('.notices').textContent()).toContain('BTCUSDT/BTCUSDT-2025-10.volume.parquet could not be downloaded: the browser is offline; it is asked for again once it is back online');

  // The map says the same of a window that reaches into that month.
  await openView(page, 'Liquidation Map');
  await page.getByRole('button', { name: '90d', exact: true }).click();
  const mapMissing = page.getByTestId('map-missing');
  await expect.poll(() => mapMissing.textContent(), { timeout: 30_000 }).toMatch(/^The 90-day window needs months 2025-09, 2025-10, which this source has but whose files could not be loaded \(named above\)\./);

  await page.context().setOffline(false);
  await expect.poll(() => mapMissing.count(), { timeout: 30_000 }).toBe(0);
  await openView(page, 'Heatmap');
  await expect.poll(() => missing.count(), { timeout: 30_000 }).toBe(0);
});
