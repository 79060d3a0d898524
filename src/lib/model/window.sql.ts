/**
 * The lookback window of the map models: the N*24 whole UTC hours ending with the symbol's
 * latest profile hour. Reads the model cache (whale-cache.sql.ts). Parameters are cast to the
 * column types: a DOUBLE parameter against the BIGINT hour column defeats the filter pushdown.
 */

/**
 * The last hour and what the window holds. $1 symbol, $2 window hours, $3 whale threshold,
 * $4 window days (whale rows come summed per day counted back from the last hour).
 * Empty profile: last_hour is NULL.
 */
export const WINDOW_FACTS_SQL = `
WITH last AS (SELECT max(hour) AS last_hour FROM model_hours WHERE symbol = $1::VARCHAR)
SELECT last.last_hour, h.hours_with_data, h.months, w.entry_notional, w.entry_buy
FROM last,
     (SELECT count(*) AS hours_with_data, coalesce(string_agg(DISTINCT month, ',' ORDER BY month), '') AS months
      FROM model_hours
      WHERE symbol = $1::VARCHAR AND hour > (SELECT last_hour FROM last) - $2::BIGINT * 3600000) h,
     (SELECT coalesce(sum(buy + sell), 0) AS entry_notional, coalesce(sum(buy), 0) AS entry_buy
      FROM model_whale_days WHERE symbol = $1::VARCHAR AND threshold = $3::DOUBLE AND day < $4::INTEGER) w
`;
