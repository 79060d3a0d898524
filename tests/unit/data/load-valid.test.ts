/**
 * Valid profiles from two independent writers (hyparquet-writer and native DuckDB), with every
 * compression, small row groups, other column orders, extra columns and other timestamp units,
 * are validated and loaded with the same values the test wrote, on DuckDB-WASM and native DuckDB.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/db.ts';
import { num } from '../../../src/lib/db/db.ts';
import { ingestProfile, listLoaded } from '../../../src/lib/data/profile-store.ts';
import type { ProfileKind } from '../../../src/lib/data/profile-schema.ts';
import {
  sampleCandleRows, sampleOiRows, sampleVolumeRows, writeProfile, type ProfileRow, type WriteOptions,
} from '../../helpers/profile-writers.ts';
import { DB_ENGINES } from '../../helpers/db-engines.ts';

const SUMS: Record<ProfileKind, { time: string; values: string[] }> = {
  volume: { time: 'hour', values: ['price_bin', 'size_min', 'notional', 'quantity', 'trades'] },
  candles: { time: 'time', values: ['open', 'high', 'low', 'close', 'volume', 'quote_volume', 'taker_buy_quote_volume', 'trades'] },
  oi: { time: 'time', values: ['open_interest', 'open_interest_usd'] },
};

async function expectTableMatches(db: Db, kind: ProfileKind, symbol: string, month: string, rows: ProfileRow[]) {
  const { time, values } = SUMS[kind];
  const cols = [time, ...values];
  const r = await db.query(
    `SELECT count(*) AS n, ${cols.map((c) => `sum("${c}")::DOUBLE AS "${c}"`).join(', ')}, min("${time}") AS t0, max("${time}") AS t1
     FROM ${kind} WHERE symbol = ? AND month = ?`,
    [symbol, month],
  );
  expect(num(r, 'n')[0]).toBe(rows.length);
  for (const c of cols) {
    const expected = rows.reduce((s, row) => s + Number(row[c]), 0);
    expect(num(r, c)[0], c).toBeCloseTo(expected, 6);
  }
  const times = rows.map((row) => Number(row[time]));
  expect(num(r, 't0')[0]).toBe(Math.min(...times));
  expect(num(r, 't1')[0]).toBe(Math.max(...times));
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

describe.each(DB_ENGINES)('valid profiles load with the values written on $name', ({ open }) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });

  for (const c of CASES) {
    it(c.title, async () => {
      const rows = c.rows(c.month);
      const bytes = await writeProfile(c.kind, rows, { month: c.month, ...c.options });
      const name = `BTCUSDT-${c.month}.${c.kind}.parquet`;
      const loaded = await ingestProfile(db, { name, bytes }, 'upload');
      expect(loaded, 'message' in loaded ? loaded.message : '').toMatchObject({ symbol: 'BTCUSDT', month: c.month, kind: c.kind, rows: rows.length });
      await expectTableMatches(db, c.kind, 'BTCUSDT', c.month, rows);
    });
  }

  it('reloading a month replaces it (no duplicated rows)', async () => {
    const rows = sampleVolumeRows('2025-01', 3);
    const bytes = await writeProfile('volume', rows, { month: '2025-01' });
    await ingestProfile(db, { name: 'again.parquet', bytes }, 'remote:https://example.test/data/manifest.json', { sha256: 'ab'.repeat(32) });
    await expectTableMatches(db, 'volume', 'BTCUSDT', '2025-01', rows);
    const entry = (await listLoaded(db)).find((p) => p.month === '2025-01' && p.kind === 'volume');
    expect(entry).toMatchObject({ rows: rows.length, source: 'remote:https://example.test/data/manifest.json', sha256: 'ab'.repeat(32) });
  });

  it('lists what is loaded per symbol, month and kind, with its price step', async () => {
    const loaded = (await listLoaded(db)).filter((p) => p.symbol === 'BTCUSDT');
    expect([...new Set(loaded.map((p) => p.month))].sort()).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05']);
    expect(loaded.filter((p) => p.month === '2025-02').map((p) => p.kind).sort()).toEqual(['candles', 'oi', 'volume']);
    expect([...new Set(loaded.map((p) => p.priceStep).filter((s) => s !== null))].sort((a, b) => a! - b!)).toEqual([0.01, 10]);
    expect(loaded.some((p) => p.synthetic)).toBe(false);
  });

  it('marks synthetic symbols', async () => {
    const bytes = await writeProfile('volume', sampleVolumeRows('2025-11', 2, 0.5, 3000), { symbol: 'ETHUSDT', priceStep: 0.5, synthetic: true });
    expect((await ingestProfile(db, { name: 'eth.parquet', bytes }, 'upload')).ok).not.toBe(false);
    const eth = (await listLoaded(db)).filter((p) => p.symbol === 'ETHUSDT');
    expect(eth.map((p) => [p.month, p.kind, p.synthetic])).toEqual([['2025-11', 'volume', true]]);
  });
});
