/**
 * Pure views of realised liquidations: totals per side over the last hour and day, USD per
 * price bin (the map's bars beside the predicted volume), chart markers, and the CSV export.
 */
import { binFloor } from '../model/price-grid.ts';
import type { Liquidation, LiquidatedSide } from './events.ts';

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

export function tapeTotals(events: readonly Liquidation[], now: number): TapeTotals {
  const hour: SideTotals = { long: 0, short: 0, count: 0 };
  const day: SideTotals = { long: 0, short: 0, count: 0 };
  for (const e of events) {
    const age = now - e.time;
    if (age < 0 || age > 24 * HOUR) continue;
    day[e.side] += e.usd;
    day.count += 1;
    if (age <= HOUR) {
      hour[e.side] += e.usd;
      hour.count += 1;
    }
  }
  return { hour, day };
}

export interface RealisedBins {
  /** Bin floors, ascending. */
  priceBin: Float64Array;
  long: Float64Array;
  short: Float64Array;
}

/** USD liquidated per price bin (exact decimal bins), for events with from <= time <= to. */
export function realisedByBin(events: readonly Liquidation[], step: number, from = -Infinity, to = Infinity): RealisedBins {
  const bins = new Map<number, { long: number; short: number }>();
  for (const e of events) {
    if (e.time < from || e.time > to) continue;
    const bin = binFloor(e.price, step);
    let b = bins.get(bin);
    if (!b) bins.set(bin, (b = { long: 0, short: 0 }));
    b[e.side] += e.usd;
  }
  const keys = [...bins.keys()].sort((a, b) => a - b);
  return {
    priceBin: Float64Array.from(keys),
    long: Float64Array.from(keys, (k) => bins.get(k)!.long),
    short: Float64Array.from(keys, (k) => bins.get(k)!.short),
  };
}

export interface LiquidationMarkers {
  time: number[];
  price: number[];
  usd: number[];
  side: LiquidatedSide[];
  /** The exchange of a single event, or "N events" for a group. */
  label: string[];
}

/**
 * Markers for events with from <= time <= to, one per (candle, price bin, side): a burst of
 * thousands stays a few hundred points. A group sits at its USD-weighted price and time; a
 * single event at its own.
 */
export function liquidationMarkers(events: readonly Liquidation[], from: number, to: number, candleMs: number, step: number): LiquidationMarkers {
  const groups = new Map<string, { first: Liquidation; n: number; usd: number; pu: number; tu: number }>();
  for (const e of events) {
    if (e.time < from || e.time > to) continue;
    const key = `${Math.floor((e.time - from) / candleMs)}|${binFloor(e.price, step)}|${e.side}`;
    const g = groups.get(key);
    if (!g) groups.set(key, { first: e, n: 1, usd: e.usd, pu: e.price * e.usd, tu: e.time * e.usd });
    else Object.assign(g, { n: g.n + 1, usd: g.usd + e.usd, pu: g.pu + e.price * e.usd, tu: g.tu + e.time * e.usd });
  }
  const m: LiquidationMarkers = { time: [], price: [], usd: [], side: [], label: [] };
  for (const g of groups.values()) {
    const one = g.n === 1;
    m.time.push(one ? g.first.time : Math.round(g.tu / g.usd));
    m.price.push(one ? g.first.price : g.pu / g.usd);
    m.usd.push(g.usd);
    m.side.push(g.first.side);
    m.label.push(one ? g.first.exchange : `${g.n} events`);
  }
  return m;
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

/** The statement's line for live trades, added when the result read the live rows. */
export function liveTradesRow<R extends { label: string; value: string }>(rows: R[], months: readonly string[], since: number | null): R[] {
  if (since === null || !months.includes('live')) return rows;
  const hhmm = new Date(since).toISOString().slice(11, 16);
  return [...rows, { label: 'Live trades', value: `includes live trades since ${hhmm} UTC` } as R];
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
/** "$37k", "$1.2M": narrow enough for the tape's column. */
export function compactUsd(v: number): string {
  return Number.isFinite(v) ? `$${COMPACT.format(v)}` : '—';
}
