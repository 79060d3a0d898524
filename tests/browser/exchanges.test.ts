/**
 * Binance + Bybit in Chromium against the built site: an exchange the source lacks is said in
 * place of the chart; a Bybit month uploaded over the sample's is used under its exchange, and
 * `exchanges=binance,bybit` draws the summed map with a statement naming both exchanges; then Bybit's streams (the local mock) size Bybit's part
 * from its tickers and put its whale fills, grouped, into Bybit's live rows. Bybit alone is
 * measured by Bybit's mark; a symbol Bybit does not list stops its stream with the reason.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { sampleLastClose, startApp, waitForDraw, type AppFixture } from './app-fixture.ts';
import { monthFiles } from '../helpers/liqmap-page.ts';
import { monthStart } from '../helpers/profile-writers.ts';
import { bybitFill } from '../mock/stream-mock.ts';
import { formatUsd } from '../../src/lib/format.ts';
import { stepChoices } from '../../src/lib/model/bins.ts';

let app: AppFixture;
let btcClose: number;

beforeAll(async () => {
  btcClose = await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11');
  app = await startApp(inject('siteUrl'), { BTCUSDT: btcClose });
});
afterAll(async () => app?.close());

test('an exchange the source has no data for: said in place of the chart, not a stale picture of another exchange', async () => {
  // The sample has Bybit's BTCUSDT but not its ETHUSDT. Opened on it: the reason, and no
  // progress bar left waiting for a load that broke off.
  const { page, errors } = await app.open('?symbol=ETHUSDT&exchanges=bybit', { waitForChart: false });
  const unavailable = page.getByTestId('view-unavailable');
  await unavailable.waitFor();
  await expect.poll(() => page.getByTestId('load-progress').count()).toBe(0);
  // Chosen after Binance's map was drawn: Binance's picture does not stay under Bybit's name.
  await page.getByLabel('Exchange').selectOption('binance');
  await waitForDraw(page);
  expect(await page.getByTestId('manual-oi-side').count()).toBe(0); // Binance's figure is one side already
  await page.getByLabel('Exchange').selectOption('bybit');
  await unavailable.waitFor();
  expect(await unavailable.getByRole('alert').textContent()).toBe('No profile data for ETHUSDT on Bybit in this source.');
  expect(await unavailable.getByRole('heading').textContent()).toBe('No picture for ETHUSDT on Bybit');
  expect(await page.locator('.map-view').count()).toBe(0);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Heatmap', exact: true }).click();
  await expect.poll(() => page.getByTestId('view-unavailable').getByRole('alert').textContent()).toBe('No profile data for ETHUSDT on Bybit in this source.');
  expect(await page.locator('.heatmap-view').count()).toBe(0);
  await unavailable.getByRole('button', { name: 'Open the Data view' }).click();
  await page.getByTestId('offer').waitFor();
  expect(new URL(page.url()).searchParams.get('view')).toBe('data');
  // Back to Binance: its picture again.
  await page.getByLabel('Exchange').selectOption('binance');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Liquidation Map', exact: true }).click();
  await waitForDraw(page);
  expect(await page.getByTestId('view-unavailable').count()).toBe(0);
  expect(errors).toEqual([]);
});

test('Binance + Bybit where Bybit has no data: the title and the exports say Bybit is left out, and are named by Binance alone', async () => {
  // The sample has no Bybit ETHUSDT: the picture is Binance's, and a shared PNG or CSV must not read as a sum of both.
  const { page, errors } = await app.open('?symbol=ETHUSDT&exchanges=binance,bybit');
  const heading = () => page.locator('.map-view .toolbar .title').textContent();
  expect(await heading()).toContain('ETHUSDT liquidation map · Binance (Bybit left out: no data) · OI-scaled · 30 days');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('.map-view').getByRole('button', { name: 'Export CSV' }).click()]);
  expect(csv.suggestedFilename()).toBe('liqmap-ETHUSDT-binance-oi-30d.csv');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Heatmap', exact: true }).click();
  await waitForDraw(page);
  expect(await page.locator('.heatmap-view .toolbar .title').textContent()).toContain('ETHUSDT liquidation heatmap · Binance (Bybit left out: no data) · 30d');
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('.heatmap-view').getByRole('button', { name: 'Export PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('liqmap-ETHUSDT-binance-heatmap-30d.png');
  expect(errors).toEqual([]);
});

test('a Bybit month uploaded over the sample\'s: used under Bybit, summed with Binance, both named', async () => {
  const { page, errors } = await app.open('?view=data', { waitForChart: false });
  const files = await monthFiles('BTCUSDT', '2025-11', { hours: 72, base: Math.round(btcClose / 10) * 10, metadata: { 'liqmap.exchange': 'bybit' } });
  await page.getByTestId('upload-input').setInputFiles(files.map((f) => ({ name: `bybit-${f.name}`, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="verdict"]').length === 3, null, { timeout: 60_000 });
  const verdicts = await page.getByTestId('verdict').evaluateAll((els) => els.map((e) => [e.getAttribute('data-ok'), e.textContent]));
  expect(verdicts.map(([ok, text]) => `${ok} ${text}`).join('\n')).not.toContain('false');
  const bybitRow = page.locator('[data-testid="offer-row"][data-exchange="bybit"][data-symbol="BTCUSDT"][data-month="2025-11"]');
  await bybitRow.waitFor();
  expect(await bybitRow.locator('td').first().textContent()).toBe('Bybit');
  expect(await page.locator('[data-testid="offer-row"][data-exchange="binance"][data-symbol="BTCUSDT"][data-month="2025-11"]').count()).toBe(1);
  // The sample has Bybit's BTCUSDT months too: the upload is used over its November, under Bybit's key only.
  expect(await page.getByTestId('upload-over-remote').allTextContents()).toEqual([expect.stringContaining('Bybit BTCUSDT 2025-11: your upload of volume, candles, oi is used')]);
  expect(await page.getByRole('radiogroup', { name: 'Which copy of Bybit BTCUSDT 2025-11 to use' }).count()).toBe(1);

  await page.getByLabel('Exchange').selectOption('binance,bybit');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Liquidation Map', exact: true }).click();
  await waitForDraw(page);
  expect(new URL(page.url()).searchParams.get('exchanges')).toBe('binance,bybit');
  const statement = page.getByRole('region', { name: 'What the map shows' });
  const input = (label: string) => statement.locator('.inputs > div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  await expect.poll(() => input('Exchanges').textContent(), { timeout: 30_000 }).toContain('Binance + Bybit');
  expect(await input('Binance').textContent()).toMatch(/^OI \$.*; mark \$.*; months 2025-11/);
  expect(await input('Bybit').textContent()).toContain("the profile's latest OI record and close (no Bybit figure yet)");
  expect(await input('Bybit').textContent()).toContain('months 2025-10, 2025-11');
  // The upload's 72 hours end Bybit's profiles on 2025-11-04: its part is its own 30 days to then, said so.
  expect(await input('Bybit').textContent()).toContain('; its window 2025-10-05 00:00 UTC – 2025-11-04 00:00 UTC');
  expect(await page.locator('.map-view p.warn').allTextContents()).toContainEqual(expect.stringMatching(/^Bybit's profiles end at 2025-11-04 00:00 UTC, .* before Binance's: its part of the map is its own window/));
  // The title says the picture is the sum (a shared screenshot or export would otherwise read as Binance's).
  expect(await page.locator('.map-view .toolbar .title').textContent()).toContain('BTCUSDT liquidation map · Binance + Bybit · ');

  // Bybit's streams: a tickers snapshot (openInterest counts both sides) and one taker order's three fills after Bybit's profile (72 hours).
  await expect.poll(() => app.streams.clients().some((c) => c.exchange === 'bybit' && c.streams.includes('publicTrade.BTCUSDT')), { timeout: 20_000 }).toBe(true);
  const mark = Math.round(btcClose) + 0.5;
  const t = monthStart('2025-11') + 73 * 3_600_000 + 60_000;
  app.streams.sendBybit('publicTrade.BTCUSDT', [2, 3, 5].map((qty, i) => bybitFill({ side: 'Buy', price: btcClose, qty, time: t, id: `whale-${i}` })));
  app.streams.sendBybitTicker('BTCUSDT', 'snapshot', { markPrice: String(mark), openInterest: '60000', openInterestValue: String(60_000 * mark) });
  await expect.poll(() => input('Bybit').textContent(), { timeout: 30_000 }).toMatch(/months 2025-10, 2025-11, live; its window /);
  const bybitText = (await input('Bybit').textContent()) ?? '';
  expect(bybitText).toMatch(new RegExp(`^OI ${escape(formatUsd(30_000 * mark))}, live from Bybit's stream \\(tickers\\), as of .* \\(\\d+ s old\\); mark ${escape(formatUsd(mark))};`));
  expect(await input('Binance').textContent()).toMatch(/months 2025-11$/); // Binance's rows are its own
  await expect.poll(() => input('Live trades').textContent()).toBe(`includes live trades since ${new Date(t).toISOString().slice(11, 16)} UTC`);
  expect(errors).toEqual([]);
});

test("Bybit alone is measured by Bybit's mark (step choices, key levels), not Binance's; a symbol Bybit does not list is said, not retried", async () => {
  const { page, errors } = await app.open('?exchanges=bybit');
  // Bybit's ticker: a mark twice Binance's (the mock's REST and stream mark is btcClose), so the step choices differ.
  await expect.poll(() => app.streams.clients().some((c) => c.exchange === 'bybit' && c.streams.includes('tickers.BTCUSDT')), { timeout: 20_000 }).toBe(true);
  const mark = Math.round(btcClose * 2);
  const statement = page.getByRole('region', { name: 'What the map shows' });
  const bybitRow = statement.locator('.inputs > div').filter({ has: page.locator('dt', { hasText: /^Bybit$/ }) }).locator('dd');
  await expect.poll(async () => {
    app.streams.sendBybitTicker('BTCUSDT', 'snapshot', { markPrice: String(mark), openInterest: '60000', openInterestValue: String(60_000 * mark) });
    return bybitRow.textContent();
  }, { timeout: 30_000 }).toContain(`mark ${formatUsd(mark)}`);
  const choices = async () => (await page.getByLabel('Bin step').locator('option').allTextContents()).slice(1).map(Number);
  await expect.poll(choices).toEqual(stepChoices(mark));
  expect(stepChoices(mark)).not.toEqual(stepChoices(btcClose));
  await expect.poll(() => page.locator('[data-testid="key-levels"] tr.price td').last().textContent().catch(() => null), { timeout: 20_000 }).toBe(mark.toLocaleString('en-US'));
  // Figures typed in are Bybit's, in liqmap's one-side units: the form says to halve Bybit's figure.
  await expect(page.getByLabel('Open interest (BTC)').getAttribute('aria-describedby')).resolves.toBe('manual-oi-side');
  expect(await page.getByTestId('manual-oi-side').textContent()).toContain("Bybit's open interest counts both sides, so type half of it");

  // ETHUSDT, which this Bybit does not list (Binance does): its stream stops and says why; Binance's goes on.
  app.mock.setFigures('ETHUSDT', { openInterest: 80_000, markPrice: 3_000 });
  app.streams.bybitUnlisted.add('ETHUSDT');
  try {
    const before = app.streams.connections.bybit;
    await page.getByLabel('Symbol').selectOption('ETHUSDT');
    const bybitStatus = page.getByTestId('stream-status-bybit');
    await expect.poll(() => bybitStatus.getAttribute('data-status'), { timeout: 20_000 }).toBe('unlisted');
    expect(await bybitStatus.textContent()).toContain('Bybit does not list ETHUSDT');
    expect(app.streams.connections.bybit - before).toBe(1);
    expect(await page.getByTestId('stream-status-binance').getAttribute('data-status')).toBe('connected');
  } finally {
    app.streams.bybitUnlisted.clear();
  }
  // A symbol Binance does not list (its REST API answers -1121; its stream would only stay silent): said, not retried.
  await page.goto(inject('siteUrl') + '?symbol=SOLUSDT&exchanges=bybit&view=data');
  const binanceStatus = page.getByTestId('stream-status-binance');
  await expect.poll(() => binanceStatus.getAttribute('data-status'), { timeout: 30_000 }).toBe('unlisted');
  expect(await binanceStatus.textContent()).toBe('Binance: stopped — Binance does not list SOLUSDT (its REST API answered "Invalid symbol"); not asked again for this symbol');
  await expect.poll(() => page.getByTestId('stream-status-bybit').getAttribute('data-status')).toBe('connected');
  // Chromium logs the API's 400 answers (the -1121 above) itself; nothing else went wrong.
  expect(errors.filter((e) => !e.includes('the server responded with a status of 400'))).toEqual([]);
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
