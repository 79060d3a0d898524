/**
 * A checked profile as one Arrow IPC stream in the layout of its SQL console table (src/lib/console/tables.ts:
 * exchange, symbol, month, then KIND_COLUMNS in order), so DuckDB appends it with no staging table.
 */
import * as arrow from 'apache-arrow';
import { KIND_COLUMNS, type ProfileKind } from './profile-schema.ts';
import { numberColumn, textColumn, type DecodedColumns } from './decoded-columns.ts';

/** Text as a dictionary vector: the engine tables' text columns hold a handful of distinct values. */
function dictionary(values: readonly (string | null)[]): arrow.Vector {
  const codes = new Map<string, number>();
  const indices = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const s = values[i] ?? '';
    let code = codes.get(s);
    if (code === undefined) codes.set(s, (code = codes.size));
    indices[i] = code;
  }
  const words = arrow.vectorFromArray([...codes.keys()], new arrow.Utf8());
  const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
  return arrow.makeVector(arrow.makeData({ type, length: values.length, nullCount: 0, data: indices, dictionary: words }));
}

/** One value on every row: a one-word dictionary and all-zero indices. */
function constant(value: string, rows: number): arrow.Vector {
  const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
  return arrow.makeVector(arrow.makeData({ type, length: rows, nullCount: 0, data: new Int32Array(rows), dictionary: arrow.vectorFromArray([value], new arrow.Utf8()) }));
}

/** Rows of a checked profile (no nulls left) for the `kind` table. */
export function profileTableIpc(kind: ProfileKind, exchange: string, symbol: string, month: string, columns: DecodedColumns, rows: number): Uint8Array {
  const vectors: Record<string, arrow.Vector> = {
    exchange: constant(exchange, rows),
    symbol: constant(symbol, rows),
    month: constant(month, rows),
  };
  // Times and counts go as DOUBLE (exact below 2^53) and DuckDB casts them to the table's BIGINT.
  for (const c of KIND_COLUMNS[kind]) {
    vectors[c.name] = c.type === 'string' ? dictionary(textColumn(columns, c.name).values) : arrow.makeVector(numberColumn(columns, c.name).values);
  }
  return arrow.tableToIPC(new arrow.Table(vectors), 'stream');
}
