/**
 * Shared set-up for browser tests: Chromium, the Binance mock with figures near the sample's
 * last close, and a page pointed at both. Helpers read what the charts actually drew (their specs, or what Plotly holds).
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchErrors } from '../helpers/browser.ts';
import { startBinanceMock, type BinanceMock } from '../mock/binance-mock.ts';
import { startStreamMock, type StreamMock } from '../mock/stream-mock.ts';
import { mapTraces } from '../helpers/liqmap-page.ts';
import type { MapSpec } from '../../src/lib/charts/liquidation-map-figure.ts';

/** Last candle close of a bundled sample month, read by native DuckDB (not the app's reader). */
export async function sampleLastClose(distDir: string, symbol: string, month: string): Promise<number> {
  const file = path.join(distDir, 'sample', symbol, `${symbol}-${month}.candles.parquet`);
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const reader = await conn.runAndReadAll(`SELECT arg_max(close, time) AS c FROM read_parquet('${file.replaceAll("'", "''")}')`);
  return Number(reader.getRows()[0][0]);
}

/** Open time (epoch ms) of the last 5-minute candle of a bundled sample month, read by native DuckDB. */
export async function sampleLastCandle(distDir: string, symbol: string, month: string): Promise<number> {
  const file = path.join(distDir, 'sample', symbol, `${symbol}-${month}.candles.parquet`);
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const reader = await conn.runAndReadAll(`SELECT epoch_ms(max(time)) AS t FROM read_parquet('${file.replaceAll("'", "''")}')`);
  return Number(reader.getRows()[0][0]);
}

export interface AppFixture {
  browser: Browser;
  mock: BinanceMock;
  /** The exchanges' streams (Binance and Bybit shapes) the pages connect to. */
  streams: StreamMock;
  /** Settings that point a page's streams at `streams`. */
  streamSettings: { binanceStreamBase: string; bybitStreamBase: string };
  /** A fresh page (own context: empty IndexedDB) pointed at the mock; errors are collected. Waits for a chart unless told not to. */
  open(query?: string, options?: { waitForChart?: boolean }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startApp(siteUrl: string, prices: Record<string, number>): Promise<AppFixture> {
  const browser = await launchBrowser();
  const mock = await startBinanceMock();
  const streams = await startStreamMock();
  const streamSettings = { binanceStreamBase: streams.binanceBase, bybitStreamBase: streams.bybitBase };
  for (const [symbol, markPrice] of Object.entries(prices)) mock.setFigures(symbol, { openInterest: 80_000, markPrice });
  return {
    browser,
    mock,
    streams,
    streamSettings,
    async open(query = '', { waitForChart = true } = {}) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 950 }, acceptDownloads: true });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.addInitScript(([url, s]) => {
        if (!localStorage.getItem('liqmap.settings')) localStorage.setItem('liqmap.settings', JSON.stringify({ binanceBase: url, allowedHosts: [], ...s }));
      }, [mock.url, streamSettings] as const);
      await page.goto(siteUrl + query);
      if (waitForChart) await waitForDraw(page);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await mock.close();
      await streams.close();
    },
  };
}

/** Wait until the chart has been drawn again after `since` (its data-drawn stamp). */
export async function waitForDraw(page: Page, since = '0'): Promise<string> {
  const handle = await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('.chart[data-drawn]');
      const stamp = el?.getAttribute('data-drawn');
      return stamp && stamp !== prev && !document.querySelector('[aria-busy=true]') ? stamp : null;
    },
    since,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as string;
}

export async function drawnStamp(page: Page): Promise<string> {
  return (await page.getAttribute('.chart[data-drawn]', 'data-drawn')) ?? '0';
}

/**
 * What the chart shows, per trace its type, name and data: the map's spec as drawn
 * (`chartSpec` on the chart element, lib/charts/renderer.ts) as Plotly-like traces (a bar per
 * non-zero bin, curve points in x order), or what Plotly holds for the other views.
 */
export async function drawnTraces(page: Page): Promise<{ type: string; name: string; x: number[]; y: number[] }[]> {
  const map = await page.evaluate(() => (document.querySelector('.map-view .chart') as (HTMLElement & { chartSpec?: MapSpec }) | null)?.chartSpec ?? null);
  if (map) return mapTraces(map);
  return page.evaluate(() => {
    const gd = document.querySelector('.js-plotly-plot') as unknown as { data: { type: string; name: string; x: ArrayLike<number>; y: ArrayLike<number> }[] };
    return gd.data.map((t) => ({ type: t.type, name: t.name, x: Array.from(t.x ?? []), y: Array.from(t.y ?? []) }));
  });
}

/** How many bars the map draws (one per tier and bin with volume). */
export async function mapBarCount(page: Page): Promise<number> {
  return (await drawnTraces(page)).filter((t) => t.type === 'bar').reduce((n, t) => n + t.x.length, 0);
}

/** Change a control and wait for the map to be drawn again. */
export async function changeAndRedraw(page: Page, change: () => Promise<unknown>): Promise<void> {
  const before = await drawnStamp(page);
  await change();
  await waitForDraw(page, before);
}

export async function totalsText(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-total]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-total'), e.textContent?.trim() ?? ''])));
}

/** What the heatmap draws, from its spec (`chartSpec` on the chart element): the candles, the scale, the note, the markers. */
export interface DrawnHeatmap {
  times: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  bins: number;
  cells: number;
  step: number;
  candleMs: number;
  yMin: number;
  yMax: number;
  scaleTitle: string;
  note: string;
  markPrice: number;
  markers: { x: number[]; y: number[]; usd: number[]; side: number[]; count: number[]; price: number[] } | null;
}

export async function drawnHeatmap(page: Page): Promise<DrawnHeatmap | null> {
  return page.evaluate(() => {
    const s = (document.querySelector('.heatmap-view .chart') as (HTMLElement & { chartSpec?: Record<string, unknown> }) | null)?.chartSpec as Record<string, never> | undefined;
    if (!s) return null;
    const list = (a: ArrayLike<number>) => Array.from(a);
    const m = s.markers as Record<string, ArrayLike<number>> | null;
    return {
      times: list(s.times), open: list(s.open), high: list(s.high), low: list(s.low), close: list(s.close),
      bins: (s.priceBins as ArrayLike<number>).length, cells: (s.matrix as ArrayLike<number>).length,
      step: s.step, candleMs: s.candleMs, yMin: s.yMin, yMax: s.yMax, scaleTitle: s.scaleTitle, note: s.note, markPrice: s.markPrice,
      markers: m ? { x: list(m.x), y: list(m.y), usd: list(m.usd), side: list(m.side), count: list(m.count), price: list(m.price) } : null,
    };
  });
}

/** Where (page px) the unzoomed heatmap draws time `t` and `price`: its axes span the candles' slots and the spec's price extent. */
export async function heatmapPoint(page: Page, h: DrawnHeatmap, t: number, price: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.heatmap-view .u-over').boundingBox())!;
  const x0 = h.times[0] - h.candleMs / 2;
  const x1 = h.times[h.times.length - 1] + h.candleMs / 2;
  return { x: box.x + ((t - x0) / (x1 - x0)) * box.width, y: box.y + ((h.yMax - price) / (h.yMax - h.yMin)) * box.height };
}

/** The heatmap's read-out (uPlot's live legend) as label → value. */
export async function heatmapReadout(page: Page): Promise<Record<string, string>> {
  return page.$$eval('.heatmap-view .u-legend .u-series', (rows) => Object.fromEntries(rows.map((r) => [r.querySelector('.u-label')?.textContent ?? '', r.querySelector('.u-value')?.textContent ?? ''])));
}

/** A drag across the plot `box` between two fractions of its size (x, y), with Shift held if asked (a pan). */
export async function dragAcross(page: Page, box: { x: number; y: number; width: number; height: number }, from: [number, number], to: [number, number], shift = false): Promise<void> {
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 4 });
  await page.mouse.up();
  if (shift) await page.keyboard.up('Shift');
}
