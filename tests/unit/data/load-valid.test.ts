/**
 * Valid profiles from two independent writers (hyparquet-writer and native DuckDB), with every
 * compression, small row groups, other column orders, extra columns and other timestamp units,
 * are validated, decoded with the values the test wrote, and loaded into the profile table with
 * the columns the models read.
 */
import { describe, expect, it } from 'vitest';
import { readProfile } from '../../../src/lib/data/profile-file.ts';
import { numberColumn } from '../../../src/lib/data/decoded-columns.ts';
import { ingestProfile, ProfileTable } from '../../../src/lib/data/profile-table.ts';
import { SELL, expandedColumn, type CodedColumn, type SymbolData } from '../../../src/lib/model/profile-data.ts';
import type { ProfileKind } from '../../../src/lib/data/profile-schema.ts';
import {
  sampleCandleRows, sampleOiRows, sampleVolumeRows, writeProfile, type ProfileRow, type WriteOptions,
} from '../../helpers/profile-writers.ts';

const SUMS: Record<ProfileKind, { time: string; values: string[] }> = {
  volume: { time: 'hour', values: ['price_bin', 'size_min', 'notional', 'quantity', 'trades'] },
  candles: { time: 'time', values: ['open', 'high', 'low', 'close', 'volume', 'quote_volume', 'taker_buy_quote_volume', 'trades'] },
  oi: { time: 'time', values: ['open_interest', 'open_interest_usd'] },
};

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);
const expectedSum = (rows: ProfileRow[], c: string) => rows.reduce((s, row) => s + Number(row[c]), 0);

/** Every column decodes to the values written (sums, count, first and last time). */
async function expectDecoded(kind: ProfileKind, name: string, bytes: Uint8Array, rows: ProfileRow[]) {
  const valid = await readProfile({ name, bytes });
  if (!valid.ok) throw new Error(valid.message);
  const { time, values } = SUMS[kind];
  expect(valid.rows).toBe(rows.length);
  for (const c of [time, ...values]) expect(sum(numberColumn(valid.columns, c).values), c).toBeCloseTo(expectedSum(rows, c), 6);
  const times = rows.map((row) => Number(row[time]));
  expect([valid.firstTime, valid.lastTime]).toEqual([Math.min(...times), Math.max(...times)]);
}

/** The table holds the columns the models read, with the values written, in time order. */
function expectTableMatches(data: SymbolData, kind: ProfileKind, month: string, rows: ProfileRow[]) {
  const [segment] = (kind === 'volume' ? data.volume : kind === 'candles' ? data.candles : data.oi).filter((s) => s.month === month);
  // Coded columns (profile-data.ts) compared by their value per row.
  const kept: Record<string, ArrayLike<number>> = Object.fromEntries(Object.entries(segment.columns).map(([k, c]: [string, ArrayLike<number> | CodedColumn]) => [k, 'codes' in c ? expandedColumn(c) : c]));
  const names: Record<string, string> = kind === 'volume'
    ? { hour: 'hour', priceBin: 'price_bin', sizeMin: 'size_min', notional: 'notional' }
    : kind === 'candles' ? { time: 'time', open: 'open', high: 'high', low: 'low', close: 'close' } : { time: 'time', contracts: 'open_interest', usd: 'open_interest_usd' };
  expect(Object.keys(kept).sort()).toEqual([...Object.keys(names), ...(kind === 'volume' ? ['side'] : [])].sort());
  for (const [mine, written] of Object.entries(names)) expect(sum(kept[mine]), mine).toBeCloseTo(expectedSum(rows, written), 6);
  const time = kept[kind === 'volume' ? 'hour' : 'time'];
  for (let i = 1; i < time.length; i++) expect(time[i]).toBeGreaterThanOrEqual(time[i - 1]);
  if (kind === 'volume') {
    const sells = Array.from((segment.columns as { side: Uint8Array }).side).filter((s) => s === SELL).length;
    expect(sells).toBe(rows.filter((r) => r.side === 'sell').length);
  }
}

interface Case {
  title: string;
  kind: ProfileKind;
  month: string;
  rows: (month: string) => ProfileRow[];
  options: WriteOptions;
}

const volume = (m: string) => sampleVolumeRows(m, 6, 10);
const REVERSED_VOLUME = ['trades', 'quantity', 'notional', 'size_min', 'side', 'price_bin', 'hour'];

const CASES: Case[] = [
  { title: 'hyparquet snappy volume', kind: 'volume', month: '2025-01', rows: volume, options: {} },
  {
    title: 'hyparquet gzip, 5-row groups, reversed columns, extra column',
    kind: 'volume', month: '2025-02', rows: volume,
    options: { compression: 'gzip', rowGroupSize: 5, columnOrder: REVERSED_VOLUME, extraColumns: { note: Array(36).fill('x') } },
  },
  { title: 'hyparquet uncompressed candles', kind: 'candles', month: '2025-02', rows: (m) => sampleCandleRows(m), options: { compression: 'uncompressed' } },
  { title: 'hyparquet oi', kind: 'oi', month: '2025-02', rows: (m) => sampleOiRows(m), options: { rowGroupSize: 4 } },
  { title: 'duckdb zstd volume (TIMESTAMP_MS)', kind: 'volume', month: '2025-03', rows: volume, options: { writer: 'duckdb', compression: 'zstd' } },
  {
    title: 'duckdb gzip TIMESTAMPTZ, small row groups, other order, extra columns incl. matching symbol',
    kind: 'volume', month: '2025-04', rows: volume,
    options: {
      writer: 'duckdb', compression: 'gzip', timestampType: 'TIMESTAMPTZ', rowGroupSize: 8, columnOrder: ['side', 'trades', 'hour'],
      extraColumns: { symbol: Array(36).fill('BTCUSDT'), vwap: Array(36).fill(1.5) },
    },
  },
  { title: 'duckdb uncompressed candles (TIMESTAMP micros)', kind: 'candles', month: '2025-03', rows: (m) => sampleCandleRows(m), options: { writer: 'duckdb', compression: 'uncompressed', timestampType: 'TIMESTAMP' } },
  { title: 'duckdb snappy oi (TIMESTAMP_NS)', kind: 'oi', month: '2025-03', rows: (m) => sampleOiRows(m), options: { writer: 'duckdb', timestampType: 'TIMESTAMP_NS' } },
  {
    title: 'duckdb volume with whole-number columns as BIGINT (as pandas writes them), fine step',
    kind: 'volume', month: '2025-05', rows: (m) => sampleVolumeRows(m, 4, 0.01, 3456.78),
    options: { writer: 'duckdb', types: { size_min: 'INT64' }, priceStep: 0.01 },
  },
];

describe('valid profiles load with the values written', () => {
  const table = new ProfileTable();

  for (const c of CASES) {
    it(c.title, async () => {
      const rows = c.rows(c.month);
      const bytes = await writeProfile(c.kind, rows, { month: c.month, ...c.options });
      const name = `BTCUSDT-${c.month}.${c.kind}.parquet`;
      await expectDecoded(c.kind, name, bytes, rows);
      const loaded = await ingestProfile(table, { name, bytes }, 'upload');
      expect(loaded, 'message' in loaded ? loaded.message : '').toMatchObject({ symbol: 'BTCUSDT', month: c.month, kind: c.kind, rows: rows.length });
      expectTableMatches(table.symbol('BTCUSDT'), c.kind, c.month, rows);
    });
  }

  it('reloading a month replaces it (no duplicated rows)', async () => {
    const rows = sampleVolumeRows('2025-01', 3);
    const bytes = await writeProfile('volume', rows, { month: '2025-01' });
    await ingestProfile(table, { name: 'again.parquet', bytes }, 'remote:https://example.test/data/manifest.json', { sha256: 'ab'.repeat(32) });
    expectTableMatches(table.symbol('BTCUSDT'), 'volume', '2025-01', rows);
    expect(table.symbol('BTCUSDT').volume.filter((s) => s.month === '2025-01')).toHaveLength(1);
    const entry = table.list().find((p) => p.month === '2025-01' && p.kind === 'volume');
    expect(entry).toMatchObject({ rows: rows.length, source: 'remote:https://example.test/data/manifest.json', sha256: 'ab'.repeat(32) });
  });

  it('lists what is loaded per symbol, month and kind, with its price step', async () => {
    const loaded = table.list().filter((p) => p.symbol === 'BTCUSDT');
    expect([...new Set(loaded.map((p) => p.month))].sort()).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05']);
    expect(loaded.filter((p) => p.month === '2025-02').map((p) => p.kind).sort()).toEqual(['candles', 'oi', 'volume']);
    expect([...new Set(loaded.map((p) => p.priceStep).filter((s) => s !== null))].sort((a, b) => a! - b!)).toEqual([0.01, 10]);
    expect(loaded.some((p) => p.synthetic)).toBe(false);
  });

  it('marks synthetic symbols', async () => {
    const bytes = await writeProfile('volume', sampleVolumeRows('2025-11', 2, 0.5, 3000), { symbol: 'ETHUSDT', priceStep: 0.5, synthetic: true });
    expect((await ingestProfile(table, { name: 'eth.parquet', bytes }, 'upload')).ok).not.toBe(false);
    const eth = table.list().filter((p) => p.symbol === 'ETHUSDT');
    expect(eth.map((p) => [p.month, p.kind, p.synthetic])).toEqual([['2025-11', 'volume', true]]);
  });
});
