/**
 * The Audit view's rules: which heatmap result it may use (the range and symbol asked), the
 * time span whose recorded events it reads, the exchange choice, and how its numbers read.
 */
import type { ExchangeId, Liquidation } from '../live/events.ts';
import { EXCHANGE_IDS, EXCHANGE_LABELS, exchangesLabel } from '../data/profile-schema.ts';
import type { HeatmapResult } from '../model/types.ts';
import { CAPTURE_SHARE } from '../model/audit.ts';
import { selectedExchanges } from '../model/exchanges.ts';
import { rangeLabel } from './heatmap-statement.ts';
import type { HeatmapShown } from './heatmap-controller.ts';
import type { ViewState } from './view-state.ts';

/** Whose realised liquidations the audit counts: one exchange's, or every exchange's ('both'). */
export type ExchangeChoice = ExchangeId | 'both';
export const EXCHANGE_CHOICES: readonly { id: ExchangeChoice; label: string }[] = [
  { id: 'both', label: exchangesLabel(EXCHANGE_IDS) },
  ...EXCHANGE_IDS.map((id) => ({ id, label: EXCHANGE_LABELS[id] })),
];

/**
 * The realised liquidations the audit compares with by default: those of the view's own
 * exchanges (a Bybit heatmap beside Binance's liquidations would compare unlike things).
 */
export function realisedChoiceOf(exchanges: readonly ExchangeId[]): ExchangeChoice {
  return exchanges.length === 1 ? exchanges[0] : 'both';
}

/** The shown heatmap when it is the one the audit asks for (symbol, range and exchanges), else null. */
export function auditShown(shown: HeatmapShown | null, view: ViewState): HeatmapShown | null {
  if (!shown || shown.params.symbol !== view.symbol || rangeLabel(shown.params.rangeDays) !== view.range) return null;
  return selectedExchanges(shown.params).map((e) => e.id).join(',') === view.exchanges.join(',') ? shown : null;
}

/** From the first candle's open to the last candle's close (inclusive ms bounds for the store). */
export function auditSpan(r: HeatmapResult): { from: number; to: number } | null {
  const n = r.times.length;
  return n ? { from: r.times[0], to: r.times[n - 1] + r.candleMinutes * 60_000 - 1 } : null;
}

export function ofExchanges(events: readonly Liquidation[], choice: ExchangeChoice): Liquidation[] {
  return choice === 'both' ? [...events] : events.filter((e) => e.exchange === choice);
}

export const formatRho = (rho: number | null): string => (rho === null ? '—' : rho.toFixed(2));
export const formatShare = (share: number | null): string => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);
export const formatRatio = (ratio: number | null): string => (ratio === null ? '—' : ratio.toPrecision(3));
export const BLIND_GUESS = formatShare(CAPTURE_SHARE);
