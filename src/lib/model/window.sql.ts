/**
 * The lookback window of the map models: the N*24 whole UTC hours ending with the symbol's
 * latest profile hour. First its last hour, then what the window holds.
 */

/** $1 symbol. */
export const LAST_HOUR_SQL = `SELECT max(hour) AS last_hour FROM volume WHERE symbol = $1`;

/** $1 symbol, $2 window start (exclusive, epoch ms: last_hour - hours * 3600000), $3 whale threshold. */
export const WINDOW_FACTS_SQL = `
SELECT count(DISTINCT hour) AS hours_with_data,
       coalesce(string_agg(DISTINCT month, ',' ORDER BY month), '') AS months,
       coalesce(sum(notional) FILTER (WHERE size_min >= $3), 0) AS entry_notional,
       coalesce(sum(notional) FILTER (WHERE size_min >= $3 AND side = 'buy'), 0) AS entry_buy
FROM volume
WHERE symbol = $1 AND hour > $2
`;
