/**
 * A fetch where the host has no file of the month at all (a mistyped symbol, or a base URL
 * without the exchange's layout): the month's 404s are a few short lines, not one per day, and
 * the outcome names the first trades file asked for, for the importer's hint (importer.test.ts).
 * Dropped files without trades are the user's to complete, not "not published yet".
 */
import { describe, expect, test } from 'vitest';
import { importFetched, importGiven } from '../../../src/lib/import/import-job.ts';
import { importBybitFetched } from '../../../src/exchanges/bybit/import/import-job.ts';
import type { MonthPlan } from '../../../src/lib/import/fetch-plan.ts';

const days = (month: string, n: number) => Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
const asked: string[] = [];
const nothing = (async (url: string) => (asked.push(url), new Response('not found', { status: 404 }))) as unknown as typeof fetch;
const noProgress = () => undefined;

describe('a host with no file of the month', () => {
  test('Binance: the daily files\u2019 404s are one line each for aggTrades and metrics, and the first file asked for is named', async () => {
    const plan: MonthPlan = { symbol: 'BTCUSD', month: '2025-10', monthly: true, days: days('2025-10', 31) };
    const out = await importFetched(plan, 'https://mirror.example/binance/', nothing, noProgress);
    expect(out.status).toBe('skipped');
    expect(out.notes).toEqual([
      'BTCUSD-aggTrades-2025-10.zip: not published yet (HTTP 404), skipped',
      'BTCUSD 2025-10: no monthly file yet, using the daily files',
      '31 daily aggTrades files not published yet, skipped (BTCUSD-aggTrades-2025-10-01.zip … BTCUSD-aggTrades-2025-10-31.zip)',
      '31 daily metrics files not published yet, skipped (BTCUSD-metrics-2025-10-01.zip … BTCUSD-metrics-2025-10-31.zip)',
    ]);
    expect(out.status !== 'built' && out.nothingAt).toBe('https://mirror.example/binance/data/futures/um/monthly/aggTrades/BTCUSD/BTCUSD-aggTrades-2025-10.zip');
  });

  test('Binance: the 404s are told in day order, though later days answer first', async () => {
    const plan: MonthPlan = { symbol: 'BTCUSDT', month: '2025-12', monthly: false, days: days('2025-12', 8) };
    const lateFirst = (async (url: string) => {
      const day = Number(/-(\d{2})\.zip\.CHECKSUM$/.exec(url)![1]);
      await new Promise((r) => setTimeout(r, (9 - day) * 3));
      return url.includes('-metrics-') ? new Response(`${'a'.repeat(64)}  x.zip\n`) : new Response('', { status: 404 });
    }) as unknown as typeof fetch;
    const out = await importFetched(plan, 'https://mirror.example', lateFirst, noProgress);
    expect(out.notes).toEqual(['8 daily aggTrades files not published yet, skipped (BTCUSDT-aggTrades-2025-12-01.zip … BTCUSDT-aggTrades-2025-12-08.zip)']);
  });

  test('Binance: a few days missing are still named one by one, and a month with metrics but no trades is not "nothing"', async () => {
    const plan: MonthPlan = { symbol: 'BTCUSDT', month: '2025-12', monthly: false, days: days('2025-12', 3) };
    const metricsOnly = (async (url: string) => (url.includes('-metrics-') && url.endsWith('.CHECKSUM')
      ? new Response(`${'a'.repeat(64)}  x.zip\n`) : new Response('', { status: 404 }))) as unknown as typeof fetch;
    const out = await importFetched(plan, 'https://mirror.example', metricsOnly, noProgress);
    expect(out.notes).toEqual(days('2025-12', 3).map((d) => `BTCUSDT-aggTrades-${d}.zip: not published yet (HTTP 404), skipped`));
    expect(out.status !== 'built' && out.nothingAt).toBeUndefined();
  });

  test('Bybit: no dump of any day names the first day\u2019s dump, and asks the API nothing', async () => {
    asked.length = 0;
    const plan: MonthPlan = { symbol: 'BTCUSD', month: '2025-10', monthly: true, days: days('2025-10', 5).reverse() };
    const out = await importBybitFetched(plan, 'https://mirror.example/bybit', 'https://api.example', nothing, noProgress);
    expect(out.status !== 'built' && out.nothingAt).toBe('https://mirror.example/bybit/trading/BTCUSD/BTCUSD2025-10-01.csv.gz');
    expect(out.notes).toHaveLength(1);
    expect(asked.some((u) => u.startsWith('https://api.example'))).toBe(false);
  });
});

test('dropped metrics files without their aggTrades file are refused, saying what to add (not "not published yet")', async () => {
  const metrics = new File(['create_time,symbol,sum_open_interest,sum_open_interest_value\n'], 'BTCUSDT-metrics-2025-10-01.csv');
  const out = await importGiven('BTCUSDT', '2025-10', [{ file: metrics }], noProgress);
  expect(out).toMatchObject({ status: 'refused', message: "BTCUSDT 2025-10: no aggTrades file (only 1 metrics file(s)); volume and candles need one: add the month's aggTrades zip, or its daily ones" });
});
