/**
 * A fetch's files not published yet, as each exchange lists them: a month of daily files of one
 * kind in a line, in the browser import's words. Each exchange's daily files are its own rule
 * (Bybit's dumps were shortened by tools/builder/fetch.ts, outside its folder).
 */
import { expect, test } from 'vitest';
import { bybitNotPublished } from '../../../src/exchanges/bybit/builder/fetch.ts';
import { archiveNotPublished } from '../../../tools/builder/fetch.ts';
import { RunSummary } from '../../../tools/builder/summary.ts';

const days = (n: number) => Array.from({ length: n }, (_, i) => `2025-10-${String(i + 1).padStart(2, '0')}`);

test('Bybit\'s daily trade dumps are shortened by its own rule, in the words of its browser import', () => {
  const names = [...days(29).map((d) => `BTCUSDT${d}.csv.gz`), 'BTCUSDT 2025-11 (a month still to come)'];
  expect(bybitNotPublished(names)).toBe('BTCUSDT 2025-11 (a month still to come), 29 daily trade dumps (BTCUSDT2025-10-01.csv.gz … BTCUSDT2025-10-29.csv.gz)');
  // Three are named one by one.
  expect(bybitNotPublished(days(3).map((d) => `BTCUSDT${d}.csv.gz`))).toBe('BTCUSDT2025-10-01.csv.gz, BTCUSDT2025-10-02.csv.gz, BTCUSDT2025-10-03.csv.gz');
});

test('the archive\'s daily aggTrades and metrics files are shortened by the core\'s rule', () => {
  const names = ['BTCUSDT-aggTrades-2025-10.zip', ...days(31).flatMap((d) => [`BTCUSDT-aggTrades-${d}.zip`, `BTCUSDT-metrics-${d}.zip`])];
  expect(archiveNotPublished(names)).toBe('BTCUSDT-aggTrades-2025-10.zip, '
    + '31 daily aggTrades files (BTCUSDT-aggTrades-2025-10-01.zip … BTCUSDT-aggTrades-2025-10-31.zip), '
    + '31 daily metrics files (BTCUSDT-metrics-2025-10-01.zip … BTCUSDT-metrics-2025-10-31.zip)');
});

test('--summary lists what the exchange\'s fetch did not find, as that exchange lists it', () => {
  const summary = new RunSummary('liqmap profiles: bybit BTCUSDT');
  summary.addFetch([], bybitNotPublished(days(10).map((d) => `BTCUSDT${d}.csv.gz`)));
  summary.addFetch([], '');
  expect(summary.markdown()).toContain('Not published yet or skipped:\n\n- 10 daily trade dumps (BTCUSDT2025-10-01.csv.gz … BTCUSDT2025-10-10.csv.gz)\n');
});
