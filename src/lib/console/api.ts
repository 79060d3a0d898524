import type { ExchangeId } from '../live/events.ts';

/**
 * The SQL console's worker API as the Data view sees it (through comlink): DuckDB-WASM and the
 * documented tables (docs/console.md), started only when the user opens the console.
 */

export interface ConsoleProgress {
  phase: 'duckdb' | 'profiles' | 'liquidations';
  done: number;
  total: number;
}

/** The current source's files (from the catalog) and the user's copy choices: which cached copy the charts use. */
export interface TableSources {
  /** The exchange named always: without it a Bybit file would take Binance's key (copies.ts). */
  sourceFiles: { exchange: ExchangeId; symbol: string; month: string; kind: 'volume' | 'candles' | 'oi'; sha256: string }[];
  /** "[exchange ]SYMBOL YYYY-MM" months (copies.ts monthKey) for which the user chose the source's copy over an upload. */
  preferSource: string[];
}

export interface TableSummary {
  name: string;
  rows: number;
}

export interface TablesReport {
  tables: TableSummary[];
  /** Files that could not be read (plain text naming each file); they are left out of the tables. */
  problems: string[];
}

export type Cell = string | number | boolean | null;

export interface QueryPreview {
  columns: { name: string; type: string }[];
  /** The first rows, at most the limit asked for; times as ISO UTC text. */
  rows: Cell[][];
  totalRows: number;
}

export interface ConsoleApi {
  /** Start DuckDB if needed, then (re)build the tables from this browser's profiles and liquidations. */
  loadTables(sources: TableSources, progress: (p: ConsoleProgress) => void): Promise<TablesReport>;
  /** Run the user's SQL; the full result is kept for csv(). */
  run(sql: string, previewRows: number): Promise<QueryPreview>;
  /** The last result in full, as CSV. */
  csv(): Promise<string>;
}
