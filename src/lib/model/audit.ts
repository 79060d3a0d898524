/**
 * The accuracy audit (docs/audit.md): per candle of the recorded period, the USD the heatmap
 * walk consumed (predicted) beside the USD of recorded liquidations (realised), per side, and
 * the statistics over those candles: Spearman rank correlation (ties share their mean rank),
 * capture (realised USD in the ceil(10 %) candles with the largest prediction), and the ratio
 * of realised to predicted USD. Pure: typed arrays in, numbers out.
 */
import type { LiquidatedSide, Liquidation } from '../live/events.ts';
import { columnOf } from './marker-cells.ts';

/** The capture counts one candle in ten (a blind guess gets this share of the realised USD). */
const CAPTURE_ONE_IN = 10;
export const CAPTURE_SHARE = 1 / CAPTURE_ONE_IN;

/** What the audit needs of a heatmap result (its walk's consumption per candle). */
export interface WalkConsumption {
  /** Candle open times, ascending. */
  times: Float64Array;
  candleMinutes: number;
  consumedLong: Float64Array;
  consumedShort: Float64Array;
}

export interface AuditCandles {
  /** Open times of the candles of the recorded period. */
  times: Float64Array;
  predictedLong: Float64Array;
  predictedShort: Float64Array;
  realisedLong: Float64Array;
  realisedShort: Float64Array;
  /** Recorded events that fell in a candle of the walk (and so in the period). */
  events: number;
  /** Events given but outside every candle of the walk. */
  outside: number;
}

/**
 * Per-candle predicted and realised USD over the recorded period: from the candle of the
 * first recorded event to that of the last. Null when no event falls in a candle of the walk.
 */
export function auditCandles(walk: WalkConsumption, events: readonly Liquidation[]): AuditCandles | null {
  const candleMs = walk.candleMinutes * 60_000;
  const at = events.map((e) => columnOf(walk.times, candleMs, e.time));
  // A loop, not Math.min(...at): months of records (~150,000 events and more) overflow the call stack.
  let first = Infinity;
  let last = -Infinity;
  let inside = 0;
  for (const k of at) {
    if (k < 0) continue;
    inside++;
    if (k < first) first = k;
    if (k > last) last = k;
  }
  if (inside === 0) return null;
  const n = last - first + 1;
  const realised: Record<LiquidatedSide, Float64Array> = { long: new Float64Array(n), short: new Float64Array(n) };
  events.forEach((e, i) => { if (at[i] >= 0) realised[e.side][at[i] - first] += e.usd; });
  return {
    times: walk.times.slice(first, last + 1),
    predictedLong: walk.consumedLong.slice(first, last + 1),
    predictedShort: walk.consumedShort.slice(first, last + 1),
    realisedLong: realised.long,
    realisedShort: realised.short,
    events: inside,
    outside: events.length - inside,
  };
}

/** Ranks 1..n, tied values sharing the mean of their ranks. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const mean = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = mean;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation of the average ranks; null when either side is constant or n < 2. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length !== y.length) throw new Error(`spearman: ${x.length} values against ${y.length}`);
  const n = x.length;
  if (n < 2) return null;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** How many candles the capture counts: ceil(10 %) of them (at least one). */
export const captureCount = (candles: number): number => Math.max(1, Math.ceil(candles / CAPTURE_ONE_IN));

/**
 * Share of realised USD in the ceil(10 %) candles with the largest predicted USD (equal
 * predictions: the earlier candle first); null when nothing was realised.
 */
export function capture(predicted: ArrayLike<number>, realised: ArrayLike<number>): number | null {
  const n = predicted.length;
  const total = sum(realised);
  if (n === 0 || !(total > 0)) return null;
  const top = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => predicted[b] - predicted[a] || a - b)
    .slice(0, captureCount(n));
  return top.reduce((s, i) => s + realised[i], 0) / total;
}

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

export interface SideAudit {
  rho: number | null;
  capture: number | null;
  /** Realised / predicted USD; null when nothing was predicted. */
  ratio: number | null;
  predictedUsd: number;
  realisedUsd: number;
}

export interface AuditStats {
  candles: number;
  events: number;
  long: SideAudit;
  short: SideAudit;
}

function sideAudit(predicted: Float64Array, realised: Float64Array): SideAudit {
  const predictedUsd = sum(predicted);
  const realisedUsd = sum(realised);
  return { rho: spearman(predicted, realised), capture: capture(predicted, realised), ratio: predictedUsd > 0 ? realisedUsd / predictedUsd : null, predictedUsd, realisedUsd };
}

export function auditStats(c: AuditCandles): AuditStats {
  return { candles: c.times.length, events: c.events, long: sideAudit(c.predictedLong, c.realisedLong), short: sideAudit(c.predictedShort, c.realisedShort) };
}

export const AUDIT_CSV_HEADER = 'candle_time,predicted_long_usd,predicted_short_usd,realised_long_usd,realised_short_usd';

/** One row per candle of the period, times ISO UTC, numbers unformatted. */
export function auditCsv(c: AuditCandles): string {
  const lines = [AUDIT_CSV_HEADER];
  for (let i = 0; i < c.times.length; i++) {
    lines.push([new Date(c.times[i]).toISOString(), c.predictedLong[i], c.predictedShort[i], c.realisedLong[i], c.realisedShort[i]].join(','));
  }
  return lines.join('\n') + '\n';
}
