/**
 * Bybit's aggregation in native DuckDB: the month's dumps are read once by header name (gzip
 * decompressed by DuckDB, several files at a time), their fills grouped into trades (same
 * timestamp, side and price), and the trades' hourly volume groups and 5-minute candle groups
 * handed to the shared volume and candle writers (aggregate.ts). OI records get their USD value from
 * the close of the 5-minute candle at the record.
 */
import { BYBIT_TRADE_COLUMNS } from '../archive/columns.ts';
import type { BybitOiRecord } from '../archive/open-interest.ts';
import type { Aggregator, RejectedLine } from '../../../../tools/builder/aggregate.ts';
import { priceBinIndexSql, sizeBucketSql, sqlString } from '../../../../tools/builder/sql.ts';

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

/** A trade's 5-minute bucket (ms) from its float-seconds timestamp. */
const T5 = '(floor(ts * 1000)::BIGINT // 300000) * 300000';

/**
 * Order of trades inside a 5-minute bucket, as one HUGEINT (a struct key costs twice the time):
 * time (1e-4 s, Bybit's precision), then buys before sells, then along the taker's sweep (a
 * buy's levels upward, a sell's downward; prices to 1e-10).
 */
const SEQUENCE = `((round(ts * 10000)::HUGEINT * 2 + sell::INTEGER) * 100000000000000000::HUGEINT
  + CASE WHEN sell THEN 100000000000000000::HUGEINT - round(price * 1e10)::HUGEINT ELSE round(price * 1e10)::HUGEINT END)`;

/**
 * A trade that goes into the profiles: its key is valid (a positive time and price, a known
 * side: checked once a trade, not once a fill) and it has valid fills with a positive notional
 * (so a size bucket).
 */
const VALID = 'coalesce(ts > 0 AND price > 0 AND sell IS NOT NULL AND price * q > 0, false)';

/**
 * The dumps' fills grouped into trades: the one costly step (a million groups a month). The key
 * is only the file's number and the trade's (timestamp, side, price), the fill grouping rule of
 * src/exchanges/bybit/archive/fills.ts; an unknown side is a NULL `sell`, so its fills make trades of
 * their own that VALID leaves out. Only what varies between a trade's fills is checked per fill
 * (a positive size, the symbol): `q` and `fills` count the good ones, `n` all. `file` is
 * `firstFile` + the file's place in the scan's list.
 */
export function bybitTradesSelect(scan: string, symbol: string, firstFile = 0): string {
  return `SELECT file_index + ${firstFile} AS file, "timestamp" AS ts, CASE side WHEN 'Sell' THEN true WHEN 'Buy' THEN false END AS sell, price,
      sum(size) FILTER (WHERE ok) AS q, count(*) FILTER (WHERE ok) AS fills, count(*) AS n
    FROM (SELECT file_index, "timestamp", side, price, size, coalesce(size > 0 AND symbol = ${sqlString(symbol)}, false) AS ok FROM ${scan})
    GROUP BY file, ts, sell, price`;
}

/**
 * The volume's groups: valid trades by hour, price bin, side and size bucket (a trade's
 * notional decides its bucket), from the `trades` of bybitGroupsTable.
 */
function volumeGroups(priceStep: number): string {
  return `SELECT (t5 // 3600000) * 3600000 AS t5, ${priceBinIndexSql(priceStep)} AS bin, sell, ${sizeBucketSql('n')} AS size_min,
      sum(n) AS notional, sum(q) AS quantity, count(*) AS trades
    FROM (SELECT t5, sell, price, q, price * q AS n FROM trades WHERE valid) GROUP BY ALL`;
}

/**
 * The candles' groups: trades by file, 5 minutes, side and validity. The valid ones give the
 * candles and the OI's prices; all of them each file's counts and time range for the checks.
 */
const CANDLE_GROUPS = `SELECT file, t5, sell, valid, sum(fills) AS fills, sum(n) AS n,
    sum(price * q) AS notional, sum(q) AS quantity, count(*) AS trades, min(price) AS low, max(price) AS high,
    arg_min(price, seq) AS first_price, min(seq) AS first_id, arg_max(price, seq) AS last_price, max(seq) AS last_id
  FROM (SELECT *, CASE WHEN valid THEN ${SEQUENCE} END AS seq FROM trades)
  GROUP BY file, t5, sell, valid`;

/**
 * One query over all the month's dumps (one scan per header line): decompressed and parsed
 * once, the fills grouped into trades once, and the trades, held by DuckDB for the query only
 * (a materialized CTE, not a stored table), grouped both ways into `bybit_groups`: the volume's
 * groups (`candle` false) and the candles' (`candle` true), a few hundred thousand rows.
 */
function bybitGroupsTable(trades: string[], priceStep: number): string {
  return `CREATE OR REPLACE TEMP TABLE bybit_groups AS
    WITH trades AS MATERIALIZED (SELECT *, ${T5} AS t5, ${VALID} AS valid FROM (${trades.join(' UNION ALL ')}))
    SELECT false AS candle, NULL::BIGINT AS file, t5, sell, NULL::BOOLEAN AS valid, bin, size_min, NULL::BIGINT AS fills, NULL::BIGINT AS n,
      notional, quantity, trades, NULL::DOUBLE AS low, NULL::DOUBLE AS high, NULL::DOUBLE AS first_price, NULL::HUGEINT AS first_id,
      NULL::DOUBLE AS last_price, NULL::HUGEINT AS last_id
    FROM (${volumeGroups(priceStep)})
    UNION ALL SELECT true, file, t5, sell, valid, NULL, NULL, fills, n, notional, quantity, trades, low, high, first_price, first_id, last_price, last_id
    FROM (${CANDLE_GROUPS})`;
}

/** The volume's groups, already one row per hour (`t5`), bin, side and bucket: writeVolume's `hourly` (aggregate.ts) writes them as they are. */
const VOLUME_VIEW = `CREATE OR REPLACE TEMP VIEW bybit_volume AS SELECT t5, bin, sell, size_min, notional, quantity, trades FROM bybit_groups WHERE NOT candle`;

/** The valid candle groups, read by writeCandles and the OI's prices. */
const T5_VIEW = `CREATE OR REPLACE TEMP VIEW bybit_t5 AS SELECT t5, sell, notional, quantity, trades, low, high, first_price, first_id, last_price, last_id
  FROM bybit_groups WHERE candle AND valid`;

/** Reads the month's dumps into `bybit_groups` (replacing it), `bybit_volume` and `bybit_t5`; per-file counts and time range for the checks. */
export async function addBybitDumps(agg: Aggregator, groups: DumpGroup[], symbol: string, priceStep: number): Promise<DumpsResult> {
  const conn = agg.conn;
  const paths = groups.flatMap((g) => g.paths);
  let firstFile = 0;
  const trades = groups.map((g, i) => {
    const select = bybitTradesSelect(bybitScan(g, `bybit_rejects_${i}`), symbol, firstFile);
    firstFile += g.paths.length;
    return select;
  });
  await conn.run(bybitGroupsTable(trades, priceStep));
  let rejectedLines = 0;
  const firstRejects: RejectedLine[] = [];
  for (const i of groups.keys()) {
    const r = await agg.rejects(`bybit_rejects_${i}`);
    rejectedLines += r.count;
    firstRejects.push(...r.first);
  }
  await conn.run(VOLUME_VIEW);
  await conn.run(T5_VIEW);
  const stats = (await conn.runAndReadAll(`SELECT file,
      coalesce(sum(fills) FILTER (WHERE valid), 0) AS rows, coalesce(sum(trades) FILTER (WHERE valid), 0) AS trades,
      sum(n) - coalesce(sum(fills) FILTER (WHERE valid), 0) AS invalid,
      min(t5) FILTER (WHERE valid) AS first, max(t5) FILTER (WHERE valid) AS last
    FROM bybit_groups WHERE candle GROUP BY file`)).getRowObjectsJS();
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
    FROM bybit_oi o ASOF LEFT JOIN (SELECT t5, arg_max(last_price, last_id) AS close FROM bybit_t5 GROUP BY t5) c ON o.time >= c.t5`);
  const r = (await conn.runAndReadAll(`SELECT count(*) FILTER (WHERE oi_usd IS NOT NULL) AS rows, count(*) FILTER (WHERE oi_usd IS NULL) AS unpriced FROM metrics_rows`)).getRowObjectsJS()[0];
  return { rows: Number(r.rows), unpriced: Number(r.unpriced) };
}
