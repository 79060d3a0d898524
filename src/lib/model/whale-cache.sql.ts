/**
 * Derived tables the models read instead of scanning `volume` on every recompute (a month of
 * BTC is ~260k rows; the whale rows of one threshold, sides side by side, are ~1/10 of that).
 * Rows of one (symbol, threshold) are inserted together, in hour order, so that filters on
 * them and on the window's hours skip the rest by zone maps. Temp tables: never persisted.
 */
export const MODEL_CACHE_TABLES_SQL = `
CREATE OR REPLACE TEMP TABLE model_whales (symbol VARCHAR, threshold DOUBLE, hour BIGINT, price_bin DOUBLE, buy DOUBLE, sell DOUBLE);
CREATE OR REPLACE TEMP TABLE model_hours (symbol VARCHAR, hour BIGINT, month VARCHAR);
CREATE OR REPLACE TEMP TABLE model_whale_days (symbol VARCHAR, threshold DOUBLE, day INTEGER, price_bin DOUBLE, buy DOUBLE, sell DOUBLE);
`;

/** What identifies the volume table's content cheaply (a metadata read, no scan). */
export const VOLUME_FINGERPRINT_SQL = `SELECT count(*) AS n FROM volume`;

/** Whale notional by (hour, fine price bin), taker buy and sell. $1 symbol, $2 whale threshold, $3 only hours after it. */
export const FILL_WHALES_SQL = `
INSERT INTO model_whales
SELECT $1::VARCHAR, $2::DOUBLE, hour, price_bin,
       coalesce(sum(notional) FILTER (WHERE side = 'buy'), 0),
       coalesce(sum(notional) FILTER (WHERE side = 'sell'), 0)
FROM volume
WHERE symbol = $1::VARCHAR AND size_min >= $2::DOUBLE AND hour > $3::BIGINT
GROUP BY hour, price_bin
ORDER BY hour, price_bin
`;

/** Every profile hour of a symbol (any size bucket) and its month. $1 symbol, $2 only hours after it. */
export const FILL_HOURS_SQL = `
INSERT INTO model_hours
SELECT DISTINCT $1::VARCHAR, hour, month FROM volume WHERE symbol = $1::VARCHAR AND hour > $2::BIGINT ORDER BY hour
`;

/** Drop what the cache holds of a symbol after an hour (the live rows changed). $1 symbol, $2 hour. */
export const DROP_HOURS_AFTER_SQL = `DELETE FROM model_hours WHERE symbol = $1::VARCHAR AND hour > $2::BIGINT`;
/** $1 symbol, $2 threshold, $3 hour. */
export const DROP_WHALES_AFTER_SQL = `DELETE FROM model_whales WHERE symbol = $1::VARCHAR AND threshold = $2::DOUBLE AND hour > $3::BIGINT`;
/** $1 symbol, $2 threshold. */
export const DROP_WHALE_DAYS_SQL = `DELETE FROM model_whale_days WHERE symbol = $1::VARCHAR AND threshold = $2::DOUBLE`;

/**
 * The map's windows are whole days ending with the latest hour, so whale rows can be summed per
 * day counted back from it: day 0 = the latest 24 hours. A window of N days = days 0..N-1.
 * $1 symbol, $2 whale threshold; model_hours and model_whales of both must be filled.
 */
export const FILL_WHALE_DAYS_SQL = `
INSERT INTO model_whale_days
SELECT $1::VARCHAR, $2::DOUBLE, ((l.last_hour - w.hour) // 86400000)::INTEGER AS day, w.price_bin, sum(w.buy), sum(w.sell)
FROM model_whales w, (SELECT max(hour) AS last_hour FROM model_hours WHERE symbol = $1::VARCHAR) l
WHERE w.symbol = $1::VARCHAR AND w.threshold = $2::DOUBLE
GROUP BY ALL
ORDER BY day, w.price_bin
`;
