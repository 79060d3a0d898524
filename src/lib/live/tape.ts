/**
 * Pure views of realised liquidations: totals per side over the last hour and day and the CSV
 * export (USD per price bin, the map's bars, is kept in realised-bins.ts; the heatmap's markers
 * are summed per cell in model/marker-cells.ts).
 */
import { choiceSet, chosen, firstFrom, type ExchangeChoice, type Liquidation } from './events.ts';
import { baseAsset } from '../data/base-asset.ts';

const HOUR = 3_600_000;

export interface SideTotals {
  long: number;
  short: number;
  count: number;
}

export interface TapeTotals {
  hour: SideTotals;
  day: SideTotals;
}

/**
 * Totals of `events` of the chosen exchanges (those of the picture beside them), oldest first
 * (the buffer's order): only the last day's are read, not all ~100,000 held.
 */
export function tapeTotals(events: readonly Liquidation[], now: number, exchanges: ExchangeChoice = null): TapeTotals {
  const hour: SideTotals = { long: 0, short: 0, count: 0 };
  const day: SideTotals = { long: 0, short: 0, count: 0 };
  const set = choiceSet(exchanges);
  for (let i = firstFrom(events, now - 24 * HOUR); i < events.length; i++) {
    const e = events[i];
    const age = now - e.time;
    if (age < 0 || age > 24 * HOUR || !chosen(set, e.exchange)) continue;
    day[e.side] += e.usd;
    day.count += 1;
    if (age <= HOUR) {
      hour[e.side] += e.usd;
      hour.count += 1;
    }
  }
  return { hour, day };
}

export const LIQUIDATIONS_CSV_HEADER = 'time,exchange,symbol,side,price,quantity,usd';

/** CSV with ISO UTC times; numbers as JavaScript prints them (no rounding of what was recorded). */
export function liquidationsCsv(events: readonly Liquidation[]): string {
  const lines = [LIQUIDATIONS_CSV_HEADER];
  for (const e of events) {
    lines.push([new Date(e.time).toISOString(), e.exchange, e.symbol, e.side, e.price, e.quantity, Number(e.usd.toFixed(6))].join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * The export's file name: whose liquidations, that they were recorded (not predicted), and the
 * UTC days they span ("liqmap-BTCUSDT-recorded-liquidations-2025-11-28-to-2025-11-30.csv").
 */
export function liquidationsFileName(symbol: string, events: readonly Liquidation[]): string {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const first = events.length ? day(events[0].time) : null;
  const last = events.length ? day(events[events.length - 1].time) : null;
  const span = first === null ? '' : first === last ? `-${first}` : `-${first}-to-${last}`;
  return `liqmap-${symbol}-recorded-liquidations${span}.csv`;
}

/** The statement's line for live trades, added when the result read the live rows. */
export function liveTradesRow<R extends { label: string; value: string }>(rows: R[], months: readonly string[], since: number | null): R[] {
  if (since === null || !months.includes('live')) return rows;
  const hhmm = new Date(since).toISOString().slice(11, 16);
  return [...rows, { label: 'Live trades', value: `includes live trades since ${hhmm} UTC` } as R];
}

/**
 * A quantity as recorded, to 6 decimals: one formatter for the tape's rows (toLocaleString with
 * options builds a new one per call, ~0.1 ms: 50 rows per tape update).
 */
const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
export const tapeQuantity = (q: number): string => QUANTITY.format(q);

/** The quantity column's heading: in the symbol's base asset ("qty BTC"), as open interest is. */
export const tapeQuantityHeading = (symbol: string | null | undefined): string => {
  const base = symbol ? baseAsset(symbol) : null;
  return base ? `qty ${base}` : 'qty';
};

/**
 * A price as the tape shows it: 6 significant digits or cents, whichever keeps more, so a
 * low-priced perp's 0.0001234 is not rounded to "0" (toLocaleString keeps 3 fraction digits)
 * and 97,123.45 keeps its cents. One formatter, as for quantities.
 */
const PRICE = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6, maximumFractionDigits: 2, roundingPriority: 'morePrecision' });
export const tapePrice = (p: number): string => PRICE.format(p);

