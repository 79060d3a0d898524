/**
 * Facts about what is loaded for a symbol (profile months only, not the live rows): volume
 * months and data span from the registry (no scan of the volume table), latest close and
 * latest OI record.
 */
export const LAST_FACTS_SQL = `
WITH v AS (SELECT min(first_time) AS first_hour, max(last_time) AS last_hour,
                  string_agg(month, ',' ORDER BY month) AS months, bool_or(synthetic) AS synthetic
           FROM loaded_profiles WHERE symbol = $1 AND kind = 'volume'),
     c AS (SELECT arg_max(close, time) AS last_close FROM candles WHERE symbol = $1 AND month <> 'live'),
     o AS (SELECT max(time) AS oi_time, arg_max(open_interest, time) AS oi_contracts,
                  arg_max(open_interest_usd, time) AS oi_usd FROM oi WHERE symbol = $1)
SELECT * FROM v, c, o`;
