/**
 * Model 1 `oi` (models.md): whale notional by entry bin over the window gives the shape, open
 * interest the size; every (entry bin, tier, side) level liquidates at its formula price and is
 * summed by liquidation bin. Entry price = the entry bin's lower edge, as the reference did.
 * Fine profile bins sit on the step grid, so re-binning adds 1e-9 against float noise
 * (e.g. 0.3 / 0.1 = 2.9999999999999996).
 *
 * $1 symbol, $2 window days, $3 whale threshold, $4 step, $5 OI USD,
 * $6 even split (boolean), $7 leverages '[5,10,…]', $8 weights '[0.15,…]', $9 mmr,
 * $10 reference formula (boolean), $11 mark price.
 * Reads the model cache (whale-cache.sql.ts); needs the macros of liquidation.ts.
 */
export const OI_MAP_SQL = `
WITH entry AS (
  SELECT floor(price_bin / $4 + 1e-9) * $4 AS entry_bin,
         sum(buy) AS buy, sum(sell) AS sell
  FROM model_whale_days
  WHERE symbol = $1::VARCHAR AND threshold = $3::DOUBLE AND day < $2::INTEGER
  GROUP BY 1
),
sized AS (
  SELECT entry_bin,
         $5 * (buy + sell) / sum(buy + sell) OVER () AS oi_bin,
         CASE WHEN $6 THEN 0.5 ELSE buy / (buy + sell) END AS long_share
  FROM entry
  WHERE buy + sell > 0
),
tiers AS (SELECT unnest($7::DOUBLE[]) AS leverage, unnest($8::DOUBLE[]) AS weight),
levels AS (
  SELECT 0 AS side, t.leverage, liq_long(s.entry_bin, t.leverage, $9, $10) AS liq,
         s.oi_bin * s.long_share * t.weight AS vol
  FROM sized s, tiers t
  UNION ALL
  SELECT 1 AS side, t.leverage, liq_short(s.entry_bin, t.leverage, $9, $10) AS liq,
         s.oi_bin * (1 - s.long_share) * t.weight AS vol
  FROM sized s, tiers t
)
SELECT floor(liq / $4) * $4 AS price_bin, side, leverage, sum(vol) AS volume_usd
FROM levels
WHERE (side = 0 AND liq < $11) OR (side = 1 AND liq > $11)
GROUP BY ALL
HAVING sum(vol) > 0
ORDER BY side, price_bin, leverage
`;
