/**
 * Heatmap benchmark in the real browser on the served build: for 90d and 1y, warm, the time
 * from clicking the range button until the chart has been drawn with that range (compute in
 * the worker + spec + canvas draw), median of 3, and the worker's own compute time for the same
 * runs (the view's data-compute-ms). Each run starts from 30d, so every click recomputes. With 1y
 * drawn: the JavaScript memory of the page and of the engine worker (typed arrays included).
 */
import type { Page } from 'playwright-core';
import { RANGE_CANDLE_DEFAULTS } from '../src/lib/model/candle-sizes.ts';
import { candleLabel } from '../src/lib/charts/heatmap-figure.ts';
import { median } from './stats.ts';

const RUNS = 3;
const PARTNER = '30d';
const RANGES = ['90d', '1y'];


/** Click a range button; resolve with ms until the chart is drawn showing that range's candles. */
async function clickUntilDrawn(page: Page, label: string): Promise<number> {
  const r = RANGE_CANDLE_DEFAULTS.find((x) => x.label === label)!;
  return page.evaluate(({ label, candles }) => {
    const chart = document.querySelector('.heatmap-view .chart');
    const button = document.querySelector<HTMLButtonElement>(`button[data-range="${label}"]`);
    if (!chart || !button) throw new Error('the heatmap view is not shown');
    if (button.getAttribute('aria-pressed') === 'true') throw new Error(`${label} is already shown`);
    // No named inner functions: tsx (esbuild keepNames) would wrap them in a __name() the page lacks.
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`${label} was not drawn within 180 s`)); }, 180_000);
      const observer = new MutationObserver(() => {
        const span = document.querySelector('[data-testid=heatmap-span]')?.textContent ?? '';
        if (!span.includes(`× ${candles} candles`) || document.querySelector('.heatmap-view [aria-busy=true]')) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now() - start);
      });
      observer.observe(chart, { attributes: true, attributeFilter: ['data-drawn'] });
      const start = performance.now();
      button.click();
    });
  }, { label, candles: candleLabel(r.candleMinutes) });
}

const computeMs = async (page: Page) => Number(await page.getAttribute('.heatmap-view', 'data-compute-ms'));
/** Candles x price rows of what is drawn. */
const cells = (page: Page) =>
  page.evaluate(() => {
    // The drawn spec (lib/charts/renderer.ts's chartSpec): its matrix holds one value per cell;
    // an older build's Plotly figure holds them as customdata rows (price bins x candles).
    const chart = document.querySelector('.heatmap-view .chart') as unknown as { chartSpec?: { kind?: string; matrix?: ArrayLike<number> }; data?: { name: string; customdata: ArrayLike<ArrayLike<number>> }[] };
    if (chart.chartSpec?.kind === 'liquidation-heatmap/1' && chart.chartSpec.matrix) return chart.chartSpec.matrix.length;
    const z = chart.data?.find((t) => t.name === 'resting liquidations')?.customdata ?? [];
    return z.length * (z[0]?.length ?? 0);
  });

/** MB of one V8 isolate after a full GC: its JS heap plus the ArrayBuffers it holds. */
const heapMb = (h: { usedSize: number; backingStorageSize?: number }) => Math.round((h.usedSize + (h.backingStorageSize ?? 0)) / 1e5) / 10;

/**
 * Who holds the tab's memory: the page's and the engine worker's JavaScript (typed arrays
 * included), through the DevTools protocol; the rest of the renderer is Chromium's own.
 */
async function jsMemory(page: Page): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const main = heapMb(await cdp.send('Runtime.getHeapUsage'));
  await cdp.detach();
  const browser = await page.context().browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = await browser.send('Target.getTargets');
    const engine = targetInfos.find((t) => t.type === 'worker' && t.title === 'liqmap-engine');
    if (!engine) return { main_js_mb: main };
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId: engine.targetId, flatten: false });
    // A non-flat session: commands go in and answers come out as messages of the browser session.
    let id = 0;
    const ask = (method: string) => new Promise<Record<string, number>>((resolve) => {
      const me = ++id;
      const on = (e: { sessionId: string; message: string }) => {
        const m = JSON.parse(e.message) as { id: number; result: Record<string, number> };
        if (e.sessionId === sessionId && m.id === me) { browser.off('Target.receivedMessageFromTarget', on); resolve(m.result); }
      };
      browser.on('Target.receivedMessageFromTarget', on);
      void browser.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: me, method }) });
    });
    await ask('HeapProfiler.collectGarbage');
    return { main_js_mb: main, engine_worker_js_mb: heapMb(await ask('Runtime.getHeapUsage') as { usedSize: number }) };
  } finally {
    await browser.detach();
  }
}

/** `query` (e.g. a profile source and typed-in figures) is added to the page's query string. */
export async function benchHeatmapBrowser(siteUrl: string, page: Page, query = ''): Promise<Record<string, number>> {
  await page.goto(`${siteUrl}?view=heatmap&range=${PARTNER}${query ? `&${query}` : ''}`);
  await page.waitForSelector('.heatmap-view .chart[data-drawn]', { timeout: 180_000 });
  const out: Record<string, number> = {};
  for (const label of RANGES) {
    // Warm: the first visit loads the range's months; then alternate with the partner range.
    await clickUntilDrawn(page, label);
    await clickUntilDrawn(page, PARTNER);
    const drawn: number[] = [];
    const compute: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      drawn.push(await clickUntilDrawn(page, label));
      compute.push(await computeMs(page));
      await clickUntilDrawn(page, PARTNER);
    }
    out[`heatmap_${label}_click_to_drawn_ms`] = Math.round(median(drawn) * 10) / 10;
    out[`heatmap_${label}_worker_compute_ms`] = median(compute);
    await clickUntilDrawn(page, label);
    out[`heatmap_${label}_cells`] = await cells(page);
    if (label === '1y') Object.assign(out, await jsMemory(page));
    await clickUntilDrawn(page, PARTNER);
  }
  return out;
}
