/**
 * The Heatmap view in Chromium against the built site (sample: synthetic BTCUSDT and ETHUSDT,
 * 2025-08..2025-11) and the Binance mock: every range draws with candles on canvas (no Plotly),
 * hover read-out, zoom and pan, the price axis fitted to the data, the missing months of a long
 * range and the one forward-moving bar of their load, settings shared with the map, the
 * synthetic label, exports.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { captionLayout } from '../../src/lib/charts/export-caption.ts';
import type { Page } from 'playwright-core';
import { dragAcross, drawnHeatmap, drawnStamp, heatmapPoint, heatmapReadout, sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';
import { RANGE_CANDLE_DEFAULTS } from '../../src/lib/model/candle-sizes.ts';
import { formatUsdAmount } from '../../src/lib/format.ts';

/** "$3.32 B", "$40.20 M", "$5,123.00" (formatUsd) at the start of a text, as a number. */
function usdValue(text: string): number {
  const m = /^\$([\d,.]+)(?: ([MB]))?/.exec(text.trim());
  if (!m) throw new Error(`not a USD amount: ${text}`);
  return Number(m[1].replaceAll(',', '')) * (m[2] === 'B' ? 1e9 : m[2] === 'M' ? 1e6 : 1);
}

let app: AppFixture;

beforeAll(async () => {
  const dist = inject('distDir');
  app = await startApp(inject('siteUrl'), {
    BTCUSDT: await sampleLastClose(dist, 'BTCUSDT', '2025-11'),
    ETHUSDT: await sampleLastClose(dist, 'ETHUSDT', '2025-11'),
  });
});
afterAll(async () => app?.close());

const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
const candleText = (minutes: number) => ({ 15: '15 min', 60: '1 h', 240: '4 h', 720: '12 h', 1440: '1 d' })[minutes];
const spanText = (page: Page) => page.getByTestId('heatmap-span').innerText();
/** Candles drawn: those of the drawn spec. */
const candleCount = async (page: Page) => (await drawnHeatmap(page))?.times.length ?? 0;
/** The colour of the canvas at (x, y) page px, as [r, g, b, a]. */
const pixelAt = (page: Page, x: number, y: number) => page.locator('.heatmap-view .chart canvas').evaluate((c: HTMLCanvasElement, [x, y]) => {
  const r = c.getBoundingClientRect();
  const k = c.width / r.width;
  return Array.from(c.getContext('2d')!.getImageData(Math.round((x - r.left) * k), Math.round((y - r.top) * k), 1, 1).data);
}, [x, y]);

/** Click a range button (unless shown already) and wait for the picture of that range (its candle size in the span line). */
async function showRange(page: Page, label: string, minutes: number): Promise<number> {
  const button = page.locator(`button[data-range="${label}"]`);
  if ((await button.getAttribute('aria-pressed')) !== 'true') {
    const before = await drawnStamp(page);
    await button.click();
    // What is shown is this range's result (a redraw of the previous range's would not do).
    await expect.poll(() => page.locator('.heatmap-view').getAttribute('data-shown-range'), { timeout: 60_000 }).toBe(label);
    await expect.poll(() => spanText(page), { timeout: 60_000 }).toContain(`× ${candleText(minutes)} candles`);
    await waitForDraw(page, before);
  }
  const candles = Number(/(\d+) × /.exec(await spanText(page))![1]);
  // The drawn candles are those of this range's result (a later draw of an older result would differ).
  await expect.poll(() => candleCount(page)).toBe(candles);
  return candles;
}

describe('heatmap', () => {
  test('every range draws the heatmap with candles, states its candle size, and names missing months', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=12h');
    await expect.poll(() => spanText(page)).toContain('× 15 min candles');
    // The load bar of the months the longer ranges add (downloaded and loaded, interleaved):
    // every state it shows, by run (a run ends when the bar goes away).
    await page.evaluate(() => {
      const w = window as unknown as { loadBars: { label: string; value: number; run: number }[] };
      w.loadBars = [];
      let run = 0;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="load-progress"]');
        const last = w.loadBars.at(-1);
        if (!bar) { if (last?.run === run) run++; return; }
        const state = { label: bar.querySelector('span')!.textContent!, value: (bar.querySelector('progress') as HTMLProgressElement).position, run };
        if (last?.label !== state.label || last.value !== state.value || last.run !== run) w.loadBars.push(state);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    for (const r of RANGE_CANDLE_DEFAULTS) {
      const button = page.locator(`button[data-range="${r.label}"]`);
      expect(await button.innerText()).toContain(`${candleText(r.candleMinutes)} candles`);
      const candles = await showRange(page, r.label, r.candleMinutes);
      expect(await button.getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('button[data-range][aria-pressed="true"]').count()).toBe(1);
      expect(param(page, 'range')).toBe(r.label === '30d' ? null : r.label); // 30d is the default
      expect(candles).toBeGreaterThan(r.days <= 1 ? 40 : 60);
      // One value per cell, OHLC per candle, no markers unless live liquidations are recorded.
      const h = (await drawnHeatmap(page))!;
      expect(h.cells).toBe(candles * h.bins);
      expect([h.open.length, h.high.length, h.low.length, h.close.length]).toEqual([candles, candles, candles, candles]);
      expect(h.times.every((t, i) => i === 0 || t > h.times[i - 1])).toBe(true);
      expect(h.markers).toBeNull();
      // The statement agrees with the chart: what rests now is what the last column draws (the
      // side profile) plus what it says lies beyond the rows (1 % to 6 % of it on the sample).
      const profile = await page.evaluate(() => Array.from((document.querySelector('.heatmap-view .chart') as HTMLElement & { chartSpec: { profile: Float32Array } }).chartSpec.profile).reduce((s, x) => s + x, 0));
      const resting = usdValue(await page.locator('.heatmap-view [data-total="Resting now"]').innerText());
      const beyondRow = page.locator('.heatmap-view .statement .inputs > div', { has: page.locator('dt', { hasText: /^Beyond the rows$/ }) });
      const beyond = (await beyondRow.count()) ? usdValue(await beyondRow.locator('dd').innerText()) : 0;
      expect(Math.abs(profile + beyond - resting) / resting, r.label).toBeLessThan(0.005);
    }
    // Drawn on canvas in the wide layout (never by Plotly, which the heatmap does not load): the
    // cells fill the plot, a wick's middle has its candle's colour.
    const chart = page.locator('.heatmap-view .chart');
    expect(await chart.getAttribute('data-layout')).toBe('wide');
    expect(await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => /plotly/.test(r.name)).length)).toBe(0);
    const h = (await drawnHeatmap(page))!;
    const cell = await heatmapPoint(page, h, h.times[Math.floor(h.times.length / 2)], h.yMin + (h.yMax - h.yMin) * 0.98);
    const [r, g, b, a] = await pixelAt(page, cell.x, cell.y);
    expect(a).toBe(255);
    expect([r, g, b]).not.toEqual([0x0f, 0x12, 0x18]); // not the paper colour
    // The "price $X" label sits on paper (white on a bright row or the candles was unreadable):
    // left of its text, beside the price line (below it when the line is near the top).
    const line = await heatmapPoint(page, h, h.times[0] - h.candleMs / 2, h.markPrice);
    const plotTop = (await chart.locator('.u-over').boundingBox())!.y;
    expect(await pixelAt(page, line.x + 2, line.y - plotTop < 16 ? line.y + 9 : line.y - 9)).toEqual([0x0f, 0x12, 0x18, 255]);
    // 1y on four sample months: the eight absent months are named and the span is stated.
    const missing = await page.getByTestId('heatmap-missing').innerText();
    const named = missing.split('not available')[0];
    for (const m of ['2024-12', '2025-01', '2025-07']) expect(named).toContain(m);
    expect(named).not.toContain('2025-08');
    // What it covers is said once, on the line under the months (not again in their warning).
    expect(await spanText(page)).toMatch(/^Covers 2025-08-01 00:00 UTC – .*, less than the 1y asked\.$/);
    const said = await page.locator('.heatmap-view').evaluate((v) => [...v.querySelectorAll(':scope > p')].map((p) => p.textContent).join(' '));
    expect(said.split('2025-08-01 00:00 UTC').length - 1).toBe(1);
    await showRange(page, '7d', 60);
    expect(await page.getByTestId('heatmap-missing').count()).toBe(0);
    // One bar per run that only moves forward, its stage named: downloading, then loading.
    const bars = await page.evaluate(() => (window as unknown as { loadBars: { label: string; value: number; run: number }[] }).loadBars);
    expect(bars.some((b) => /^Downloading profiles \(1 of 2\): \d+\/\d+ files/.test(b.label))).toBe(true);
    expect(bars.some((b) => /^Loading profiles \(2 of 2\): \d+\/\d+ files$/.test(b.label))).toBe(true);
    for (const b of bars) expect(b.label).toMatch(/^(Reading the profile list…|(Downloading|Loading) profiles( \([12] of 2\))?: \d+\/\d+ files)/);
    for (const [i, b] of bars.entries()) if (i > 0 && bars[i - 1].run === b.run) expect(b.value, `${bars[i - 1].label} -> ${b.label}`).toBeGreaterThanOrEqual(bars[i - 1].value);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('hover reads out the candle, the price row and its volume; drag zooms, Shift + drag and the arrow keys pan, a double click resets', async () => {
    // A 1x tier widens the grid to half and one and a half times the price, where its own levels
    // fall outside: the rows beyond the 10x levels stay empty, and the price axis leaves them out.
    const { page, errors } = await app.open('?view=heatmap&range=7d&tiers=1:0.1,10:0.9');
    const chart = page.locator('.heatmap-view .chart');
    const box = (await chart.locator('.u-over').boundingBox())!;
    // Near the top of the plot, away from the candles: a heatmap cell.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.1);
    await page.mouse.move(box.x + box.width * 0.5 + 3, box.y + box.height * 0.1 + 2);
    await expect.poll(async () => (await heatmapReadout(page)).candle).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC \(1 h candle\)$/);
    const shown = await heatmapReadout(page);
    expect(shown.price).toMatch(/^[\d,.]+ ± \d+$/);
    expect(shown.resting).toMatch(/^\$[\d.,]+( [MB])?$/);
    expect(shown.realised).toBe('—');
    // The read-out lies under the plot, never over its axes.
    const legend = (await chart.locator('.u-legend').boundingBox())!;
    expect(legend.y).toBeGreaterThanOrEqual(box.y + box.height);

    const zoom = async () => (await chart.getAttribute('data-zoom'))?.split(',').map(Number) ?? null;
    await dragAcross(page, box, [0.3, 0.2], [0.6, 0.6]);
    const [min, max] = (await zoom())!;
    expect(max).toBeGreaterThan(min);
    // A diagonal drag zooms the price too.
    expect(await chart.getAttribute('data-zoom-y')).toMatch(/^[\d.]+,[\d.]+$/);
    await dragAcross(page, box, [0.5, 0.05], [0.4, 0.05], true);
    const [panMin, panMax] = (await zoom())!;
    expect(panMin).toBeGreaterThan(min);
    expect(panMax - panMin).toBeCloseTo(max - min, 0);
    await chart.locator('.u-over').focus();
    await page.keyboard.press('ArrowLeft');
    const [keyMin] = (await zoom())!;
    expect(keyMin).toBeCloseTo(panMin - 0.1 * (max - min), 0);
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    expect(await zoom()).toBeNull();
    expect(await chart.getAttribute('data-zoom-y')).toBeNull();
    // The price axis (as on open) is fitted: the rows that hold volume, the wicks and the price
    // with a small margin, not the grid's empty rows beyond them (here most of the grid).
    const fit = await page.evaluate(() => {
      const s = (document.querySelector('.heatmap-view .chart') as HTMLElement & { chartSpec: Record<string, never> }).chartSpec;
      const bins = (s.priceBins as Float64Array).length;
      let [lo, hi, col] = [bins, -1, 0];
      (s.matrix as Float32Array).forEach((v, i) => { if (v > 0) { lo = Math.min(lo, i % bins); if (i % bins >= hi) [hi, col] = [i % bins, Math.floor(i / bins)]; } });
      const bin = (p: number) => (s.priceBins as Float64Array)[p];
      const mark = s.markPrice > 0 ? [s.markPrice as number] : [];
      return {
        need: [Math.min(bin(lo), ...(s.low as Float64Array), ...mark), Math.max(bin(hi) + s.step, ...(s.high as Float64Array), ...mark)],
        grid: [bin(0), bin(bins - 1) + s.step], top: { time: (s.times as Float64Array)[col], price: bin(hi) + s.step / 2 },
        shown: [s.yMin as number, s.yMax as number], step: s.step as number,
      };
    });
    const [needLo, needHi] = fit.need;
    const [shownLo, shownHi] = fit.shown;
    expect(shownLo).toBeLessThanOrEqual(needLo);
    expect(shownHi).toBeGreaterThanOrEqual(needHi);
    expect(shownHi - shownLo).toBeLessThanOrEqual((needHi - needLo) * 1.1 + 2 * fit.step);
    expect(fit.grid[1] - fit.grid[0]).toBeGreaterThan((shownHi - shownLo) * 1.5);
    // Drawn so: the top row holding volume is where the fitted axis puts it.
    const top = await heatmapPoint(page, (await drawnHeatmap(page))!, fit.top.time, fit.top.price);
    await page.mouse.move(top.x - 2, top.y - 1);
    await page.mouse.move(top.x, top.y);
    await expect.poll(async () => Number((await heatmapReadout(page)).price.split(' ± ')[0].replaceAll(',', ''))).toBeCloseTo(fit.top.price, 6);
    expect((await heatmapReadout(page)).resting).not.toMatch(/^(\$0|—)$/);
    // Another range (here the same candle size) shows its whole picture, not the old zoom.
    await dragAcross(page, box, [0.3, 0.05], [0.6, 0.05]);
    expect(await zoom()).not.toBeNull();
    await showRange(page, '3d', 60);
    expect(await zoom()).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('hover on a candle body reads out its time, open, high, low and close', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=24h');
    const h = (await drawnHeatmap(page))!;
    // The tallest body: easy to point at, and in the plot whatever the data.
    const tallest = h.open.reduce((best, o, i) => (Math.abs(h.close[i] - o) > Math.abs(h.close[best] - h.open[best]) ? i : best), 0);
    const at = await heatmapPoint(page, h, h.times[tallest], (h.open[tallest] + h.close[tallest]) / 2);
    await page.mouse.move(at.x - 1, at.y - 1);
    await page.mouse.move(at.x, at.y);
    const time = new Date(h.times[tallest]).toISOString().slice(0, 16).replace('T', ' ');
    await expect.poll(async () => (await heatmapReadout(page)).candle).toBe(`${time} UTC (15 min candle)`);
    const ohlc = (await heatmapReadout(page)).OHLC;
    const fixed = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(ohlc).toBe(`open ${fixed(h.open[tallest])} · high ${fixed(h.high[tallest])} · low ${fixed(h.low[tallest])} · close ${fixed(h.close[tallest])}`);
    // The body is drawn there in its direction's colour (CANDLE_UP / CANDLE_DOWN).
    const [r, g, b] = await pixelAt(page, at.x, at.y);
    expect([r, g, b]).toEqual(h.close[tallest] >= h.open[tallest] ? [0x26, 0xa6, 0x9a] : [0xef, 0x53, 0x50]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('hover on the "rests now" profile reads out its row: the price and the USD resting there now, row after row (and up a candle\'s column too)', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=7d');
    const h = (await drawnHeatmap(page))!;
    const { bins, profile } = await page.evaluate(() => {
      const s = (document.querySelector('.heatmap-view .chart') as HTMLElement & { chartSpec: { priceBins: Float64Array; profile: Float32Array } }).chartSpec;
      return { bins: Array.from(s.priceBins), profile: Array.from(s.profile) };
    });
    // Rows in view amid a run of three resting rows (a pixel off still lands on one), far apart.
    const resting = (r: number) => profile[r - 1] > 0 && profile[r] > 0 && profile[r + 1] > 0;
    const inView = (r: number) => bins[r] > h.yMin + (h.yMax - h.yMin) * 0.05 && bins[r] < h.yMax - (h.yMax - h.yMin) * 0.05;
    const rows = bins.map((_, r) => r).filter((r) => r > 0 && r < bins.length - 1 && resting(r) && inView(r));
    expect(rows.length).toBeGreaterThan(1);
    const plot = (await page.locator('.heatmap-view .u-over').boundingBox())!;
    const onProfile = plot.x + plot.width + 30; // right of the plot past the gap, on the profile
    const last = h.times[h.times.length - 1];
    for (const target of [rows[0], rows[rows.length - 1]]) {
      const { y } = await heatmapPoint(page, h, last, bins[target] + h.step / 2);
      await page.mouse.move(onProfile, y);
      await expect.poll(async () => (await heatmapReadout(page)).price, { timeout: 10_000 }).toMatch(/^[\d,.]+ ± /);
      const shown = await heatmapReadout(page);
      const row = bins.findIndex((b) => Math.abs(b + h.step / 2 - Number(shown.price.split(' ± ')[0].replaceAll(',', ''))) < h.step / 4);
      expect(Math.abs(row - target), `${shown.price} for row ${target}`).toBeLessThanOrEqual(1);
      // The USD of that row now (the profile is the last candle's column), as the cells read out.
      expect(shown.resting).toBe(formatUsdAmount(profile[row]));
      expect(shown.candle).toBe(`${new Date(last).toISOString().slice(0, 16).replace('T', ' ')} UTC (1 h candle)`);
    }
    // Up a candle's column in the plot, the read-out follows the row (it kept the first row hovered).
    const middle = h.times[Math.floor(h.times.length / 2)];
    const priceAt = async (row: number) => {
      const at = await heatmapPoint(page, h, middle, bins[row] + h.step / 2);
      await page.mouse.move(at.x, at.y);
      await expect.poll(async () => (await heatmapReadout(page)).candle).toBe(`${new Date(middle).toISOString().slice(0, 16).replace('T', ' ')} UTC (1 h candle)`);
      return Number((await heatmapReadout(page)).price.split(' ± ')[0].replaceAll(',', ''));
    };
    expect(Math.abs(await priceAt(rows[0]) - (bins[rows[0]] + h.step / 2))).toBeLessThanOrEqual(h.step);
    expect(Math.abs(await priceAt(rows[rows.length - 1]) - (bins[rows[rows.length - 1]] + h.step / 2))).toBeLessThanOrEqual(h.step);
    // Off the profile and the plot: nothing read out.
    await page.mouse.move(onProfile, plot.y + plot.height + 60);
    await expect.poll(async () => (await heatmapReadout(page)).price).toBe('—');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('switching between map and heatmap keeps the settings in the URL and the controls', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=3d&tiers=5:0.5,10:0.5');
    await expect.poll(() => spanText(page)).toContain('× 1 h candles');
    let before = await drawnStamp(page);
    await page.getByLabel('Whale threshold').selectOption('1000000');
    await waitForDraw(page, before);
    await expect.poll(() => page.getByRole('region', { name: 'What the heatmap shows' }).innerText()).toContain('≥ $1.00 M');
    expect(param(page, 'whale')).toBe('1000000');

    before = await drawnStamp(page);
    await page.getByRole('button', { name: 'Liquidation Map' }).click();
    await waitForDraw(page, before);
    expect(param(page, 'view')).toBeNull();
    expect(param(page, 'whale')).toBe('1000000');
    expect(param(page, 'tiers')).toBe('5:0.5,10:0.5');
    expect(await page.getByLabel('Whale threshold').inputValue()).toBe('1000000');
    expect(await page.locator('button[data-range]').count()).toBe(0);

    before = await drawnStamp(page);
    await page.getByRole('button', { name: 'Heatmap', exact: true }).click();
    await waitForDraw(page, before);
    expect(param(page, 'view')).toBe('heatmap');
    expect(param(page, 'range')).toBe('3d');
    expect(await page.locator('button[data-range="3d"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Whale threshold').inputValue()).toBe('1000000');
    const inputs = await page.getByRole('region', { name: 'What the heatmap shows' }).innerText();
    expect(inputs).toContain('5x 50.0% · 10x 50.0%');
    // The tab's title follows the view (it said 'liqmap — liquidation heatmap' on every view), and back restores it.
    expect(await page.title()).toBe('BTCUSDT liquidation heatmap · Binance · 3d — liqmap');
    await page.goBack();
    await expect.poll(() => page.title()).toBe('BTCUSDT liquidation map · Binance · 30 days — liqmap');
    expect(inputs).toContain('≥ $1.00 M');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('lock scale keeps the colour scale across a range change; brightness divides its top', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=7d');
    // The colour bar's title (drawn beside it) states the scale.
    const title = async () => (await drawnHeatmap(page))?.scaleTitle ?? '';
    const top = /\$[\d.,]+ ?[MBk]?/;
    const unlocked = (await title()).match(top)![0];
    await page.getByLabel('Lock colour scale').check();
    await expect.poll(title).toContain(`locked at ${unlocked}`);
    expect(param(page, 'lock')).toBe('1');
    await showRange(page, '30d', 240);
    expect(await title()).toContain(`locked at ${unlocked}`);
    // Brightness by keyboard: two steps up divide the (locked) top by 4, in the URL and the statement.
    const slider = page.getByTestId('heatmap-brightness');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(title).toContain('locked ÷ 4 = ');
    expect(param(page, 'bright')).toBe('4');
    await expect.poll(() => page.locator('.statement').getByText(/brightness 4x/).count()).toBeGreaterThan(0);
    await page.getByLabel('Lock colour scale').uncheck();
    await expect.poll(title).toContain('p99 ÷ 4 = ');
    await slider.press('Home'); // the slider's start: 0.25x
    await expect.poll(title).toContain('p99 × 4 = ');
    expect(param(page, 'bright')).toBe('0.25');
    await slider.press('ArrowRight');
    await slider.press('ArrowRight');
    await expect.poll(title).toContain('clipped at p99');
    expect(param(page, 'bright')).toBe(null);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('synthetic data is labelled; CSV and PNG export what is drawn', async () => {
    const { page, errors } = await app.open('?view=heatmap&range=24h');
    expect(await page.getByTestId('heatmap-synthetic').isVisible()).toBe(true);
    expect((await drawnHeatmap(page))!.note).toContain('SYNTHETIC');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    // Named by the drawn picture's exchanges: a Binance export and a summed one never share a name.
    expect(csv.suggestedFilename()).toBe('liqmap-BTCUSDT-binance-heatmap-24h.csv');
    expect(await page.locator('.heatmap-view .toolbar .title').textContent()).toBe('BTCUSDT liquidation heatmap · Binance · 24h · synthetic');
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,price_bin,volume_usd');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines.slice(1, 50)) expect(line).toMatch(/^2025-\d\d-\d\dT\d\d:\d\d:00\.000Z,\d+(\.\d+)?,\d/);
    expect(lines.slice(1).every((l) => Number(l.split(',')[2]) > 0)).toBe(true);

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('liqmap-BTCUSDT-binance-heatmap-24h.png');
    const image = readFileSync((await png.path())!);
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    // The chart under a caption band (its title and time of export), not the bare canvas.
    const canvas = await page.locator('.heatmap-view .chart canvas').first().evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
    expect(image.readUInt32BE(16)).toBe(canvas.width);
    expect(image.readUInt32BE(20)).toBe(canvas.height + captionLayout(canvas.width, 2).band);
    // The picture kept for the next visit is a PNG of the canvas, like the map's.
    const savedPicture = () => page.evaluate(() => new Promise<string>((resolve) => {
      const open = indexedDB.open('liqmap-figures');
      open.onerror = () => resolve('');
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('figures')) { db.close(); resolve(''); return; }
        const get = db.transaction('figures').objectStore('figures').get('heatmap:picture');
        get.onsuccess = () => { db.close(); resolve(get.result?.image?.type ?? get.result?.svg?.slice(0, 4) ?? ''); };
        get.onerror = () => { db.close(); resolve(''); };
      };
    }));
    await expect.poll(savedPicture, { timeout: 30_000 }).toBe('image/png');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
