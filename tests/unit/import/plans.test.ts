/** Which archive files a fetch asks for, and how dropped files are sorted out. */
import { describe, expect, it } from 'vitest';
import { planLastDays, planMonths } from '../../../src/lib/import/fetch-plan.ts';
import { sortDroppedFiles } from '../../../src/lib/import/dropped-files.ts';

const today = Date.parse('2025-12-03T10:00:00Z');

describe('fetch plan', () => {
  it('uses monthly files for months that are over and daily files up to yesterday for the current month', () => {
    const plans = planMonths('BTCUSDT', '2025-10', '2026-01', today);
    expect(plans.map((p) => [p.month, p.monthly, p.days.length, p.days.at(-1)])).toEqual([
      ['2025-10', true, 31, '2025-10-31'], ['2025-11', true, 30, '2025-11-30'], ['2025-12', false, 2, '2025-12-02'],
    ]);
  });

  it('takes the whole months that hold the last N days', () => {
    expect(planLastDays('BTCUSDT', 7, today).map((p) => p.month)).toEqual(['2025-11', '2025-12']);
    expect(planLastDays('BTCUSDT', 1, today).map((p) => p.month)).toEqual(['2025-12']);
  });

  it('offers nothing for a month whose first day is today', () => {
    expect(planMonths('BTCUSDT', '2025-12', '2025-12', Date.parse('2025-12-01T05:00:00Z'))).toEqual([]);
  });
});

describe('dropped files', () => {
  const f = (name: string) => ({ name, size: 1 });
  it('groups archive files by month with their sidecars, keeps Parquet profiles apart, and names what it refuses', () => {
    const files = [
      f('BTCUSDT-aggTrades-2025-11.zip'), f('BTCUSDT-aggTrades-2025-11.zip.CHECKSUM'), f('BTCUSDT-aggTrades-2025-11-02.zip'),
      f('BTCUSDT-metrics-2025-11-02.zip'), f('ETHUSDT-aggTrades-2025-10.csv'), f('ETHUSDT-aggTrades-2025-10.csv.synthetic'),
      f('BTCUSDT-2025-11.volume.parquet'), f('notes.txt'), f('orphan.zip.CHECKSUM'), f('profile-without-extension'),
    ];
    const sorted = sortDroppedFiles(files, (x) => (x.name === 'profile-without-extension' ? 'parquet' : 'other'));
    expect(sorted.profiles.map((x) => x.name)).toEqual(['BTCUSDT-2025-11.volume.parquet', 'profile-without-extension']);
    expect(sorted.months.map((m) => [m.symbol, m.month, m.files.map((x) => [x.file.name, x.checksum?.name, x.sidecar?.name])])).toEqual([
      ['BTCUSDT', '2025-11', [['BTCUSDT-aggTrades-2025-11.zip', 'BTCUSDT-aggTrades-2025-11.zip.CHECKSUM', undefined], ['BTCUSDT-metrics-2025-11-02.zip', undefined, undefined]]],
      ['ETHUSDT', '2025-10', [['ETHUSDT-aggTrades-2025-10.csv', undefined, 'ETHUSDT-aggTrades-2025-10.csv.synthetic']]],
    ]);
    expect(sorted.months[0].notes).toEqual(['1 daily aggTrades file(s) of 2025-11 not used: the monthly file covers the month']);
    expect(sorted.problems).toEqual(["notes.txt: neither a Parquet profile, a Binance archive file nor a Bybit trade dump; drop .parquet profiles, Binance's .zip archive files (with their .CHECKSUM) or Bybit's .csv.gz trade dumps", 'orphan.zip.CHECKSUM: given without orphan.zip, the file it belongs to']);
  });

  it('groups Bybit dumps and OI day files by month, and names a gzip or OI file it cannot place', () => {
    const files = [
      f('BTCUSDT2025-11-03.csv.gz'), f('BTCUSDT2025-11-02.csv.gz'), f('BTCUSDT-open-interest-2025-11-02.json'),
      f('ETHUSDT-open-interest-2025-10-01.json'), f('trades.csv.gz'),
    ];
    const sorted = sortDroppedFiles(files);
    expect(sorted.exchanges.map((m) => [m.exchange, m.symbol, m.month, m.parts.dumps.map((x) => x.name), m.parts.oi.map((x) => x.name)])).toEqual([
      ['bybit', 'BTCUSDT', '2025-11', ['BTCUSDT2025-11-03.csv.gz', 'BTCUSDT2025-11-02.csv.gz'], ['BTCUSDT-open-interest-2025-11-02.json']],
    ]);
    expect(sorted.months).toEqual([]);
    expect(sorted.problems).toEqual([
      'trades.csv.gz: not a Bybit trade dump name ({SYMBOL}{YYYY-MM-DD}.csv.gz, as public.bybit.com names them)',
      'ETHUSDT-open-interest-2025-10-01.json: open interest of Bybit ETHUSDT 2025-10 given without its trade dumps ({SYMBOL}{YYYY-MM-DD}.csv.gz); volume and candles need them',
    ]);
  });
});
