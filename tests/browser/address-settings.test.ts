/**
 * Every address a self-hoster types (the Binance API base URL, each WebSocket base URL, the
 * profile list) is checked by liqmap's own rules: an address typed without its scheme gets
 * liqmap's message saying what it should look like, under the field, by keyboard (Enter), and
 * the saved setting is unchanged. (The browser's own URL check would stop the form first with a
 * bubble that says neither, and that not every phone shows.) A path on this site, such as the
 * bundled sample's ./sample/manifest.json, is a profile list too.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';

let app: AppFixture;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => app?.close());

const saved = (page: import('playwright-core').Page) => page.evaluate(() => JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}'));

test('a base URL typed without https:// or wss:// gets liqmap\'s message, and nothing saved changes', async () => {
  const { page, errors } = await app.open();
  const before = await saved(page);

  await page.getByText('Binance API base URL', { exact: true }).click();
  const api = page.locator('input[name=binance-base]');
  await api.fill('fapi.binance.com');
  await api.press('Enter');
  await expect.poll(() => api.locator('xpath=ancestor::form').getByRole('alert').textContent()).toBe('"fapi.binance.com" is not a URL; it should look like https://fapi.binance.com');

  for (const [id, label, typed, example] of [
    ['binance', 'Binance WebSocket base URL', 'fstream.binance.com/market', 'wss://fstream.binance.com/market'],
    ['bybit', 'Bybit WebSocket base URL', 'stream.bybit.com/v5/public/linear', 'wss://stream.bybit.com/v5/public/linear'],
  ]) {
    await page.locator('summary', { hasText: label }).click();
    const input = page.locator(`input[name=${id}-stream-base]`);
    await input.fill(typed);
    await input.press('Enter');
    await expect.poll(() => input.locator('xpath=ancestor::form').getByRole('alert').textContent()).toBe(`"${typed}" is not a URL; it should look like ${example}`);
  }
  expect(await saved(page)).toEqual(before);
  expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('a profile list typed without https:// gets liqmap\'s message, and the source stays', async () => {
  const { page } = await app.open('?view=data', { waitForChart: false });
  await page.getByTestId('offer').waitFor();
  const field = page.getByLabel('Profile list (manifest.json URL)');
  await field.fill('profiles.example.org/manifest.json');
  await field.press('Enter');
  await expect.poll(() => field.locator('xpath=ancestor::fieldset').getByRole('alert').textContent())
    .toBe('"profiles.example.org/manifest.json" is not a URL; give the full address of a manifest.json (https://…/manifest.json), or a path on this site such as ./sample/manifest.json.');
  expect(await page.getByTestId('current-source').textContent()).toContain('Using the sample bundled with this site.');
  expect(new URL(page.url()).searchParams.get('source')).toBeNull();
});

test('the bundled sample typed as docs/hosting.md says (./sample/manifest.json) is read from this site', async () => {
  const { page } = await app.open('?view=data', { waitForChart: false });
  await page.getByTestId('offer').waitFor();
  const field = page.getByLabel('Profile list (manifest.json URL)');
  await field.fill('./sample/manifest.json');
  await field.press('Enter');
  const sample = `${inject('siteUrl')}sample/manifest.json`;
  await expect.poll(() => page.getByTestId('current-source').textContent()).toBe(`Using ${sample}.`);
  expect(new URL(page.url()).searchParams.get('source')).toBe(sample);
  await expect.poll(() => page.getByTestId('offer-row').count()).toBeGreaterThan(0);
  expect(await field.locator('xpath=ancestor::fieldset').getByRole('alert').count()).toBe(0);
});
