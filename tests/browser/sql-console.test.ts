/**
 * The SQL console on the Data view: nothing of it loads before it is opened; then DuckDB-WASM
 * answers over the profiles this browser keeps (checked against native DuckDB reading the same
 * Parquet files) and the liquidations it recorded from the stream mock; errors stay in place;
 * CSV export; and after one online use, it works with the network off.
 *
 * The tests share one browser profile and run in order: the first visit (sample month cached,
 * liquidations recorded) is the set-up of the later ones.
 */
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, watchErrors } from '../helpers/browser.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';
import { startBinanceMock, type BinanceMock } from '../mock/binance-mock.ts';
import { bybitLiquidation, forceOrder, startStreamMock, type StreamMock } from '../mock/stream-mock.ts';
import { mapDrawn, openView, storedFiles, swControls } from '../helpers/liqmap-page.ts';

const distDir = inject('distDir');
let site: StaticServer;
let mock: BinanceMock;
let streams: StreamMock;
let context: BrowserContext;
let page: Page;
let errors: string[];

/**
 * Built files only the console may fetch: DuckDB's files and the console worker, less any that
 * the engine worker still names (it started DuckDB itself before issue 18's typed-array engine).
 */
function consoleOnlyFiles(): string[] {
  const assets = readdirSync(path.join(distDir, 'assets'));
  const engine = assets.filter((f) => /^engine/.test(f) && f.endsWith('.js')).map((f) => readFileSync(path.join(distDir, 'assets', f), 'utf8')).join('\n');
  return assets.filter((f) => /^(duckdb-|console\.worker-)/.test(f) && !engine.includes(f));
}
const requested = (files: string[]) => site.requests.filter((r) => files.some((f) => r.endsWith(`/assets/${f}`)));

const consoleSection = () => page.getByTestId('sql-console');

async function openConsole(): Promise<void> {
  await page.getByRole('button', { name: 'SQL console', exact: true }).click();
  await consoleSection().getByTestId('console-tables').waitFor({ timeout: 120_000 });
}

/** Run `sql` (Run button, or Ctrl+Enter in the field) and wait for that run to finish. */
async function runSql(sql: string, how: 'button' | 'keys' = 'button'): Promise<void> {
  const before = Number(await consoleSection().getAttribute('data-runs'));
  const field = page.getByRole('textbox', { name: 'SQL', exact: true });
  await field.fill(sql);
  if (how === 'keys') await field.press('Control+Enter');
  else await consoleSection().getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(async () => Number(await consoleSection().getAttribute('data-runs')), { timeout: 60_000 }).toBe(before + 1);
}

/** The result table as text: header then rows. */
async function resultTable(): Promise<string[][]> {
  return page.getByTestId('console-result').evaluate((t) => [...t.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th,td')].map((c) => c.textContent ?? '')));
}

/** Month, rows and sum of trades of each cached BTCUSDT volume file, read by native DuckDB. */
async function cachedVolumeFacts(): Promise<string[][]> {
  const manifest = JSON.parse(readFileSync(path.join(distDir, 'sample/manifest.json'), 'utf8')) as { files: { sha256: string; path: string; month: string }[] };
  const kept = new Set((await storedFiles(page)).filter((f) => f.kind === 'volume' && f.symbol === 'BTCUSDT').map((f) => f.sha256));
  const files = manifest.files.filter((f) => kept.has(f.sha256)).sort((a, b) => (a.month < b.month ? -1 : 1));
  expect(files.length).toBeGreaterThan(0);
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const out: string[][] = [];
  for (const f of files) {
    const file = path.join(distDir, 'sample', f.path).replaceAll("'", "''");
    const [row] = (await conn.runAndReadAll(`SELECT count(*), sum(trades) FROM read_parquet('${file}')`)).getRows();
    out.push([f.month, ...row.map(String)]);
  }
  return out;
}

const NOW = Date.now();
// Binance's forceOrder side is the liquidation order's: SELL closes a long. Bybit's Sell is a short's position liquidated.
const SENT = [
  { exchange: 'binance', side: 'long', price: 94_000, quantity: 0.5, time: NOW - 60_000 },
  { exchange: 'bybit', side: 'short', price: 94_100, quantity: 0.25, time: NOW - 30_000 },
  { exchange: 'binance', side: 'long', price: 93_900, quantity: 2, time: NOW - 10_000 },
];

beforeAll(async () => {
  site = await startStaticServer(distDir);
  mock = await startBinanceMock();
  streams = await startStreamMock();
  mock.setFigures('BTCUSDT', { openInterest: 80_000, markPrice: 94_000 });
  context = await launchPersistent(mkdtempSync(path.join(os.tmpdir(), 'liqmap-console-')));
  page = await context.newPage();
  errors = watchErrors(page);
  const settings = { binanceBase: mock.url, allowedHosts: [], binanceStreamBase: streams.binanceBase, bybitStreamBase: streams.bybitBase };
  await page.addInitScript((s) => { if (!localStorage.getItem('liqmap.settings')) localStorage.setItem('liqmap.settings', s); }, JSON.stringify(settings));
  await page.goto(site.url);
  await mapDrawn(page, 'BTCUSDT');
  await swControls(page);
  // Hooks cannot use expect.poll: vi.waitFor retries the same checks.
  const soon = { timeout: 30_000, interval: 200 };
  for (const x of ['binance', 'bybit']) await vi.waitFor(async () => expect(await page.getByTestId(`stream-status-${x}`).getAttribute('data-status')).toBe('connected'), soon);
  await vi.waitFor(() => expect(streams.clients().filter((c) => c.exchange === 'bybit' && c.streams.length > 0).length).toBeGreaterThan(0), soon);
  for (const e of SENT) {
    if (e.exchange === 'binance') streams.sendBinance('btcusdt@forceOrder', forceOrder({ side: 'SELL', price: e.price, qty: e.quantity, time: e.time }));
    else streams.sendBybit('allLiquidation.BTCUSDT', [bybitLiquidation({ side: 'Sell', price: e.price, qty: e.quantity, time: e.time })]);
  }
  await openView(page, 'Data');
  await vi.waitFor(async () => expect(await page.getByTestId('recorded-BTCUSDT').getByTestId('recorded-count').innerText().catch(() => '')).toBe('3'), soon);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await site?.close();
  await mock?.close();
  await streams?.close();
});

describe('SQL console', () => {
  test('nothing of it is fetched before it is opened; then a volume query matches native DuckDB over the cached files, and exports as CSV, saying so while it writes', async () => {
    const only = consoleOnlyFiles();
    expect(only.some((f) => f.startsWith('console.worker-'))).toBe(true);
    expect(requested(only)).toEqual([]);
    const sw = readFileSync(path.join(distDir, 'sw.js'), 'utf8');
    expect(only.filter((f) => sw.includes(`"assets/${f}"`))).toEqual([]);

    await openConsole();
    expect(requested(only).length).toBeGreaterThan(0);
    const expected = await cachedVolumeFacts();
    await runSql("SELECT month, count(*) AS n, sum(trades) AS t FROM volume WHERE symbol = 'BTCUSDT' GROUP BY month ORDER BY month", 'keys');
    expect(await resultTable()).toEqual([['month', 'n', 't'], ...expected]);
    expect(await page.getByTestId('console-result').getAttribute('data-total')).toBe(String(expected.length));

    // The CSV is written in the console's worker (seconds for millions of rows): held here until
    // the test lets it go, as a slow machine would, to see what the page says meanwhile.
    await page.evaluate(() => {
      const w = window as unknown as { releaseCsv: () => void };
      const gate = new Promise<void>((resolve) => (w.releaseCsv = resolve));
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
        const m = args[0] as { type?: string; path?: string[] } | null;
        if (m?.type === 'APPLY' && m.path?.[0] === 'csv') void gate.then(() => post.apply(this, args));
        else post.apply(this, args);
      } as Worker['postMessage'];
    });
    const download = page.waitForEvent('download');
    await consoleSection().getByRole('button', { name: 'Export result as CSV' }).click();
    await consoleSection().getByRole('status').filter({ hasText: `Writing ${expected.length} ${expected.length === 1 ? 'row' : 'rows'} as CSV…` }).waitFor();
    expect(await consoleSection().getByRole('button', { name: 'Writing CSV…' }).isDisabled()).toBe(true);
    expect(await consoleSection().getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(true);
    await page.evaluate(() => (window as unknown as { releaseCsv: () => void }).releaseCsv());
    expect(readFileSync(await (await download).path(), 'utf8')).toBe(['month,n,t', ...expected.map((r) => r.join(','))].join('\n') + '\n');
    expect(await consoleSection().getByRole('button', { name: 'Export result as CSV' }).isEnabled()).toBe(true);
  }, 240_000);

  test('a bad query shows DuckDB\'s error in place, and the console keeps working', async () => {
    await runSql('SELECT * FROM no_such_table');
    const alert = consoleSection().getByRole('alert');
    await expect.poll(() => alert.innerText()).toMatch(/Catalog Error.*no_such_table/);
    expect(await page.getByTestId('console-result').count()).toBe(0);
    // A syntax error's location once (DuckDB 1.4 repeats it in its message).
    await runSql('SELECT 1 dec');
    await expect.poll(() => alert.innerText()).toMatch(/Parser Error: syntax error at or near "dec"/);
    expect((await alert.innerText()).match(/LINE 1:/g)).toHaveLength(1);
    await runSql('SELECT 6 * 7 AS answer');
    expect(await resultTable()).toEqual([['answer'], ['42']]);
    expect(await consoleSection().getByRole('alert').count()).toBe(0);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  test('the liquidations table holds the events this browser recorded from both exchanges', async () => {
    await runSql('SELECT exchange, symbol, side, price, quantity, usd, time, month FROM liquidations ORDER BY time');
    expect(await resultTable()).toEqual([
      ['exchange', 'symbol', 'side', 'price', 'quantity', 'usd', 'time', 'month'],
      ...SENT.map((e) => [e.exchange, 'BTCUSDT', e.side, String(e.price), String(e.quantity), String(e.price * e.quantity), String(e.time), new Date(e.time).toISOString().slice(0, 7)]),
    ]);
  });

  test('after one online use, it opens and answers with the network off', async () => {
    await runSql('SELECT count(*) AS n FROM volume');
    const [, online] = await resultTable();
    // The first open kept DuckDB's wasm, its worker and the console worker in the runtime cache.
    const kept = await page.evaluate(async () => (await (await caches.open('liqmap-duckdb')).keys()).map((r) => new URL(r.url).pathname.split('/').pop()));
    for (const pattern of [/^duckdb-eh-.*\.wasm$/, /^duckdb-browser-eh\.worker-.*\.js$/, /^console\.worker-.*\.js$/]) expect(kept.some((f) => pattern.test(f ?? '')), String(pattern)).toBe(true);

    await context.setOffline(true);
    site.setOffline(true);
    await page.goto(`${site.url}?view=data`);
    await page.getByRole('heading', { name: 'liqmap' }).waitFor();
    await openConsole();
    await runSql('SELECT count(*) AS n FROM volume');
    expect((await resultTable())[1]).toEqual(online);
    await runSql('SELECT count(*) AS n FROM liquidations');
    expect(await resultTable()).toEqual([['n'], [String(SENT.length)]]);
  }, 240_000);
});
