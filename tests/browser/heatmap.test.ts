/**
 * The Heatmap view in Chromium against the built site (sample: synthetic BTCUSDT and ETHUSDT,
 * 2025-08..2025-11) and the Binance mock: every range draws with candles, hover, the missing
 * months of a long range, settings shared with the map, the synthetic label, exports.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { drawnStamp, drawnTraces, sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';
import { RANGE_CANDLE_DEFAULTS } from '../../src/lib/model/candle-sizes.ts';

let app: AppFixture;

beforeAll(async () => {
  const dist = inject('distDir');
  app = await startApp(inject('siteUrl'), {
    BTCUSDT: await sampleLastClose(dist, 'BTCUSDT', '2025-11'),
    ETHUSDT: await sampleLastClose(dist, 'ETHUSDT', '2025-11'),
  });
});
afterAll(async () => app?.close());

const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
const candleText = (minutes: number) => ({ 15: '15 min', 60: '1 h', 240: '4 h', 720: '12 h', 1440: '1 d' })[minutes];
const spanText = (page: Page) => page.getByTestId('heatmap-span').innerText();
/**
 * Candle bodies Plotly drew: one bar per candle on the cells' twin time axis (x4), whose subplot overlays
 * the main one and is drawn above it (the side profile has its own subplot).
 */
const candleBodies = (page: Page) => page.locator('.overplot .x4y .barlayer .point path');
const candlePaths = (page: Page) => candleBodies(page).count();

/** Click a range button (unless shown already) and wait for the picture of that range (its candle size in the span line). */
async function showRange(page: Page, label: string, minutes: number): Promise<number> {
  const button = page.locator(`button[data-range="${label}"]`);
  if ((await button.getAttribute('aria-pressed')) !== 'true') {
    const before = await drawnStamp(page);
    await button.click();
    // What is shown is this range's result (a redraw of the previous range's would not do).
    await expect.poll(() => page.locator('.heatmap-view').getAttribute('data-shown-range'), { timeout: 60_000 }).toBe(label);
    await expect.poll(() => spanText(page), { timeout: 60_000 }).toContain(`× ${candleText(minutes)} candles`);
    await waitForDraw(page, before);
  }
  const candles = Number(/(\d+) × /.exec(await spanText(page))![1]);
  // The drawn candles are those of this range's result (a later draw of an older result would differ).
  await expect.poll(() => candlePaths(page)).toBe(candles);
  return candles;
}

describe('heatmap', () => {
  test('every range draws the heatmap with candles, states its candle size, and names missing months', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=12h');
    await expect.poll(() => spanText(page)).toContain('× 15 min candles');
    for (const r of RANGE_CANDLE_DEFAULTS) {
      const button = page.locator(`button[data-range="${r.label}"]`);
      expect(await button.innerText()).toContain(`${candleText(r.candleMinutes)} candles`);
      const candles = await showRange(page, r.label, r.candleMinutes);
      expect(await button.getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('button[data-range][aria-pressed="true"]').count()).toBe(1);
      expect(param(page, 'range')).toBe(r.label === '30d' ? null : r.label); // 30d is the default
      // The cells are one image under the axes, beside the colour bar's.
      expect(await page.locator('.imagelayer image').count()).toBe(2);
      // The cells and the candles share a subplot, in which Plotly draws bars above images.
      expect(await page.locator('.overplot .x4y .imagelayer image').count()).toBe(1);
      expect(candles).toBeGreaterThan(r.days <= 1 ? 40 : 60);
      const traces = await drawnTraces(page);
      expect(traces.map((t) => `${t.type}:${t.name}`)).toEqual(['scatter:time axis', 'image:resting liquidations', 'scatter:wicks up', 'scatter:wicks down', 'bar:price', 'scatter:resting now', 'image:colour scale']);
      // One wick (a point at the low, an error bar up to the high) per candle.
      expect(traces.filter((t) => t.name.startsWith('wicks')).reduce((n, t) => n + t.x.length, 0)).toBe(candles);
      expect(await page.locator('.overplot .x4y .errorbar path.yerror').count()).toBe(candles);
    }
    // 1y on four sample months: the eight absent months are named and the span is stated.
    const missing = await page.getByTestId('heatmap-missing').innerText();
    const named = missing.split('not available')[0];
    for (const m of ['2024-12', '2025-01', '2025-07']) expect(named).toContain(m);
    expect(named).not.toContain('2025-08');
    expect(missing).toContain('covers only 2025-08-01');
    expect(await spanText(page)).toContain('less than the 1y asked');
    await showRange(page, '7d', 60);
    expect(await page.getByTestId('heatmap-missing').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('hover shows the time, the price band and the volume', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=7d');
    // Plotly logs its warnings with console.trace; a cell's hover once warned at every move.
    const warnings: string[] = [];
    page.on('console', (m) => { if (m.text().includes('WARN')) warnings.push(m.text()); });
    const box = (await page.locator('.draglayer .xy .nsewdrag').boundingBox())!;
    // Near the top of the plot, away from the candles: a heatmap cell.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.1);
    await page.mouse.move(box.x + box.width * 0.5 + 3, box.y + box.height * 0.1 + 2);
    await expect.poll(async () => (await page.locator('.hoverlayer').textContent()) ?? '').toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const text = (await page.locator('.hoverlayer').textContent()) ?? '';
    expect(text).toMatch(/price [\d,.]+ ± \d+/);
    expect(text).toMatch(/resting \$[\d.]+/);
    expect(warnings).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('hover on a candle body shows its time, open, high, low and close', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=24h');
    // The tallest body: easy to point at, and in the plot whatever the data.
    const boxes = await candleBodies(page).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2, h: r.height })));
    const tallest = boxes.reduce((a, b) => (b.h > a.h ? b : a));
    expect(tallest.h).toBeGreaterThan(4);
    await page.mouse.move(tallest.x - 1, tallest.y - 1);
    await page.mouse.move(tallest.x, tallest.y);
    await expect.poll(async () => (await page.locator('.hoverlayer').textContent()) ?? '').toContain('close');
    const text = (await page.locator('.hoverlayer').textContent()) ?? '';
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC \(15 min candle\)/);
    for (const name of ['open', 'high', 'low', 'close']) expect(text).toMatch(new RegExp(`${name} [\\d,]+\\.\\d\\d`));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('switching between map and heatmap keeps the settings in the URL and the controls', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=3d&tiers=5:0.5,10:0.5');
    await expect.poll(() => spanText(page)).toContain('× 1 h candles');
    let before = await drawnStamp(page);
    await page.getByLabel('Whale threshold').selectOption('1000000');
    await waitForDraw(page, before);
    await expect.poll(() => page.getByRole('region', { name: 'What the heatmap shows' }).innerText()).toContain('≥ $1.00 M');
    expect(param(page, 'whale')).toBe('1000000');

    before = await drawnStamp(page);
    await page.getByRole('button', { name: 'Liquidation Map' }).click();
    await waitForDraw(page, before);
    expect(param(page, 'view')).toBeNull();
    expect(param(page, 'whale')).toBe('1000000');
    expect(param(page, 'tiers')).toBe('5:0.5,10:0.5');
    expect(await page.getByLabel('Whale threshold').inputValue()).toBe('1000000');
    expect(await page.locator('button[data-range]').count()).toBe(0);

    before = await drawnStamp(page);
    await page.getByRole('button', { name: 'Heatmap', exact: true }).click();
    await waitForDraw(page, before);
    expect(param(page, 'view')).toBe('heatmap');
    expect(param(page, 'range')).toBe('3d');
    expect(await page.locator('button[data-range="3d"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Whale threshold').inputValue()).toBe('1000000');
    const inputs = await page.getByRole('region', { name: 'What the heatmap shows' }).innerText();
    expect(inputs).toContain('5x 50.0% · 10x 50.0%');
    expect(inputs).toContain('≥ $1.00 M');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('lock scale keeps the colour scale across a range change', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=7d');
    // The colour bar is a small image on its own axis; the axis title states the scale.
    const title = async () => (await page.locator('.g-y3title').textContent()) ?? '';
    const top = /\$[\d.,]+ ?[MBk]?/;
    const unlocked = (await title()).match(top)![0];
    await page.getByLabel('Lock colour scale').check();
    await expect.poll(title).toContain(`locked at ${unlocked}`);
    expect(param(page, 'lock')).toBe('1');
    await showRange(page, '30d', 240);
    expect(await title()).toContain(`locked at ${unlocked}`);
    await page.getByLabel('Lock colour scale').uncheck();
    await expect.poll(title).toContain('clipped at p99');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('synthetic data is labelled; CSV and PNG export what is drawn', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=24h');
    expect(await page.getByTestId('heatmap-synthetic').isVisible()).toBe(true);
    expect(await page.locator('.annotation-text', { hasText: 'SYNTHETIC' }).count()).toBe(1);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('liqmap-BTCUSDT-heatmap-24h.csv');
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,price_bin,volume_usd');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines.slice(1, 50)) expect(line).toMatch(/^2025-\d\d-\d\dT\d\d:\d\d:00\.000Z,\d+(\.\d+)?,\d/);
    expect(lines.slice(1).every((l) => Number(l.split(',')[2]) > 0)).toBe(true);

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('liqmap-BTCUSDT-heatmap-24h.png');
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
