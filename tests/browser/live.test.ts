/**
 * Live streams in Chromium against the local stream mock (Binance /market combined stream
 * and Bybit allLiquidation shapes): the tape, markers on both charts, recording across a
 * reload, CSV export and delete, reconnect after the server restarts, a silent stream,
 * offline/online, a 1,000-message burst, malformed messages, and live trades in the map.
 * The page is told (stored settings) to use short reconnect and silence timings.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { dragAcross, drawnHeatmap, drawnTraces, heatmapPoint, heatmapReadout, sampleLastCandle, sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';
import { watchErrors } from '../helpers/browser.ts';
import { aggTrade, bybitFill, bybitLiquidation, forceOrder } from '../mock/stream-mock.ts';
import { MOCK_PATHS } from '../mock/binance-mock.ts';
import { openView } from '../helpers/liqmap-page.ts';
import { formatUsd } from '../../src/lib/format.ts';
import { formatUsdCompact } from '../../src/lib/format.ts';
import { LONG, SHORT } from '../../src/lib/model/marker-cells.ts';

const HOUR = 3_600_000;
let app: AppFixture;
let close = 0;
let lastCandle = 0;

beforeAll(async () => {
  close = await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11');
  lastCandle = await sampleLastCandle(inject('distDir'), 'BTCUSDT', '2025-11');
  app = await startApp(inject('siteUrl'), { BTCUSDT: close });
  app.streams.setMark('BTCUSDT', close); // Binance's stream ticks every second, as markPrice@1s does
});
afterAll(async () => app?.close());

async function openLive(query = '', waitForChart = true): Promise<{ page: Page; errors: string[] }> {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 950 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const settings = {
    binanceBase: app.mock.url, allowedHosts: [], ...app.streamSettings, liveRecomputeMs: 1_000,
    streamTiming: { backoffBaseMs: 100, backoffMaxMs: 1_000, silentMs: 3_000 },
  };
  await page.addInitScript((s) => { if (!localStorage.getItem('liqmap.settings')) localStorage.setItem('liqmap.settings', s); }, JSON.stringify(settings));
  await page.goto(inject('siteUrl') + query);
  if (waitForChart) await waitForDraw(page);
  await connected(page);
  return { page, errors };
}

const status = (page: Page, exchange: 'binance' | 'bybit') => page.getByTestId(`stream-status-${exchange}`);
async function connected(page: Page): Promise<void> {
  for (const x of ['binance', 'bybit'] as const) await expect.poll(() => status(page, x).getAttribute('data-status'), { timeout: 20_000 }).toBe('connected');
  // Bybit is subscribed once its socket is open and the subscribe message arrived.
  await expect.poll(() => app.streams.clients().filter((c) => c.exchange === 'bybit' && c.streams.length > 0).length).toBeGreaterThan(0);
}
const rows = (page: Page) => page.getByTestId('liq-row');
const rowTexts = (page: Page) => rows(page).allInnerTexts();

function sendBinanceLiq(time: number, price: number, qty: number, side: 'SELL' | 'BUY' = 'SELL') {
  app.streams.sendBinance('btcusdt@forceOrder', forceOrder({ price, qty, time, side }));
}
function sendBybitLiq(time: number, price: number, qty: number, side: 'Buy' | 'Sell') {
  app.streams.sendBybit('allLiquidation.BTCUSDT', [bybitLiquidation({ side, price, qty, time })]);
}

describe('live streams', () => {
  test('the tape shows both exchanges newest first with totals per side', async () => {
    const { page, errors } = await openLive('', false);
    const now = Date.now();
    sendBinanceLiq(now - 5_000, 95_000, 0.2, 'SELL'); // a long liquidated
    sendBybitLiq(now - 2_000, 95_100, 1, 'Sell'); // a short liquidated
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(2);
    const [first, second] = await rowTexts(page);
    expect(first.split('\t').slice(1)).toEqual(['Bybit', 'short', '95,100', '1', formatUsdCompact(95_100)]);
    expect(second.split('\t').slice(1)).toEqual(['Binance', 'long', '95,000', '0.2', formatUsdCompact(19_000)]);
    // The totals are of the view's exchanges (Binance, the default), as the map's realised bars; both with Binance + Bybit.
    expect(await page.getByTestId('tape-totals-of').innerText()).toBe('Totals of Binance');
    expect(await page.locator('[data-total="hour-long"]').innerText()).toBe(formatUsd(19_000));
    expect(await page.locator('[data-total="day-short"]').innerText()).toBe(formatUsd(0));
    await page.getByLabel('Exchange').selectOption('binance,bybit');
    await expect.poll(() => page.locator('[data-total="day-short"]').innerText()).toBe(formatUsd(95_100));
    expect(await page.getByTestId('tape-totals-of').innerText()).toBe('Totals of Binance + Bybit');
    expect(await page.locator('[data-total="hour-long"]').innerText()).toBe(formatUsd(19_000));
    expect(await status(page, 'binance').innerText()).toContain('Binance: connected');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('markers on the heatmap and realised USD per bin on the map, of the chosen exchanges; both toggles live in the URL', async () => {
    const { page } = await openLive('?exchanges=binance,bybit');
    const t = lastCandle - 2 * HOUR;
    sendBinanceLiq(t, close * 0.99, 3, 'SELL');
    const shortPrice = Number((close * 1.01).toFixed(2)); // Bybit sends two decimals
    sendBybitLiq(t + 60_000, shortPrice, 2, 'Sell');
    const realised = async () => (await drawnTraces(page)).filter((d) => d.name.startsWith('realised')).map((d) => [d.name, d.y.reduce((a, b) => a + b, 0)] as const);
    await expect.poll(async () => (await realised()).length, { timeout: 20_000 }).toBe(2);
    const sums = Object.fromEntries(await realised());
    expect(sums['realised longs (recorded)'] / (close * 0.99 * 3)).toBeCloseTo(1, 9);
    expect(sums['realised shorts (recorded)'] / (shortPrice * 2)).toBeCloseTo(1, 9);
    // Binance alone: Bybit's short is not Binance's outcome, so only Binance's long is drawn.
    await page.getByLabel('Exchange').selectOption('binance');
    const sumOf = async (name: string) => Object.fromEntries(await realised())[name] ?? 0;
    await expect.poll(() => sumOf('realised shorts (recorded)'), { timeout: 20_000 }).toBe(0);
    expect((await sumOf('realised longs (recorded)')) / (close * 0.99 * 3)).toBeCloseTo(1, 9);
    await page.getByLabel('Exchange').selectOption('binance,bybit');
    await expect.poll(() => sumOf('realised shorts (recorded)'), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByLabel('realised per bin on the map').uncheck();
    await expect.poll(async () => (await realised()).length).toBe(0);
    expect(new URL(page.url()).searchParams.get('realised')).toBe('0');

    await openView(page, 'Heatmap');
    // One marker per cell and side, on its row's centre: each recorded event within half a row of
    // its marker, with its own price (a single event), its USD as the marker's value.
    const markers = async () => (await drawnHeatmap(page))?.markers ?? null;
    await expect.poll(async () => (await markers())?.x.length, { timeout: 60_000 }).toBe(2);
    const h = (await drawnHeatmap(page))!;
    const drawn = h.markers!;
    [close * 0.99, shortPrice].forEach((p, i) => {
      expect(Math.abs(drawn.y[i] - p)).toBeLessThanOrEqual(h.step / 2);
      expect([drawn.count[i], drawn.price[i]]).toEqual([1, p]);
    });
    expect(drawn.side).toEqual([LONG, SHORT]);
    expect(drawn.usd[0] / (close * 0.99 * 3)).toBeCloseTo(1, 9);
    expect(drawn.usd[1] / (shortPrice * 2)).toBeCloseTo(1, 9);
    // Hovering the long's marker reads it out (hit-tested on the canvas).
    const dot = await heatmapPoint(page, h, drawn.x[0], drawn.y[0]);
    await page.mouse.move(dot.x + 1, dot.y);
    await page.mouse.move(dot.x, dot.y);
    await expect.poll(async () => (await heatmapReadout(page)).realised).toContain(`longs liquidated at ${close * 0.99}: 1 event`);
    // A zoom stays while live events redraw the chart (only its data change).
    const box = (await page.locator('.heatmap-view .u-over').boundingBox())!;
    await dragAcross(page, box, [0.5, 0.02], [0.95, 0.02]);
    const zoom = await page.locator('.heatmap-view .chart').getAttribute('data-zoom');
    expect(zoom).toMatch(/^[\d.]+,[\d.]+$/);
    sendBinanceLiq(t + 120_000, close * 1.02, 1, 'BUY');
    await expect.poll(async () => (await markers())?.x.length, { timeout: 30_000 }).toBe(3);
    expect(await page.locator('.heatmap-view .chart').getAttribute('data-zoom')).toBe(zoom);
    await page.getByLabel('markers on the heatmap').uncheck();
    await expect.poll(markers).toBeNull();
    expect(new URL(page.url()).searchParams.get('marks')).toBe('0');
    await page.context().close();
  });

  test('recorded liquidations survive a reload, export as CSV and can be deleted', async () => {
    const { page } = await openLive('?view=data', false);
    const now = Date.now();
    sendBinanceLiq(now - 3_000, 94_000, 0.5, 'BUY');
    sendBybitLiq(now - 1_000, 94_100, 0.25, 'Buy');
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('recorded-BTCUSDT').getByTestId('recorded-count').innerText().catch(() => ''), { timeout: 10_000 }).toBe('2');
    await page.reload();
    await expect.poll(() => rows(page).count(), { timeout: 20_000 }).toBe(2); // from IndexedDB, before any new message
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('recorded-BTCUSDT').getByRole('button', { name: 'Export CSV' }).click()]);
    // The name says whose, that they were recorded, and their UTC days.
    const days = [...new Set([now - 3_000, now - 1_000].map((t) => new Date(t).toISOString().slice(0, 10)))].join('-to-');
    expect(download.suggestedFilename()).toBe(`liqmap-BTCUSDT-recorded-liquidations-${days}.csv`);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('time,exchange,symbol,side,price,quantity,usd');
    expect(csv.slice(1)).toEqual([
      `${new Date(now - 3_000).toISOString()},binance,BTCUSDT,short,94000,0.5,47000`,
      `${new Date(now - 1_000).toISOString()},bybit,BTCUSDT,long,94100,0.25,23525`,
    ]);
    // Months of records do not go on one slip: Delete asks first, and "Keep them" keeps them.
    await page.getByRole('button', { name: 'Delete recorded liquidations of BTCUSDT' }).click();
    expect(await page.getByTestId('delete-confirm').innerText()).toContain('Delete these 2 liquidations of BTCUSDT for good?');
    await page.getByRole('button', { name: 'Keep them' }).click();
    expect(await page.getByTestId('delete-confirm').count()).toBe(0);
    expect(await page.getByTestId('recorded-BTCUSDT').getByTestId('recorded-count').innerText()).toBe('2');
    await page.getByRole('button', { name: 'Delete recorded liquidations of BTCUSDT' }).click();
    await page.getByRole('button', { name: 'Delete the 2 recorded liquidations of BTCUSDT for good' }).click();
    await expect.poll(() => page.getByTestId('recordings-empty').isVisible()).toBe(true);
    expect(await rows(page).count()).toBe(0);
    await page.reload();
    await connected(page);
    expect(await page.getByTestId('tape-empty').isVisible()).toBe(true);
    await page.context().close();
  });

  test('reconnects after the server restarts; a silent stream is detected, reported, and still said after it reconnects until it speaks', async () => {
    const { page } = await openLive('', false);
    await app.streams.stop();
    await expect.poll(() => status(page, 'binance').innerText(), { timeout: 10_000 }).toMatch(/reconnecting in \d+ s/);
    // Attempts that never open name the setting that may fix them.
    await expect.poll(() => status(page, 'binance').innerText(), { timeout: 10_000 }).toMatch(/failed before it opened .*; reconnecting in \d+ s\. If it persists, check the Binance WebSocket base URL in Settings/);
    await app.streams.restart();
    await connected(page);
    sendBinanceLiq(Date.now(), 96_000, 0.1);
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(1);

    // Accepts the connection, sends nothing (Binance's legacy URL): dead after the silence limit.
    app.streams.silent = true;
    try {
      app.streams.dropAll();
      await expect.poll(() => status(page, 'binance').innerText(), { timeout: 20_000 })
        .toMatch(/^Binance: silent \d+ times?, last at \d\d:\d\d UTC/);
      // Reconnected, the mock still says nothing: the line keeps the silence beside "waiting".
      await expect.poll(() => status(page, 'binance').innerText(), { timeout: 20_000 })
        .toMatch(/^Binance: silent \d+ times?, last at \d\d:\d\d UTC; connected, waiting for the first message$/);
    } finally {
      app.streams.silent = false;
    }
    sendBinanceLiq(Date.now(), 96_100, 0.1);
    await expect.poll(() => status(page, 'binance').innerText(), { timeout: 20_000 }).toMatch(/^Binance: connected, last message/);
    expect(await status(page, 'binance').innerText()).not.toContain('silent');
    await page.context().close();
  });

  test('offline: no attempts and says so; back online: connects at once', async () => {
    const { page } = await openLive('', false);
    const before = app.streams.connections.binance;
    await page.context().setOffline(true);
    await expect.poll(() => status(page, 'binance').getAttribute('data-status')).toBe('offline');
    expect(await status(page, 'binance').innerText()).toContain('no attempts until the browser is back online');
    // Binance's REST figure: kept as cached, the browser named as the cause (not the API base URL).
    await expect.poll(() => page.getByTestId('oi-source').innerText()).toBe('cached');
    expect(await page.getByTestId('live-status').innerText()).toMatch(/^Last good figure from Binance \(cached\), \d+ s old\. The browser is offline: no requests until it is back online\.$/);
    await page.waitForTimeout(2_500); // several backoff periods
    expect(app.streams.connections.binance).toBe(before);
    const asked = app.mock.count(MOCK_PATHS.openInterest);
    await page.context().setOffline(false);
    await connected(page);
    expect(app.streams.connections.binance).toBe(before + 1);
    // Asked again at once, not at the next minute's refresh.
    await expect.poll(() => page.getByTestId('oi-source').innerText(), { timeout: 5_000 }).toBe('live');
    expect(app.mock.count(MOCK_PATHS.openInterest)).toBe(asked + 1);
    await page.context().close();
  });

  test('a 1,000-message burst is all recorded, the page keeps answering; malformed messages are counted and ignored', async () => {
    const { page } = await openLive('?view=data', false);
    const t = Date.now() - 10 * 60_000;
    for (let i = 0; i < 1_000; i++) sendBinanceLiq(t + i, 90_000 + i, 0.01);
    app.streams.sendBinanceRaw('{"stream":"btcusdt@forceOrder","data":{"e":"forceOrder","o":{"S":"SELL","p":"x"}}}');
    app.streams.sendBinanceRaw('not json at all');
    app.streams.sendBybitRaw('{"topic":"allLiquidation.BTCUSDT","data":[{"S":"Buy","v":"-1"}]}');
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await expect.poll(() => page.getByTestId('recorded-BTCUSDT').getByTestId('recorded-count').innerText().catch(() => ''), { timeout: 20_000 }).toBe('1,000');
    await expect.poll(() => status(page, 'binance').getAttribute('data-malformed')).toBe('2');
    await expect.poll(() => status(page, 'bybit').getAttribute('data-malformed')).toBe('1');
    expect(await status(page, 'binance').innerText()).toContain('2 malformed messages ignored');
    expect(await rows(page).count()).toBe(50); // the tape shows the newest 50
    expect((await rowTexts(page))[0]).toContain('90,999');
    await page.context().close();
  });

  test('the WebSocket base URLs are settings: a bad one is refused, a good one is saved and allowed by the CSP', async () => {
    const { page } = await openLive('', false);
    await page.getByText('Bybit WebSocket base URL').first().click();
    const field = page.getByRole('textbox', { name: 'Bybit WebSocket base URL' });
    await field.fill('https://stream.bybit.com/v5/public/linear');
    await field.press('Enter');
    await expect.poll(() => page.getByRole('alert').allInnerTexts()).toContainEqual(expect.stringContaining('must start with wss:// or ws://'));
    const other = app.streams.bybitBase.replace('127.0.0.1', 'localhost');
    await field.fill(other);
    await Promise.all([page.waitForEvent('load'), field.press('Enter')]);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain(new URL(other).host);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}').bybitStreamBase)).toBe(other);
    await connected(page);
    await page.context().close();
  });

  test('live whale trades after the profile enter the map, and the statement says since when', async () => {
    const { page } = await openLive('?whale=100000');
    const start = lastCandle - (lastCandle % HOUR) + HOUR;
    for (let i = 0; i < 20; i++) {
      app.streams.sendBinance('btcusdt@aggTrade', aggTrade({ id: 10_000 + i, price: close, qty: 5, time: start + 60_000 + i * 1_000, takerSell: i % 2 === 1 }));
    }
    const hhmm = new Date(start + 60_000).toISOString().slice(11, 16);
    await expect.poll(() => page.locator('.map-view').innerText(), { timeout: 30_000 }).toContain(`includes live trades since ${hhmm} UTC`);
    await expect.poll(() => page.locator('.map-view').innerText()).toContain('live');
    // The heatmap's time axis reaches the live candles; its statement says the same.
    await openView(page, 'Heatmap');
    await expect.poll(() => page.locator('.heatmap-view').innerText(), { timeout: 60_000 }).toContain(`includes live trades since ${hhmm} UTC`);
    const lastX = async () => (await drawnHeatmap(page))?.times.at(-1) ?? 0;
    await expect.poll(lastX, { timeout: 30_000 }).toBeGreaterThanOrEqual(start);
    await page.context().close();
  });

  test('Bybit\u2019s tickers and publicTrade: its mark, one-side OI and grouped live trades beside Binance\u2019s', async () => {
    const { page, errors } = await openLive(); // drawn: the profile's end is known, so live trades are kept
    const start = lastCandle - (lastCandle % HOUR) + HOUR;
    app.streams.sendBybitTicker('BTCUSDT', 'snapshot', { markPrice: '95100.50', indexPrice: '95090.00', openInterest: '50000', openInterestValue: '4755025000', fundingRate: '0.0001' });
    app.streams.sendBybitTicker('BTCUSDT', 'delta', { openInterest: '50010', openInterestValue: '4756076005' });
    // One taker order against three makers (three fills, one trade), and another trade.
    const t = start + 60_000;
    const fills = [1, 2, 3].map((qty, i) => bybitFill({ side: 'Buy', price: close, qty, time: t, id: `fill-${i}` }));
    app.streams.sendBybit('publicTrade.BTCUSDT', [...fills, bybitFill({ side: 'Sell', price: close, qty: 0.5, time: t + 5_000, id: 'fill-9' })]);
    const bybit = page.getByTestId('exchange-figures-bybit');
    await expect.poll(() => bybit.locator('[data-cell="oi"]').innerText(), { timeout: 20_000 }).toBe('25,005 BTC');
    expect(await bybit.locator('[data-cell="mark"]').innerText()).toBe(formatUsd(95_100.5));
    expect(await bybit.locator('[data-cell="age"]').innerText()).toMatch(/^\d+ s old$/);
    await expect.poll(() => bybit.locator('[data-cell="trades"]').innerText(), { timeout: 20_000 }).toBe(`2 since ${new Date(t).toISOString().slice(11, 16)} UTC`);
    // Binance's row keeps its own figures: REST open interest from the mock, its streamed mark.
    const binance = page.getByTestId('exchange-figures-binance');
    await expect.poll(() => binance.locator('[data-cell="oi"]').innerText(), { timeout: 20_000 }).toBe('80,000 BTC');
    expect(await binance.locator('[data-cell="mark"]').innerText()).toBe(formatUsd(close));
    expect(errors).toEqual([]);

    // Bybit alone, Binance's REST failing: the panel states Bybit's figures, the ones its map
    // uses, and not Binance's failure (it said "No Binance open interest figure…" over them).
    app.mock.failServer(MOCK_PATHS.openInterest, 503);
    try {
      await page.goto(inject('siteUrl') + '?exchanges=bybit');
      await connected(page);
      await expect.poll(() => page.getByTestId('live-status').innerText(), { timeout: 20_000 }).toMatch(/^Bybit: the charts use the profile's latest OI record/);
      app.streams.sendBybitTicker('BTCUSDT', 'snapshot', { markPrice: '95100.50', openInterest: '50000', openInterestValue: '4755025000' });
      await expect.poll(() => page.getByTestId('live-status').innerText(), { timeout: 20_000 }).toMatch(/^Bybit: live from Bybit's stream \(tickers\), as of .* \(\d+ s old\)\.$/);
      expect(await page.getByTestId('oi-contracts').innerText()).toBe('25,000 BTC');
      expect(await page.getByTestId('oi-source').innerText()).toBe('stream');
      expect(await page.getByTestId('live-status').innerText()).not.toContain('Binance');
    } finally {
      app.mock.clearFailures();
    }
    await page.context().close();
  });
});
