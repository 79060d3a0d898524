/** The profile table: months replaced whole, rows in time order, one SymbolData per state of a symbol. */
import { describe, expect, it } from 'vitest';
import { ProfileTable, type LoadedProfile } from '../../../src/lib/data/profile-table.ts';
import { storedColumns } from '../../../src/lib/data/stored-columns.ts';
import type { DecodedColumns } from '../../../src/lib/data/decoded-columns.ts';
import { BUY, SELL, codedColumn, expandedColumn, type VolumeColumns } from '../../../src/lib/model/profile-data.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 1);

const facts = (symbol: string, month: string, kind: LoadedProfile['kind'] = 'volume'): LoadedProfile => ({
  exchange: 'binance', symbol, month, kind, rows: 1, source: 'upload', sha256: null, synthetic: false, priceStep: 10, firstTime: T0, lastTime: T0,
});
const volume = (hours: number[]): VolumeColumns => ({
  hour: codedColumn(hours), priceBin: codedColumn(hours.map(() => 100)), side: new Uint8Array(hours.length),
  sizeMin: codedColumn(hours.map(() => 0)), notional: Float64Array.from(hours, () => 1),
});
const numbers = (values: number[]) => ({ kind: 'number' as const, values: Float64Array.from(values), isNull: null, nulls: 0 });

describe('profile table', () => {
  it('keeps one SymbolData per state: the same object until a month or the live rows of that symbol change', () => {
    const table = new ProfileTable();
    table.put(facts('BTCUSDT', '2025-11'), volume([T0]));
    table.put(facts('ETHUSDT', '2025-11'), volume([T0]));
    const btc = table.symbol('BTCUSDT');
    expect(table.symbol('BTCUSDT')).toBe(btc);
    const eth = table.symbol('ETHUSDT');
    table.put(facts('BTCUSDT', '2025-10'), volume([T0 - 31 * 24 * HOUR]));
    expect(table.symbol('ETHUSDT')).toBe(eth);
    const after = table.symbol('BTCUSDT');
    expect(after).not.toBe(btc);
    expect(after.volume.map((s) => s.month)).toEqual(['2025-10', '2025-11']);
    table.setLive('BTCUSDT', volume([T0 + HOUR]), null);
    expect(table.symbol('BTCUSDT').volume.map((s) => s.month)).toEqual(['2025-10', '2025-11', 'live']);
    expect(table.list().map((f) => `${f.symbol} ${f.month}`)).toEqual(['BTCUSDT 2025-10', 'BTCUSDT 2025-11', 'ETHUSDT 2025-11']);
  });

  it('replaces a month whole, never appends to it', () => {
    const table = new ProfileTable();
    table.put(facts('BTCUSDT', '2025-11'), volume([T0, T0 + HOUR]));
    table.put(facts('BTCUSDT', '2025-11'), volume([T0 + 2 * HOUR]));
    expect(table.symbol('BTCUSDT').volume).toHaveLength(1);
    expect(Array.from(expandedColumn(table.symbol('BTCUSDT').volume[0].columns.hour))).toEqual([T0 + 2 * HOUR]);
  });

  it('keeps only the columns the models read, side as a byte, rows sorted by hour then price_bin', () => {
    const columns: DecodedColumns = {
      hour: numbers([T0 + HOUR, T0, T0 + HOUR, T0]),
      price_bin: numbers([200, 300, 100, 100]),
      side: { kind: 'text', values: ['sell', 'buy', 'buy', 'sell'], nulls: 0 },
      size_min: numbers([0, 1e4, 1e5, 5e5]),
      notional: numbers([1, 2, 3, 4]),
      quantity: numbers([9, 9, 9, 9]),
      trades: numbers([1, 1, 1, 1]),
    };
    const kept = storedColumns('volume', columns) as VolumeColumns;
    expect(Object.keys(kept).sort()).toEqual(['hour', 'notional', 'priceBin', 'side', 'sizeMin']);
    expect(Array.from(expandedColumn(kept.hour))).toEqual([T0, T0, T0 + HOUR, T0 + HOUR]);
    expect(Array.from(expandedColumn(kept.priceBin))).toEqual([100, 300, 100, 200]);
    expect(Array.from(kept.side)).toEqual([SELL, BUY, BUY, SELL]);
    expect(Array.from(kept.notional)).toEqual([4, 2, 3, 1]);
    expect(Array.from(expandedColumn(kept.sizeMin))).toEqual([5e5, 1e4, 1e5, 0]);
    // Coded (profile-data.ts): a byte per row for four distinct values.
    expect(kept.sizeMin.codes).toBeInstanceOf(Uint8Array);
    expect(Array.from(kept.hour.values)).toEqual([T0, T0 + HOUR]);
  });

  it('codes a column exactly, in the narrowest codes that fit its distinct values', () => {
    // ~1,600 distinct decimals (not integers), in runs and out of order.
    const values = Float64Array.from({ length: 70_000 }, (_, i) => (i - (i % 300)) * 0.1 + (i % 7) * 0.01 - (i % 2) * 5000);
    const coded = codedColumn(values);
    expect(coded.codes).toBeInstanceOf(Uint16Array);
    expect(Array.from(expandedColumn(coded))).toEqual(Array.from(values));
    expect(Array.from(coded.values)).toEqual([...new Set(values)].sort((a, b) => a - b));
    expect(codedColumn(Float64Array.from({ length: 70_000 }, (_, i) => i)).codes).toBeInstanceOf(Uint32Array);
  });

  it('shares a sorted file’s decoded arrays instead of copying them', () => {
    const notional = numbers([1, 1]);
    const kept = storedColumns('volume', {
      hour: numbers([T0, T0 + HOUR]), price_bin: numbers([1, 1]), side: { kind: 'text', values: ['buy', 'buy'], nulls: 0 },
      size_min: numbers([0, 0]), notional,
    }) as VolumeColumns;
    expect(kept.notional).toBe(notional.values);
  });
});
