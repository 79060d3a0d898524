/**
 * AsyncDuckDB in its own nested worker, opened with liqmap's settings (db-config.ts), and the
 * Db seam over it. Only the `eh` bundle ships: every browser liqmap targets has wasm
 * exceptions, and one bundle keeps the download small.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { Db, Param } from './db.ts';
import { toColumns } from './arrow-columns.ts';
import { DB_OPEN_CONFIG, DB_STARTUP_SQL } from './db-config.ts';

export interface BrowserDb extends Db {
  terminate(): Promise<void>;
}

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

export async function openBrowserDb(): Promise<BrowserDb> {
  const { db, conn } = await openDuckDb();
  return {
    async exec(sql) {
      await conn.query(sql);
    },
    async query(sql, params: readonly Param[] = []) {
      if (params.length === 0) return toColumns(await conn.query(sql));
      const stmt = await conn.prepare(sql);
      try {
        return toColumns(await stmt.query(...params));
      } finally {
        await stmt.close();
      }
    },
    async insertArrowIPC(table, ipc) {
      await conn.query(`DROP TABLE IF EXISTS "${table.replaceAll('"', '""')}"`);
      await conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    async appendArrowIPC(table, ipc) {
      await conn.insertArrowFromIPCStream(ipc, { name: table, create: false });
    },
    async terminate() {
      await conn.close();
      await db.terminate();
    },
  };
}
