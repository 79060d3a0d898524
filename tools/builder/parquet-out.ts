/**
 * Writes a profile Parquet file with the exact types of docs/profiles.md: time columns as
 * TIMESTAMP(MILLIS, UTC), DOUBLE, INT64 and STRING, zstd, key-value metadata, atomically
 * (temporary file, then rename), and returns what the manifest needs.
 */
import { createHash } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import * as arrow from 'apache-arrow';
import * as pq from 'parquet-wasm';

// The app's schema owns the columns of each kind; the writer gives each its Parquet type.
import type { ColumnSpec } from '../../src/lib/data/profile-schema.ts';

export interface WrittenProfile {
  bytes: number;
  sha256: string;
  rows: number;
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
  const offsets = new Int32Array(n + 1);
  const lengths = new Map<string, number>();
  const parts: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = String(values[i]);
    let len = lengths.get(v);
    if (len === undefined) { len = Buffer.byteLength(v); lengths.set(v, len); }
    parts[i] = v;
    offsets[i + 1] = offsets[i] + len;
  }
  const data = new Uint8Array(Buffer.from(parts.join(''), 'utf8'));
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data }));
}

function vector(spec: ColumnSpec, values: Values): arrow.Vector {
  switch (spec.type) {
    case 'time':
      return arrow.makeVector(arrow.makeData({
        type: new arrow.TimestampMillisecond('UTC'), length: values.length, nullCount: 0, data: toBigInt64(values),
      }));
    case 'int':
      return arrow.makeVector(toBigInt64(values));
    case 'double':
      return arrow.makeVector(toFloat64(values));
    case 'string':
      return utf8Vector(values);
  }
}

/** Encodes the columns (all the same length) as a Parquet file in memory. */
export function encodeParquet(specs: readonly ColumnSpec[], columns: Record<string, Values>, metadata: Record<string, string>): Uint8Array {
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

/** Writes the file atomically: a reader never sees a half-written Parquet file. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function writeProfile(
  path: string, specs: readonly ColumnSpec[], columns: Record<string, Values>, metadata: Record<string, string>,
): Promise<WrittenProfile> {
  const bytes = encodeParquet(specs, columns, metadata);
  await writeFileAtomic(path, bytes);
  const rows = specs.length ? (columns[specs[0].name]?.length ?? 0) : 0;
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), rows };
}
