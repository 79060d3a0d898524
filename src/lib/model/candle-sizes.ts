/** Heatmap time and price resolution: candle sizes per range, and the price row step. */
import { nice125Up } from './bins.ts';
import { binIndex } from './price-grid.ts';
import type { CandleMinutes } from './types.ts';

export const CANDLE_MINUTES: readonly CandleMinutes[] = Object.freeze([5, 15, 60, 240, 720, 1440] as const);

export interface RangeDefault {
  label: string;
  days: number;
  candleMinutes: CandleMinutes;
}

/** Default candle size per range, for the UI to show: a few hundred candles at most. */
export const RANGE_CANDLE_DEFAULTS: readonly RangeDefault[] = Object.freeze([
  { label: '12h', days: 0.5, candleMinutes: 15 },
  { label: '24h', days: 1, candleMinutes: 15 },
  { label: '3d', days: 3, candleMinutes: 60 },
  { label: '7d', days: 7, candleMinutes: 60 },
  { label: '30d', days: 30, candleMinutes: 240 },
  { label: '90d', days: 90, candleMinutes: 720 },
  { label: '180d', days: 180, candleMinutes: 1440 },
  { label: '1y', days: 365, candleMinutes: 1440 },
]);

/** The range of a label such as '90d' (the 30d range for an unknown label). */
export function rangeByLabel(label: string): RangeDefault {
  return RANGE_CANDLE_DEFAULTS.find((r) => r.label === label) ?? RANGE_CANDLE_DEFAULTS.find((r) => r.label === '30d')!;
}

export const DEFAULT_MAX_PRICE_ROWS = 300;

/** Smallest 1-2-5 step that covers [low, high] in at most `maxRows` price rows. */
export function heatmapStep(low: number, high: number, maxRows = DEFAULT_MAX_PRICE_ROWS): number {
  if (!(high > low) || !(low >= 0)) throw new Error(`price range ${low}..${high} is empty`);
  let step = nice125Up((high - low) / maxRows);
  while (binIndex(high, step) - binIndex(low, step) + 1 > maxRows) step = nice125Up(step * 1.5);
  return step;
}
