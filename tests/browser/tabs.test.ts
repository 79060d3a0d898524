/**
 * Three tabs of one browser profile at once: they share IndexedDB and localStorage. Every
 * cached file must be whole when any tab reads it, and a setting saved in one tab must not be
 * overwritten by the others.
 */
import { DEAD_STREAMS } from '../mock/stream-mock.ts';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchPersistent, watchErrors } from '../helpers/browser.ts';
import { startBinanceMock, type BinanceMock } from '../mock/binance-mock.ts';
import { sampleLastClose, waitForDraw } from './app-fixture.ts';

let mock: BinanceMock;
let context: BrowserContext;

beforeAll(async () => {
  mock = await startBinanceMock();
  mock.setFigures('BTCUSDT', { openInterest: 80_000, markPrice: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
  mock.setFigures('ETHUSDT', { openInterest: 900_000, markPrice: await sampleLastClose(inject('distDir'), 'ETHUSDT', '2025-11') });
  context = await launchPersistent(mkdtempSync(path.join(os.tmpdir(), 'liqmap-tabs-')));
  // The first tab's settings seed the shared localStorage once, as a user would have them.
  await context.addInitScript(([url, streams]) => {
    if (!localStorage.getItem('liqmap.settings')) localStorage.setItem('liqmap.settings', JSON.stringify({ binanceBase: url, allowedHosts: [], ...streams }));
  }, [mock.url, DEAD_STREAMS] as const);
});
afterAll(async () => {
  await context?.close();
  await mock?.close();
});

test('three tabs load at once: every cached file is whole, and a saved setting survives the other tabs', async () => {
  const site = inject('siteUrl');
  const queries = ['?window=30', '?symbol=ETHUSDT&window=90', '?view=heatmap&range=90d'];
  const pages = await Promise.all(queries.map(() => context.newPage()));
  const errors = pages.map(watchErrors);
  await Promise.all(pages.map((p, i) => p.goto(site + queries[i])));
  await Promise.all(pages.map((p) => waitForDraw(p)));

  const cacheCheck = () => pages[1].evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('liqmap');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = await new Promise<{ keys: IDBValidKey[]; values: unknown[] }>((resolve) => {
      const store = db.transaction('files').objectStore('files');
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onsuccess = () => resolve({ keys: keys.result, values: values.result });
    });
    const byKey = new Map(all.keys.map((k, i) => [String(k), all.values[i]]));
    const problems: string[] = [];
    let files = 0;
    for (const [key, entry] of byKey) {
      if (!key.startsWith('entry:')) continue;
      files++;
      const sha = key.slice(6);
      const bytes = byKey.get(`bytes:${sha}`) as Uint8Array | undefined;
      if (!bytes) { problems.push(`${sha}: entry without bytes`); continue; }
      const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)), (b) => b.toString(16).padStart(2, '0')).join('');
      if (digest !== sha) problems.push(`${sha}: bytes hash to ${digest}`);
      if ((entry as { bytes: number }).bytes !== bytes.length) problems.push(`${sha}: size differs`);
    }
    return { files, problems };
  });
  // BTC Oct+Nov (the heatmap's 90 days reach September too) and ETH Sep-Nov, three kinds each.
  // Downloads are cached behind the chart, so the last writes may land after the draws.
  await expect.poll(async () => (await cacheCheck()).files, { timeout: 30_000 }).toBeGreaterThanOrEqual(15);
  expect((await cacheCheck()).problems).toEqual([]);

  // A setting saved in the first tab is what the other tabs get on reload; they never write it back.
  const newBase = `${mock.url}/proxy`;
  await pages[0].getByText('Binance API base URL').click();
  await pages[0].locator('input[name=binance-base]').fill(newBase);
  await Promise.all([pages[0].waitForEvent('load'), pages[0].getByRole('button', { name: 'Save' }).click()]);
  await pages[2].getByRole('button', { name: '30d' }).click();
  await waitForDraw(pages[2]);
  await pages[1].reload();
  await waitForDraw(pages[1]);
  const saved = await pages[1].evaluate(() => JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}').binanceBase);
  expect(saved).toBe(newBase);
  expect(await pages[1].locator('input[name=binance-base]').inputValue()).toBe(newBase);
  expect(errors.flat().filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

test('a host saved in the Data view keeps what another tab saved after this one loaded', async () => {
  const site = inject('siteUrl');
  const [a, b] = await Promise.all([context.newPage(), context.newPage()]);
  const errors = [a, b].map(watchErrors);
  await a.goto(`${site}?view=data`);
  await b.goto(site);
  await waitForDraw(b);
  // The other tab saves its Binance API base URL (and reloads).
  const otherBase = `${mock.url}/other-tab`;
  await b.getByText('Binance API base URL').click();
  await b.locator('input[name=binance-base]').fill(otherBase);
  await Promise.all([b.waitForEvent('load'), b.getByRole('button', { name: 'Save' }).click()]);
  // This tab, loaded before that, saves its archive host: the default, allowed already (no reload).
  const form = a.locator('form:has(input[name=archive-base])');
  await form.locator('input[name=archive-base]').fill('');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => a.getByRole('status').filter({ hasText: 'Saved: Archive base URL https://data.binance.vision' }).count()).toBe(1);
  const stored = await a.evaluate(() => JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}'));
  expect([stored.binanceBase, stored.archiveBase]).toEqual([otherBase, 'https://data.binance.vision']);
  expect(errors.flat().filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
