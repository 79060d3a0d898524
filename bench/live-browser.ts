/**
 * Live streams under load in the real browser: the local stream mock replays 1,000 forceOrder
 * and 5,000 aggTrade messages per second for 10 s (Binance's combined-stream shapes) into a
 * page showing the map, then one showing the heatmap, then the heatmap again with its liquidation
 * buffer full first (105,000 Bybit liquidations streamed in before the replay, so the replay's,
 * the newest in time order as live ones come, cross the buffer's trim), then the Data view (no chart). Reported: the longest main-thread task
 * during the replay (PerformanceObserver 'longtask'), the worker compute time of the map and
 * heatmap recomputes that live trades caused (their views' computeMs), with how many ran, and the
 * writes of the early picture's localStorage slot.
 */
import type { Browser, Page } from 'playwright-core';
import { sampleLastCandle, sampleLastClose } from '../tests/browser/app-fixture.ts';
import { aggTrade, bybitLiquidation, forceOrder, startStreamMock, type StreamMock } from '../tests/mock/stream-mock.ts';

const SECONDS = 10;
const LIQ_PER_S = 1_000;
const TRADES_PER_S = 5_000;
const TICK_MS = 100;
const RECOMPUTE_MS = 2_000;
const HOUR = 3_600_000;
/** Liquidations streamed in before a full-buffer run: over the buffer's 100,000, short of its trim at 110,000. */
export const FULL_BUFFER = 105_000;
const EARLY_SLOT = 'liqmap.early-picture';

/**
 * `newest`: the liquidations in time order, each newer than any prefilled one (as live ones
 * come: appended to the buffer), else spread over the profile's last days (merged into the
 * buffer's middle).
 */
export async function replay(streams: StreamMock, close: number, lastCandle: number, idBase: number, newest = false): Promise<void> {
  const tradeStart = lastCandle - (lastCandle % HOUR) + HOUR;
  let n = 0;
  for (let tick = 0; tick < (SECONDS * 1000) / TICK_MS; tick++) {
    const due = Date.now() + TICK_MS;
    for (let i = 0; i < (LIQ_PER_S * TICK_MS) / 1000; i++, n++) {
      // Spread over the profile's last days, so the map's bins and the heatmap's markers get them.
      streams.sendBinance('btcusdt@forceOrder', forceOrder({ price: close * (0.97 + (n % 61) / 1000), qty: 0.01 + (n % 7) / 10, time: newest ? lastCandle + 1_000 + n : lastCandle - (n % 96) * HOUR + n, side: n % 2 ? 'BUY' : 'SELL' }));
    }
    for (let i = 0; i < (TRADES_PER_S * TICK_MS) / 1000; i++, n++) {
      streams.sendBinance('btcusdt@aggTrade', aggTrade({ id: idBase + n, price: close * (0.995 + (n % 11) / 1000), qty: n % 50 === 0 ? 12 : 0.05, time: tradeStart + n, takerSell: n % 3 === 0 }));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  }
}

async function watch(page: Page, chart: string): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __draws: number[]; __longtasks: { start: number; ms: number }[] };
    w.__draws = [];
    const el = document.querySelector(sel);
    new MutationObserver(() => {
      const ms = Number(document.querySelector('[data-testid=compute-ms]')?.getAttribute('data-ms') ?? document.querySelector('.heatmap-view')?.getAttribute('data-compute-ms'));
      w.__draws.push(ms);
    }).observe(el!, { attributes: true, attributeFilter: ['data-drawn'] });
  }, chart);
}

/**
 * Fills the page's liquidation buffer: `count` Bybit liquidations over the heatmap's last week (so
 * the markers sum them; the newest under a second after `lastCandle`), 1,000 per message, then
 * waits until the tape shows the newest and the recording has had time to write them (it must
 * not run into the replay's measurement).
 */
async function prefill(page: Page, streams: StreamMock, close: number, lastCandle: number, count: number): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid=stream-status-bybit]')?.getAttribute('data-status') === 'connected', null, { timeout: 30_000 });
  for (let k = 0; k < count; k += 1_000) {
    streams.sendBybit('allLiquidation.BTCUSDT', Array.from({ length: Math.min(1_000, count - k) }, (_, i) => {
      const n = k + i;
      return bybitLiquidation({ side: n % 2 ? 'Buy' : 'Sell', price: close * (0.97 + (n % 61) / 1000), qty: 0.001 * (1 + (n % 13)), time: lastCandle - (n % 168) * HOUR + Math.floor(n / 168) });
    }));
  }
  await page.waitForTimeout(15_000);
}

/** Longest main-thread task of an ordinary redraw (a settings change, no streams involved), for comparison. */
async function settingsRedraw(page: Page, view: 'map' | 'heatmap', chart: string): Promise<number> {
  const t0 = await page.evaluate(() => performance.now());
  for (const label of view === 'map' ? ['7d', '30d'] : ['3d', '7d']) {
    const before = await page.getAttribute(chart, 'data-drawn');
    await page.getByRole('button', { name: new RegExp(`^${label}`) }).first().click();
    await page.waitForFunction(([sel, b]) => document.querySelector(sel!)?.getAttribute('data-drawn') !== b, [chart, before] as const, { timeout: 120_000 });
  }
  await page.waitForTimeout(500);
  return page.evaluate((t) => {
    const w = window as unknown as { __longtasks: { start: number; ms: number }[] };
    return Math.max(0, ...w.__longtasks.filter((l) => l.start >= t).map((l) => l.ms));
  }, t0);
}

/** One view under the replay; `during` runs beside it (e.g. a CPU profile), from the start of the replay to its end. */
export async function liveRun(browser: Browser, url: string, streams: StreamMock, close: number, lastCandle: number, view: 'map' | 'heatmap' | 'data', idBase: number, during?: (page: Page) => Promise<() => Promise<void>>, extraQuery = '', prefilled = 0) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
  const settings = { binanceBase: 'http://127.0.0.1:9', allowedHosts: [], binanceStreamBase: streams.binanceBase, bybitStreamBase: streams.bybitBase, liveRecomputeMs: RECOMPUTE_MS };
  await page.addInitScript(({ s, slot }) => {
    localStorage.setItem('liqmap.settings', s);
    const w = window as unknown as { __longtasks: { start: number; ms: number }[] };
    w.__longtasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true });
    // The early picture's localStorage slot: when and how much is written.
    const slotWrites: { start: number; chars: number }[] = ((window as unknown as { __slotWrites: unknown }).__slotWrites = []);
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === slot) slotWrites.push({ start: performance.now(), chars: String(value).length });
      return setItem.call(this, key, value);
    };
  }, { s: JSON.stringify(settings), slot: EARLY_SLOT });
  const query = { map: '', heatmap: '&view=heatmap&range=7d', data: '&view=data' }[view];
  await page.goto(`${url}?oi=80000&price=${close}${query}${extraQuery}`);
  const chart = { map: '.map-view .chart', heatmap: '.heatmap-view .chart', data: '[data-testid=liq-tape]' }[view];
  await page.waitForSelector(view === 'data' ? chart : `${chart}[data-drawn]`, { timeout: 180_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=stream-status-binance]')?.getAttribute('data-status') === 'connected', null, { timeout: 30_000 });
  await page.waitForTimeout(1_000);
  const baseline = view === 'data' ? NaN : await settingsRedraw(page, view, chart);
  if (prefilled) await prefill(page, streams, close, lastCandle, prefilled);
  await watch(page, chart);
  const start = await page.evaluate(() => performance.now());
  const stop = await during?.(page);
  await replay(streams, close, lastCandle, idBase, prefilled > 0);
  await page.waitForTimeout(RECOMPUTE_MS + 2_000); // the last release and its recompute
  await stop?.();
  const { draws, longest, slotWrites, slotChars } = await page.evaluate((t0) => {
    const w = window as unknown as { __draws: number[]; __longtasks: { start: number; ms: number }[]; __slotWrites: { start: number; chars: number }[] };
    const writes = w.__slotWrites.filter((x) => x.start >= t0);
    return {
      draws: w.__draws.filter((x) => Number.isFinite(x)), longest: Math.max(0, ...w.__longtasks.filter((l) => l.start >= t0).map((l) => l.ms)),
      slotWrites: writes.length, slotChars: writes.reduce((n, x) => n + x.chars, 0),
    };
  }, start);
  const recorded = await page.getByTestId('liq-row').count();
  const markers = await page.evaluate(() => {
    // The drawn spec's markers (an older build's Plotly figure holds them as a trace).
    const chart = document.querySelector('.heatmap-view .chart') as unknown as { chartSpec?: { kind?: string; markers?: { size: number } | null }; data?: { name: string; x: ArrayLike<number> }[] } | null;
    if (chart?.chartSpec?.kind === 'liquidation-heatmap/1') return chart.chartSpec.markers?.size ?? 0;
    return chart?.data?.find((t) => t.name === 'realised liquidations')?.x.length ?? 0;
  });
  await page.close();
  return { draws, longest, recorded, baseline, markers, slotWrites, slotChars };
}

export async function benchLiveBrowser(browser: Browser, siteUrl: string, dist: string): Promise<Record<string, number | string>> {
  const streams = await startStreamMock();
  try {
    const close = await sampleLastClose(dist, 'BTCUSDT', '2025-11');
    const lastCandle = await sampleLastCandle(dist, 'BTCUSDT', '2025-11');
    const map = await liveRun(browser, siteUrl, streams, close, lastCandle, 'map', 1);
    const heat = await liveRun(browser, siteUrl, streams, close, lastCandle, 'heatmap', 10_000_000);
    const full = await liveRun(browser, siteUrl, streams, close, lastCandle, 'heatmap', 30_000_000, undefined, '', FULL_BUFFER);
    const data = await liveRun(browser, siteUrl, streams, close, lastCandle, 'data', 20_000_000);
    const max = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);
    return {
      // The Data view draws no chart: what the streams, the tape and the recording cost alone.
      streams_only_longest_main_thread_task_ms: Math.round(data.longest),
      replay: `${LIQ_PER_S} forceOrder + ${TRADES_PER_S} aggTrade msg/s for ${SECONDS} s, recompute at most every ${RECOMPUTE_MS / 1000} s`,
      map_longest_main_thread_task_ms: Math.round(map.longest),
      map_settings_change_longest_task_ms: Math.round(map.baseline),
      map_live_recomputes: map.draws.length,
      map_live_recompute_worker_ms_max: Number(max(map.draws).toFixed(1)),
      heatmap_longest_main_thread_task_ms: Math.round(heat.longest),
      heatmap_settings_change_longest_task_ms: Math.round(heat.baseline),
      heatmap_live_recomputes: heat.draws.length,
      heatmap_live_recompute_worker_ms_max: Number(max(heat.draws).toFixed(1)),
      heatmap_early_picture_slot_writes: heat.slotWrites,
      heatmap_early_picture_slot_kchars_written: Math.round(heat.slotChars / 1000),
      // The same replay onto a full liquidation buffer (its markers summed tick by tick, or from all ~100,000 again).
      heatmap_full_buffer_longest_main_thread_task_ms: Math.round(full.longest),
      heatmap_full_buffer_live_recomputes: full.draws.length,
    };
  } finally {
    await streams.close();
  }
}
