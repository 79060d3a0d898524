/**
 * The Db seam over DuckDB in Node: db-node.ts wraps the blocking DuckDB-WASM build and
 * db-native.ts native DuckDB, for the tests that compare the typed-array models with SQL
 * and for the SQL console's table tests. The app's models use no database.
 */

/** A query result as columns: numbers as Float64Array (BIGINTs are cast to double), text as string[]. */
export type Column = Float64Array | string[] | (boolean | null)[];
export interface Columns {
  readonly numRows: number;
  readonly columns: Record<string, Column>;
}

export type Param = number | string | boolean | null;

export interface Db {
  /** Run one or more statements, no result. */
  exec(sql: string): Promise<void>;
  /** Run one statement with `?` parameters bound (never pasted into the SQL text). */
  query(sql: string, params?: readonly Param[]): Promise<Columns>;
  /** Create (or replace) `table` from Arrow IPC stream bytes. */
  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void>;
  /** Append an Arrow IPC stream's rows to the existing `table`, columns by position. */
  appendArrowIPC(table: string, ipc: Uint8Array): Promise<void>;
}

/** A numeric column of a result, or an error naming it. */
export function num(result: Columns, name: string): Float64Array {
  const c = result.columns[name];
  if (!(c instanceof Float64Array)) throw new Error(`column ${name} is not numeric`);
  return c;
}

/** A text column of a result, or an error naming it. */
export function text(result: Columns, name: string): string[] {
  const c = result.columns[name];
  if (!Array.isArray(c)) throw new Error(`column ${name} is not text`);
  return c as string[];
}
