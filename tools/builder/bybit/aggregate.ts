/**
 * Bybit's aggregation in native DuckDB: the month's dumps are read by header name (gzip
 * decompressed by DuckDB, several files at a time), their fills grouped into trades (same
 * timestamp, side and price), and the trades grouped into the same `fine` table Binance's
 * aggTrades fill (aggregate.ts), so that the volume and candle writers are shared. OI records
 * get their USD value from the close of the 5-minute candle at the record.
 */
import { BYBIT_TRADE_COLUMNS } from '../../../src/lib/archive/bybit/columns.ts';
import type { BybitOiRecord } from '../../../src/lib/archive/bybit/open-interest.ts';
import type { Aggregator, RejectedLine } from '../aggregate.ts';
import { priceBinIndexSql, sizeBucketSql, sqlString } from '../sql.ts';

export interface DumpGroup {
  /** Files sharing one header line. */
  paths: string[];
  columns: string[];
}

export interface DumpStats {
  path: string;
  /** Rows that went into the profiles, and the trades they make. */
  rows: number;
  trades: number;
  /** Rows with a missing, non-positive or unknown field. */
  invalid: number;
  /** A symbol other than the expected one, with its row count. */
  otherSymbol: string | null;
  first: number | null;
  last: number | null;
}

export interface DumpsResult {
  files: DumpStats[];
  rejectedLines: number;
  firstRejects: RejectedLine[];
}

const KNOWN_TYPES = new Map(BYBIT_TRADE_COLUMNS.map(([n, t]) => [n, t]));

/** read_csv's columns for a header: known columns typed, any new one read as text. */
export function bybitColumnsStruct(names: readonly string[]): string {
  return `{${names.map((n) => `${sqlString(n)}:'${KNOWN_TYPES.get(n) ?? 'VARCHAR'}'`).join(',')}}`;
}

/** A typed, no-sniffing scan of dumps sharing one header (gzip by the file name). */
export function bybitScan(g: DumpGroup, rejectsName?: string): string {
  const rejects = rejectsName
    ? `, store_rejects=true, rejects_table=${sqlString(rejectsName)}, rejects_scan=${sqlString(`${rejectsName}_scan`)}`
    : '';
  return `read_csv([${g.paths.map(sqlString).join(', ')}], header=true, auto_detect=false, delim=',', quote='', escape='', `
    + `columns=${bybitColumnsStruct(g.columns)}${rejects})`;
}

/**
 * Order of trades inside a 5-minute bucket, as one HUGEINT (a struct key costs twice the time):
 * time (1e-4 s, Bybit's precision), then buys before sells, then along the taker's sweep (a
 * buy's levels upward, a sell's downward; prices to 1e-10).
 */
const SEQUENCE = `((round(ts * 10000)::HUGEINT * 2 + sell::INTEGER) * 100000000000000000::HUGEINT
  + CASE WHEN sell THEN 100000000000000000::HUGEINT - round(price * 1e10)::HUGEINT ELSE round(price * 1e10)::HUGEINT END)`;

/**
 * Fills grouped into trades, then into the month's `fine` groups (a trade's notional decides its
 * size bucket). The fill grouping is the costly step (a million groups a month), so its key is
 * only the file's number and the trade's (timestamp, side, price): a fill that is not valid (a
 * missing or non-positive value, an unknown side, another symbol) is counted in `bad` rather
 * than keyed apart, and a group of bad fills only makes a `fine` row without a size bucket.
 * `file` is `firstFile` + the file's place in the scan's list.
 */
export function bybitFineSelect(scan: string, symbol: string, priceStep: number, firstFile = 0): string {
  return `SELECT file, (floor(ts * 1000)::BIGINT // 300000) * 300000 AS t5,
      ${priceBinIndexSql(priceStep)} AS bin, sell, ${sizeBucketSql('n')} AS size_min,
      sum(n) AS notional, sum(q) AS quantity, count(*) AS trades, sum(fills) AS fills, sum(bad) AS bad,
      min(price) AS low, max(price) AS high,
      arg_min(price, seq) AS first_price, min(seq) AS first_id,
      arg_max(price, seq) AS last_price, max(seq) AS last_id
    FROM (SELECT file, ts, sell, price, q, price * q AS n, fills, bad, ${SEQUENCE} AS seq
      FROM (SELECT file_index + ${firstFile} AS file, "timestamp" AS ts, side = 'Sell' AS sell, price,
          sum(size) FILTER (WHERE ok) AS q, count(*) FILTER (WHERE ok) AS fills, count(*) FILTER (WHERE NOT ok) AS bad
        FROM (SELECT file_index, "timestamp", side, price, size, coalesce("timestamp" > 0 AND price > 0 AND size > 0
            AND side IN ('Buy', 'Sell') AND symbol = ${sqlString(symbol)}, false) AS ok FROM ${scan})
        GROUP BY file, ts, sell, price))
    GROUP BY file, t5, bin, sell, size_min`;
}

const VALID = 'size_min IS NOT NULL';

/** Reads the month's dumps into `fine` (replacing it); per-file counts and time range for the checks. */
export async function addBybitDumps(agg: Aggregator, groups: DumpGroup[], symbol: string, priceStep: number): Promise<DumpsResult> {
  const conn = agg.conn;
  let rejectedLines = 0;
  const firstRejects: RejectedLine[] = [];
  const paths = groups.flatMap((g) => g.paths);
  let firstFile = 0;
  for (const [i, g] of groups.entries()) {
    const rej = `bybit_rejects_${i}`;
    const into = i === 0 ? 'CREATE OR REPLACE TEMP TABLE fine AS' : 'INSERT INTO fine';
    await conn.run(`${into} ${bybitFineSelect(bybitScan(g, rej), symbol, priceStep, firstFile)}`);
    firstFile += g.paths.length;
    const r = await agg.rejects(rej);
    rejectedLines += r.count;
    firstRejects.push(...r.first);
  }
  const stats = (await conn.runAndReadAll(`SELECT file,
      coalesce(sum(fills) FILTER (WHERE ${VALID}), 0) AS rows,
      coalesce(sum(trades) FILTER (WHERE ${VALID}), 0) AS trades,
      coalesce(sum(bad), 0) + coalesce(sum(fills) FILTER (WHERE NOT (${VALID})), 0) AS invalid,
      min(t5) FILTER (WHERE ${VALID}) AS first, max(t5) FILTER (WHERE ${VALID}) AS last
    FROM fine GROUP BY file`)).getRowObjectsJS();
  // Bad fills are rare: only then are the files that have them read again for another symbol's rows.
  const withBad = groups.map((g) => ({ ...g, paths: g.paths.filter((p) => stats.some((s) => paths[Number(s.file)] === p && Number(s.invalid) > 0)) }))
    .filter((g) => g.paths.length);
  const other = new Map<string, string>();
  for (const g of withBad) {
    const rows = (await conn.runAndReadAll(`SELECT filename, first(coalesce(symbol, '(none)')) AS symbol
      FROM read_csv([${g.paths.map(sqlString).join(', ')}], header=true, auto_detect=false, delim=',', quote='', escape='',
        filename=true, ignore_errors=true, columns=${bybitColumnsStruct(g.columns)})
      WHERE symbol IS DISTINCT FROM ${sqlString(symbol)} GROUP BY filename`)).getRowObjectsJS();
    for (const r of rows) other.set(String(r.filename), String(r.symbol));
  }
  // The shared writers read `fine`: valid trades only (their extra columns are ignored).
  if (withBad.length || stats.some((s) => Number(s.invalid) > 0)) await conn.run(`DELETE FROM fine WHERE NOT (${VALID})`);
  return {
    files: stats.map((s) => {
      const path = paths[Number(s.file)];
      return {
        path, rows: Number(s.rows), trades: Number(s.trades), invalid: Number(s.invalid),
        otherSymbol: other.get(path) ?? null,
        first: s.first === null ? null : Number(s.first), last: s.last === null ? null : Number(s.last),
      };
    }),
    rejectedLines, firstRejects: firstRejects.slice(0, 5),
  };
}

/** Puts the OI records in `metrics_rows` (the table writeOi reads), valued at the candle close at or before each. */
export async function addBybitOi(agg: Aggregator, records: BybitOiRecord[]): Promise<{ rows: number; unpriced: number }> {
  const conn = agg.conn;
  await conn.run(`CREATE OR REPLACE TEMP TABLE bybit_oi (time BIGINT, oi DOUBLE)`);
  for (let i = 0; i < records.length; i += 5000) {
    const values = records.slice(i, i + 5000).map((r) => `(${r.time}, ${r.oneSide})`).join(', ');
    await conn.run(`INSERT INTO bybit_oi VALUES ${values}`);
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE metrics_rows AS
    SELECT o.time, o.oi, o.oi * c.close AS oi_usd
    FROM bybit_oi o ASOF LEFT JOIN (SELECT t5, arg_max(last_price, last_id) AS close FROM fine GROUP BY t5) c ON o.time >= c.t5`);
  const r = (await conn.runAndReadAll(`SELECT count(*) FILTER (WHERE oi_usd IS NOT NULL) AS rows, count(*) FILTER (WHERE oi_usd IS NULL) AS unpriced FROM metrics_rows`)).getRowObjectsJS()[0];
  return { rows: Number(r.rows), unpriced: Number(r.unpriced) };
}
