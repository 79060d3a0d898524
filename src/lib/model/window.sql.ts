/**
 * The lookback window of the map models: the N*24 whole UTC hours ending with the symbol's
 * latest profile hour. Reads the model cache (whale-cache.sql.ts). Parameters are cast to the
 * column types: a DOUBLE parameter against the BIGINT hour column defeats the filter pushdown.
 */

/** $1 symbol. */
export const LAST_HOUR_SQL = `SELECT max(hour) AS last_hour FROM model_hours WHERE symbol = $1::VARCHAR`;

/**
 * $1 symbol, $2 window start (exclusive, epoch ms: last_hour - hours * 3600000), $3 whale
 * threshold, $4 window days (whale rows come per day counted back from the last hour).
 */
export const WINDOW_FACTS_SQL = `
SELECT h.hours_with_data, h.months, w.entry_notional, w.entry_buy
FROM (SELECT count(*) AS hours_with_data, coalesce(string_agg(DISTINCT month, ',' ORDER BY month), '') AS months
      FROM model_hours WHERE symbol = $1::VARCHAR AND hour > $2::BIGINT) h,
     (SELECT coalesce(sum(buy + sell), 0) AS entry_notional, coalesce(sum(buy), 0) AS entry_buy
      FROM model_whale_days WHERE symbol = $1::VARCHAR AND threshold = $3::DOUBLE AND day < $4::INTEGER) w
`;
