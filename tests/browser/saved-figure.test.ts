/**
 * A returning visitor sees the last chart of this view at once, from the figure saved on the
 * last visit (first its image, then the figure), marked "as of HH:MM UTC, updating", and then
 * the recomputed one in its place.
 * Another view state never shows a saved figure of a different one.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, watchErrors } from '../helpers/browser.ts';
import { startBinanceMock, type BinanceMock } from '../mock/binance-mock.ts';
import { startStreamMock, type StreamMock } from '../mock/stream-mock.ts';
import { sampleLastClose, waitForDraw } from './app-fixture.ts';
import { viewKey } from '../../src/lib/state/saved-figure.ts';

let mock: BinanceMock;
let streams: StreamMock;
let context: BrowserContext;

beforeAll(async () => {
  mock = await startBinanceMock();
  mock.setFigures('BTCUSDT', { openInterest: 80_000, markPrice: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
  streams = await startStreamMock();
  context = await launchPersistent(mkdtempSync(path.join(os.tmpdir(), 'liqmap-saved-figure-')));
  await context.addInitScript(([url, binanceStreamBase, bybitStreamBase]) => {
    if (!localStorage.getItem('liqmap.settings')) localStorage.setItem('liqmap.settings', JSON.stringify({ binanceBase: url, allowedHosts: [], binanceStreamBase, bybitStreamBase }));
    // What the visitor saw, in order: the saved figure's label, its draw, the computed draw.
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        // The early script's picture (src/early-picture.ts), and whether the app had run by then.
        if (r.type === 'attributes' && r.attributeName === 'data-saved-drawn' && (r.target as HTMLElement).id === 'early-picture') seen.push(`early picture, app ${document.getElementById('app')?.childElementCount ? 'mounted' : 'not run'}`);
        else if (r.type === 'attributes' && r.attributeName === 'data-saved-drawn') seen.push('saved drawn');
        if (r.type === 'attributes' && r.attributeName === 'data-drawn') seen.push('drawn');
        for (const n of r.addedNodes) {
          if (n instanceof HTMLElement && n.dataset.testid === 'saved-figure') seen.push(`label: ${n.textContent}`);
          if (n instanceof HTMLImageElement && n.classList.contains('picture')) seen.push('picture');
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-saved-drawn', 'data-drawn'] });
  }, [mock.url, streams.binanceBase, streams.bybitBase] as const);
});
afterAll(async () => {
  await context?.close();
  await mock?.close();
  await streams?.close();
});

const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: string[] }).seen);

/** What IndexedDB holds for this view's key: the picture's type, 'figure', or '' when nothing yet. */
const savedRecord = (page: Page, key: string) => page.evaluate((key) => new Promise<string>((resolve) => {
  const open = indexedDB.open('liqmap-figures');
  open.onerror = () => resolve('');
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('figures')) { db.close(); resolve(''); return; }
    const get = db.transaction('figures').objectStore('figures').get(key);
    // The canvas map's picture is a PNG image, a Plotly chart's SVG markup.
    get.onsuccess = () => { db.close(); resolve(get.result ? (get.result.image?.type ?? get.result.svg?.slice(0, 4) ?? 'figure') : ''); };
    get.onerror = () => { db.close(); resolve(''); };
  };
}), key);

/**
 * Until this view's record is in IndexedDB (saved after the computed draw); returns what it is.
 * Polled from the test: waitForFunction takes a predicate's promise itself as the truthy answer.
 */
async function figureSaved(page: Page, view: string): Promise<string> {
  let found = '';
  await expect.poll(async () => (found = await savedRecord(page, view)), { timeout: 60_000, interval: 200 }).not.toBe('');
  return found;
}

/** Records as an older version saved them for `search`: a Plotly figure and an SVG picture of it. */
async function saveOldVersion(page: Page, search: string): Promise<void> {
  const { state } = viewKey(search);
  await page.evaluate((state) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('liqmap-figures');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('figures', 'readwrite');
      const store = tx.objectStore('figures');
      store.put({ state, savedAt: Date.now(), figure: { data: [{ type: 'bar', x: [1], y: [1] }], layout: {} } }, 'map');
      store.put({ state, savedAt: Date.now(), width: 1280, svg: '<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="600"/>' }, 'map:picture');
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), state);
}

test('the last map is shown marked "as of HH:MM UTC, updating" on return, then replaced by the recomputed one', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(inject('siteUrl'));
  await waitForDraw(page);
  expect(await seen(page)).not.toContain('saved drawn');
  await figureSaved(page, 'map');
  expect(await figureSaved(page, 'map:picture')).toBe('image/png');

  await page.reload();
  await waitForDraw(page);
  const events = await seen(page);
  const label = events.find((e) => e.startsWith('label: '));
  expect(label).toMatch(/^label: as of \d\d:\d\d UTC, updating$/);
  expect(events.indexOf('saved drawn')).toBeGreaterThanOrEqual(0);
  expect(events.indexOf('saved drawn')).toBeLessThan(events.indexOf('drawn'));
  // First painted by the page's early script, before the app's script has mounted anything
  // (the app's mount waits for it), then taken over by the chart frame and gone.
  expect(events[0]).toBe('early picture, app not run');
  expect(await page.locator('#early-picture').count()).toBe(0);
  // First as its image, which needs no Plotly.
  expect(events.indexOf('picture')).toBeGreaterThanOrEqual(0);
  expect(events.indexOf('picture')).toBeLessThan(events.indexOf('drawn'));
  expect(await page.locator('img.picture').count()).toBe(0);
  // Replaced: the label is gone and the chart is no longer marked busy.
  expect(await page.locator('[data-testid=saved-figure]').count()).toBe(0);
  expect(await page.locator('.frame[aria-busy=true]').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});

test('another view state does not show the saved figure of a different one', async () => {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${inject('siteUrl')}?window=7`);
  await waitForDraw(page);
  expect((await seen(page)).filter((e) => e !== 'drawn')).toEqual([]);
  // What an older version saved (a Plotly figure of the map) is not drawn and breaks nothing.
  await saveOldVersion(page, '?window=7');
  await page.reload();
  await waitForDraw(page);
  await expect.poll(() => figureSaved(page, 'map:picture'), { timeout: 30_000 }).toBe('image/png');
  expect(errors).toEqual([]);
  await page.close();
});
