/**
 * Open settings shared by every DuckDB liqmap starts (browser worker, Node tests, bench),
 * so that a query behaves the same everywhere.
 */
import type { DuckDBConfig } from '@duckdb/duckdb-wasm';

export const DB_OPEN_CONFIG: DuckDBConfig = {
  query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: false },
};

/**
 * Never download extensions at run time: the app must work offline, and Parquet is decoded
 * outside DuckDB (hyparquet). TIMESTAMPTZ functions would pull ICU, so tables keep epoch ms.
 */
export const DB_STARTUP_SQL = `
SET autoinstall_known_extensions = false;
SET autoload_known_extensions = false;
`;
