/**
 * The aggregation, in native DuckDB: each aggTrades CSV is scanned once (streaming, in
 * parallel) into a small table of 5-minute x price-bin x side x size-bucket groups; the volume
 * and candle profiles are both regrouped from it and written as Parquet by DuckDB itself.
 * Metrics files give the OI rows.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { METRICS_COLUMNS, aggTradesScan, binEdgeSql, priceBinIndexSql, sizeBucketSql, sqlString } from './sql.ts';

export interface RejectedLine {
  /** The file the line is in (as given to DuckDB). */
  path: string;
  line: number;
  message: string;
}

export interface AggTradesFileResult {
  /** Data rows that parsed and went into the profiles. */
  rows: number;
  /** Lines DuckDB could not parse (wrong column count, non-numeric value, ...). */
  rejectedLines: number;
  firstRejects: RejectedLine[];
  /** Lines that parsed but have an empty or non-positive field. */
  invalidRows: number;
  /** First and last 5-minute bucket of the file's valid rows (ms), or null when empty. */
  firstTime: number | null;
  lastTime: number | null;
}

export interface MetricsResult {
  rows: number;
  rejectedLines: number;
  firstRejects: RejectedLine[];
  /** Rows with no open interest figure. */
  invalidRows: number;
  /** Files (paths) whose rows name another symbol, with that symbol. */
  otherSymbols: { path: string; symbol: string }[];
  /** Files with rows outside their day. */
  outside: { path: string; time: number }[];
}

/**
 * Epoch ms (a BIGINT expression) as a UTC timestamp, as profiles store times. to_timestamp
 * makes the TIMESTAMPTZ directly (exact to the microsecond); casting a TIMESTAMP to it goes
 * through ICU's calendar once a row, about ten times slower.
 */
export function utcTime(ms: string): string {
  return `to_timestamp(${ms} / 1000)`;
}

const FIRST_REJECTS = 5;

export interface EngineOptions {
  threads?: number;
  memoryLimit?: string;
  tempDirectory?: string;
  /** Track each query's progress for `conn.progress` (default true). DuckDB polls it while a query runs: a build that never reads it turns it off. */
  trackProgress?: boolean;
}

export class Aggregator {
  private nextId = 0;

  private constructor(private readonly db: DuckDBInstance, readonly conn: DuckDBConnection) {}

  static async create(o: EngineOptions = {}): Promise<Aggregator> {
    const config: Record<string, string> = {
      threads: String(o.threads ?? 2),
      memory_limit: o.memoryLimit ?? '1GB',
      preserve_insertion_order: 'false',
    };
    if (o.tempDirectory) config.temp_directory = o.tempDirectory;
    const db = await DuckDBInstance.create(':memory:', config);
    const conn = await db.connect();
    // DuckDB tracks a query's progress only with its progress bar on; the builder reads it, DuckDB prints nothing.
    if (o.trackProgress ?? true) await conn.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false;');
    // Profile times are written as UTC timestamps.
    await conn.run(`SET TimeZone = 'UTC'`);
    return new Aggregator(db, conn);
  }

  close(): void {
    this.conn.closeSync();
    this.db.closeSync();
  }

  /** Starts a new symbol-month. */
  async reset(): Promise<void> {
    await this.conn.run(`CREATE OR REPLACE TEMP TABLE fine (
      file INTEGER, t5 BIGINT, bin DOUBLE, sell BOOLEAN, size_min DOUBLE, notional DOUBLE, quantity DOUBLE,
      trades BIGINT, low DOUBLE, high DOUBLE, first_price DOUBLE, first_id BIGINT, last_price DOUBLE,
      last_id BIGINT)`);
  }

  async rejects(table: string): Promise<{ count: number; first: RejectedLine[] }> {
    // One row per bad line (DuckDB reports each missing column of a short line separately).
    const r = await this.conn.runAndReadAll(`SELECT s.file_path AS path, e.line,
        first(e.error_message ORDER BY e.column_idx) AS message
      FROM ${table} e JOIN ${table}_scan s USING (scan_id, file_id) GROUP BY ALL ORDER BY path, e.line`);
    const rows = r.getRowObjectsJS();
    await this.conn.run(`DROP TABLE IF EXISTS ${table}; DROP TABLE IF EXISTS ${table}_scan`);
    return {
      count: rows.length,
      first: rows.slice(0, FIRST_REJECTS).map((x) => ({ path: String(x.path), line: Number(x.line), message: String(x.message) })),
    };
  }

  /** Scans one aggTrades CSV into the month's groups. */
  async addAggTrades(path: string, header: boolean, priceStep: number): Promise<AggTradesFileResult> {
    const file = ++this.nextId;
    const rej = `rejects_${file}`;
    const src = aggTradesScan(path, header, rej);
    // Straight into the month's table (no copy of the groups); groups with a missing key part are counted, then dropped.
    await this.conn.run(`INSERT INTO fine
      SELECT ${file} AS file, (transact_time // 300000) * 300000 AS t5, ${priceBinIndexSql(priceStep)} AS bin,
        is_buyer_maker AS sell, ${sizeBucketSql('n')} AS size_min,
        sum(n) AS notional, sum(quantity) AS quantity, count(*) AS trades,
        min(price) AS low, max(price) AS high,
        arg_min(price, agg_trade_id) AS first_price, min(agg_trade_id) AS first_id,
        arg_max(price, agg_trade_id) AS last_price, max(agg_trade_id) AS last_id
      FROM (SELECT *, CASE WHEN agg_trade_id IS NOT NULL THEN price * quantity END AS n FROM ${src}) GROUP BY ALL`);
    // A row with any field missing has a NULL key part (a missing id: no notional, so no size bucket).
    const valid = 't5 IS NOT NULL AND bin IS NOT NULL AND sell IS NOT NULL AND size_min IS NOT NULL';
    const stats = (await this.conn.runAndReadAll(`SELECT
        coalesce(sum(trades) FILTER (WHERE ${valid}), 0) AS rows,
        coalesce(sum(trades) FILTER (WHERE NOT (${valid})), 0) AS invalid,
        min(t5) FILTER (WHERE ${valid}) AS first_time, max(t5) FILTER (WHERE ${valid}) AS last_time
      FROM fine WHERE file = ${file}`)).getRowObjectsJS()[0];
    if (Number(stats.invalid) > 0) await this.conn.run(`DELETE FROM fine WHERE file = ${file} AND NOT (${valid})`);
    const rejects = await this.rejects(rej);
    return {
      rows: Number(stats.rows),
      invalidRows: Number(stats.invalid),
      rejectedLines: rejects.count,
      firstRejects: rejects.first,
      firstTime: stats.first_time === null ? null : Number(stats.first_time),
      lastTime: stats.last_time === null ? null : Number(stats.last_time),
    };
  }

  /**
   * Writes a query's rows as a profile Parquet file (zstd, the metadata as key-value pairs),
   * natively: no row crosses into JavaScript. Returns the number of rows.
   */
  async copy(select: string, path: string, metadata: Record<string, string>): Promise<number> {
    const kv = Object.entries(metadata).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(', ');
    const r = await this.conn.runAndReadAll(`COPY (${select}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd, KV_METADATA {${kv}})`);
    return Number(r.getRows()[0][0]);
  }

  /**
   * The volume profile; `priceStep` is the one the month's trades were binned with. From `fine`
   * (5-minute groups, regrouped by hour) or from `hourly`: a table of t5 (the hour, ms), bin,
   * sell, size_min, notional, quantity and trades already one row per hour x bin x side x
   * bucket (Bybit's bybit_volume), written as is: a sum of one row is the row, so the files are
   * the same without the second grouping's hash table.
   */
  async writeVolume(path: string, priceStep: number, metadata: Record<string, string>, hourly?: string): Promise<number> {
    const groups = hourly
      ? `SELECT t5 AS h, bin, sell, size_min, round(notional, 6) AS notional, round(quantity, 9) AS quantity, trades::BIGINT AS trades
        FROM ${hourly}`
      : `SELECT (t5 // 3600000) * 3600000 AS h, bin, sell, size_min,
          round(sum(notional), 6) AS notional, round(sum(quantity), 9) AS quantity, sum(trades)::BIGINT AS trades
        FROM fine GROUP BY ALL`;
    // The bin's edge price and the side's text are made once per output row, after grouping by
    // the bin's index and the side's boolean.
    return this.copy(`SELECT ${utcTime('h')} AS hour, ${binEdgeSql('bin', priceStep)} AS price_bin,
        CASE WHEN sell THEN 'sell' ELSE 'buy' END AS side, size_min, notional, quantity, trades
      FROM (${groups})
      ORDER BY h, bin, sell, size_min`, path, metadata);
  }

  /** The candles profile from `from`: `fine` or any table of its t5, sell and candle columns (Bybit's bybit_t5). */
  async writeCandles(path: string, metadata: Record<string, string>, from = 'fine'): Promise<number> {
    return this.copy(`SELECT ${utcTime('t5')} AS time,
        arg_min(first_price, first_id) AS open, max(high) AS high, min(low) AS low,
        arg_max(last_price, last_id) AS close, round(sum(quantity), 9) AS volume,
        round(sum(notional), 6) AS quote_volume,
        round(coalesce(sum(notional) FILTER (WHERE NOT sell), 0), 6) AS taker_buy_quote_volume,
        sum(trades)::BIGINT AS trades
      FROM ${from} GROUP BY t5 ORDER BY t5`, path, metadata);
  }

  /** The OI profile from the metrics read by metrics(). */
  async writeOi(path: string, metadata: Record<string, string>): Promise<number> {
    return this.copy(`SELECT ${utcTime('time')} AS time, oi AS open_interest, oi_usd AS open_interest_usd
      FROM metrics_rows WHERE oi IS NOT NULL AND oi_usd IS NOT NULL AND time IS NOT NULL ORDER BY metrics_rows.time`, path, metadata);
  }

  /** Reads the month's daily metrics files (for writeOi); returns what was wrong. */
  async metrics(files: { path: string; day: string; symbol: string }[]): Promise<MetricsResult> {
    const rej = `rejects_${++this.nextId}`;
    const list = `[${files.map((f) => sqlString(f.path)).join(', ')}]`;
    await this.conn.run(`CREATE OR REPLACE TEMP TABLE metrics_rows AS
      SELECT filename, epoch_ms(create_time) AS time, symbol, sum_open_interest AS oi, sum_open_interest_value AS oi_usd
      FROM read_csv(${list}, header=true, auto_detect=false, delim=',', quote='"', filename=true,
        columns=${METRICS_COLUMNS}, store_rejects=true, rejects_table=${sqlString(rej)}, rejects_scan=${sqlString(`${rej}_scan`)})`);
    const otherSymbols: MetricsResult['otherSymbols'] = [];
    const outside: MetricsResult['outside'] = [];
    for (const f of files) {
      const start = Date.parse(`${f.day}T00:00:00Z`);
      const r = (await this.conn.runAndReadAll(`SELECT
          first(symbol) FILTER (WHERE symbol IS DISTINCT FROM ${sqlString(f.symbol)}) AS other,
          first(time) FILTER (WHERE time < ${start} OR time >= ${start + 86_400_000}) AS outside
        FROM metrics_rows WHERE filename = ${sqlString(f.path)}`)).getRowObjectsJS()[0];
      if (r.other !== null) otherSymbols.push({ path: f.path, symbol: String(r.other) });
      if (r.outside !== null) outside.push({ path: f.path, time: Number(r.outside) });
    }
    const counts = (await this.conn.runAndReadAll(`SELECT count(*) FILTER (WHERE oi IS NOT NULL AND oi_usd IS NOT NULL AND time IS NOT NULL) AS rows,
        count(*) FILTER (WHERE oi IS NULL OR oi_usd IS NULL OR time IS NULL) AS invalid FROM metrics_rows`)).getRowObjectsJS()[0];
    const rejects = await this.rejects(rej);
    return {
      rows: Number(counts.rows), invalidRows: Number(counts.invalid), rejectedLines: rejects.count,
      firstRejects: rejects.first, otherSymbols, outside,
    };
  }
}
