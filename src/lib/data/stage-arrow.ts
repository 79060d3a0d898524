/**
 * Decoded profile columns as one Arrow IPC stream for DuckDB's staging table, each column in
 * the type its spec asks for (times as TIMESTAMP ms, DOUBLE, BIGINT, VARCHAR). Nulls are kept
 * (as Arrow nulls) so the value checks can name them.
 */
import * as arrow from 'apache-arrow';
import type { ColumnType } from './profile-schema.ts';
import type { ColumnValues } from './parquet.ts';

function validity(values: ColumnValues): { bitmap?: Uint8Array; nulls: number } {
  if (ArrayBuffer.isView(values)) return { nulls: 0 };
  let nulls = 0;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || values[i] === undefined) nulls++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return nulls ? { bitmap, nulls } : { nulls: 0 };
}

function float64(values: ColumnValues): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] == null ? 0 : Number(values[i]);
  return out;
}

function int64(values: ColumnValues): BigInt64Array {
  if (values instanceof BigInt64Array) return values;
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v == null ? 0n : typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
  }
  return out;
}

/** Utf8 offsets and bytes built directly (Arrow's generic builder is slow); repeated strings encode once. */
function utf8(values: ColumnValues): { valueOffsets: Int32Array; data: Uint8Array } {
  const encoder = new TextEncoder();
  const encoded = new Map<string, Uint8Array>();
  const parts: Uint8Array[] = new Array(values.length);
  const valueOffsets = new Int32Array(values.length + 1);
  for (let i = 0; i < values.length; i++) {
    const s = values[i] == null ? '' : String(values[i]);
    let bytes = encoded.get(s);
    if (!bytes) encoded.set(s, (bytes = encoder.encode(s)));
    parts[i] = bytes;
    valueOffsets[i + 1] = valueOffsets[i] + bytes.length;
  }
  const data = new Uint8Array(valueOffsets[values.length]);
  parts.forEach((p, i) => data.set(p, valueOffsets[i]));
  return { valueOffsets, data };
}

function vector(type: ColumnType, values: ColumnValues): arrow.Vector {
  const { bitmap, nulls } = validity(values);
  const base = { length: values.length, nullCount: nulls, nullBitmap: bitmap };
  switch (type) {
    case 'time':
      return arrow.makeVector(arrow.makeData({ ...base, type: new arrow.TimestampMillisecond(), data: int64(values) }));
    case 'int':
      return arrow.makeVector(arrow.makeData({ ...base, type: new arrow.Int64(), data: int64(values) }));
    case 'double':
      return arrow.makeVector(arrow.makeData({ ...base, type: new arrow.Float64(), data: float64(values) }));
    case 'string':
      return arrow.makeVector(arrow.makeData({ ...base, type: new arrow.Utf8(), ...utf8(values) }));
  }
}

/** One Arrow IPC stream of `columns` (name → spec type), all of the same length. */
export function stageIpc(types: Record<string, ColumnType>, columns: Record<string, ColumnValues>): Uint8Array {
  const vectors: Record<string, arrow.Vector> = {};
  for (const [name, type] of Object.entries(types)) vectors[name] = vector(type, columns[name]);
  return arrow.tableToIPC(new arrow.Table(vectors), 'stream');
}
