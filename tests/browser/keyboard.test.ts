/**
 * Keyboard only (desktop): when the focused control goes away through its own action (a row
 * removed, a button disabled by its press), the focus stays where the user was: on the control
 * that took its place, else the one beside it; never back at the page's start. And what a drag
 * and a double click do on a chart, keys do on its focused plot.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';

let app: AppFixture;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => app?.close());

/** The focused element's accessible label (aria-label, else its text), or 'body' when the focus is lost. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return !el || el === document.body ? 'body' : (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
});

/** Focus `name`'s button and press Enter, as a keyboard user does. */
async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

test('removing a watched symbol, an alert or a tier leaves the focus beside it', async () => {
  const { page, errors } = await app.open();
  await page.getByTestId('watch-add-symbol').selectOption('BTCUSDT');
  await press(page, 'Watch');
  // Watch is disabled once its symbol is added: the focus goes back to the picker before it.
  await expect.poll(() => focused(page)).toBe('Add to the watchlist');
  await page.getByTestId('watch-add-symbol').selectOption('ETHUSDT');
  await press(page, 'Watch');
  // The last symbol added, the picker goes with its button: the focus stays in the list, on the row before.
  await expect.poll(() => focused(page)).toBe('Remove ETHUSDT from the watchlist');
  await press(page, 'Remove BTCUSDT from the watchlist');
  // The row that took its place.
  await expect.poll(() => focused(page)).toBe('Open ETHUSDT');
  await press(page, 'Remove ETHUSDT from the watchlist');
  // The list is gone: the control after it, the symbol picker.
  await expect.poll(() => focused(page)).toBe('Add to the watchlist');

  await page.getByTestId('alert-save').focus();
  await page.keyboard.press('Enter');
  await press(page, 'Remove');
  await expect.poll(() => focused(page)).toBe('Set alert');

  // The last tier's row goes: the focus moves to the row before it.
  await press(page, 'Remove 100x tier');
  await expect.poll(() => focused(page)).toBe('Remove 50x tier');
  expect(errors).toEqual([]);
  await page.context().close();
});

test('a button disabled by its own press leaves the focus on the control before it; a dismissed banner on the next one', async () => {
  const { page, errors } = await app.open();
  await page.locator('summary', { hasText: 'Type figures in' }).click();
  await page.locator('input[name="manual-oi"]').fill('1000');
  await page.locator('input[name="manual-price"]').fill('90000');
  await press(page, 'Use these');
  await expect.poll(() => page.getByRole('button', { name: 'Back to live' }).isEnabled()).toBe(true);
  await press(page, 'Back to live');
  await expect.poll(() => page.getByRole('button', { name: 'Back to live' }).isEnabled()).toBe(false);
  await expect.poll(() => focused(page)).toBe('Use these');
  // The link-source banner: Keep current source removes it with its buttons.
  await page.goto(`${inject('siteUrl')}?source=${encodeURIComponent('http://127.0.0.1:9/elsewhere/manifest.json')}`);
  await press(page, 'Keep current source');
  await expect.poll(() => page.getByTestId('source-confirm').count()).toBe(0);
  await expect.poll(() => focused(page)).not.toBe('body');
  expect(errors).toEqual([]);
  await page.context().close();
});

test('a tap that removes its own button leaves the focus alone (no on-screen keyboard pops up on a phone)', async () => {
  const { page, errors } = await app.open();
  await page.getByTestId('watch-add-symbol').selectOption('BTCUSDT');
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await page.getByRole('button', { name: 'Remove 100x tier' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Remove 100x tier' }).count()).toBe(0);
  expect(await focused(page)).toBe('body');
  expect(errors).toEqual([]);
  await page.context().close();
});

test('on the focused plot + and − zoom, the arrow keys pan, 0 shows it all: the map and the heatmap', async () => {
  const { page, errors } = await app.open();
  const range = async (chart: string) => (await page.locator(chart).getAttribute('data-zoom'))?.split(',').map(Number) ?? null;
  const chart = '.map-view .chart';
  await page.locator(`${chart} .u-over`).focus();
  expect(await page.locator(`${chart} .u-over`).getAttribute('aria-label')).toContain('+ and − zoom');
  await page.keyboard.press('+');
  const [min, max] = (await range(chart))!;
  await page.keyboard.press('+');
  const [inMin, inMax] = (await range(chart))!;
  expect(inMax - inMin).toBeCloseTo((max - min) / 2, 6);
  await page.keyboard.press('ArrowRight');
  const [panMin, panMax] = (await range(chart))!;
  expect(panMin).toBeCloseTo(inMin + 0.1 * (inMax - inMin), 6);
  expect(panMax - panMin).toBeCloseTo(inMax - inMin, 6);
  await page.keyboard.press('-');
  const [outMin, outMax] = (await range(chart))!;
  expect(outMax - outMin).toBeCloseTo(max - min, 6);
  await page.keyboard.press('0');
  expect(await range(chart)).toBeNull();

  await page.getByRole('button', { name: 'Heatmap', exact: true }).click();
  await page.waitForSelector('.heatmap-view .chart[data-drawn]', { timeout: 60_000 });
  const heat = '.heatmap-view .chart';
  await page.locator(`${heat} .u-over`).focus();
  await page.keyboard.press('+');
  expect(await range(heat)).not.toBeNull();
  await page.keyboard.press('0');
  expect(await range(heat)).toBeNull();
  expect(await page.locator(heat).getAttribute('data-zoom-y')).toBeNull();
  expect(errors).toEqual([]);
  await page.context().close();
});
