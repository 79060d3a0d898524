/**
 * A phone (390 x 844, touch): the chart comes first, within the first screen and full width;
 * the settings open on demand as a panel (by keyboard too) in which every control can be
 * reached, and the toolbar and the statement of inputs stay reachable.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { watchErrors } from '../helpers/browser.ts';
import { sampleLastCandle, sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';
import { captionLayout } from '../../src/lib/charts/export-caption.ts';

const PHONE = { width: 390, height: 844 };
let app: AppFixture;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => app?.close());

async function phonePage(viewport = PHONE): Promise<{ page: Page; errors: string[] }> {
  const context = await app.browser.newContext({ viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2, acceptDownloads: true });
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

/** Controls on screen smaller than 24 x 24 CSS px (WCAG 2.5.8), a checkbox or radio button by its own box. */
const smallTargets = (page: Page) => page.evaluate(() => {
  const small: string[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('button, select, input, textarea, summary')) {
    const r = el.getBoundingClientRect();
    // Hidden, or a file input drawn as its (large) drop zone.
    if (r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === 'hidden' || el.closest('.visually-hidden') || el.classList.contains('visually-hidden')) continue;
    if (el instanceof HTMLInputElement && el.type === 'file' && el.labels?.[0] && el.labels[0].getBoundingClientRect().height >= 24) continue;
    if (r.width < 24 || r.height < 24) small.push(`${el.tagName.toLowerCase()}${el instanceof HTMLInputElement ? `[${el.type}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? '').trim().slice(0, 40)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return small;
});

test('every checkbox, radio button, disclosure and button on a phone is a target of at least 24 x 24 px', async () => {
  const { page, errors } = await phonePage();
  const found: string[] = [];
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.locator('#settings details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  found.push(...(await smallTargets(page)).map((s) => `settings: ${s}`));
  await page.getByRole('button', { name: 'Close settings' }).click();
  for (const [name, ready] of [['Liquidation Map', '.map-view .chart[data-drawn]'], ['Heatmap', '.heatmap-view .chart[data-drawn]'], ['Data', '[data-testid="cache-row"]']] as const) {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForSelector(ready, { timeout: 60_000 });
    await page.locator('main details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    found.push(...(await smallTargets(page)).map((s) => `${name}: ${s}`));
  }
  expect(found).toEqual([]);
  // A checkbox is tapped on its label's text too, not only on its box.
  await page.getByRole('button', { name: 'Heatmap', exact: true }).click();
  await page.waitForSelector('.heatmap-view .chart[data-drawn]', { timeout: 60_000 });
  await page.getByText('Lock colour scale').tap();
  expect(await page.getByLabel('Lock colour scale').isChecked()).toBe(true);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the settings panel is a modal dialog: the focus moves in and goes round inside it, the page behind is inert, Escape closes it and gives the focus back', async () => {
  const { page, errors } = await phonePage();
  const toggle = page.getByRole('button', { name: 'Settings', exact: true });
  const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  await toggle.click();
  // The toggle lies under the open panel: the focus goes into the panel, onto its close button.
  await expect.poll(focused).toBe('Close settings');
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  expect(await dialog.getAttribute('aria-modal')).toBe('true');
  // The page behind takes no focus and is out of the accessibility tree (inert); the panel is not.
  for (const selector of ['header nav button', '.content .toolbar button', 'select[aria-label="Exchange"]']) {
    expect(await page.locator(selector).first().evaluate((el) => !!el.closest('[inert]')), selector).toBe(true);
  }
  expect(await page.locator('#settings').evaluate((el) => !!el.closest('[inert]'))).toBe(false);
  // Tab past the last control comes round to the first; Shift+Tab before the first, to the last.
  await page.locator('#settings').evaluate((aside) => {
    const shown = [...aside.querySelectorAll<HTMLElement>('button, select, input, summary')].filter((el) => el.checkVisibility() && !(el as HTMLButtonElement).disabled);
    shown[shown.length - 1].setAttribute('data-last', '');
  });
  await page.locator('#settings [data-last]').focus();
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('Close settings');
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-last'))).toBe(true);
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  // A tap on the panel's text takes the focus off its controls: Escape still closes it, the focus back on Settings.
  await page.locator('#settings legend').first().click();
  await page.keyboard.press('Escape');
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await focused()).toBe('Settings');
  expect(await page.getByRole('dialog').count()).toBe(0);
  expect(await page.locator('[inert]').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('an exported PNG\'s caption keeps the page\'s text size on a phone\'s 2x picture, wrapping its title', async () => {
  const { page, errors } = await phonePage();
  await page.getByRole('button', { name: 'Heatmap', exact: true }).click();
  await page.waitForSelector('.heatmap-view .chart[data-drawn]', { timeout: 60_000 });
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  const image = readFileSync(await png.path());
  const canvas = await page.locator('.heatmap-view .chart canvas').first().evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
  expect(image.readUInt32BE(16)).toBe(canvas.width);
  // "BTCUSDT liquidation heatmap · Binance · 30d · synthetic data" at 12 CSS px (24 image px) needs two rows
  // on a 370 px chart; the time of export a third.
  const layout = captionLayout(canvas.width, 3, 2);
  expect(layout.font).toBe(24);
  expect(image.readUInt32BE(20)).toBe(canvas.height + layout.band);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('on a touch screen a button under the last tap does not keep the accent border that marks a pressed one', async () => {
  const { page, errors } = await phonePage();
  await page.getByRole('button', { name: 'Heatmap', exact: true }).click();
  await page.waitForSelector('.heatmap-view .chart[data-drawn]', { timeout: 60_000 });
  const range = page.locator('.heatmap-view [data-range="90d"]');
  const border = () => range.evaluate((b) => getComputedStyle(b).borderColor);
  const plain = await border();
  // The finger's last position stays over the button (as after a tap whose page then moved).
  await range.hover();
  expect(await range.evaluate((b) => b.matches(':hover'))).toBe(true);
  expect(await border()).toBe(plain);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the two exports stay side by side on a phone, on every chart view', async () => {
  const { page, errors } = await phonePage();
  for (const [name, ready] of [['Liquidation Map', '.map-view .chart[data-drawn]'], ['Heatmap', '.heatmap-view .chart[data-drawn]'], ['Audit', '[data-testid="audit"]']] as const) {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForSelector(ready, { timeout: 60_000 });
    const [csv, png] = await Promise.all(['Export CSV', 'Export PNG'].map(async (n) => (await page.getByRole('button', { name: n, exact: true }).boundingBox())!));
    expect(Math.abs(csv.y - png.y), name).toBeLessThan(2);
    expect(png.x + png.width, name).toBeLessThanOrEqual(PHONE.width);
  }
  expect(errors).toEqual([]);
  await page.context().close();
});

test('a tap on the page beside the open settings panel closes it', async () => {
  const { page, errors } = await phonePage();
  const toggle = page.getByRole('button', { name: 'Settings', exact: true });
  await toggle.click();
  const panel = (await page.locator('#settings').boundingBox())!;
  // The strip of page left of the panel.
  expect(panel.x).toBeGreaterThan(10);
  await page.touchscreen.tap(panel.x / 2, PHONE.height / 2);
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
  expect(await page.getByLabel('Whale threshold').isVisible()).toBe(false);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('on a 320 px phone no view needs sideways scrolling, nor does the key-levels ladder', async () => {
  const narrow = { width: 320, height: 640 };
  const { page, errors } = await phonePage(narrow);
  const views = [['Liquidation Map', '[data-testid="key-level-long"]'], ['Heatmap', '.heatmap-view .chart[data-drawn]'], ['Audit', '[data-testid="audit"]'], ['Data', '[data-testid="cache-row"]']] as const;
  for (const [name, ready] of views) {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForSelector(ready, { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(narrow.width);
    // A region that scrolls sideways would need the keyboard to reach it: none does here.
    const scrolling = await page.locator('.scroll-x').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent?.slice(0, 40)));
    expect(scrolling, name).toEqual([]);
  }
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the audit chart on a phone has no mode bar (its zoom buttons would undo the no-drag layout, its icons are too small to tap); its PNG is sharp', async () => {
  const { page, errors } = await phonePage();
  await auditWithRecords(page);
  expect(await page.locator('.audit-view .modebar-btn').count()).toBe(0);
  expect(await smallTargets(page)).toEqual([]);
  // Its PNG is at the phone's pixel density, as the map's and the heatmap's are, under a caption of the page's text size.
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG', exact: true }).click()]);
  const image = readFileSync(await png.path());
  const css = (await page.locator('.audit-view .chart').boundingBox())!;
  expect(image.readUInt32BE(16)).toBe(Math.round(css.width) * 2);
  expect(errors).toEqual([]);
  await page.context().close();
});

/** Recorded liquidations over the sample's last days, imported as a user would; then the Audit view, drawn. */
async function auditWithRecords(page: Page): Promise<void> {
  const last = await sampleLastCandle(inject('distDir'), 'BTCUSDT', '2025-11');
  const close = await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11');
  const rows = Array.from({ length: 20 }, (_, i) => `${new Date(last - 13 * 3_600_000 - i * 3_333_333).toISOString()},binance,BTCUSDT,${i % 3 ? 'long' : 'short'},${close},${0.1 + i / 10},${close * (0.1 + i / 10)}`);
  await page.getByRole('button', { name: 'Data', exact: true }).click();
  await page.getByTestId('liq-import-input').setInputFiles({ name: 'recorded.csv', mimeType: 'text/csv', buffer: Buffer.from(['time,exchange,symbol,side,price,quantity,usd', ...rows].join('\n')) });
  await page.getByTestId('liq-import-result').waitFor();
  await page.getByRole('button', { name: 'Audit', exact: true }).click();
  await page.waitForSelector('.audit-view .chart[data-drawn]', { timeout: 150_000 });
}
