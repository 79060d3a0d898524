/**
 * Parquet decoding outside DuckDB (DuckDB-WASM would download its Parquet extension, and the
 * app must work offline), in plain JavaScript with hyparquet: no second wasm module to fetch
 * and compile beside DuckDB's. ZSTD (the builder's codec) through fzstd, GZIP through fflate;
 * SNAPPY is hyparquet's own. Another codec is refused by name.
 */
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type SchemaElement } from 'hyparquet';
import { decompress as zstd } from 'fzstd';
import { gunzipSync } from 'fflate';
import { ownBytes } from '../typed-arrays.ts';
import { describeField, type ParquetField } from './parquet-fields.ts';
export type { ParquetField } from './parquet-fields.ts';

const COMPRESSORS = {
  ZSTD: (input: Uint8Array, size: number) => zstd(input, new Uint8Array(size)),
  GZIP: (input: Uint8Array, size: number) => gunzipSync(input, { out: new Uint8Array(size) }),
};

/**
 * Times as epoch-ms numbers, whatever the file's unit (exact: epoch ms fit a double). Numbers,
 * not bigints: a month's column stays unboxed instead of a heap object per row.
 */
const PARSERS = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v / 1000n),
  timestampFromNanoseconds: (v: bigint) => Number(v / 1_000_000n),
};

/** The footer of a Parquet file: its key-value metadata and top-level fields. */
export interface ParquetSchema {
  metadata: Map<string, string>;
  fields: ParquetField[];
  rows: number;
  footer: FileMetaData;
  /** The file's bytes as hyparquet reads them (copied once if they were a view). */
  buffer: ArrayBuffer;
}

const bufferOf = (bytes: Uint8Array): ArrayBuffer => ownBytes(bytes).buffer as ArrayBuffer;

export function readParquetSchema(bytes: Uint8Array): ParquetSchema {
  const buffer = bufferOf(bytes);
  const footer = parquetMetadata(buffer);
  const metadata = new Map((footer.key_value_metadata ?? []).map((kv) => [kv.key, kv.value ?? '']));
  const fields = parquetSchema(footer).children.map((c) => describeField(c.element as SchemaElement, c.children.length));
  return { metadata, fields, rows: Number(footer.num_rows), footer, buffer };
}

/** A decoded column: a typed array when the file has no nulls, else an array with nulls. */
export type ColumnValues = ArrayLike<unknown>;

/** Decode only `columns` of a file whose footer was read (extra columns are never decoded). */
export async function readParquetColumns(schema: ParquetSchema, columns: string[]): Promise<Record<string, ColumnValues>> {
  const chunks = new Map<string, { start: number; data: ColumnValues }[]>(columns.map((c) => [c, []]));
  await parquetRead({
    file: schema.buffer, metadata: schema.footer, columns, compressors: COMPRESSORS, parsers: PARSERS,
    onChunk: ({ columnName, columnData, rowStart }) => chunks.get(columnName)?.push({ start: rowStart, data: columnData }),
  });
  const out: Record<string, ColumnValues> = {};
  for (const [name, parts] of chunks) out[name] = joinChunks(parts, schema.rows, name);
  return out;
}

function joinChunks(parts: { start: number; data: ColumnValues }[], rows: number, name: string): ColumnValues {
  if (parts.length === 1 && parts[0].start === 0 && parts[0].data.length === rows) return parts[0].data;
  parts.sort((a, b) => a.start - b.start);
  const out: unknown[] = new Array(rows);
  let filled = 0;
  for (const { start, data } of parts) {
    for (let i = 0; i < data.length && start + i < rows; i++) out[start + i] = data[i];
    filled = Math.max(filled, Math.min(rows, start + data.length));
  }
  if (filled !== rows) throw new Error(`column ${name} has ${filled} values for ${rows} rows`);
  return out;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** A Parquet file starts and ends with PAR1; a truncated download loses the trailing one. */
export function hasParquetMagic(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const end = bytes.length - 4;
  return MAGIC.every((b, i) => bytes[i] === b && bytes[end + i] === b);
}
