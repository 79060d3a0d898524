import { binIndexSql } from './price-grid.ts';

/**
 * Model 3 inputs per candle, from the engine tables. Candles are `$2` ms wide, aligned to
 * UTC epoch multiples; every query takes the range start (first candle open, epoch ms).
 * Parameters are cast to the column types so that filters reach the table scan.
 */

/** $1 symbol. */
export const LAST_CANDLE_SQL = `SELECT max(time) AS last_time FROM candles WHERE symbol = $1::VARCHAR`;

/** OHLC from 5-minute candles. $1 symbol, $2 candle ms, $3 range start. */
export const HEATMAP_CANDLES_SQL = `
SELECT (time // $2::BIGINT) * $2::BIGINT AS t,
       arg_min(open, time) AS open, max(high) AS high, min(low) AS low, arg_max(close, time) AS close
FROM candles
WHERE symbol = $1::VARCHAR AND time >= $3::BIGINT
GROUP BY 1
ORDER BY 1
`;

/**
 * Whale notional by (group, entry bin index) with its taker buy and sell parts, for groups in
 * [$3, $4). Profiles are hourly, so a group is max(candle, 1 h). Reads the model cache
 * (whale-cache.sql.ts); the step goes in as a validated literal through binIndexSql, the one bin
 * rule. $1 symbol, $2 group ms, $3 from, $4 to (exclusive), $5 whale threshold.
 */
export function heatmapEntriesSql(step: number): string {
  return `
SELECT (hour // $2::BIGINT) * $2::BIGINT AS t, ${binIndexSql('price_bin', step)}::BIGINT AS bin, sum(buy) AS buy, sum(sell) AS sell
FROM model_whales
WHERE symbol = $1::VARCHAR AND threshold = $5::DOUBLE AND hour >= $3::BIGINT AND hour < $4::BIGINT
GROUP BY 1, 2
ORDER BY 1, 2
`;
}

/** Lowest low and highest high per hour of 5-minute candles in [$2, $3). $1 symbol. */
export const HOURLY_EXTREMES_SQL = `
SELECT (time // 3600000) * 3600000 AS h, min(low) AS low, max(high) AS high
FROM candles
WHERE symbol = $1::VARCHAR AND time >= $2::BIGINT AND time < $3::BIGINT
GROUP BY 1
ORDER BY 1
`;

/** First profile hour in [$2, $3): how much of the starting lookback is loaded. $1 symbol. */
export const FIRST_HOUR_SQL = `
SELECT min(hour) AS first_hour FROM model_hours
WHERE symbol = $1::VARCHAR AND hour >= $2::BIGINT AND hour < $3::BIGINT
`;

/** OI in USD at each candle's end (its last record). $1 symbol, $2 candle ms, $3 range start. */
export const HEATMAP_OI_SQL = `
SELECT (time // $2::BIGINT) * $2::BIGINT AS t, arg_max(open_interest_usd, time) AS oi_end
FROM oi
WHERE symbol = $1::VARCHAR AND time >= $3::BIGINT AND open_interest_usd IS NOT NULL
GROUP BY 1
ORDER BY 1
`;

/** The last OI record within one candle before the range. $1 symbol, $2 candle ms, $3 range start. */
export const HEATMAP_OI_BEFORE_SQL = `
SELECT arg_max(open_interest_usd, time) AS oi_before
FROM oi
WHERE symbol = $1::VARCHAR AND time < $3::BIGINT AND time >= $3::BIGINT - $2::BIGINT AND open_interest_usd IS NOT NULL
`;

/** Profile months the range and its lookback read (from the model cache). $1 symbol, $2 first hour. */
export const HEATMAP_MONTHS_SQL = `
SELECT coalesce(string_agg(DISTINCT month, ',' ORDER BY month), '') AS months
FROM model_hours
WHERE symbol = $1::VARCHAR AND hour >= $2::BIGINT
`;
