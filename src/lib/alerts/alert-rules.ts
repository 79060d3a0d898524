/**
 * "Alert me when the mark price comes within X % of a predicted cluster of at least $Y", per
 * symbol: which clusters are due now, at most one alert per cluster per hour (a cluster that
 * overlaps one alerted within the hour on the same side counts as that one, so a recomputed
 * map whose cluster moved by a bin does not alert again). Pure.
 */
import type { LiquidatedSide } from '../live/events.ts';
import { formatUsd } from '../format.ts';
import { distancePct, type Cluster } from './clusters.ts';

export const ALERT_EVERY_MS = 3_600_000;
export const MAX_WITHIN_PCT = 50;

export interface AlertRule {
  symbol: string;
  /** Within this many % of the price. */
  withinPct: number;
  /** Clusters of at least this many USD. */
  minUsd: number;
}

export interface FiredAlert {
  symbol: string;
  side: LiquidatedSide;
  low: number;
  high: number;
  usd: number;
  price: number;
  distancePct: number;
  at: number;
  /** The exchanges of the map and mark ("Bybit", "Binance + Bybit"); absent in alerts kept from before. */
  venue?: string;
}

/** A rule's problem in plain words, or null. */
export function ruleProblem(r: AlertRule): string | null {
  if (!(r.withinPct > 0 && r.withinPct <= MAX_WITHIN_PCT)) return `the distance must be between 0 and ${MAX_WITHIN_PCT} %`;
  if (!(r.minUsd > 0 && Number.isFinite(r.minUsd))) return 'the cluster size must be a positive number of USD';
  return null;
}

const overlaps = (f: FiredAlert, c: Cluster) => f.side === c.side && f.low < c.high && c.low < f.high;

/** Alerts due for `rule` at `price`, given what fired before. */
export function dueAlerts(rule: AlertRule, clusters: readonly Cluster[], price: number, fired: readonly FiredAlert[], now: number, venue?: string): FiredAlert[] {
  if (ruleProblem(rule) || !(price > 0)) return [];
  const recent = fired.filter((f) => f.symbol === rule.symbol && now - f.at < ALERT_EVERY_MS);
  const due: FiredAlert[] = [];
  for (const c of clusters) {
    if (c.usd < rule.minUsd) continue;
    const d = distancePct(c, price);
    if (d > rule.withinPct || [...recent, ...due].some((f) => overlaps(f, c))) continue;
    due.push({ symbol: rule.symbol, side: c.side, low: c.low, high: c.high, usd: c.usd, price, distancePct: d, at: now, ...(venue ? { venue } : {}) });
  }
  return due;
}

/** What an alert says (the in-page alert and the system notification). */
export function alertText(a: FiredAlert): string {
  return `${a.symbol} mark price ${a.price.toLocaleString('en-US')} is ${a.distancePct.toFixed(2)} % from a predicted ${a.side} cluster of ${formatUsd(a.usd)} at ${a.low.toLocaleString('en-US')}–${a.high.toLocaleString('en-US')}${a.venue ? ` (${a.venue})` : ''}`;
}

/** The system notification's title. */
export const alertTitle = (a: FiredAlert): string => `liqmap: ${a.symbol}${a.venue ? ` (${a.venue})` : ''} near a ${a.side} cluster`;
