/**
 * Encodes profile Parquet files with the exact types of docs/profiles.md: time columns as
 * TIMESTAMP(MILLIS, UTC), DOUBLE, INT64 and STRING, every column REQUIRED, key-value metadata.
 * Used by the browser importer; pure JavaScript (hyparquet-writer), so no wasm module is
 * fetched for it. SNAPPY, the codec every Parquet reader has (there is no ZSTD encoder in
 * JavaScript worth its size), but for the columns it hardly shrinks (INCOMPRESSIBLE); the Node
 * builder writes ZSTD with DuckDB.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { KIND_COLUMNS, storedNumber, type ColumnType, type ProfileKind } from './profile-schema.ts';
export { profileMetadata, type ProfileMetaInput } from './profile-schema.ts';

type Values = ArrayLike<unknown>;

function toBigInt64(values: Values): BigInt64Array {
  if (values instanceof BigInt64Array) return values;
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'bigint' ? v : BigInt(storedNumber('int', v));
  }
  return out;
}

function toFloat64(values: Values): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = storedNumber('double', values[i]);
  return out;
}

const TIMESTAMP_MS_UTC = { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } } as const;
const ELEMENTS = {
  time: TIMESTAMP_MS_UTC,
  double: { type: 'DOUBLE' },
  int: { type: 'INT64' },
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
} as const;

/** Whole numbers as numbers: the encoder makes a time column's bigints itself, so converting here first would do it twice. */
function toWhole(values: Values): ArrayLike<unknown> {
  if (values instanceof BigInt64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = storedNumber('time', values[i]);
  return out;
}

function data(type: ColumnType, values: Values): ArrayLike<unknown> {
  switch (type) {
    case 'time':
      return toWhole(values);
    case 'int':
      return toBigInt64(values);
    case 'double':
      return toFloat64(values);
    case 'string':
      return Array.from(values, String);
  }
}

/**
 * Sums of price x quantity: near every value is distinct, to the last bits of its mantissa, so
 * SNAPPY shrinks them by a twelfth at most and costs a tenth of the volume file's encoding.
 */
const INCOMPRESSIBLE = new Set(['notional', 'quote_volume', 'taker_buy_quote_volume']);

/** Encodes a `kind` profile's columns (all the same length) as a Parquet file in memory, one row group. */
export function encodeProfile(kind: ProfileKind, columns: Record<string, Values>, metadata: Record<string, string>): Uint8Array {
  const specs = KIND_COLUMNS[kind];
  const columnData = specs.map((spec) => {
    const values = columns[spec.name];
    if (!values) throw new Error(`column ${spec.name} is missing`);
    return { name: spec.name, data: data(spec.type, values) as unknown[], ...(INCOMPRESSIBLE.has(spec.name) ? { codec: 'UNCOMPRESSED' as const } : {}) };
  });
  const rows = columnData[0]?.data.length ?? 0;
  return new Uint8Array(parquetWriteBuffer({
    columnData,
    schema: [
      { name: 'root', num_children: specs.length },
      ...specs.map((s) => ({ name: s.name, repetition_type: 'REQUIRED' as const, ...ELEMENTS[s.type] })),
    ],
    codec: 'SNAPPY',
    // No reader of these files prunes by min/max (the engine reads every row); leaving them out saves an eighth of the encoding.
    statistics: false,
    rowGroupSize: Math.max(1, rows),
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  }));
}
