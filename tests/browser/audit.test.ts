/**
 * Importing recorded liquidations and the Audit view in Chromium against the built site (the
 * synthetic BTCUSDT sample ends in 2025-11, so its events are "last year's file"): good rows,
 * bad rows named by line, duplicates skipped, the events kept past the 90-day age-out across a
 * reload; the audit's statistics and CSV against values this test computes itself from the
 * imported events and the CSV's columns; the exchange choice; a range without records.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { sampleLastCandle, sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';

const HOUR = 3_600_000;
const HEADER = 'time,exchange,symbol,side,price,quantity,usd';
let app: AppFixture;
let close = 0;
let lastCandle = 0;

interface Ev { time: number; exchange: 'binance' | 'bybit'; side: 'long' | 'short'; price: number; qty: number }
let events: Ev[] = [];
const usd = (e: Ev) => e.price * e.qty;
const line = (e: Ev) => `${new Date(e.time).toISOString()},${e.exchange},BTCUSDT,${e.side},${e.price},${e.qty},${usd(e)}`;

beforeAll(async () => {
  close = await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11');
  lastCandle = await sampleLastCandle(inject('distDir'), 'BTCUSDT', '2025-11');
  app = await startApp(inject('siteUrl'), { BTCUSDT: close });
  // 30 events over the three days before the last 13 hours of the sample, irregular sizes, both sides and exchanges.
  events = Array.from({ length: 30 }, (_, i) => ({
    time: lastCandle - 13 * HOUR - ((i * 7919) % 60) * 1_111_111 - i * 1000,
    exchange: i % 3 === 0 ? 'bybit' : 'binance',
    side: i % 4 === 1 ? 'short' : 'long',
    price: Math.round(close * (1 + ((i % 9) - 4) / 400) * 10) / 10,
    qty: 0.05 + ((i * 37) % 11) / 10,
  }));
});
afterAll(async () => app?.close());

async function importCsv(page: Page, name: string, text: string) {
  await page.getByTestId('liq-import-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  const result = page.getByTestId('liq-import-result').first();
  await expect.poll(() => result.count(), { timeout: 20_000 }).toBe(1);
  return { added: Number(await result.getAttribute('data-added')), duplicates: Number(await result.getAttribute('data-duplicates')), bad: Number(await result.getAttribute('data-bad')), text: await result.innerText() };
}
const recordedCount = (page: Page) => page.getByTestId('recorded-BTCUSDT').getByTestId('recorded-count').innerText().catch(() => '');

/** Independent statistics (mean ranks for ties, Pearson of the ranks). */
function ranks(v: number[]): number[] {
  return v.map((x) => v.filter((y) => y < x).length + (v.filter((y) => y === x).length + 1) / 2);
}
function spearman(x: number[], y: number[]): number | null {
  const rx = ranks(x), ry = ranks(y), m = (x.length + 1) / 2;
  const c = rx.reduce((s, r, i) => s + (r - m) * (ry[i] - m), 0);
  const vx = rx.reduce((s, r) => s + (r - m) ** 2, 0), vy = ry.reduce((s, r) => s + (r - m) ** 2, 0);
  return vx && vy ? c / Math.sqrt(vx * vy) : null;
}
function captureOf(pred: number[], real: number[]): number {
  const k = Math.ceil(pred.length / 10);
  const top = pred.map((p, i) => [p, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k).map(([, i]) => i);
  return top.reduce((s, i) => s + real[i], 0) / real.reduce((s, r) => s + r, 0);
}

describe('import and audit', () => {
  test('import: good rows kept, bad rows named by line, duplicates skipped, last year\'s events kept across a reload', async () => {
    const { page, errors } = await app.open('?view=data', { waitForChart: false });
    const bad = ['2025-11-28 10:00,binance,BTCUSDT,long,90000,1,90000', `${new Date(events[0].time).toISOString()},binance,BTCUSDT,long,-5,1,1`];
    const text = [HEADER, ...events.slice(0, 10).map(line), ...bad, ...events.slice(10, 29).map(line)].join('\n') + '\n';
    const first = await importCsv(page, 'recorded-a.csv', text);
    expect([first.added, first.duplicates, first.bad]).toEqual([29, 0, 2]);
    expect(first.text).toBe('recorded-a.csv (BTCUSDT): 29 imported, 2 skipped as bad rows.');
    const named = await page.getByTestId('liq-import-bad').allInnerTexts();
    expect(named).toEqual([
      'recorded-a.csv line 12: time "2025-11-28 10:00" is not an ISO UTC time (2025-11-30T12:00:00.000Z) or epoch milliseconds',
      'recorded-a.csv line 13: price "-5" is not a positive number',
    ]);
    await expect.poll(() => recordedCount(page)).toBe('29');
    // The same rows again and one more: only the new one is added.
    const second = await importCsv(page, 'recorded-b.csv', [HEADER, ...events.map(line)].join('\n'));
    expect([second.added, second.duplicates, second.bad]).toEqual([1, 29, 0]);
    expect(second.text).toBe('recorded-b.csv (BTCUSDT): 1 imported, 29 skipped as already kept.');
    await expect.poll(() => recordedCount(page)).toBe('30');
    const refused = await importCsv(page, 'other.csv', 'time,price_bin,volume_usd\n1,2,3\n');
    expect(refused.text).toContain('other.csv: not imported: its first line is not the header');
    // A year old, yet kept: the day limit ages out what was recorded live, not what was imported.
    await page.reload();
    await expect.poll(() => recordedCount(page), { timeout: 20_000 }).toBe('30');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('leaving while a CSV of recorded liquidations is imported asks first, and not once it is done', async () => {
    const { page, errors } = await app.open('?view=data', { waitForChart: false });
    // The user's disk, held by the test: the file's read waits until it opens the gate.
    await page.evaluate(() => {
      const w = window as unknown as { gate: Promise<void>; openGate: () => void };
      w.gate = new Promise((resolve) => (w.openGate = resolve));
      const { text } = Blob.prototype;
      Blob.prototype.text = async function () { await w.gate; return text.call(this); };
    });
    const leaveAsked = () => page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })));
    expect(await leaveAsked()).toBe(false);
    await page.getByTestId('liq-import-input').setInputFiles({ name: 'held.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...events.slice(0, 3).map(line)].join('\n')) });
    await page.getByRole('button', { name: 'Importing…' }).waitFor();
    expect(await leaveAsked()).toBe(true);
    await page.evaluate(() => (window as unknown as { openGate: () => void }).openGate());
    await expect.poll(() => page.getByTestId('liq-import-result').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('liq-import-result').getAttribute('data-added')).toBe('3');
    expect(await leaveAsked()).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('the Audit view: statistics and CSV match values computed here; the exchange choice; a range without records', async () => {
    const { page, errors } = await app.open('?view=data', { waitForChart: false });
    await importCsv(page, 'all.csv', [HEADER, ...events.map(line)].join('\n'));
    // What it says while it waits, each wording as it shows: the heatmap computing, then the records being read (not "computing").
    await page.evaluate(() => {
      const w = window as unknown as { waits: string[] };
      w.waits = [];
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="audit-waiting"]')?.textContent;
        if (text && w.waits[w.waits.length - 1] !== text) w.waits.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Audit', exact: true }).click();
    expect(new URL(page.url()).searchParams.get('view')).toBe('audit');
    const ofExchange = (x: Ev['exchange']) => String(events.filter((e) => e.exchange === x).length);
    // The heatmap is Binance's (the default): its realised liquidations are compared, as its markers show them.
    await expect.poll(() => page.getByTestId('audit-events').innerText().catch(() => ''), { timeout: 150_000 }).toBe(String(events.filter((e) => e.exchange === 'binance').length));
    expect(await page.getByTestId('audit-exchanges').inputValue()).toBe('binance');
    expect(await page.locator('.audit-view .toolbar .title').innerText()).toBe('BTCUSDT accuracy audit · 30d · predicted from Binance · realised of Binance');
    expect(await page.evaluate(() => (window as unknown as { waits: string[] }).waits)).toEqual(['Computing the heatmap of the 30d range…', 'Reading the recorded liquidations of this range…']);
    await page.getByTestId('audit-exchanges').selectOption('all');
    await expect.poll(() => page.getByTestId('audit-events').innerText()).toBe('30');
    expect(await page.locator('.audit-view .toolbar .title').innerText()).toBe('BTCUSDT accuracy audit · 30d · predicted from Binance · realised of Binance + Bybit');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    // The name says what the rows hold: the range, the candles, whose prediction and whose records.
    expect(download.suggestedFilename()).toBe('liqmap-BTCUSDT-audit-30d-4h-candles-predicted-binance-realised-binance-bybit.csv');
    const rows = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('candle_time,predicted_long_usd,predicted_short_usd,realised_long_usd,realised_short_usd');
    const cells = rows.slice(1).map((r) => r.split(','));
    const times = cells.map((c) => Date.parse(c[0]));
    const col = (i: number) => cells.map((c) => Number(c[i]));
    // 30 d range: 4 h candles, consecutive, from the candle of the first event to that of the last.
    expect(times.every((t, i) => i === 0 || t - times[i - 1] === 4 * HOUR)).toBe(true);
    const minT = Math.min(...events.map((e) => e.time)), maxT = Math.max(...events.map((e) => e.time));
    expect(times[0] <= minT && minT < times[0] + 4 * HOUR).toBe(true);
    expect(times.at(-1)! <= maxT && maxT < times.at(-1)! + 4 * HOUR).toBe(true);
    for (const side of ['long', 'short'] as const) {
      const mine = times.map((t) => events.filter((e) => e.side === side && e.time >= t && e.time < t + 4 * HOUR).reduce((s, e) => s + usd(e), 0));
      const theirs = col(side === 'long' ? 3 : 4);
      theirs.forEach((v, i) => expect(v).toBeCloseTo(mine[i], 6));
      const pred = col(side === 'long' ? 1 : 2);
      expect(pred.some((p) => p > 0)).toBe(true);
      const rho = spearman(pred, mine);
      expect(await page.getByTestId(`audit-rho-${side}`).innerText()).toBe(rho === null ? '—' : rho.toFixed(2));
      expect(await page.getByTestId(`audit-capture-${side}`).innerText()).toBe(`${(captureOf(pred, mine) * 100).toFixed(1)} %`);
      const ratio = mine.reduce((s, x) => s + x, 0) / pred.reduce((s, x) => s + x, 0);
      expect(await page.getByTestId(`audit-ratio-${side}`).innerText()).toBe(ratio.toPrecision(3));
    }
    expect(await page.getByTestId('audit-candles').innerText()).toBe(String(cells.length));
    await expect.poll(() => page.locator('.audit-view .chart[data-drawn]').count(), { timeout: 30_000 }).toBe(1);
    const limits = await page.getByRole('region', { name: 'What the audit can and cannot show' }).innerText();
    for (const said of ['at most one liquidation per symbol per second', 'never appear as liquidations', 'small sample']) expect(limits).toContain(said);

    await page.getByTestId('audit-exchanges').selectOption('bybit');
    await expect.poll(() => page.getByTestId('audit-events').innerText()).toBe(ofExchange('bybit'));
    // Bybit chosen as the exchange (after "both" was picked here): Bybit's heatmap, Bybit's liquidations, named so.
    await page.getByTestId('audit-exchanges').selectOption('all');
    await page.getByLabel('Exchange').selectOption('bybit');
    await expect.poll(() => page.getByTestId('audit-exchanges').inputValue()).toBe('bybit');
    await expect.poll(() => page.getByTestId('audit-events').innerText().catch(() => ''), { timeout: 150_000 }).toBe(ofExchange('bybit'));
    await expect.poll(() => page.locator('.audit-view .toolbar .title').textContent(), { timeout: 150_000 }).toBe('BTCUSDT accuracy audit · 30d · predicted from Bybit · realised of Bybit');
    expect(await page.getByRole('region', { name: 'What the audit can and cannot show' }).innerText()).toContain("Bybit's liquidation stream (allLiquidation) pushes every liquidation");

    // The last 12 hours hold no record: the view says so, and that the records are earlier.
    await page.locator('button[data-range="12h"]').click();
    await expect.poll(() => page.getByTestId('audit-empty').innerText().catch(() => ''), { timeout: 90_000 }).toContain('No recorded liquidations of BTCUSDT in this range');
    expect(await page.getByTestId('audit-advice').innerText()).toContain('The 30 liquidations of BTCUSDT kept in this browser');
    expect(await page.getByTestId('audit-advice').innerText()).toContain('are all before this range: choose a longer range');
    expect(new URL(page.url()).searchParams.get('range')).toBe('12h');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  test('records made after the data end (a trader recording today over last month\'s profiles): the audit says so, not "keep liqmap open"', async () => {
    const { page, errors } = await app.open('?view=data', { waitForChart: false });
    const later = events.slice(0, 3).map((e, i) => ({ ...e, time: lastCandle + 5 * 24 * HOUR + i * 60_000 }));
    await importCsv(page, 'today.csv', [HEADER, ...later.map(line)].join('\n'));
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Audit', exact: true }).click();
    await expect.poll(() => page.getByTestId('audit-advice').innerText().catch(() => ''), { timeout: 150_000 }).toContain('The 3 liquidations of BTCUSDT kept in this browser');
    const advice = await page.getByTestId('audit-advice').innerText();
    expect(advice).toContain("are all after this range's last candle");
    // 30 d range: 4 h candles; the data end with the close of the one holding the sample's last 5-minute candle.
    const end = Math.floor(lastCandle / (4 * HOUR)) * 4 * HOUR + 4 * HOUR;
    expect(advice).toContain(`the heatmap's data end at ${new Date(end).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    expect(advice).not.toContain('keep liqmap open');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);
});
