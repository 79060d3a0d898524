/**
 * Parquet decoding with parquet-wasm, outside DuckDB (DuckDB-WASM would download its
 * Parquet extension, and the app must work offline).
 *
 * Node resolves parquet-wasm's `node` build, which instantiates itself on import and has no
 * default export. Browsers and workers get the `esm` build, whose default export must be
 * called once with the wasm file's URL before any other call: the engine worker does
 * `await initParquet(wasmUrl)` with `import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url'`.
 */
import * as pq from 'parquet-wasm';
import { tableFromIPC, type Field } from 'apache-arrow';

let ready: Promise<void> | undefined;

/** Instantiate parquet-wasm once (a no-op in Node). Safe to call many times. */
export function initParquet(wasm?: string | URL | BufferSource): Promise<void> {
  const init = (pq as { default?: unknown }).default;
  if (typeof init !== 'function') return Promise.resolve();
  ready ??= (async () => {
    await (init as (arg?: object) => Promise<unknown>)(wasm === undefined ? undefined : { module_or_path: wasm });
  })();
  return ready;
}

/** The footer of a Parquet file: its key-value metadata and Arrow fields. */
export interface ParquetSchema {
  metadata: Map<string, string>;
  fields: Field[];
}

export function readParquetSchema(bytes: Uint8Array): ParquetSchema {
  const schema = pq.readSchema(bytes);
  const metadata = new Map(schema.metadata());
  const fields = tableFromIPC(schema.intoIPCStream()).schema.fields;
  return { metadata, fields };
}

/** Decode only `columns` (extra columns of the file are never decoded) to Arrow IPC stream bytes. */
export function readParquetColumns(bytes: Uint8Array, columns: string[]): Uint8Array {
  // Large batches: parquet-wasm's default of 1024 rows makes hundreds of batches, each a cost in DuckDB's insert.
  return pq.readParquet(bytes, { columns, batchSize: 65_536 }).intoIPCStream();
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** A Parquet file starts and ends with PAR1; a truncated download loses the trailing one. */
export function hasParquetMagic(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const end = bytes.length - 4;
  return MAGIC.every((b, i) => bytes[i] === b && bytes[end + i] === b);
}
