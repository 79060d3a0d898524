/**
 * The Db seam over AsyncDuckDB, for the engine worker. Only the `eh` bundle ships: every
 * browser liqmap targets has wasm exceptions, and one bundle keeps the offline precache small.
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

export async function openBrowserDb(): Promise<BrowserDb> {
  const worker = new Worker(new URL(workerUrl, self.location.href).href);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL(wasmUrl, self.location.href).href);
  await db.open(DB_OPEN_CONFIG);
  const conn = await db.connect();
  await conn.query(DB_STARTUP_SQL);
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
