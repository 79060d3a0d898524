/**
 * Model 2 `trades` (models.md, for comparison; overstates size ~17x): every whale trade opens a
 * position of its own notional on its taker side, split equally over the k tiers whose
 * liquidation price is still ahead of the mark. Tier weights are not used. Entry price = the
 * entry bin's lower edge, as in Model 1.
 *
 * $1 symbol, $2 window days, $3 whale threshold, $4 step,
 * $5 leverages '[5,10,…]', $6 mmr, $7 reference formula (boolean), $8 mark price.
 * Reads the model cache (whale-cache.sql.ts); needs the macros of liquidation.ts.
 */
export const TRADES_MAP_SQL = `
WITH bins AS (
  SELECT floor(price_bin / $4 + 1e-9) * $4 AS entry_bin, sum(buy) AS buy, sum(sell) AS sell
  FROM model_whale_days
  WHERE symbol = $1::VARCHAR AND threshold = $3::DOUBLE AND day < $2::INTEGER
  GROUP BY 1
),
entry AS (
  SELECT entry_bin, 0 AS side, buy AS notional FROM bins WHERE buy > 0
  UNION ALL
  SELECT entry_bin, 1 AS side, sell AS notional FROM bins WHERE sell > 0
),
levels AS (
  SELECT e.entry_bin, e.side, t.leverage, e.notional,
         CASE WHEN e.side = 0 THEN liq_long(e.entry_bin, t.leverage, $6, $7)
              ELSE liq_short(e.entry_bin, t.leverage, $6, $7) END AS liq
  FROM entry e, (SELECT unnest($5::DOUBLE[]) AS leverage) t
),
ahead AS (
  SELECT *, count(*) OVER (PARTITION BY entry_bin, side) AS k
  FROM levels
  WHERE (side = 0 AND liq < $8) OR (side = 1 AND liq > $8)
)
SELECT floor(liq / $4) * $4 AS price_bin, side, leverage, sum(notional / k) AS volume_usd
FROM ahead
GROUP BY ALL
HAVING sum(notional / k) > 0
ORDER BY side, price_bin, leverage
`;
