/**
 * Liquidation Map benchmarks in Chromium on the served build: warm map recompute after a
 * settings change on BTC-sized profiles, 1 month and 12 months. (First chart and transfer:
 * first-chart.ts.)
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startStaticServer } from '../tests/helpers/static-server.ts';
import { writeBigProfiles } from './big-profiles.ts';
import { trustSource } from './trust-source.ts';
import { quantile } from './stats.ts';

const median = (xs: number[]) => quantile(xs, 0.5);
const RECOMPUTES = 20;

async function waitDrawn(page: Page, since = '0'): Promise<void> {
  await page.waitForFunction((prev) => {
    const stamp = document.querySelector('.chart[data-drawn]')?.getAttribute('data-drawn');
    return stamp && stamp !== prev && !document.querySelector('[aria-busy=true]');
  }, since, { timeout: 600_000 });
}

const stamp = async (page: Page) => (await page.getAttribute('.chart[data-drawn]', 'data-drawn')) ?? '0';

/**
 * Map recomputes after a settings change, alternating the whale threshold: median worker compute
 * time, and the median and p95 time from the change event to the chart drawn (measured in the page);
 * every sample too (map-ab.ts pools them).
 */
export async function recompute(browser: Browser, siteUrl: string, manifestUrl: string, windowDays: number): Promise<{ computeMs: number; clickToDrawnMs: number; clickToDrawnP95Ms: number; drawn: number[]; worker: number[] }> {
  const context = await browser.newContext();
  await trustSource(context, manifestUrl);
  const page = await context.newPage();
  // Typed-in figures: the benchmark must not depend on reaching Binance.
  await page.goto(`${siteUrl}?source=${encodeURIComponent(manifestUrl)}&window=${windowDays}&oi=80000&price=95000`);
  await waitDrawn(page);
  const times: number[] = [];
  const drawn: number[] = [];
  for (let i = 0; i < RECOMPUTES + 1; i++) {
    const before = await stamp(page);
    const changedAt = await page.getByLabel('Whale threshold').evaluate((el, value) => {
      const select = el as HTMLSelectElement;
      select.value = value;
      const t = Date.now();
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return t;
    }, i % 2 === 0 ? '1000000' : '500000');
    await waitDrawn(page, before);
    if (i > 0) {
      times.push(Number(await page.getAttribute('[data-testid=compute-ms]', 'data-ms')));
      drawn.push(Number(await stamp(page)) - changedAt);
    }
  }
  await context.close();
  return { computeMs: median(times), clickToDrawnMs: median(drawn), clickToDrawnP95Ms: quantile(drawn, 0.95), drawn, worker: times };
}

export async function benchMapBrowser(browser: Browser, siteUrl: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await withBigProfiles(async (manifestUrl) => {
    const month = await recompute(browser, siteUrl, manifestUrl, 30);
    const year = await recompute(browser, siteUrl, manifestUrl, 365);
    out.map_recompute_30d_worker_ms = month.computeMs;
    out.map_recompute_30d_click_to_drawn_ms = month.clickToDrawnMs;
    out.map_recompute_30d_click_to_drawn_p95_ms = month.clickToDrawnP95Ms;
    out.map_recompute_365d_worker_ms = year.computeMs;
    out.map_recompute_365d_click_to_drawn_ms = year.clickToDrawnMs;
    out.map_recompute_365d_click_to_drawn_p95_ms = year.clickToDrawnP95Ms;
  });
  return out;
}

/** Serve 12 BTC-sized months of profile while `run` uses their manifest URL. */
export async function withBigProfiles<T>(run: (manifestUrl: string) => Promise<T>): Promise<T> {
  const dir = path.join(os.tmpdir(), 'liqmap-bench-big');
  await writeBigProfiles(dir, 12);
  const server = await startStaticServer(dir, '/big/');
  try {
    return await run(`${server.url}manifest.json`);
  } finally {
    await server.close();
  }
}
