/**
 * The zoom is part of the view: a link made on a zoomed map or heatmap opens on the same
 * range, a reset takes it out of the link, another symbol drops it, a link's zoom off the data
 * says so and shows the whole picture, and a zoomed map's CSV holds the zoomed bins only.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { changeAndRedraw, dragAcross, mapBarCount, sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';

let app: AppFixture;

beforeAll(async () => {
  const prices = { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11'), ETHUSDT: await sampleLastClose(inject('distDir'), 'ETHUSDT', '2025-11') };
  app = await startApp(inject('siteUrl'), prices);
});
afterAll(async () => app?.close());

const MAP = '.map-view .chart';
const HEATMAP = '.heatmap-view .chart';
const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
const pair = (text: string | null) => (text ? (text.split(',').map(Number) as [number, number]) : null);
const zoomOf = async (page: Page, chart: string, attr = 'data-zoom') => pair(await page.locator(chart).getAttribute(attr));
const times = (text: string | null) => (text ? text.split(',').map((t) => Date.parse(t)) : null);

/** `a` within a ten-thousandth of the range's width of `b` (a link writes five significant digits of it, times to the minute). */
function near(a: number[] | null, b: number[] | null): boolean {
  if (!a || !b) return false;
  const eps = (b[1] - b[0]) * 1e-4;
  return Math.abs(a[0] - b[0]) <= eps && Math.abs(a[1] - b[1]) <= eps;
}

async function plotBox(page: Page, chart: string) {
  return (await page.locator(`${chart} .u-over`).boundingBox())!;
}

async function csvOf(page: Page, view: string): Promise<{ name: string; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(view).getByRole('button', { name: 'Export CSV' }).click()]);
  return { name: download.suggestedFilename(), rows: readFileSync(await download.path(), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')) };
}

describe('zoom in the link', () => {
  test('a zoomed map: the link opens on the same prices, its CSV holds the zoomed bins only, a double click takes it out of the link', async () => {
    const { page, errors } = await app.open();
    const whole = await csvOf(page, '.map-view');
    expect(whole.name).toBe('liqmap-BTCUSDT-binance-oi-30d.csv');
    const box = await plotBox(page, MAP);
    const entries = await page.evaluate(() => history.length);
    await dragAcross(page, box, [0.3, 0.1], [0.6, 0.1]);
    const zoom = await zoomOf(page, MAP);
    expect(zoom).not.toBeNull();
    // Written as the user zooms, without a history entry per zoom.
    await expect.poll(() => param(page, 'mapzoom')).not.toBeNull();
    expect(near(pair(param(page, 'mapzoom')), zoom)).toBe(true);
    expect(await page.evaluate(() => history.length)).toBe(entries);

    // The CSV: only the bins on screen (a bin is on screen when part of it is), named by the range.
    const step = 500;
    const [min, max] = zoom!;
    const zoomed = await csvOf(page, '.map-view');
    expect(zoomed.name).toBe(`liqmap-BTCUSDT-binance-oi-30d-${param(page, 'mapzoom')!.replace(',', '-')}.csv`);
    const bins = zoomed.rows.map((r) => Number(r[0]));
    expect(bins.length).toBeGreaterThan(0);
    expect(bins.every((b) => b + step > min && b < max)).toBe(true);
    expect(zoomed.rows).toEqual(whole.rows.filter((r) => Number(r[0]) + step > min && Number(r[0]) < max));
    expect(whole.rows.length).toBeGreaterThan(zoomed.rows.length);

    // The link opens on the range it names.
    const link = new URL(page.url()).search;
    const other = await app.open(link);
    await expect.poll(() => zoomOf(other.page, MAP)).not.toBeNull();
    expect(near(await zoomOf(other.page, MAP), pair(param(page, 'mapzoom')))).toBe(true);
    expect(param(other.page, 'mapzoom')).toBe(param(page, 'mapzoom'));
    expect(other.errors).toEqual([]);
    await other.page.context().close();

    // A double click shows everything, and the link says so.
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    expect(await zoomOf(page, MAP)).toBeNull();
    await expect.poll(() => param(page, 'mapzoom')).toBeNull();
    expect((await csvOf(page, '.map-view')).rows).toEqual(whole.rows);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('another symbol drops the map\'s zoom: its prices are not the new symbol\'s', async () => {
    const { page, errors } = await app.open();
    await dragAcross(page, await plotBox(page, MAP), [0.3, 0.1], [0.6, 0.1]);
    await expect.poll(() => param(page, 'mapzoom')).not.toBeNull();
    await changeAndRedraw(page, () => page.getByLabel('Symbol').selectOption('ETHUSDT'));
    expect(param(page, 'mapzoom')).toBeNull();
    expect(await zoomOf(page, MAP)).toBeNull();
    expect(await mapBarCount(page)).toBeGreaterThan(10);
    // Back: the zoomed BTC view, zoomed again.
    await page.goBack();
    await expect.poll(() => zoomOf(page, MAP)).not.toBeNull();
    expect(near(await zoomOf(page, MAP), pair(param(page, 'mapzoom')))).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('back to an entry that differs by its zoom only: the chart follows it', async () => {
    const { page, errors } = await app.open();
    // Two entries the same but for the zoom, as a page of links to one view at two zooms makes.
    await page.evaluate(() => {
      history.pushState(null, '', `${location.pathname}?mapzoom=80000,90000`);
      history.pushState(null, '', location.pathname);
    });
    await page.goBack();
    await expect.poll(() => zoomOf(page, MAP)).toEqual([80_000, 90_000]);
    await page.goForward();
    await expect.poll(() => zoomOf(page, MAP)).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a link\'s zoom off the data drawn shows the whole picture and says which parameter', async () => {
    const { page, errors } = await app.open('?mapzoom=10,20');
    await expect.poll(() => page.locator('.notices p').allInnerTexts()).toContainEqual(expect.stringMatching(/^URL parameter "mapzoom" = "10,20" lies outside the prices drawn \([\d.]+ to [\d.]+\); showing the whole picture\.$/));
    expect(await zoomOf(page, MAP)).toBeNull();
    await expect.poll(() => param(page, 'mapzoom')).toBeNull();
    expect(await mapBarCount(page)).toBeGreaterThan(10);
    // Partly on the data: cut to it.
    const cut = await app.open('?mapzoom=1,95000');
    await expect.poll(() => zoomOf(cut.page, MAP)).not.toBeNull();
    const [min, max] = (await zoomOf(cut.page, MAP))!;
    expect(min).toBeGreaterThan(1);
    expect(max).toBe(95_000);
    await expect.poll(() => pair(param(cut.page, 'mapzoom'))?.[0]).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    expect(cut.errors).toEqual([]);
    await page.context().close();
    await cut.page.context().close();
  });

  test('a zoomed heatmap: time and price in the link, opened on the same ranges, 0 takes them out', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=7d');
    const whole = (await csvOf(page, '.heatmap-view')).rows;
    const spacing = (values: number[]) => { const v = [...new Set(values)].sort((a, b) => a - b); return Math.min(...v.slice(1).map((x, i) => x - v[i])); };
    const step = spacing(whole.map((r) => Number(r[1])));
    const candle = spacing(whole.map((r) => Date.parse(r[0])));
    const box = await plotBox(page, HEATMAP);
    // The picture drawn is kept through a zoom: the view changes at each step, the picture not.
    const tagged = () => page.evaluate(() => !!((document.querySelector('.heatmap-view .chart') as HTMLElement & { chartSpec?: { tag?: boolean } }).chartSpec?.tag));
    await page.evaluate(() => { (document.querySelector('.heatmap-view .chart') as HTMLElement & { chartSpec: { tag?: boolean } }).chartSpec.tag = true; });
    await dragAcross(page, box, [0.3, 0.3], [0.6, 0.6]);
    const x = await zoomOf(page, HEATMAP);
    const y = await zoomOf(page, HEATMAP, 'data-zoom-y');
    expect(x).not.toBeNull();
    expect(y).not.toBeNull();
    await expect.poll(() => param(page, 'heatzoom')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ,\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    await expect.poll(() => param(page, 'heatzoomy')).not.toBeNull();
    expect(Math.abs(times(param(page, 'heatzoom'))![0] - x![0])).toBeLessThanOrEqual(30_000);
    expect(near(pair(param(page, 'heatzoomy')), y)).toBe(true);
    expect(await tagged()).toBe(true);

    // Its CSV: the candles and rows on screen, named by both ranges.
    const csv = await csvOf(page, '.heatmap-view');
    expect(csv.name).toMatch(/^liqmap-BTCUSDT-binance-heatmap-7d-\d{8}T\d{4}Z-\d{8}T\d{4}Z-[\d.]+-[\d.]+\.csv$/);
    expect(csv.rows.length).toBeGreaterThan(0);
    // A row on screen when part of it is; a candle when part of its slot (centred on its time) is.
    const onScreen = (r: string[]) => Number(r[1]) + step > y![0] && Number(r[1]) < y![1] && Date.parse(r[0]) + candle / 2 > x![0] && Date.parse(r[0]) - candle / 2 < x![1];
    expect(csv.rows).toEqual(whole.filter(onScreen));
    expect(whole.length).toBeGreaterThan(csv.rows.length);

    const other = await app.open(new URL(page.url()).search);
    await expect.poll(() => zoomOf(other.page, HEATMAP)).not.toBeNull();
    expect(near(await zoomOf(other.page, HEATMAP), times(param(page, 'heatzoom')))).toBe(true);
    expect(near(await zoomOf(other.page, HEATMAP, 'data-zoom-y'), pair(param(page, 'heatzoomy')))).toBe(true);
    await other.page.context().close();

    // Switching views keeps each chart's own: the map unzoomed, the heatmap zoomed on return.
    await page.getByRole('button', { name: 'Liquidation Map' }).click();
    await waitForDraw(page);
    expect(await zoomOf(page, MAP)).toBeNull();
    expect(param(page, 'heatzoom')).not.toBeNull();
    await page.getByRole('button', { name: 'Heatmap' }).click();
    await expect.poll(() => zoomOf(page, HEATMAP)).not.toBeNull();

    // Turned to a phone's width the chart is laid out anew: the zoom stays, as the link says.
    const before = await zoomOf(page, HEATMAP);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.locator(HEATMAP).getAttribute('data-layout')).toBe('phone');
    expect(await zoomOf(page, HEATMAP)).toEqual(before);
    await page.setViewportSize({ width: 1400, height: 950 });
    await expect.poll(() => page.locator(HEATMAP).getAttribute('data-layout')).toBe('wide');
    expect(await zoomOf(page, HEATMAP)).toEqual(before);

    await page.locator(`${HEATMAP} .u-over`).focus();
    await page.keyboard.press('0');
    expect(await zoomOf(page, HEATMAP)).toBeNull();
    expect(await zoomOf(page, HEATMAP, 'data-zoom-y')).toBeNull();
    await expect.poll(() => [param(page, 'heatzoom'), param(page, 'heatzoomy')]).toEqual([null, null]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
