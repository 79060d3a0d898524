/**
 * Encodes profile Parquet files with the exact types of docs/profiles.md: time columns as
 * TIMESTAMP(MILLIS, UTC), DOUBLE, INT64 and STRING, zstd, key-value metadata. Shared by the
 * Node builder and the browser importer (parquet-wasm must be initialised first in a browser).
 */
import * as arrow from 'apache-arrow';
import * as pq from 'parquet-wasm';
import type { ProfileKind } from './profile-schema.ts';
export { profileMetadata, type ProfileMetaInput } from './profile-schema.ts';

export type ColumnKind = 'time' | 'double' | 'int64' | 'string';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

type Values = ArrayLike<unknown>;

function toBigInt64(values: Values): BigInt64Array {
  if (values instanceof BigInt64Array) return values;
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'bigint' ? v : BigInt(Math.round(Number(v)));
  }
  return out;
}

function toFloat64(values: Values): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  return out;
}

/** A Utf8 vector built directly from offsets and bytes (arrow's generic builder is slow). */
function utf8Vector(values: Values): arrow.Vector {
  const n = values.length;
  const encoder = new TextEncoder();
  const offsets = new Int32Array(n + 1);
  const lengths = new Map<string, number>();
  const parts: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = String(values[i]);
    let len = lengths.get(v);
    if (len === undefined) { len = encoder.encode(v).length; lengths.set(v, len); }
    parts[i] = v;
    offsets[i + 1] = offsets[i] + len;
  }
  const data = encoder.encode(parts.join(''));
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data }));
}

function vector(spec: ColumnSpec, values: Values): arrow.Vector {
  switch (spec.kind) {
    case 'time':
      return arrow.makeVector(arrow.makeData({
        type: new arrow.TimestampMillisecond('UTC'), length: values.length, nullCount: 0, data: toBigInt64(values),
      }));
    case 'int64':
      return arrow.makeVector(toBigInt64(values));
    case 'double':
      return arrow.makeVector(toFloat64(values));
    case 'string':
      return utf8Vector(values);
  }
}

/** Encodes the columns (all the same length) as a Parquet file in memory. */
export function encodeParquet(specs: ColumnSpec[], columns: Record<string, Values>, metadata: Record<string, string>): Uint8Array {
  const vectors: Record<string, arrow.Vector> = {};
  for (const spec of specs) {
    const values = columns[spec.name];
    if (!values) throw new Error(`column ${spec.name} is missing`);
    vectors[spec.name] = vector(spec, values);
  }
  const table = new arrow.Table(vectors);
  const wasmTable = pq.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
  const props = new pq.WriterPropertiesBuilder()
    .setCompression(pq.Compression.ZSTD)
    .setKeyValueMetadata(new Map(Object.entries(metadata)))
    .build();
  return pq.writeParquet(wasmTable, props);
}

export const VOLUME_COLUMNS: ColumnSpec[] = [
  { name: 'hour', kind: 'time' }, { name: 'price_bin', kind: 'double' }, { name: 'side', kind: 'string' },
  { name: 'size_min', kind: 'double' }, { name: 'notional', kind: 'double' }, { name: 'quantity', kind: 'double' },
  { name: 'trades', kind: 'int64' },
];

export const CANDLE_COLUMNS: ColumnSpec[] = [
  { name: 'time', kind: 'time' }, { name: 'open', kind: 'double' }, { name: 'high', kind: 'double' },
  { name: 'low', kind: 'double' }, { name: 'close', kind: 'double' }, { name: 'volume', kind: 'double' },
  { name: 'quote_volume', kind: 'double' }, { name: 'taker_buy_quote_volume', kind: 'double' },
  { name: 'trades', kind: 'int64' },
];

export const OI_COLUMNS: ColumnSpec[] = [
  { name: 'time', kind: 'time' }, { name: 'open_interest', kind: 'double' }, { name: 'open_interest_usd', kind: 'double' },
];

export const KIND_SPECS: Record<ProfileKind, ColumnSpec[]> = { volume: VOLUME_COLUMNS, candles: CANDLE_COLUMNS, oi: OI_COLUMNS };

