/**
 * The Liquidation Map in Chromium against the built site (served under /liqmap/) and a
 * Binance mock answering with Binance's shapes.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { changeAndRedraw, dragAcross, drawnTraces, mapBarCount, sampleLastClose, startApp, totalsText, waitForDraw, drawnStamp, type AppFixture } from './app-fixture.ts';
import { formatUsd } from '../../src/lib/format.ts';
import { captionLayout } from '../../src/lib/charts/export-caption.ts';

/** Open the "Type figures in" disclosure; under load a click can land before the panel settles, so check it opened. */
async function openManualFigures(page: Page) {
  const oiField = page.getByLabel('Open interest (BTC)');
  await expect.poll(async () => {
    if (!(await oiField.isVisible())) await page.getByText('Type figures in').click();
    return oiField.isVisible();
  }, { timeout: 30_000 }).toBe(true);
  return oiField;
}

let app: AppFixture;
let btcClose: number;

beforeAll(async () => {
  btcClose = await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11');
  const ethClose = await sampleLastClose(inject('distDir'), 'ETHUSDT', '2025-11');
  app = await startApp(inject('siteUrl'), { BTCUSDT: btcClose, ETHUSDT: ethClose });
});
afterAll(async () => app?.close());

const signature = async (page: Page) => JSON.stringify(await drawnTraces(page));
const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);

describe('liquidation map', () => {
  test('draws bars per tier, both cumulative curves, the price line, totals and the synthetic label', async () => {
    const { page, errors } = await app.open();
    const traces = await drawnTraces(page);
    expect(traces.filter((t) => t.type === 'bar').map((t) => t.name)).toEqual(['5x', '10x', '25x', '50x', '100x']);
    const bars = traces.filter((t) => t.type === 'bar');
    const price = btcClose;
    // Longs left of the price, shorts right of it, every volume positive.
    expect(bars.flatMap((t) => t.y).every((v) => v > 0)).toBe(true);
    expect(bars.flatMap((t) => t.x).some((x) => x < price)).toBe(true);
    expect(bars.flatMap((t) => t.x).some((x) => x > price)).toBe(true);
    const [longs, shorts] = ['cumulative longs', 'cumulative shorts'].map((n) => traces.find((t) => t.name === n)!);
    // Points sit at bin centres (auto step 500 for 30 days): a long bin starts below the
    // price, a short bin ends above it.
    expect(longs.x.every((x) => x - 250 < price)).toBe(true);
    expect(shorts.x.every((x) => x + 250 > price)).toBe(true);
    // In x order: the longs' curve grows away from the price to the left, the shorts' to the right.
    expect(longs.y[0]).toBeGreaterThan(longs.y[longs.y.length - 1]);
    expect(shorts.y[0]).toBeLessThan(shorts.y[shorts.y.length - 1]);
    // Cumulative curves end at the side totals shown as text.
    const totals = await totalsText(page);
    expect(formatUsd(longs.y[0])).toBe(totals.Longs);
    expect(formatUsd(shorts.y[shorts.y.length - 1])).toBe(totals.Shorts);
    expect(await mapBarCount(page)).toBeGreaterThan(10);
    // Key levels: a ladder of the largest peaks, shorts above the price, longs below, each within the side's total.
    const ladder = page.getByTestId('key-levels');
    await expect.poll(() => ladder.getByTestId('key-level-long').count()).toBeGreaterThan(0);
    const levelRows = async (side: string) => (await ladder.getByTestId(`key-level-${side}`).allInnerTexts()).map((t) => t.split('\t'));
    const [shortLevels, longLevels] = [await levelRows('short'), await levelRows('long')];
    expect(shortLevels.length).toBeGreaterThan(0);
    expect(longLevels.length).toBeGreaterThan(0);
    const edges = (r: string[]) => r[1].split(' – ').map((x) => Number(x.replace(/,/g, '')));
    expect(shortLevels.every((r) => edges(r)[1] > price && /^\+[\d.]+ %$/.test(r[4]))).toBe(true);
    expect(longLevels.every((r) => edges(r)[0] < price && /^(−[\d.]+ %|at the price)$/.test(r[4]))).toBe(true);
    const highs = [...shortLevels, ...longLevels].map((r) => edges(r)[1]);
    expect(highs).toEqual([...highs].sort((a, b) => b - a));
    // Drawn on canvas (not by Plotly, which the map never loads), the legend naming every series.
    const chart = page.locator('.map-view .chart');
    expect(await chart.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0)).toBe(true);
    expect(await chart.locator('.u-legend .u-series th').allInnerTexts()).toEqual(['liq price', '100x', '50x', '25x', '10x', '5x', 'cumulative longs', 'cumulative shorts']);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => /plotly/.test(r.name)).length)).toBe(0);
    // Hovering a bar reads out its bin, side and each tier's volume; a drag zooms, a double click resets.
    const box = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    expect(await chart.locator('.u-legend .u-series').first().locator('.u-value').innerText()).toMatch(/^[\d,.]+ ± 250 \((long|short)\)( · all tiers \$\S+( [KMB])?)?$/);
    // Its USD amounts read as the totals do ("$881.20 K", "$3.59 M"), never to the cent
    // ("$881,200.6"); the bin's line gives the bar's height: the sum of its tiers.
    const amounts: string[] = [];
    const usd = (t: string) => { const m = /\$([\d.]+)(?: ([KMB]))?$/.exec(t)!; return Number(m[1]) * ({ K: 1e3, M: 1e6, B: 1e9 }[m[2] as 'K'] ?? 1); };
    let summed = 0;
    for (let i = 1; i < 40; i++) {
      await page.mouse.move(box.x + (box.width * i) / 40, box.y + box.height / 2);
      const [bin, ...values] = await chart.locator('.u-legend .u-series .u-value').allInnerTexts();
      amounts.push(...values.filter((v) => v !== '—'));
      const tiers = values.slice(0, 5).filter((v) => v !== '—');
      if (!tiers.length) continue;
      summed++;
      const total = usd(/ · all tiers (.+)$/.exec(bin)![1]);
      expect(Math.abs(tiers.reduce((sum, v) => sum + usd(v), 0) - total) / total).toBeLessThan(0.01);
    }
    expect(summed).toBeGreaterThan(10);
    expect(amounts.some((v) => / K$/.test(v))).toBe(true);
    expect(amounts.filter((v) => !/^\$(\d+\.\d\d [KMB]|[\d.]+)$/.test(v))).toEqual([]);
    await page.mouse.move(box.x + box.width * 0.3, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + 20, { steps: 4 });
    await page.mouse.up();
    const zoom = () => chart.getAttribute('data-zoom');
    expect(await zoom()).toMatch(/^[\d.]+,[\d.]+$/);
    // Shift + drag pans the zoomed range (same width), and so do the arrow keys on the focused plot.
    const range = async () => (await zoom())!.split(',').map(Number);
    const [min, max] = await range();
    await dragAcross(page, box, [0.5, 20 / box.height], [0.4, 20 / box.height], true);
    const [panMin, panMax] = await range();
    expect(panMin).toBeGreaterThan(min);
    expect(panMax - panMin).toBeCloseTo(max - min, 6);
    await chart.locator('.u-over').focus();
    await page.keyboard.press('ArrowLeft');
    const [keyMin, keyMax] = await range();
    expect(keyMin).toBeCloseTo(panMin - 0.1 * (max - min), 6);
    expect(keyMax - keyMin).toBeCloseTo(max - min, 6);
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    expect(await zoom()).toBeNull();
    await expect(page.getByTestId('synthetic-badge').isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('oi-source').innerText()).toBe('live');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('the plot says which side is which at the price line: longs left of it, shorts right of it', async () => {
    // The bars are coloured by leverage, not by side: the side is written where it changes.
    const { page, errors } = await app.open();
    await page.evaluate(() => {
      const texts: { text: string; x: number; colour: string }[] = ((window as unknown as { drawnTexts: unknown[] }).drawnTexts = []) as never;
      const fill = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, max?: number) {
        if (this.canvas.closest('.map-view')) texts.push({ text, x, colour: String(this.fillStyle) });
        return fill.call(this, text, x, y, max);
      };
    });
    // A new size redraws the chart with the recording in place.
    await page.setViewportSize({ width: 1300, height: 950 });
    const drawn = () => page.evaluate(() => (window as unknown as { drawnTexts: { text: string; x: number; colour: string }[] }).drawnTexts);
    await expect.poll(async () => (await drawn()).some((t) => t.text.startsWith('price '))).toBe(true);
    const texts = await drawn();
    const last = (match: (t: string) => boolean) => texts.filter((t) => match(t.text)).pop();
    const price = last((t) => t.startsWith('price '))!;
    const longs = last((t) => t === '← longs');
    const shorts = last((t) => t === 'shorts →');
    expect(longs && shorts).toBeTruthy();
    expect(longs!.x).toBeLessThan(price.x);
    expect(shorts!.x).toBeGreaterThan(price.x);
    // In the colours of the side's cumulative curve.
    expect([longs!.colour, shorts!.colour]).toEqual(['#ff6384', '#26a69a']);
    expect(errors).toEqual([]);
  });

  test('each control changes what is drawn and the URL; a link restores the view; back works', async () => {
    const { page, errors } = await app.open();
    const changes: [string, string, () => Promise<unknown>][] = [
      ['window', '7', () => page.getByRole('button', { name: '7d' }).click()],
      ['whale', '100000', () => page.getByLabel('Whale threshold').selectOption('100000')],
      ['split', 'even', () => page.getByLabel('Long/short split').selectOption('even')],
      ['formula', 'reference', () => page.getByLabel('Liquidation formula').selectOption('reference')],
      ['mmr', '0.01', () => page.getByLabel('Maintenance margin rate').fill('0.01').then(() => page.getByLabel('Maintenance margin rate').press('Enter'))],
      ['step', '100', () => page.getByLabel('Bin step').selectOption('100')],
    ];
    for (const [key, value, change] of changes) {
      const before = await signature(page);
      await changeAndRedraw(page, change);
      expect(param(page, key), key).toBe(value);
      expect(await signature(page), `${key} changed the picture`).not.toBe(before);
    }
    // A typed number outside its field's rule is not used: the field shows the number in use
    // again (it kept '500' beside a 7-day map) and says why; nothing is drawn anew.
    const drawnBefore = await drawnStamp(page);
    for (const [label, typed, kept, said] of [
      ['Window in days', '500', '7', 'Window: 500 is not used; enter a whole number from 1 to 400. Still 7 days.'],
      ['Maintenance margin rate', '0.6', '0.01', 'Maintenance margin rate: 0.6 is not used; enter a number from 0 up to, not including, 0.5. Still 0.01.'],
    ]) {
      await page.getByLabel(label).fill(typed);
      await page.getByLabel(label).press('Enter');
      await expect.poll(() => page.getByLabel(label).inputValue()).toBe(kept);
      expect(await page.getByTestId('field-problem').innerText()).toBe(said);
    }
    await page.getByLabel('Leverage of tier 1').fill('200');
    await page.getByLabel('Leverage of tier 1').press('Tab');
    await expect.poll(() => page.getByLabel('Leverage of tier 1').inputValue()).toBe('5');
    expect(await page.getByTestId('tier-problem').innerText()).toBe('Leverage of tier 1: 200 is not used; enter a number from 1 to 125. Still 5x.');
    expect([param(page, 'window'), param(page, 'mmr'), param(page, 'tiers')]).toEqual(['7', '0.01', null]);
    expect(await drawnStamp(page)).toBe(drawnBefore);
    // Tier weights: an edit that breaks the sum is refused with a message; fixing it redraws.
    await page.getByLabel('Weight of 5x tier').fill('0.25');
    await page.getByLabel('Weight of 5x tier').press('Tab');
    await expect.poll(() => page.getByTestId('map-error').innerText()).toContain('sum to 1.1');
    // The refused edit is not drawn, so the inputs panel still states the tiers the chart used.
    const statedTiers = await page.locator('.statement .inputs div', { hasText: 'Tiers' }).locator('dd').innerText();
    expect(statedTiers).toBe('5x 15.0% · 10x 30.0% · 25x 25.0% · 50x 20.0% · 100x 10.0%');
    const beforeTiers = await signature(page);
    await changeAndRedraw(page, () => page.getByLabel('Weight of 10x tier').fill('0.2').then(() => page.getByLabel('Weight of 10x tier').press('Tab')));
    expect(param(page, 'tiers')).toBe('5:0.25,10:0.2,25:0.25,50:0.2,100:0.1');
    expect(await signature(page)).not.toBe(beforeTiers);
    const beforeModel = await signature(page);
    await changeAndRedraw(page, () => page.getByRole('combobox', { name: /^Model/ }).selectOption('trades'));
    expect(param(page, 'model')).toBe('trades');
    expect(await signature(page)).not.toBe(beforeModel);

    const link = page.url();
    const shown = await signature(page);
    const again = await app.open(new URL(link).search);
    expect(await signature(again.page)).toBe(shown);
    expect(await again.page.getByLabel('Whale threshold').inputValue()).toBe('100000');
    expect(await again.page.getByLabel('Long/short split').inputValue()).toBe('even');
    await again.page.context().close();

    const stamp = await drawnStamp(page);
    await page.goBack();
    await waitForDraw(page, stamp);
    expect(param(page, 'model')).toBeNull();
    expect(await page.getByRole('combobox', { name: /^Model/ }).inputValue()).toBe('oi');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('CSV export has one row per drawn cell and matches the totals shown', async () => {
    const { page } = await app.open('?window=7');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('price_bin,side,leverage,volume_usd');
    const rows = csv.slice(1).map((l) => l.split(','));
    const sum = (side: string) => rows.filter((r) => r[1] === side).reduce((s, r) => s + Number(r[3]), 0);
    const totals = await totalsText(page);
    expect(formatUsd(sum('long'))).toBe(totals.Longs);
    expect(formatUsd(sum('short'))).toBe(totals.Shorts);
    const bars = (await drawnTraces(page)).filter((t) => t.type === 'bar');
    expect(rows.length).toBe(bars.reduce((s, t) => s + t.x.length, 0));
    expect(download.suggestedFilename()).toBe('liqmap-BTCUSDT-binance-oi-7d.csv');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('liqmap-BTCUSDT-binance-oi-7d.png');
    const image = readFileSync(await png.path());
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    // Under a caption band (title, time of export) and over the legend's rows: more than the canvas and the band.
    const canvas = await page.locator('.map-view .chart canvas').first().evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
    expect(image.readUInt32BE(16)).toBe(canvas.width);
    expect(image.readUInt32BE(20)).toBeGreaterThan(canvas.height + captionLayout(canvas.width, 2).band);
    await page.context().close();
  });

  test('Binance down: the cached figure is used with its age, and the map stays', async () => {
    const { page } = await app.open();
    expect(await page.getByTestId('oi-source').innerText()).toBe('live');
    app.mock.failBlocked('/fapi/v1/openInterest', 451);
    app.mock.failBlocked('/fapi/v1/premiumIndex', 451);
    try {
      await page.reload();
      await waitForDraw(page);
      await expect.poll(() => page.getByTestId('oi-source').innerText()).toBe('cached');
      const status = await page.getByTestId('live-status').innerText();
      expect(status).toContain('Binance did not answer from this browser');
      expect(status).toMatch(/cached\), \d+ s old/);
      expect(await mapBarCount(page)).toBeGreaterThan(10);
    } finally {
      app.mock.clearFailures();
    }
    await page.context().close();
  });

  test('figures typed in by hand override live ones until cleared', async () => {
    const { page } = await app.open();
    await openManualFigures(page);
    await page.getByLabel('Open interest (BTC)').fill('12345');
    await page.getByLabel('Mark price (USD)').fill(String(Math.round(btcClose)));
    await changeAndRedraw(page, () => page.getByRole('button', { name: 'Use these' }).click());
    expect(await page.getByTestId('oi-source').innerText()).toBe('manual');
    expect(param(page, 'oi')).toBe('12345');
    expect((await totalsText(page))['OI used']).toBe(formatUsd(12345 * Math.round(btcClose)));
    await changeAndRedraw(page, () => page.getByRole('button', { name: 'Back to live' }).click());
    expect(await page.getByTestId('oi-source').innerText()).toBe('live');
    expect(param(page, 'oi')).toBeNull();
    await page.context().close();
  });

  test('figures typed in belong to the exchanges they were typed for: another choice goes back to live figures', async () => {
    const { page, errors } = await app.open();
    const typeFigures = async (oi: string) => {
      await expect.poll(async () => {
        const field = page.getByLabel('Open interest (BTC)');
        if (!(await field.isVisible())) await page.locator('#settings summary').filter({ hasText: /figures in$/ }).click();
        return field.isVisible();
      }, { timeout: 30_000 }).toBe(true);
      await page.getByLabel('Open interest (BTC)').fill(oi);
      await page.getByLabel('Mark price (USD)').fill(String(Math.round(btcClose)));
      await changeAndRedraw(page, () => page.getByRole('button', { name: 'Use these' }).click());
    };
    const sources = () => page.getByTestId('oi-source').innerText();
    // Binance's open interest, then Bybit alone (whose typed OI is one side): Bybit's own figures size its map.
    await typeFigures('12345');
    expect(await sources()).toBe('manual');
    await changeAndRedraw(page, () => page.getByLabel('Exchange').selectOption('bybit'));
    expect(await sources()).not.toContain('manual');
    expect([param(page, 'oi'), param(page, 'price')]).toEqual([null, null]);
    // Typed for the sum (Binance's part, said so), then Bybit alone: not used as Bybit's.
    await changeAndRedraw(page, () => page.getByLabel('Exchange').selectOption('binance,bybit'));
    await typeFigures('23456');
    expect(await sources()).toMatch(/^Binance manual · Bybit (?!manual)/);
    await changeAndRedraw(page, () => page.getByLabel('Exchange').selectOption('bybit'));
    expect(await sources()).not.toContain('manual');
    expect(param(page, 'oi')).toBeNull();
    // Typed for Bybit alone, then the sum: not used as Binance's part.
    await typeFigures('345');
    expect(await sources()).toBe('manual');
    await changeAndRedraw(page, () => page.getByLabel('Exchange').selectOption('binance,bybit'));
    expect(await sources()).not.toContain('manual');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('figures being typed in survive a change of the view', async () => {
    const { page } = await app.open();
    const oiField = await openManualFigures(page);
    await oiField.fill('777');
    await changeAndRedraw(page, () => page.getByRole('button', { name: '90d' }).click());
    expect(await oiField.isVisible()).toBe(true);
    expect(await oiField.inputValue()).toBe('777');
    await page.context().close();
  });

  test('controls work from the keyboard, and symbols are not hard-wired', async () => {
    const { page } = await app.open();
    await page.getByRole('button', { name: '90d' }).focus();
    await changeAndRedraw(page, () => page.keyboard.press('Enter'));
    expect(param(page, 'window')).toBe('90');
    await page.getByLabel('Long/short split').focus();
    await changeAndRedraw(page, () => page.keyboard.press('ArrowDown'));
    expect(param(page, 'split')).toBe('even');
    await changeAndRedraw(page, () => page.getByLabel('Symbol').selectOption('ETHUSDT'));
    expect(param(page, 'symbol')).toBe('ETHUSDT');
    await expect.poll(() => page.locator('.map-view .chart').evaluate((el) => (el as HTMLElement & { chartSpec?: { xTitle: string } }).chartSpec?.xTitle), { timeout: 30_000 }).toContain('ETHUSDT');
    await page.context().close();
  });
});
