/**
 * A phone has no drag-to-zoom (it would fight the page's scroll), no Shift and no keys: on the
 * map and the heatmap two fingers pinch the x range, one finger moves a zoomed range, and a
 * double tap shows everything again. Real touches, through the browser's own input pipeline (CDP).
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { watchErrors } from '../helpers/browser.ts';
import { sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';

let app: AppFixture;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => app?.close());

async function phone(query: string): Promise<{ page: Page; cdp: CDPSession; errors: string[] }> {
  const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(([url, streams]) => localStorage.setItem('liqmap.settings', JSON.stringify({ binanceBase: url, allowedHosts: [], ...streams })), [app.mock.url, app.streamSettings] as const);
  await page.goto(inject('siteUrl') + query);
  await waitForDraw(page);
  return { page, cdp: await context.newCDPSession(page), errors };
}

type Point = [x: number, y: number];
const touch = (cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', points: Point[]) =>
  cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });

/** Fingers moved from `from` to `to` in steps, then lifted. */
async function gesture(cdp: CDPSession, from: Point[], to: Point[]): Promise<void> {
  await touch(cdp, 'touchStart', from);
  for (let s = 1; s <= 6; s++) await touch(cdp, 'touchMove', from.map(([x, y], i) => [x + ((to[i][0] - x) * s) / 6, y + ((to[i][1] - y) * s) / 6]));
  await touch(cdp, 'touchEnd', []);
}

async function zoomOf(page: Page, chart: string): Promise<[number, number] | null> {
  const z = await page.locator(chart).getAttribute('data-zoom');
  return z ? (z.split(',').map(Number) as [number, number]) : null;
}

for (const [view, chart] of [['map', '.map-view .chart'], ['heatmap', '.heatmap-view .chart']] as const) {
  test(`pinch, one-finger pan and double tap on the ${view}`, async () => {
    const { page, cdp, errors } = await phone(view === 'map' ? '' : '?view=heatmap&range=12h');
    const over = page.locator(`${chart} .u-over`);
    await over.scrollIntoViewIfNeeded();
    const box = (await over.boundingBox())!;
    const y = box.y + box.height / 2;
    const at = (share: number): number => box.x + box.width * share;
    expect(await zoomOf(page, chart)).toBeNull();

    // Fingers spread from a fifth of the width apart to three fifths: about a third of the range.
    await gesture(cdp, [[at(0.4), y], [at(0.6), y]], [[at(0.2), y], [at(0.8), y]]);
    const pinched = await zoomOf(page, chart);
    expect(pinched).not.toBeNull();
    const [min, max] = pinched!;
    // A pinch is a zoom like a drag: the link holds it.
    const param = view === 'map' ? 'mapzoom' : 'heatzoom';
    const linked = () => new URL(page.url()).searchParams.get(param);
    await expect.poll(linked).not.toBeNull();

    // One finger dragged to the left shows later prices or times; the width stays.
    await gesture(cdp, [[at(0.7), y]], [[at(0.4), y]]);
    const [panMin, panMax] = (await zoomOf(page, chart))!;
    expect(panMin).toBeGreaterThan(min);
    expect(panMax - panMin).toBeCloseTo(max - min, 3);

    // A vertical swipe is the page's scroll, not a pan.
    await gesture(cdp, [[at(0.5), y]], [[at(0.5), y - 150]]);
    expect(await zoomOf(page, chart)).toEqual([panMin, panMax]);

    // A double tap (where the chart is after that scroll): the whole picture again.
    await over.scrollIntoViewIfNeeded();
    const now = (await over.boundingBox())!;
    for (let i = 0; i < 2; i++) {
      await touch(cdp, 'touchStart', [[now.x + now.width / 2, now.y + now.height / 2]]);
      await touch(cdp, 'touchEnd', []);
    }
    await expect.poll(() => zoomOf(page, chart)).toBeNull();
    await expect.poll(linked).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });
}
