/**
 * A phone (390 x 844, touch): the chart comes first, within the first screen and full width;
 * the settings open on demand as a panel (by keyboard too) in which every control can be
 * reached, and the toolbar and the statement of inputs stay reachable.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { watchErrors } from '../helpers/browser.ts';
import { sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';

const PHONE = { width: 390, height: 844 };
let app: AppFixture;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => app?.close());

async function phonePage(): Promise<{ page: Page; errors: string[] }> {
  const context = await app.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(([url, streams]) => localStorage.setItem('liqmap.settings', JSON.stringify({ binanceBase: url, allowedHosts: [], ...streams })), [app.mock.url, app.streamSettings] as const);
  await page.goto(inject('siteUrl'));
  await waitForDraw(page);
  return { page, errors };
}

/** Whether `selector`'s element is the one a tap at its centre would hit (nothing covers it). */
const hittable = (page: Page, selector: string) => page.locator(selector).evaluate((el) => {
  el.scrollIntoView({ block: 'center' });
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return r.width > 0 && r.height > 0 && !!hit && (hit === el || el.contains(hit) || hit.contains(el) || (el as HTMLElement & { labels?: NodeList }).labels?.[0]?.contains(hit) === true);
});

test('the chart fills the width of the first screen, before the settings', async () => {
  const { page, errors } = await phonePage();
  const chart = (await page.locator('.chart').boundingBox())!;
  expect(chart.y).toBeGreaterThanOrEqual(0);
  expect(chart.y + chart.height).toBeLessThanOrEqual(PHONE.height);
  expect(chart.width).toBeGreaterThan(PHONE.width * 0.9);
  // The map's canvas holds its axes inside the chart (nothing cut off at the right edge).
  const plot = (await page.locator('.chart canvas').first().boundingBox())!;
  expect(plot.x + plot.width).toBeLessThanOrEqual(PHONE.width + 1);
  // No drag-zoom on a phone (a finger scrolls the page): a drag leaves the map as it was.
  const over = (await page.locator('.map-view .u-over').boundingBox())!;
  await page.mouse.move(over.x + over.width * 0.3, over.y + 20);
  await page.mouse.down();
  await page.mouse.move(over.x + over.width * 0.6, over.y + 20, { steps: 4 });
  await page.mouse.up();
  expect(await page.locator('.map-view .chart').getAttribute('data-zoom')).toBeNull();
  // The settings are folded away until asked for.
  expect(await page.getByLabel('Whale threshold').isVisible()).toBe(false);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  expect(errors).toEqual([]);
});

test('the settings panel opens by keyboard, every control in it can be reached, Escape closes it', async () => {
  const { page, errors } = await phonePage();
  const toggle = page.getByRole('button', { name: 'Settings', exact: true });
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  const controls = await page.locator('#settings').evaluate((aside) =>
    [...aside.querySelectorAll('select, input, button, summary')].map((el, i) => { el.setAttribute('data-reach', String(i)); return i; }));
  expect(controls.length).toBeGreaterThan(8);
  for (const i of controls) {
    const selector = `#settings [data-reach="${i}"]`;
    // Closed disclosures hide their contents: opening them is part of reaching them.
    const inClosedDetails = await page.locator(selector).evaluate((el) => !!el.closest('details:not([open])') && el.tagName !== 'SUMMARY');
    if (inClosedDetails) continue;
    expect(await hittable(page, selector), `control ${selector} reachable`).toBe(true);
  }
  // A setting changed in the panel redraws the chart behind it.
  const before = await page.getAttribute('.chart[data-drawn]', 'data-drawn');
  await page.getByLabel('Whale threshold').selectOption('1000000');
  await waitForDraw(page, before ?? '0');
  await page.getByLabel('Whale threshold').focus();
  await page.keyboard.press('Escape');
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await page.getByLabel('Whale threshold').isVisible()).toBe(false);
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
  expect(errors).toEqual([]);
});

test('the views, the toolbar and the statement of inputs stay reachable', async () => {
  const { page, errors } = await phonePage();
  for (const name of ['Liquidation Map', 'Heatmap', 'Data', 'Export CSV', 'Export PNG']) {
    const button = page.getByRole('button', { name, exact: true });
    expect(await button.isEnabled(), name).toBe(true);
    expect(await hittable(page, `button:text-is("${name}")`), name).toBe(true);
  }
  expect(await hittable(page, 'select[aria-label="Symbol"]')).toBe(true);
  const statement = page.getByText('What the map shows');
  await statement.scrollIntoViewIfNeeded();
  expect(await statement.isVisible()).toBe(true);
  // No view is wider than the phone: wide tables (the Data view's) scroll on their own, not the page.
  for (const [name, ready] of [['Heatmap', '.heatmap-view .chart[data-drawn]'], ['Audit', '[data-testid="audit"]'], ['Data', '[data-testid="cache-row"]']] as const) {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForSelector(ready, { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(PHONE.width);
  }
  // The Data view's lists wrap each row on the phone: every month offered and every Delete button is
  // on screen, not past a table's sideways scroll.
  const rightEdges = await page.locator('[data-testid="offer-row"], [data-testid="cache-row"] button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
  expect(rightEdges.length).toBeGreaterThan(3);
  expect(Math.max(...rightEdges)).toBeLessThanOrEqual(PHONE.width);
  // What happens to files given there is shown on screen, though the import's lines sit screens below the drop zone.
  await page.getByTestId('dropzone').scrollIntoViewIfNeeded();
  await page.getByTestId('upload-input').setInputFiles([{ name: 'chart.png', mimeType: 'image/png', buffer: Buffer.from('not an archive') }]);
  const line = page.getByTestId('import-line').filter({ hasText: 'chart.png' });
  await line.waitFor();
  const box = (await line.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
  expect(errors).toEqual([]);
});

/** Rectangles of the elements matching `selector` inside the chart. */
const rects = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })));
type Box = { left: number; right: number; top: number; bottom: number };
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test('the heatmap cells span at least 80 % of a phone\'s width; the side profile waits behind a toggle', async () => {
  const { page, errors } = await phonePage();
  await page.getByRole('button', { name: 'Heatmap', exact: true }).click();
  await page.waitForSelector('.heatmap-view .chart[data-drawn]', { timeout: 60_000 });
  // The cells fill the plot area (uPlot's .u-over); the colour bar lies under it, the profile is folded away.
  const chart = page.locator('.heatmap-view .chart');
  const cells = (await chart.locator('.u-over').boundingBox())!.width;
  expect(cells).toBeGreaterThanOrEqual(PHONE.width * 0.8);
  expect(await chart.getAttribute('data-layout')).toBe('phone');
  const before = await page.getAttribute('.heatmap-view .chart', 'data-drawn');
  await page.getByLabel('Show what rests now beside the chart').check();
  await waitForDraw(page, before ?? '0');
  // The wide layout: the profile and the upright colour bar take room right of the cells.
  await expect.poll(() => chart.getAttribute('data-layout')).toBe('wide');
  expect((await chart.locator('.u-over').boundingBox())!.width).toBeLessThan(cells * 0.9);
  expect(errors).toEqual([]);
});

test('on a phone, legends and colour bars never cover the axes\' tick labels', async () => {
  const { page, errors } = await phonePage();
  for (const view of ['Liquidation Map', 'Heatmap']) {
    await page.getByRole('button', { name: view, exact: true }).click();
    await page.waitForSelector(`.${view === 'Heatmap' ? 'heatmap' : 'map'}-view .chart[data-drawn]`, { timeout: 60_000 });
    // Both draw their axes (and the heatmap its colour bar) on their canvas, with the legend below it.
    const css = view === 'Heatmap' ? '.heatmap-view' : '.map-view';
    const ticks = await rects(page, `${css} .chart canvas`);
    expect(ticks.length, view).toBeGreaterThan(0);
    const legends = await rects(page, `${css} .u-legend`);
    expect(legends.length, view).toBeGreaterThan(0);
    for (const legend of legends) for (const tick of ticks) expect(overlaps(legend, tick), `${view}: legend ${JSON.stringify(legend)} over tick ${JSON.stringify(tick)}`).toBe(false);
    // Under the cursor the legend fills in its values and must still end inside the chart, not
    // spill over the statement below it.
    const [plot] = await rects(page, `${css} .chart canvas`);
    await page.mouse.move((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2);
    await expect.poll(() => page.locator(`${css} .u-legend .u-value`).first().innerText()).not.toBe('—');
    const [chart] = await rects(page, `${css} .chart`);
    for (const legend of await rects(page, `${css} .u-legend`)) expect(legend.bottom, `hovered ${view} legend inside its chart`).toBeLessThanOrEqual(chart.bottom + 1);
  }
  expect(errors).toEqual([]);
});

test('a notice naming a long address wraps on the phone instead of widening the page', async () => {
  const { page } = await phonePage();
  // A link to a source that cannot be read, its address one long word.
  const dead = `http://127.0.0.1:9/${'profiles'.repeat(8)}/manifest.json`;
  await page.goto(`${inject('siteUrl')}?source=${encodeURIComponent(dead)}`);
  await page.getByTestId('source-confirm').getByRole('button', { name: 'Load', exact: true }).click();
  await expect.poll(() => page.locator('.notices').textContent(), { timeout: 30_000 }).toContain(`${dead} could not be read`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  // The Data view says it again where the address is typed.
  await page.getByRole('button', { name: 'Data', exact: true }).click();
  await expect.poll(() => page.getByTestId('offer-empty').textContent(), { timeout: 30_000 }).toContain(`${dead} could not be read`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
});
