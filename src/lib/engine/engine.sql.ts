/** Facts about what is loaded for a symbol: data span, latest close and latest OI record (profile months only, not the live rows). */
export const LAST_FACTS_SQL = `
WITH v AS (SELECT min(hour) AS first_hour, max(hour) AS last_hour FROM volume WHERE symbol = $1 AND month <> 'live'),
     c AS (SELECT arg_max(close, time) AS last_close FROM candles WHERE symbol = $1 AND month <> 'live'),
     o AS (SELECT max(time) AS oi_time, arg_max(open_interest, time) AS oi_contracts,
                  arg_max(open_interest_usd, time) AS oi_usd FROM oi WHERE symbol = $1)
SELECT * FROM v, c, o`;
