/**
 * The Db seam over DuckDB-WASM's blocking Node build: the same engine and settings as the
 * browser, for unit tests and benchmarks. Never imported by browser code.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { tableFromIPC } from 'apache-arrow';
import type { Db, Param } from './db.ts';
import { toColumns } from './arrow-columns.ts';
import { DB_OPEN_CONFIG, DB_STARTUP_SQL } from './db-config.ts';

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm'));
const BUNDLES: duckdb.DuckDBBundles = {
  mvp: {
    mainModule: path.join(dist, 'duckdb-mvp.wasm'),
    mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs'),
  },
  eh: {
    mainModule: path.join(dist, 'duckdb-eh.wasm'),
    mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs'),
  },
};

export async function openNodeDb(): Promise<Db> {
  const db = await duckdb.createDuckDB(BUNDLES, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open(DB_OPEN_CONFIG);
  const conn = db.connect();
  conn.query(DB_STARTUP_SQL);
  return {
    async exec(sql) {
      conn.query(sql);
    },
    async query(sql, params: readonly Param[] = []) {
      if (params.length === 0) return toColumns(conn.query(sql));
      const stmt = conn.prepare(sql);
      try {
        return toColumns(stmt.query(...params));
      } finally {
        stmt.close();
      }
    },
    async insertArrowIPC(table, ipc) {
      conn.query(`DROP TABLE IF EXISTS "${table.replaceAll('"', '""')}"`);
      conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    async appendArrowIPC(table, ipc) {
      conn.insertArrowFromIPCStream(ipc, { name: table, create: false });
    },
  };
}
