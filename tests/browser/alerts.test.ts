/**
 * Alerts near clusters in Chromium: a rule set in the page, a mark price pushed by the stream
 * mock (Binance's markPrice stream) near a cluster of the drawn map raises an in-page alert,
 * and not a second one within the hour — neither on later ticks nor after a reload. The
 * watchlist: a symbol added shows its figures and nearest clusters, and opens on a click.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';
import { formatUsd } from '../../src/lib/format.ts';
import { clustersOf, distancePct, type Cluster } from '../../src/lib/alerts/clusters.ts';
import type { Page } from 'playwright-core';

let app: AppFixture;
let close = 0;
let ethClose = 0;
const STEP = 50;

beforeAll(async () => {
  close = await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11');
  ethClose = await sampleLastClose(inject('distDir'), 'ETHUSDT', '2025-11');
  app = await startApp(inject('siteUrl'), { BTCUSDT: close, ETHUSDT: ethClose });
  app.streams.setMark('BTCUSDT', close);
});
afterAll(async () => app?.close());

/**
 * From the drawn map's cells (its CSV export): the nearest long cluster below the price of the
 * largest size that some cluster reaches (5 % of the total), and a distance at which it is not
 * due yet.
 */
async function alertTarget(page: Page): Promise<{ target: Cluster; minUsd: number; within: number }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.map-view').getByRole('button', { name: 'Export CSV' }).click()]);
  const rows = readFileSync(await download.path(), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map((x, i) => (i === 1 ? x : Number(x))));
  const long = rows.filter((r) => r[1] === 'long');
  const cells = {
    priceBin: Float64Array.from(long, (r) => r[0] as number), side: new Uint8Array(long.length),
    leverage: Float64Array.from(long, (r) => r[2] as number), volumeUsd: Float64Array.from(long, (r) => r[3] as number),
  };
  const total = cells.volumeUsd.reduce((s, x) => s + x, 0);
  const minUsd = Math.round(total / 20);
  const clusters = clustersOf(cells, STEP, minUsd).filter((c) => c.high < close);
  expect(clusters.length).toBeGreaterThan(0);
  const target = clusters.reduce((a, b) => (b.high > a.high ? b : a)); // the nearest below the price
  const within = Math.max(0.05, Number((distancePct(target, close) / 2).toFixed(2)));
  expect(distancePct(target, close)).toBeGreaterThan(within); // not due at the current price
  return { target, minUsd, within };
}

describe('alerts', () => {
  test('a streamed mark price near a cluster raises one alert, not a second within the hour', async () => {
    const { page, errors } = await app.open(`?step=${STEP}`);
    const { target, minUsd, within } = await alertTarget(page);

    await page.getByTestId('alert-within').fill(String(within));
    await page.getByTestId('alert-min-usd').fill(String(minUsd));
    await page.getByTestId('alert-save').click();
    await expect.poll(() => page.getByTestId('alert-state').innerText()).toContain(`On: within ${within} %`);
    await page.waitForTimeout(2_500); // mark ticks at the current price: nothing is due
    expect(await page.getByTestId('fired-alert').count()).toBe(0);

    // The mark comes within `within` % above the cluster's upper edge.
    const near = Math.round(target.high * (1 + within / 200));
    app.streams.setMark('BTCUSDT', near);
    await expect.poll(() => page.getByTestId('fired-alert').count(), { timeout: 20_000 }).toBe(1);
    const text = await page.getByRole('alert').filter({ hasText: 'predicted long cluster' }).innerText();
    expect(text).toContain(`BTCUSDT mark price ${near.toLocaleString('en-US')}`);
    expect(text).toContain(`${target.low.toLocaleString('en-US')}–${target.high.toLocaleString('en-US')} (Binance)`);

    // More ticks near it, and a map recomputed at the new price: still one.
    await page.waitForTimeout(12_000);
    expect(await page.getByTestId('fired-alert').count()).toBe(1);
    await page.reload();
    await waitForDraw(page);
    await expect.poll(() => page.getByTestId('alert-state').innerText()).toContain(`On: within ${within} %`);
    await page.waitForTimeout(5_000);
    expect(await page.getByTestId('fired-alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  test('two tabs on the same marks: one alert, one notification; a rule set in one tab is on in the other at once', async () => {
    app.streams.setMark('BTCUSDT', close);
    const { page: a, errors } = await app.open(`?step=${STEP}`);
    const context = a.context();
    // Each tab counts the system notifications it raises (allowed, as a user who clicked Allow).
    await context.addInitScript(() => {
      const w = window as unknown as { raised: string[]; Notification: unknown };
      w.raised = [];
      w.Notification = class {
        static permission = 'granted';
        constructor(title: string) { w.raised.push(title); }
      };
    });
    await a.reload();
    await waitForDraw(a);
    const b = await context.newPage();
    await b.goto(a.url());
    await waitForDraw(b);
    const { target, minUsd, within } = await alertTarget(a);

    await a.getByTestId('alert-within').fill(String(within));
    await a.getByTestId('alert-min-usd').fill(String(minUsd));
    await a.getByTestId('alert-save').click();
    // The other tab has it too, without a reload (and would not drop it when it saves).
    await expect.poll(() => b.getByTestId('alert-state').innerText()).toContain(`On: within ${within} %`);

    app.streams.setMark('BTCUSDT', Math.round(target.high * (1 + within / 200)));
    const raised = async () => [...(await a.evaluate(() => (window as unknown as { raised: string[] }).raised)), ...(await b.evaluate(() => (window as unknown as { raised: string[] }).raised))];
    await expect.poll(raised, { timeout: 20_000 }).toEqual(['liqmap: BTCUSDT (Binance) near a long cluster']);
    // Both tabs show the one alert; more ticks near it (both tabs receive each) raise nothing more.
    await expect.poll(() => a.getByTestId('fired-alert').count()).toBe(1);
    await expect.poll(() => b.getByTestId('fired-alert').count()).toBe(1);
    await a.waitForTimeout(8_000);
    expect(await raised()).toEqual(['liqmap: BTCUSDT (Binance) near a long cluster']);
    expect([await a.getByTestId('fired-alert').count(), await b.getByTestId('fired-alert').count()]).toEqual([1, 1]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  test('where the browser keeps nothing (storage full), a rule set says it lasts for this page only', async () => {
    const { page, errors } = await app.open('', { waitForChart: false });
    await page.addInitScript(() => {
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        if (key === 'liqmap.alerts') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return set.call(this, key, value);
      };
    });
    await page.reload();
    expect(await page.getByTestId('alerts-not-kept').count()).toBe(0); // nothing to keep yet
    await page.getByTestId('alert-within').fill('1');
    await page.getByTestId('alert-min-usd').fill('1000000');
    await page.getByTestId('alert-save').click();
    await expect.poll(() => page.getByTestId('alert-state').innerText()).toContain('On: within 1 %');
    expect(await page.getByTestId('alerts-not-kept').innerText()).toContain('they work while this page is open and are gone after a reload');
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await page.context().close();
  });

  test('the watchlist: a symbol added shows its mark price, OI and nearest clusters; a click opens it', async () => {
    // With Binance + Bybit open: a watched symbol's map is still Binance's (the exchange of its REST figures).
    const { page, errors } = await app.open('?exchanges=binance,bybit');
    await page.getByTestId('watch-add-symbol').selectOption('ETHUSDT');
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    const row = page.getByTestId('watch-ETHUSDT');
    await expect.poll(() => row.getByTestId('watch-price').innerText(), { timeout: 90_000 }).toBe(`$${ethClose.toLocaleString('en-US')}`);
    expect(await row.innerText()).toContain(`OI ${formatUsd(80_000 * ethClose)}`);
    // Its map computed: each side names its nearest cluster (edge · size · distance) or none.
    await expect.poll(() => row.getByTestId('watch-long').innerText(), { timeout: 120_000 }).toMatch(/ %$|^none$/);
    expect(await row.getByTestId('watch-short').innerText()).toMatch(/ %$|^none$/);
    expect(await row.getByTestId('watch-alert').innerText()).toBe('alert off');
    expect(await page.getByTestId('watch-how').innerText()).toContain("Binance's mark price, open interest and map");
    // Kept in this browser.
    await page.reload();
    await expect.poll(() => page.getByTestId('watch-ETHUSDT').count()).toBe(1);
    await page.getByRole('button', { name: 'Open ETHUSDT' }).click();
    expect(new URL(page.url()).searchParams.get('symbol')).toBe('ETHUSDT');
    expect(await page.getByRole('combobox', { name: 'Symbol', exact: true }).inputValue()).toBe('ETHUSDT');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  test("Bybit alone: Bybit's streamed mark near a cluster of Bybit's map raises the alert, named Bybit (Binance's mark stays away)", async () => {
    const { page, errors } = await app.open(`?exchanges=bybit&step=${STEP}`);
    // Bybit's ticker at Binance's close first (Binance's mark ticks there all along): the map is sized by it.
    const oiValue = String(60_000 * close);
    const ticker = (mark: number) => app.streams.sendBybitTicker('BTCUSDT', 'snapshot', { markPrice: String(mark), openInterest: '60000', openInterestValue: oiValue });
    await expect.poll(() => app.streams.clients().some((c) => c.exchange === 'bybit' && c.streams.includes('tickers.BTCUSDT')), { timeout: 20_000 }).toBe(true);
    const bybitRow = page.getByRole('region', { name: 'What the map shows' }).locator('.inputs > div').filter({ has: page.locator('dt', { hasText: /^Bybit$/ }) }).locator('dd');
    await expect.poll(async () => { ticker(close); return bybitRow.textContent(); }, { timeout: 30_000 }).toContain("live from Bybit's stream");
    await expect.poll(async () => { ticker(close); return bybitRow.textContent(); }, { timeout: 30_000 }).toContain(`mark ${formatUsd(close)}`);
    const { target, minUsd, within } = await alertTarget(page);
    await page.getByTestId('alert-within').fill(String(within));
    await page.getByTestId('alert-min-usd').fill(String(minUsd));
    await page.getByTestId('alert-save').click();
    await expect.poll(() => page.getByTestId('alert-state').innerText()).toContain(`On: within ${within} %`);
    // Bybit's mark comes near the cluster; Binance's keeps ticking at the close, away from it.
    const near = Math.round(target.high * (1 + within / 200));
    await expect.poll(async () => { ticker(near); return page.getByTestId('fired-alert').count(); }, { timeout: 20_000 }).toBe(1);
    const text = await page.getByRole('alert').filter({ hasText: 'predicted long cluster' }).innerText();
    expect(text).toContain(`BTCUSDT mark price ${near.toLocaleString('en-US')}`);
    expect(text).toContain('(Bybit)');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);
});
