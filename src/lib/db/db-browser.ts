/**
 * AsyncDuckDB in its own nested worker, opened with liqmap's settings (db-config.ts), for the
 * SQL console (the only browser code that uses DuckDB). Only the `eh` bundle ships: every
 * browser liqmap targets has wasm exceptions, and one bundle keeps the download small.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { DB_OPEN_CONFIG, DB_STARTUP_SQL } from './db-config.ts';

export interface DuckDbConnection {
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
}

/** Start DuckDB (fetch and compile its wasm) and open one connection with the startup settings. */
export async function openDuckDb(): Promise<DuckDbConnection> {
  const worker = new Worker(new URL(workerUrl, self.location.href).href);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL(wasmUrl, self.location.href).href);
  await db.open(DB_OPEN_CONFIG);
  const conn = await db.connect();
  await conn.query(DB_STARTUP_SQL);
  return { db, conn };
}
