/**
 * Whale notional per entry bin of the map's step over the window (the `v(b)` of docs/models.md),
 * with its taker buy and sell parts. Reads the model cache (whale-cache.sql.ts): day 0 = the
 * latest 24 hours, so a window of N days is days 0..N-1. The step goes in as a validated literal
 * through binIndexSql, the one bin rule (price-grid.ts).
 * $1 symbol, $2 whale threshold, $3 window days.
 */
import { binIndexSql } from './price-grid.ts';

export function mapEntriesSql(step: number): string {
  return `
SELECT ${binIndexSql('price_bin', step)}::BIGINT AS bin, sum(buy) AS buy, sum(sell) AS sell
FROM model_whale_days
WHERE symbol = $1::VARCHAR AND threshold = $2::DOUBLE AND day < $3::INTEGER
GROUP BY 1
HAVING sum(buy) + sum(sell) > 0
ORDER BY 1
`;
}
