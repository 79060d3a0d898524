/**
 * Every kind of bad profile is refused with a message naming the file and the problem, and
 * nothing of it reaches the profile table: the good data loaded first stays exactly as it was.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestProfile, ProfileTable } from '../../../src/lib/data/profile-table.ts';
import { readProfile } from '../../../src/lib/data/profile-file.ts';
import { expandedColumn } from '../../../src/lib/model/profile-data.ts';
import {
  sampleCandleRows, sampleOiRows, sampleVolumeRows, writeProfile, type ProfileRow, type WriteOptions,
} from '../../helpers/profile-writers.ts';

const table = new ProfileTable();
let good: Uint8Array;
let snapshotBefore: string;

/** Row counts and sums of every kind and the registry, as one comparable string. */
async function snapshot(): Promise<string> {
  const data = table.symbol('BTCUSDT');
  const total = (xs: ArrayLike<number>[]) => xs.reduce((s, x) => s + Array.from(x).reduce((a, b) => a + b, 0), 0);
  return JSON.stringify({
    vn: total(data.volume.map((s) => s.columns.side.map(() => 1))), vs: total(data.volume.map((s) => s.columns.notional)), vh: total(data.volume.map((s) => expandedColumn(s.columns.hour))),
    cn: total(data.candles.map((s) => s.columns.time.map(() => 1))), cs: total(data.candles.map((s) => s.columns.close)),
    on_: total(data.oi.map((s) => s.columns.time.map(() => 1))), os: total(data.oi.map((s) => s.columns.contracts)),
    pn: table.list().length,
  });
}


async function expectRefused(name: string, bytes: Uint8Array, problem: RegExp, expected = {}) {
  const result = await ingestProfile(table, { name, bytes }, 'upload', { expected });
  expect(result.ok).toBe(false);
  if (result.ok !== false) return;
  expect(result.file).toBe(name);
  expect(result.message).toContain(name);
  expect(result.problem).toMatch(problem);
  expect(result.message).toContain(result.problem);
  expect(await snapshot()).toBe(snapshotBefore);
}

const volume = (o: WriteOptions = {}, rows: ProfileRow[] = sampleVolumeRows('2025-11', 2)) => writeProfile('volume', rows, o);
const withRow = (patch: ProfileRow, index = 1): ProfileRow[] =>
  sampleVolumeRows('2025-11', 2).map((r, i) => (i === index ? { ...r, ...patch } : r));

describe('refusals', () => {
  beforeAll(async () => {
    good = await writeProfile('volume', sampleVolumeRows('2025-11', 24));
    for (const [kind, bytes] of [
      ['volume', good],
      ['candles', await writeProfile('candles', sampleCandleRows())],
      ['oi', await writeProfile('oi', sampleOiRows())],
    ] as const) {
      const loaded = await ingestProfile(table, { name: `good.${kind}.parquet`, bytes }, 'upload');
      if (loaded.ok === false) throw new Error(loaded.message);
    }
    snapshotBefore = await snapshot();
    expect(snapshotBefore).toContain('"vn":144');
  });

  describe('not Parquet, or damaged', () => {
    it('zero bytes', () => expectRefused('empty.parquet', new Uint8Array(0), /empty/));
    it('random bytes', () => {
      const bytes = new Uint8Array(5000).map((_, i) => (i * 7919 + 13) % 251);
      return expectRefused('random.parquet', bytes, /not a Parquet file/);
    });
    it('an HTML page saved as .parquet', () =>
      expectRefused('page.parquet', new TextEncoder().encode('<!doctype html><title>404</title>'), /not a Parquet file/));
    for (const cut of [4, 100, 0.5, -1, -4, -8]) {
      it(`truncated at ${cut}`, () => {
        const end = cut < 0 ? good.length + cut : cut < 1 ? Math.floor(good.length * cut) : cut;
        return expectRefused(`cut${cut}.parquet`, good.slice(0, end), /not a Parquet file, or truncated/);
      });
    }
    it('front cut off', () => expectRefused('front.parquet', good.slice(4), /not a Parquet file/));
    it('damaged footer length', () => {
      const bytes = good.slice();
      bytes.set([0xff, 0xff, 0xff, 0x7f], bytes.length - 8);
      return expectRefused('footer.parquet', bytes, /footer cannot be read/);
    });
    it('damaged data pages', () => {
      const bytes = good.slice();
      bytes.fill(7, 4, 60);
      return expectRefused('pages.parquet', bytes, /cannot be read/);
    });
    it('a codec the app does not decode is named', async () =>
      expectRefused('brotli.parquet', await volume({ writer: 'duckdb', compression: 'brotli' }), /data cannot be read \(.*compression codec: BROTLI\)/));
  });

  describe('metadata', () => {
    it('a plain Parquet file without liqmap metadata', async () => {
      const bytes = await volume({ metadata: Object.fromEntries(['schema', 'kind', 'symbol', 'month', 'price_step', 'synthetic', 'source'].map((k) => [`liqmap.${k}`, null])) });
      await expectRefused('plain.parquet', bytes, /metadata key liqmap\.schema is missing/);
    });
    it('another schema number', async () =>
      expectRefused('v2.parquet', await volume({ metadata: { 'liqmap.schema': '2' } }), /liqmap\.schema is "2".*schema 1/));
    for (const key of ['kind', 'symbol', 'month', 'synthetic', 'price_step']) {
      it(`missing liqmap.${key}`, async () =>
        expectRefused(`no-${key}.parquet`, await volume({ metadata: { [`liqmap.${key}`]: null } }), new RegExp(`metadata key liqmap\\.${key} is missing`)));
    }
    it('malformed values', async () => {
      await expectRefused('k.parquet', await volume({ metadata: { 'liqmap.kind': 'trades' } }), /liqmap\.kind is "trades"/);
      await expectRefused('s.parquet', await volume({ symbol: 'btc-usdt' }), /liqmap\.symbol is "btc-usdt"/);
      await expectRefused('m.parquet', await volume({ metadata: { 'liqmap.month': '2025-13' } }), /liqmap\.month is "2025-13"/);
      await expectRefused('y.parquet', await volume({ metadata: { 'liqmap.synthetic': 'yes' } }), /liqmap\.synthetic is "yes"/);
      await expectRefused('p.parquet', await volume({ priceStep: -5 }), /liqmap\.price_step is "-5"/);
    });
  });

  describe('columns', () => {
    for (const writer of ['hyparquet', 'duckdb'] as const) {
      it(`wrong types (${writer})`, async () => {
        await expectRefused('h.parquet', await volume({ writer, types: { hour: 'INT64' } }), /column hour is Int64, expected a TIMESTAMP/);
        await expectRefused('p.parquet', await volume({ writer, types: { price_bin: 'STRING' } }), /column price_bin is Utf8, expected a DOUBLE/);
        await expectRefused('t.parquet', await volume({ writer, types: { trades: 'DOUBLE' } }), /column trades is Float64, expected an INT64/);
        const sideAsNumber = sampleVolumeRows('2025-11', 2).map((r) => ({ ...r, side: r.side === 'buy' ? 1 : 0 }));
        await expectRefused('s.parquet', await volume({ writer, types: { side: 'INT32' } }, sideAsNumber), /column side is Int32, expected a STRING/);
      });
    }
    it('a missing column', async () => expectRefused('q.parquet', await volume({ omitColumns: ['quantity'] }), /column quantity is missing/));
    it('kind that disagrees with the columns', async () =>
      expectRefused('kind.parquet', await volume({ metadata: { 'liqmap.kind': 'candles' } }), /liqmap\.kind is candles but the columns are those of a volume file/));
  });

  describe('values', () => {
    for (const writer of ['hyparquet', 'duckdb'] as const) {
      it(`NaN, Infinity, negatives (${writer})`, async () => {
        await expectRefused('nan.parquet', await volume({ writer }, withRow({ notional: NaN })), /column notional has 1 NaN or infinite value/);
        await expectRefused('inf.parquet', await volume({ writer }, withRow({ quantity: Infinity })), /column quantity has 1 NaN or infinite value/);
        await expectRefused('neg.parquet', await volume({ writer }, withRow({ price_bin: -10 })), /column price_bin has 1 value below 0/);
        await expectRefused('negt.parquet', await volume({ writer }, withRow({ trades: -1 })), /column trades has 1 value below 0/);
      });
    }
    it('nulls', async () => expectRefused('null.parquet', await volume({}, withRow({ quantity: null })), /column quantity has 1 null value/));
    it('zero or negative candle prices, impossible candles', async () => {
      const candles = (patch: ProfileRow) => writeProfile('candles', sampleCandleRows().map((r, i) => (i === 3 ? { ...r, ...patch } : r)));
      await expectRefused('c0.parquet', await candles({ open: 0 }), /column open has 1 value <= 0/);
      await expectRefused('ch.parquet', await candles({ high: 1 }), /1 candle has high below low/);
    });
    it('negative open interest', async () =>
      expectRefused('oi.parquet', await writeProfile('oi', sampleOiRows().map((r, i) => (i ? r : { ...r, open_interest_usd: -1 }))), /column open_interest_usd has 1 value below 0/));
    it('zero rows', async () => {
      await expectRefused('zero.parquet', await volume({ writer: 'duckdb' }, []), /it has no rows/);
      // hyparquet-writer's zero-row footer (an empty row-group list) is rejected by arrow-rs's strict reader.
      await expectRefused('zero-hyparquet.parquet', await volume({}, []), /no rows|footer cannot be read/);
    });
    it('side values other than buy/sell', async () =>
      expectRefused('side.parquet', await volume({}, withRow({ side: 'BUY' })), /column side has 1 value other than buy\/sell \(e\.g\. "BUY"\)/));
    it('hours that are not whole UTC hours', async () =>
      expectRefused('hour.parquet', await volume({}, withRow({ hour: Date.UTC(2025, 10, 1, 0, 30) })), /column hour has 1 time not on the start of a UTC hour/));
  });

  describe('metadata that disagrees with the data', () => {
    it('month: rows outside it', async () =>
      expectRefused('month.parquet', await volume({ month: '2025-10' }), /liqmap\.month is 2025-10 but column hour runs from 2025-11-01T00:00Z to 2025-11-01T01:00Z/));
    it('price_step: bins off the step', async () =>
      expectRefused('step.parquet', await volume({ priceStep: 7 }), /liqmap\.price_step is 7 but column price_bin has \d+ values off that step/));
    it('symbol: a symbol column that disagrees', async () =>
      expectRefused('sym.parquet', await volume({ extraColumns: { symbol: Array(12).fill('ETHUSDT') } }), /liqmap\.symbol is BTCUSDT but column symbol disagrees in 12 rows/));
    it('symbol: a conventional file name that disagrees', async () =>
      expectRefused('ETHUSDT-2025-11.volume.parquet', await volume(), /the file name says symbol ETHUSDT but liqmap\.symbol is BTCUSDT/));
    it('the manifest entry that disagrees', async () =>
      expectRefused('BTCUSDT-2025-11.volume.parquet', await volume(), /the manifest entry says month 2025-12/, { month: '2025-12' }));
  });

  describe('file names are carried as plain text', () => {
    it('HTML and script in the name', async () => {
      const name = `<img src=x onerror="alert(1)"><script>alert('x')</script>.parquet`;
      await expectRefused(name, new TextEncoder().encode('not parquet'), /not a Parquet file/);
    });
  });

  describe('a failure while loading rolls back', () => {
    it('keeps the good data when the load fails', async () => {
      const valid = await readProfile({ name: 'late.parquet', bytes: await volume({}, sampleVolumeRows('2025-11', 1)) });
      expect(valid.ok).toBe(true);
      if (!valid.ok) return;
      const { notional: _lost, ...columns } = valid.columns; // what a half-decoded file would hold
      const result = table.load({ ...valid, columns }, 'upload');
      expect(result).toMatchObject({ ok: false, file: 'late.parquet' });
      expect(result.ok === false && result.message).toMatch(/late\.parquet.*could not be loaded \(column notional is not numeric\).*unchanged/);
      expect(await snapshot()).toBe(snapshotBefore);
    });
  });
});
