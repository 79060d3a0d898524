/** Daily `metrics` CSV text (5-minute open interest and ratios) from the market model. */
import { headerLine } from '../../src/lib/archive/csv-columns.ts';
import type { MonthMarket } from './market.ts';

export const METRICS_HEADER = headerLine('metrics');

const FIVE_MINUTES = 300_000;

/** The 288 rows of one UTC day (`YYYY-MM-DD`), header first, as Binance writes them. */
export function metricsCsv(symbol: string, market: MonthMarket, day: string): string {
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  let out = METRICS_HEADER;
  for (let t = dayStart; t < dayStart + 86_400_000; t += FIVE_MINUTES) {
    const i = (t - market.start) / 60_000;
    if (i < 0 || i >= market.minutes) throw new Error(`${day} is not in ${market.month}`);
    const oi = market.openInterest[i];
    const price = Math.exp(market.logPrice[i]);
    // Ratios lean with the taker imbalance of the hour before.
    let lean = 0;
    for (let j = Math.max(0, i - 60); j < i; j++) lean += market.buyProb[j] - 0.5;
    lean /= 60;
    const stamp = new Date(t).toISOString().replace('T', ' ').slice(0, 19);
    out += `${stamp},${symbol},${oi.toFixed(3)},${(oi * price).toFixed(8)},`
      + `${(1.2 + 2 * lean).toFixed(8)},${(1.4 + 2.5 * lean).toFixed(8)},${(1.5 + 3 * lean).toFixed(8)},${(1 + 4 * lean).toFixed(8)}\n`;
  }
  return out;
}
