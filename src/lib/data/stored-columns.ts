/**
 * A checked profile's decoded columns as the profile table keeps them (model/profile-data.ts):
 * only the columns a model reads, the decoder's Float64Arrays shared rather than copied, `side`
 * as one byte per row, a volume month's hour, price_bin and size_min as coded columns (one or
 * two bytes a row, profile-data.ts), rows in time order (a file in another order is sorted once, here).
 */
import { BUY, SELL, codedColumn, type OhlcColumns, type OiColumns, type VolumeColumns } from '../model/profile-data.ts';
import { numberColumn, textColumn, type DecodedColumns } from './decoded-columns.ts';
import type { ProfileKind } from './profile-schema.ts';

export type StoredColumns = VolumeColumns | OhlcColumns | OiColumns;

/** Row order by `keys` (the first decides, then the next), or null when the rows already are in it. */
function order(keys: readonly Float64Array[]): Uint32Array | null {
  const [first] = keys;
  const before = (i: number, j: number) => {
    for (const k of keys) if (k[i] !== k[j]) return k[i] - k[j];
    return 0;
  };
  let sorted = true;
  for (let i = 1; i < first.length && sorted; i++) sorted = before(i - 1, i) <= 0;
  if (sorted) return null;
  return Uint32Array.from({ length: first.length }, (_, i) => i).sort(before);
}

function permuted<T extends Float64Array | Uint8Array>(values: T, by: Uint32Array | null): T {
  if (!by) return values;
  const out = new (values.constructor as new (n: number) => T)(values.length);
  for (let i = 0; i < by.length; i++) out[i] = values[by[i]];
  return out;
}

function sides(columns: DecodedColumns): Uint8Array {
  const c = textColumn(columns, 'side');
  if (c.codes) {
    const side = Uint8Array.from(c.codes.words, (w) => (w === 'sell' ? SELL : BUY));
    const { of } = c.codes;
    const out = new Uint8Array(of.length);
    for (let i = 0; i < of.length; i++) out[i] = side[of[i]];
    return out;
  }
  const text = c.values;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text[i] === 'sell' ? SELL : BUY;
  return out;
}

/**
 * The values in a buffer of their own: a decoder's view into a larger buffer (a page, or the
 * file itself when uncompressed) would keep all of that alive for as long as the month is loaded.
 */
function own(values: Float64Array): Float64Array {
  return values.buffer.byteLength > values.byteLength * 1.25 ? values.slice() : values;
}

export function storedColumns(kind: ProfileKind, columns: DecodedColumns): StoredColumns {
  const n = (name: string) => own(numberColumn(columns, name).values);
  if (kind === 'volume') {
    const by = order([n('hour'), n('price_bin')]);
    return {
      hour: codedColumn(permuted(n('hour'), by)),
      priceBin: codedColumn(permuted(n('price_bin'), by)),
      side: permuted(sides(columns), by),
      sizeMin: codedColumn(permuted(n('size_min'), by)),
      notional: permuted(n('notional'), by),
    };
  }
  const by = order([n('time')]);
  if (kind === 'candles') {
    return { time: permuted(n('time'), by), open: permuted(n('open'), by), high: permuted(n('high'), by), low: permuted(n('low'), by), close: permuted(n('close'), by) };
  }
  return { time: permuted(n('time'), by), contracts: permuted(n('open_interest'), by), usd: permuted(n('open_interest_usd'), by) };
}
