/** What the console offers before anything loads: example queries and progress wording (no DuckDB here). */
import type { ConsoleProgress } from './api.ts';

/** Rows of a result the page shows; the CSV export has all of them. */
export const PREVIEW_ROWS = 200;

export const CONSOLE_EXAMPLES: readonly { label: string; sql: string }[] = [
  {
    label: 'Rows per table and month',
    sql: `SELECT 'volume' AS tbl, exchange, symbol, month, count(*) AS rows FROM volume GROUP BY ALL
UNION ALL SELECT 'candles', exchange, symbol, month, count(*) FROM candles GROUP BY ALL
UNION ALL SELECT 'oi', exchange, symbol, month, count(*) FROM oi GROUP BY ALL
UNION ALL SELECT 'liquidations', exchange, symbol, month, count(*) FROM liquidations GROUP BY ALL
ORDER BY ALL;`,
  },
  {
    label: 'Daily candles',
    sql: `SELECT exchange, symbol, CAST(epoch_ms(time) AS DATE) AS day,
  arg_min(open, time) AS open, max(high) AS high, min(low) AS low, arg_max(close, time) AS close,
  sum(quote_volume) AS quote_volume
FROM candles GROUP BY ALL ORDER BY exchange, symbol, day;`,
  },
  {
    label: 'Whale volume by price',
    sql: `SELECT exchange, symbol, price_bin, side, sum(notional) AS notional_usd
FROM volume WHERE size_min >= 100000
GROUP BY ALL ORDER BY notional_usd DESC LIMIT 50;`,
  },
  {
    label: 'Liquidations per day',
    sql: `SELECT symbol, exchange, side, CAST(epoch_ms(time) AS DATE) AS day, count(*) AS events, sum(usd) AS usd
FROM liquidations GROUP BY ALL ORDER BY day DESC, usd DESC;`,
  },
  { label: 'Columns', sql: `SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY table_name, ordinal_position;` },
];

export function progressText(p: ConsoleProgress): string {
  if (p.phase === 'duckdb') return 'Starting DuckDB (its first start downloads about 7 MB, then it is kept for offline use)…';
  if (p.phase === 'profiles') return `Reading profiles: ${p.done} of ${p.total} files…`;
  return `Reading recorded liquidations: ${p.done} of ${p.total} symbols…`;
}
