/**
 * The aggregations the models read, as plain SQL on native DuckDB straight over the Parquet
 * files (read_parquet, not our decoder): an independent implementation to compare the
 * typed-array ones (map-window.ts, heatmap-data.ts) with. Bins go through binIndexSql, the SQL
 * twin of price-grid's binIndex that the builder uses.
 */
import { num, text, type Db } from '../../../src/lib/db/db.ts';
import { binIndexSql } from '../../../src/lib/model/price-grid.ts';

const DAY_MS = 86_400_000;

/** One table per kind holding every file, with symbol and month from the file name, times as epoch ms. */
export async function loadParquet(db: Db, files: { path: string; symbol: string; month: string; kind: 'volume' | 'candles' | 'oi' }[]): Promise<void> {
  const select = {
    volume: 'epoch_ms(hour) AS hour, price_bin, side, size_min, notional',
    candles: 'epoch_ms(time) AS time, open, high, low, close',
    oi: 'epoch_ms(time) AS time, open_interest_usd',
  };
  for (const kind of ['volume', 'candles', 'oi'] as const) {
    const parts = files.filter((f) => f.kind === kind).map((f) => `SELECT '${f.symbol}' AS symbol, '${f.month}' AS month, ${select[kind]} FROM read_parquet('${f.path}')`);
    if (parts.length) await db.exec(`CREATE OR REPLACE TABLE ${kind} AS ${parts.join(' UNION ALL ')}`);
  }
}

/** The map's window: whale notional per entry bin over the N days ending with the latest hour, and the window's facts. */
export async function sqlWindow(db: Db, symbol: string, threshold: number, days: number, step: number) {
  const last = `(SELECT max(hour) FROM volume WHERE symbol = $1)`;
  const e = await db.query(
    `SELECT ${binIndexSql('price_bin', step)}::BIGINT AS bin,
            coalesce(sum(notional) FILTER (WHERE side = 'buy'), 0) AS buy, coalesce(sum(notional) FILTER (WHERE side = 'sell'), 0) AS sell
     FROM volume WHERE symbol = $1 AND size_min >= $2 AND hour > ${last} - $3::BIGINT
     GROUP BY 1 HAVING sum(notional) > 0 ORDER BY 1`,
    [symbol, threshold, days * DAY_MS],
  );
  const f = await db.query(
    `SELECT ${last} AS last_hour,
            (SELECT count(DISTINCT hour) FROM volume WHERE symbol = $1 AND hour > ${last} - $3::BIGINT) AS hours_with_data,
            (SELECT string_agg(DISTINCT month, ',' ORDER BY month) FROM volume WHERE symbol = $1 AND hour > ${last} - $3::BIGINT) AS months,
            (SELECT coalesce(sum(notional), 0) FROM volume WHERE symbol = $1 AND size_min >= $2 AND hour > ${last} - $3::BIGINT) AS entry_notional,
            (SELECT coalesce(sum(notional), 0) FROM volume WHERE symbol = $1 AND size_min >= $2 AND side = 'buy' AND hour > ${last} - $3::BIGINT) AS entry_buy`,
    [symbol, threshold, days * DAY_MS],
  );
  return {
    entries: { index: num(e, 'bin'), buy: num(e, 'buy'), sell: num(e, 'sell') },
    lastHour: num(f, 'last_hour')[0],
    hoursWithData: num(f, 'hours_with_data')[0],
    months: text(f, 'months')[0].split(','),
    entryNotional: num(f, 'entry_notional')[0],
    entryBuyNotional: num(f, 'entry_buy')[0],
  };
}

/** Model 3's inputs for candles of `candleMs` from `from`, entry groups of `groupMs`, and the lookback [since, from). */
export async function sqlHeatmapInputs(db: Db, p: { symbol: string; threshold: number; step: number; candleMs: number; groupMs: number; from: number; to: number; since: number }) {
  const candles = await db.query(
    `SELECT (time // $2::BIGINT) * $2::BIGINT AS t, arg_min(open, time) AS open, max(high) AS high, min(low) AS low, arg_max(close, time) AS close
     FROM candles WHERE symbol = $1 AND time >= $3::BIGINT GROUP BY 1 ORDER BY 1`,
    [p.symbol, p.candleMs, p.from],
  );
  const entries = (groupMs: number, from: number, to: number) => db.query(
    `SELECT (hour // $2::BIGINT) * $2::BIGINT AS t, ${binIndexSql('price_bin', p.step)}::BIGINT AS bin,
            coalesce(sum(notional) FILTER (WHERE side = 'buy'), 0) AS buy, coalesce(sum(notional) FILTER (WHERE side = 'sell'), 0) AS sell
     FROM volume WHERE symbol = $1 AND size_min >= $5 AND hour >= $3::BIGINT AND hour < $4::BIGINT GROUP BY 1, 2 ORDER BY 1, 2`,
    [p.symbol, groupMs, from, to, p.threshold],
  );
  const oi = await db.query(
    `SELECT (time // $2::BIGINT) * $2::BIGINT AS t, arg_max(open_interest_usd, time) AS oi_end
     FROM oi WHERE symbol = $1 AND time >= $3::BIGINT GROUP BY 1 ORDER BY 1`,
    [p.symbol, p.candleMs, p.from],
  );
  const before = await db.query(
    `SELECT arg_max(open_interest_usd, time) AS oi FROM oi WHERE symbol = $1 AND time < $2::BIGINT AND time >= $2::BIGINT - $3::BIGINT`,
    [p.symbol, p.from, p.candleMs],
  );
  const extremes = await db.query(
    `SELECT (time // 3600000) * 3600000 AS h, min(low) AS low, max(high) AS high
     FROM candles WHERE symbol = $1 AND time >= $2::BIGINT AND time < $3::BIGINT GROUP BY 1 ORDER BY 1`,
    [p.symbol, p.since, p.from],
  );
  const first = await db.query(`SELECT min(hour) AS h FROM volume WHERE symbol = $1 AND hour >= $2::BIGINT AND hour < $3::BIGINT`, [p.symbol, p.since, p.from]);
  const months = await db.query(`SELECT string_agg(DISTINCT month, ',' ORDER BY month) AS m FROM volume WHERE symbol = $1 AND hour >= $2::BIGINT`, [p.symbol, p.since]);
  const cols = (r: Awaited<ReturnType<Db['query']>>, names: string[]) => Object.fromEntries(names.map((n) => [n, num(r, n)]));
  const range = await entries(p.groupMs, p.from, p.to);
  const lookback = await entries(3_600_000, p.since, p.from);
  return {
    candles: cols(candles, ['t', 'open', 'high', 'low', 'close']),
    entries: cols(range, ['t', 'bin', 'buy', 'sell']),
    lookbackEntries: cols(lookback, ['t', 'bin', 'buy', 'sell']),
    oi: cols(oi, ['t', 'oi_end']),
    oiBefore: num(before, 'oi')[0],
    extremes: cols(extremes, ['h', 'low', 'high']),
    firstHour: num(first, 'h')[0],
    months: (text(months, 'm')[0] ?? '').split(','),
  };
}
