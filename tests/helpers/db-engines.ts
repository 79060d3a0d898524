/**
 * The DuckDB engines a suite of the Db seam runs on, as duckdb-wasm runs its own suites on
 * several engines: the WASM build the app ships (blocking Node build) and native DuckDB.
 * Both must give the same answers; a difference is a bug in a query or in a seam.
 */
import type { Db } from '../../src/lib/db/db.ts';
import { openNativeDb } from '../../src/lib/db/db-native.ts';
import { openNodeDb } from '../../src/lib/db/db-node.ts';

export interface DbEngine {
  name: string;
  open: () => Promise<Db>;
}

export const DB_ENGINES: readonly DbEngine[] = [
  { name: 'DuckDB-WASM (Node)', open: openNodeDb },
  { name: 'native DuckDB', open: openNativeDb },
];
