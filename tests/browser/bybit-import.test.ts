/**
 * Bybit trade dumps become profiles inside the browser (real Chromium, real IndexedDB, the
 * served build): two days fetched from a local archive in Bybit's layout with their OI history
 * from a local API, offered under Bybit and drawn with exchanges=bybit; an API that does not
 * answer this browser still builds the month, without OI history, and says so; dropped dumps
 * that are cut short or not gzip are refused by name and nothing cached changes. A new API host
 * saved reloads the page, so that its Content-Security-Policy allows the host.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, watchErrors } from '../helpers/browser.ts';
import { startArchiveServer, type ArchiveServer } from '../helpers/archive-server.ts';
import { startBybitOiApi, type BybitOiApi } from '../helpers/bybit-oi-api.ts';
import { startBinanceMock, type BinanceMock } from '../mock/binance-mock.ts';
import { importLines, importRun, mapDrawn, openView, storedFiles, useBinanceMock, type ImportLine } from '../helpers/liqmap-page.ts';
import { bybitDumpPath } from '../../src/exchanges/bybit/archive/names.ts';
import { generateBybitArchive } from '../../src/exchanges/bybit/synth/archive.ts';
import { bybitOiItems } from '../../src/exchanges/bybit/synth/open-interest.ts';
import { MarketModel } from '../../tools/synth/market.ts';
import { symbolSpec } from '../../tools/synth/symbols.ts';

const siteUrl = inject('siteUrl');
const SYMBOL = 'BYBUSDT';
const SEED = 'browser-bybit';
const DAYS = ['2025-10-01', '2025-10-02'];

let archive: string;
let server: ArchiveServer;
let api: BybitOiApi;
let mock: BinanceMock;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  archive = mkdtempSync(path.join(os.tmpdir(), 'liqmap-bybit-archive-'));
  await generateBybitArchive({ out: archive, symbols: [SYMBOL], from: '2025-10', to: '2025-10', trades: 20_000, seed: SEED, openInterest: false, days: (d) => DAYS.includes(d) });
  const market = new MarketModel(symbolSpec(SYMBOL), SEED).month('2025-10');
  server = await startArchiveServer(archive);
  api = await startBybitOiApi(SYMBOL, DAYS.flatMap((d) => bybitOiItems(market, d)));
  mock = await startBinanceMock();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.close();
  await api?.close();
  await mock?.close();
});

async function fetchOctober(page: Page): Promise<ImportLine[]> {
  await page.locator('input[name="archive-symbol"]').fill(SYMBOL);
  await page.locator('input[name="archive-from"]').fill('2025-10');
  await page.locator('input[name="archive-to"]').fill('2025-10');
  const before = await importRun(page);
  await page.getByTestId('archive-fetch').click();
  return importLines(page, before);
}

describe('Bybit dumps built in the browser', () => {
  test('fetched days with OI history are offered under Bybit and drawn; an unreachable API builds without OI and says so; bad dropped dumps are refused by name', async () => {
    const context = await launchPersistent(mkdtempSync(path.join(os.tmpdir(), 'liqmap-bybit-import-')));
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await useBinanceMock(page, mock.url);
    await page.addInitScript(([base, apiBase]) => {
      const saved = JSON.parse(localStorage.getItem('liqmap.settings') ?? '{}');
      if (!saved.bybitArchiveBase) localStorage.setItem('liqmap.settings', JSON.stringify({ ...saved, bybitArchiveBase: base, bybitApiBase: apiBase }));
    }, [`${server.origin}/archive`, api.origin] as const);
    await page.goto(`${siteUrl}?view=data&symbol=${SYMBOL}&exchanges=bybit`);
    await page.getByTestId('offer').waitFor();
    // The form follows the app's exchange choice.
    expect(await page.locator('select[name="archive-exchange"]').inputValue()).toBe('bybit');

    const lines = await fetchOctober(page);
    const text = lines.map((l) => `${l.ok ? 'ok' : 'bad'} ${l.text}`).join('\n');
    expect(text).toMatch(new RegExp(`ok Bybit ${SYMBOL} 2025-10: built in this browser from daily files \\(2025-10-01–2025-10-02\\) from [\\d,]+ trades \\(volume [\\d,]+ rows, candles [\\d,]+ rows, oi 576 rows\\)`));
    expect(text).toMatch(new RegExp(`ok 29 daily trade dumps not published yet, skipped \\(${SYMBOL}2025-10-03.csv.gz … ${SYMBOL}2025-10-31.csv.gz\\)`));
    expect(lines.filter((l) => !l.ok)).toEqual([]);
    expect(api.requests.length).toBeGreaterThanOrEqual(DAYS.length * 2);
    const row = page.locator(`[data-testid="offer-row"][data-exchange="bybit"][data-symbol="${SYMBOL}"][data-month="2025-10"]`);
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('Bybit');
    const built = async () => (await storedFiles(page)).filter((f) => f.source === 'built').map((f) => `${f.month} ${f.kind}`).sort();
    expect(await built()).toEqual(['2025-10 candles', '2025-10 oi', '2025-10 volume']);

    await openView(page, 'Liquidation Map');
    expect((await mapDrawn(page, SYMBOL)).bars).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get('exchanges')).toBe('bybit');

    // The API does not answer this browser (451 without CORS): the month is built all the same, and says why it has no OI.
    // Its host is new to the page's Content-Security-Policy: the save reloads the page so that the policy allows it.
    await openView(page, 'Data');
    const newHost = server.origin.replace('127.0.0.1', 'localhost');
    await page.getByLabel('Bybit API base URL').fill(`${newHost}/blocked`);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain(` ${newHost}`);
    expect(await page.getByLabel('Bybit API base URL').inputValue()).toBe(`${newHost}/blocked`);
    const withoutOi = await fetchOctober(page);
    expect(withoutOi.find((l) => l.ok && l.text.startsWith(`Bybit ${SYMBOL} 2025-10: built in this browser`))?.text).toMatch(/candles [\d,]+ rows\)\.$/);
    expect(withoutOi.find((l) => !l.ok)?.text).toMatch(new RegExp(`warning: Bybit ${SYMBOL} 2025-10 was built without open-interest history .*did not answer from this browser.*Set "Bybit API base URL"`));

    // Dropped dumps cut short or not gzip: refused by name, nothing cached changes.
    const before = await storedFiles(page);
    const whole = readFileSync(path.join(archive, bybitDumpPath(SYMBOL, DAYS[0])));
    const runBefore = await importRun(page);
    await page.getByTestId('upload-input').setInputFiles([
      { name: `${SYMBOL}${DAYS[0]}.csv.gz`, mimeType: 'application/gzip', buffer: whole.subarray(0, Math.floor(whole.length / 2)) },
      { name: `${SYMBOL}2025-09-30.csv.gz`, mimeType: 'application/gzip', buffer: Buffer.from(`timestamp,symbol,side,size,price\n1,${SYMBOL},Buy,1,1\n`) },
    ]);
    const refused = (await importLines(page, runBefore)).filter((l) => !l.ok).map((l) => l.text);
    expect(refused).toContain(`${SYMBOL}${DAYS[0]}.csv.gz: not a whole gzip file (truncated or corrupt). Bybit ${SYMBOL} ${DAYS[0].slice(0, 7)} was not built; nothing kept in this browser changed.`);
    expect(refused).toContain(`${SYMBOL}2025-09-30.csv.gz: not a gzip file. Bybit ${SYMBOL} 2025-09 was not built; nothing kept in this browser changed.`);
    expect(await storedFiles(page)).toEqual(before);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  }, 240_000);
});
