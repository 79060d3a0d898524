/**
 * Encodes profile Parquet files with the exact types of docs/profiles.md: time columns as
 * TIMESTAMP(MILLIS, UTC), DOUBLE, INT64 and STRING, every column REQUIRED, key-value metadata.
 * Used by the browser importer; pure JavaScript (hyparquet-writer), so no wasm module is
 * fetched for it. SNAPPY, the codec every Parquet reader has (there is no ZSTD encoder in
 * JavaScript worth its size); the Node builder writes ZSTD with DuckDB.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
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

const TIMESTAMP_MS_UTC = { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } } as const;
const ELEMENTS = {
  time: TIMESTAMP_MS_UTC,
  double: { type: 'DOUBLE' },
  int64: { type: 'INT64' },
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
} as const;

function data(spec: ColumnSpec, values: Values): ArrayLike<unknown> {
  switch (spec.kind) {
    case 'time':
    case 'int64':
      return toBigInt64(values);
    case 'double':
      return toFloat64(values);
    case 'string':
      return Array.from(values, String);
  }
}

/** Encodes the columns (all the same length) as a Parquet file in memory, one row group. */
export function encodeParquet(specs: ColumnSpec[], columns: Record<string, Values>, metadata: Record<string, string>): Uint8Array {
  const columnData = specs.map((spec) => {
    const values = columns[spec.name];
    if (!values) throw new Error(`column ${spec.name} is missing`);
    return { name: spec.name, data: data(spec, values) as unknown[] };
  });
  const rows = columnData[0]?.data.length ?? 0;
  return new Uint8Array(parquetWriteBuffer({
    columnData,
    schema: [
      { name: 'root', num_children: specs.length },
      ...specs.map((s) => ({ name: s.name, repetition_type: 'REQUIRED' as const, ...ELEMENTS[s.kind] })),
    ],
    codec: 'SNAPPY',
    rowGroupSize: Math.max(1, rows),
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  }));
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

