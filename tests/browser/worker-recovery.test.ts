/**
 * The engine worker crashes: the page says so, starts a fresh worker, re-opens the source and
 * draws the map again, and the new engine answers later changes. The crash is made from inside
 * the worker (Playwright's worker handle): an uncaught error, then the worker closes itself.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { changeAndRedraw, drawnStamp, drawnTraces, mapBarCount, sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';

let app: AppFixture;
beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => app?.close());

/** The engine's worker (DuckDB may run workers of its own). */
async function engineWorkers(page: Page): Promise<Worker[]> {
  const named = await Promise.all(page.workers().map(async (w) => ((await w.evaluate(() => self.name).catch(() => '')) === 'liqmap-engine' ? w : null)));
  return named.filter((w): w is Worker => w !== null);
}

test('a crashed engine worker is restarted and the map drawn again', async () => {
  const { page } = await app.open();
  try {
    const before = JSON.stringify(await drawnTraces(page));
    const stamp = await drawnStamp(page);
    const [old] = await engineWorkers(page);
    expect(old).toBeDefined();
    expect(await page.getByRole('alert').count()).toBe(0);

    const closed = new Promise<void>((resolve) => old!.once('close', () => resolve()));
    await old!.evaluate(() => {
      setTimeout(() => {
        self.close();
        throw new Error('simulated engine crash');
      });
    });
    await closed;

    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 30_000 }).toContain('simulated engine crash');
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 60_000 }).toContain('and was restarted');
    await waitForDraw(page, stamp);
    expect(await mapBarCount(page)).toBeGreaterThan(10);
    expect(JSON.stringify(await drawnTraces(page)), 'same inputs, same picture').toBe(before);
    const fresh = await engineWorkers(page);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).not.toBe(old);

    // The new engine computes: a control change is drawn.
    await changeAndRedraw(page, () => page.getByRole('button', { name: '7d' }).click());
    expect(JSON.stringify(await drawnTraces(page))).not.toBe(before);
  } finally {
    await page.context().close();
  }
});
