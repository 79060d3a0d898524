/**
 * The Db seam over native DuckDB (@duckdb/node-api), Node only: a second engine for the model
 * suites, so that a query that only works by accident on DuckDB-WASM shows up. It answers in
 * the shapes of the WASM seam (arrow-columns.ts with DB_OPEN_CONFIG): every numeric column as
 * Float64Array (times as epoch ms, NULL as NaN), text and booleans as arrays, and it binds
 * every number as DOUBLE, as DuckDB-WASM does.
 */
import {
  BOOLEAN, BIGINT, DOUBLE, DuckDBInstance, DuckDBTimestampValue, DuckDBTypeId, SQLNULL, VARCHAR,
  type DuckDBAppender, type DuckDBConnection, type DuckDBType, type DuckDBValue,
} from '@duckdb/node-api';
import { Type, tableFromIPC, type DataType } from 'apache-arrow';
import type { Column, Columns, Db, Param } from './db.ts';
import { DB_STARTUP_SQL } from './db-config.ts';

/** DuckDB types that the WASM seam returns as numbers (Arrow Int, Float, Decimal, Date, Timestamp). */
const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL, DuckDBTypeId.DATE, DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS, DuckDBTypeId.TIMESTAMP_TZ,
]);

/** A parameter with the type DuckDB-WASM gives it (numbers are always DOUBLE there, never INTEGER). */
function bound(p: Param): { value: DuckDBValue; type: DuckDBType } {
  if (p === null) return { value: null, type: SQLNULL };
  if (typeof p === 'number') return { value: p, type: DOUBLE };
  if (typeof p === 'boolean') return { value: p, type: BOOLEAN };
  return { value: p, type: VARCHAR };
}

function toColumn(type: DuckDBType, values: unknown[]): Column {
  if (NUMERIC.has(type.typeId)) return Float64Array.from(values, (v) => (v == null ? NaN : Number(v)));
  if (type.typeId === DuckDBTypeId.BOOLEAN) return values as (boolean | null)[];
  return values.map((v) => (v == null || typeof v === 'string' ? v : String(v))) as string[];
}

/** The DuckDB column type an Arrow field is stored as, and how one value is appended. */
function arrowColumn(type: DataType): { sql: string; append: (a: DuckDBAppender, v: unknown) => void } {
  switch (type.typeId) {
    case Type.Float:
    case Type.Decimal:
      return { sql: 'DOUBLE', append: (a, v) => a.appendDouble(Number(v)) };
    case Type.Int:
      return { sql: 'BIGINT', append: (a, v) => a.appendBigInt(BigInt(v as number | bigint)) };
    case Type.Bool:
      return { sql: 'BOOLEAN', append: (a, v) => a.appendBoolean(Boolean(v)) };
    case Type.Timestamp:
    case Type.Date:
      // apache-arrow reads both as epoch milliseconds.
      return { sql: 'TIMESTAMP', append: (a, v) => a.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.round(Number(v))) * 1000n)) };
    default:
      return { sql: 'VARCHAR', append: (a, v) => a.appendVarchar(String(v)) };
  }
}

/** Rows of an Arrow IPC stream into `table`: a new table of the stream's columns, or appended to the existing one. */
async function insertArrow(conn: DuckDBConnection, table: string, ipc: Uint8Array, create: boolean): Promise<void> {
  const arrow = tableFromIPC(ipc);
  const name = `"${table.replaceAll('"', '""')}"`;
  const fields = arrow.schema.fields.map((f) => ({ name: f.name, vector: arrow.getChild(f.name)!, ...arrowColumn(f.type) }));
  if (create) {
    await conn.run(`DROP TABLE IF EXISTS ${name}`);
    await conn.run(`CREATE TABLE ${name} (${fields.map((f) => `"${f.name.replaceAll('"', '""')}" ${f.sql}`).join(', ')})`);
  }
  const appender = await conn.createAppender(table);
  try {
    for (let i = 0; i < arrow.numRows; i++) {
      for (const f of fields) {
        const v = f.vector.get(i);
        if (v == null) appender.appendNull();
        else f.append(appender, v);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** An in-memory native DuckDB with liqmap's start-up settings; one thread, like the WASM build. */
export async function openNativeDb(): Promise<Db> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  await conn.run(DB_STARTUP_SQL);
  return {
    async exec(sql) {
      await conn.run(sql);
    },
    async query(sql, params: readonly Param[] = []): Promise<Columns> {
      const binds = params.map(bound);
      const reader = binds.length === 0
        ? await conn.runAndReadAll(sql)
        : await conn.runAndReadAll(sql, binds.map((b) => b.value), binds.map((b) => b.type));
      const types = reader.columnTypes();
      const values = reader.getColumnsJS();
      const columns: Record<string, Column> = {};
      reader.columnNames().forEach((name, c) => {
        columns[name] = toColumn(types[c], values[c] ?? []); // no rows: no value arrays
      });
      return { numRows: reader.currentRowCount, columns };
    },
    insertArrowIPC: (table, ipc) => insertArrow(conn, table, ipc, true),
    appendArrowIPC: (table, ipc) => insertArrow(conn, table, ipc, false),
  };
}
