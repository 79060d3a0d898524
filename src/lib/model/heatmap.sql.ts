/**
 * Model 3 inputs per candle, from the engine tables. Candles are `$2` ms wide, aligned to
 * UTC epoch multiples; every query takes the range start (first candle open, epoch ms).
 * Parameters are cast to the column types so that filters reach the table scan.
 */

/** $1 symbol. */
export const LAST_CANDLE_SQL = `SELECT max(time) AS last_time FROM candles WHERE symbol = $1::VARCHAR`;

/** OHLC from 5-minute candles. $1 symbol, $2 candle ms, $3 range start. */
export const HEATMAP_CANDLES_SQL = `
SELECT floor(time / $2) * $2 AS t,
       arg_min(open, time) AS open, max(high) AS high, min(low) AS low, arg_max(close, time) AS close
FROM candles
WHERE symbol = $1::VARCHAR AND time >= $3::BIGINT
GROUP BY 1
ORDER BY 1
`;

/**
 * Whale notional by (group, entry bin) with its taker buy and sell parts. Profiles are hourly,
 * so the group is max(candle, 1 h). Reads the model cache (whale-cache.sql.ts).
 * $1 symbol, $2 group ms, $3 range start, $4 whale threshold, $5 entry step (fine bins sit on the grid: +1e-9 against float noise).
 */
export const HEATMAP_ENTRIES_SQL = `
SELECT floor(hour / $2) * $2 AS t,
       floor(price_bin / $5 + 1e-9) * $5 AS entry_bin,
       sum(buy) AS buy, sum(sell) AS sell
FROM model_whales
WHERE symbol = $1::VARCHAR AND threshold = $4::DOUBLE AND hour >= $3::BIGINT
GROUP BY 1, 2
ORDER BY 1, 2
`;

/** OI in USD at each candle's end (its last record). $1 symbol, $2 candle ms, $3 range start. */
export const HEATMAP_OI_SQL = `
SELECT floor(time / $2) * $2 AS t, arg_max(open_interest_usd, time) AS oi_end
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

/** Profile months the range reads. $1 symbol, $2 range start. */
export const HEATMAP_MONTHS_SQL = `
SELECT coalesce(string_agg(DISTINCT month, ',' ORDER BY month), '') AS months
FROM candles
WHERE symbol = $1::VARCHAR AND time >= $2::BIGINT
`;
