/**
 * Facts about what is loaded for a symbol (profile months only, not the live rows): volume
 * months and data span from the registry, the latest close and the latest OI record.
 */
import type { ProfileTable } from '../data/profile-table.ts';
import { LIVE_MONTH, type Segment } from '../model/profile-data.ts';
import { DEFAULT_EXCHANGE } from '../data/profile-schema.ts';
import type { ExchangeId } from '../live/events.ts';

export interface LoadedFacts {
  months: string[];
  firstHour: number;
  lastHour: number;
  synthetic: boolean;
  lastClose: number;
  lastOi: { time: number; contracts: number; usd: number } | null;
}

/** The last row of the last non-empty profile (not live) segment, or undefined. */
function lastRow<C extends { time: Float64Array }>(segments: readonly Segment<C>[]): { columns: C; i: number } | undefined {
  for (let s = segments.length - 1; s >= 0; s--) {
    const { month, columns } = segments[s];
    if (month !== LIVE_MONTH && columns.time.length) return { columns, i: columns.time.length - 1 };
  }
  return undefined;
}

export function loadedFacts(table: ProfileTable, symbol: string, exchange: ExchangeId = DEFAULT_EXCHANGE): LoadedFacts {
  const volume = table.list(symbol, 'volume', exchange);
  const data = table.symbol(symbol, exchange);
  const candle = lastRow(data.candles);
  const oi = lastRow(data.oi);
  return {
    months: volume.map((f) => f.month),
    firstHour: volume.length ? Math.min(...volume.map((f) => f.firstTime)) : NaN,
    lastHour: volume.length ? Math.max(...volume.map((f) => f.lastTime)) : NaN,
    synthetic: volume.some((f) => f.synthetic),
    lastClose: candle ? candle.columns.close[candle.i] : NaN,
    lastOi: oi ? { time: oi.columns.time[oi.i], contracts: oi.columns.contracts[oi.i], usd: oi.columns.usd[oi.i] } : null,
  };
}
