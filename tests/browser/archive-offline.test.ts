/**
 * "Fetch and build" pressed while the browser is offline (after a first visit): the run stops at once and says the
 * browser is offline, not that the archive host refused it (which would send the user to change
 * a setting that is fine); nothing is kept. Binance's archive and Bybit's dumps alike.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';
import { importLines, importRun, openView, storedFiles, swControls } from '../helpers/liqmap-page.ts';

let app: AppFixture;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => app?.close());

test('offline, a fetch of either exchange\'s archive says the browser is offline and keeps nothing', async () => {
  // Offline after one visit: the service worker holds the app, the import's code included.
  const { page } = await app.open();
  await swControls(page);
  await openView(page, 'Data');
  await page.getByTestId('offer').waitFor();
  const before = (await storedFiles(page)).filter((f) => f.source === 'built');
  await page.context().setOffline(true);
  for (const [exchange, file] of [['binance', 'BTCUSDT-aggTrades-2025-10.zip.CHECKSUM'], ['bybit', 'BTCUSDT2025-10-01.csv.gz']]) {
    await page.locator('select[name=archive-exchange]').selectOption(exchange);
    await page.locator('input[name=archive-from]').fill('2025-10');
    await page.locator('input[name=archive-to]').fill('2025-10');
    const run = await importRun(page);
    await page.getByTestId('archive-fetch').click();
    const lines = await importLines(page, run);
    const failed = lines.filter((l) => !l.ok).map((l) => l.text);
    expect(failed).toEqual([`${file}: the browser is offline, so nothing was downloaded. Fetch again once it is back online.`]);
  }
  expect((await storedFiles(page)).filter((f) => f.source === 'built')).toEqual(before);
});
