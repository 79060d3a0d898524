/**
 * The engine's early check of a built month (engine/built-ready.ts): from the columns the import
 * worker sends before encoding, the same checked profile and table columns as the full read of
 * the bytes gives; bytes of another build fall back to the full read; bad values are refused
 * with the full read's message.
 */
import { describe, expect, test } from 'vitest';
import { parquetMetadata } from 'hyparquet';
import { buildMonth } from '../../../src/lib/import/month-build.ts';
import type { BuiltColumns } from '../../../src/lib/data/built-columns.ts';
import { builtColumns } from '../../../src/lib/data/built-columns.ts';
import { readProfile } from '../../../src/lib/data/profile-file.ts';
import { textColumn, type DecodedColumns } from '../../../src/lib/data/decoded-columns.ts';
import { storedColumns } from '../../../src/lib/data/stored-columns.ts';
import { encodeProfile } from '../../../src/lib/data/profile-writer.ts';
import { BuiltReady } from '../../../src/lib/engine/built-ready.ts';
import { aggTradesCsv, someTrades } from '../builder/helpers.ts';
import { memoryInput } from './helpers.ts';

const MONTH = '2025-11';

async function built(n: number) {
  let early: BuiltColumns[] = [];
  const month = await buildMonth('RDYUSDT', MONTH, [memoryInput(`RDYUSDT-aggTrades-${MONTH}.csv`, aggTradesCsv(someTrades(MONTH, n), true))], { onColumns: (b) => (early = b) });
  return { month, early };
}

describe('BuiltReady', () => {
  test('the early check gives what the full read of the bytes gives', async () => {
    const { month, early } = await built(400);
    expect(early.map((b) => b.fileName)).toEqual(month.profiles.map((p) => p.fileName));
    const ready = new BuiltReady();
    ready.add(early);
    for (const p of month.profiles) {
      const file = { name: p.fileName, bytes: p.bytes };
      const full = await readProfile(file);
      const taken = ready.take(file);
      if (!full.ok || !taken?.ok) throw new Error(`not both valid: ${JSON.stringify([full, taken])}`);
      expect({ ...taken.valid, columns: undefined }).toEqual({ ...full, columns: undefined });
      // Text the same row for row; a built volume's side kept as codes too (what the checks and the table read).
      const rows = (cs: DecodedColumns) => Object.fromEntries(Object.entries(cs).map(([k, c]) => [k, c.kind === 'text' ? { kind: c.kind, values: [...c.values], nulls: c.nulls } : c]));
      expect(rows(taken.valid.columns)).toEqual(rows(full.columns));
      if (p.kind === 'volume') expect(textColumn(taken.valid.columns, 'side').codes?.words.sort()).toEqual(['buy', 'sell']);
      expect(taken.columns).toEqual(storedColumns(p.kind, full.columns));
      // Taken once: a second store of the same name reads the bytes in full.
      expect(ready.take(file)).toBeNull();
    }
  });

  test('the price x quantity sums are stored uncompressed, every other column SNAPPY', async () => {
    const { month } = await built(200);
    const codecs = Object.fromEntries(month.profiles.flatMap((p) => parquetMetadata(p.bytes.buffer.slice(p.bytes.byteOffset, p.bytes.byteOffset + p.bytes.byteLength) as ArrayBuffer)
      .row_groups[0].columns.map((c) => [`${p.kind}.${c.meta_data!.path_in_schema.join('.')}`, c.meta_data!.codec])));
    const plain = ['volume.notional', 'candles.quote_volume', 'candles.taker_buy_quote_volume'];
    for (const name of plain) expect(codecs[name], name).toBe('UNCOMPRESSED');
    for (const [name, codec] of Object.entries(codecs)) if (!plain.includes(name)) expect(codec, name).toBe('SNAPPY');
  });

  test('add([]) drops the columns held (an import cancelled or failed): their bytes would be read in full', async () => {
    const { month, early } = await built(200);
    const ready = new BuiltReady();
    ready.add(early);
    ready.add([]);
    for (const p of month.profiles) expect(ready.take({ name: p.fileName, bytes: p.bytes })).toBeNull();
  });

  test('bytes of another build are read in full; bad values are refused as the full read refuses them', async () => {
    const [a, b] = [await built(400), await built(300)];
    const ready = new BuiltReady();
    ready.add(a.early);
    const other = b.month.profiles[0];
    expect(ready.take({ name: other.fileName, bytes: other.bytes })).toBeNull();

    const volume = a.early.find((e) => e.kind === 'volume')!;
    const side = Array.from(volume.codes.side.of, (k) => volume.codes.side.words[k]);
    const notional = volume.numbers.notional.slice();
    notional[3] = -1;
    // A side checked as codes: counted and quoted as the full read counts and quotes the strings.
    const sides = side.map((s, i) => (i % 7 === 1 ? 'short' : i % 7 === 2 ? 'long' : s));
    const problems = ['column notional has 1 value below 0', `column side has ${sides.filter((s) => s === 'short' || s === 'long').length} values other than buy/sell (e.g. "long")`];
    for (const [i, bad] of [{ ...volume.numbers, notional, side }, { ...volume.numbers, side: sides }].entries()) {
      const bytes = encodeProfile('volume', bad, volume.metadata);
      ready.add([builtColumns(volume.fileName, 'volume', volume.metadata, bad)]);
      const taken = ready.take({ name: volume.fileName, bytes });
      const full = await readProfile({ name: volume.fileName, bytes });
      expect(full.ok ? null : full.problem).toBe(problems[i]);
      expect(taken).toEqual(full);
    }
  });
});

describe('builtColumns', () => {
  test('holds the values the encoded file holds: time and int columns whole, bigint columns taken', async () => {
    const { early } = await built(300);
    const candles = early.find((e) => e.kind === 'candles')!;
    const trades = candles.numbers.trades.slice();
    trades[0] += 0.6; // a non-integer count: the file holds it rounded
    const columns = { ...candles.numbers, trades, time: BigInt64Array.from(candles.numbers.time, (t) => BigInt(t)) };
    const made = builtColumns(candles.fileName, 'candles', candles.metadata, columns);
    const full = await readProfile({ name: candles.fileName, bytes: encodeProfile('candles', columns, candles.metadata) });
    if (!full.ok) throw new Error(full.message);
    expect(made.numbers.trades[0]).toBe(Math.round(trades[0]));
    for (const [name, values] of Object.entries(made.numbers)) {
      const column = full.columns[name];
      expect(column.kind === 'number' && Array.from(column.values)).toEqual(Array.from(values));
    }
  });
});
