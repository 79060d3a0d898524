/**
 * The Audit view's rules: which heatmap result it may use (the range and symbol asked), the
 * time span whose recorded events it reads, the exchange choice, and how its numbers read.
 */
import type { ExchangeId, Liquidation } from '../live/events.ts';
import { EXCHANGE_IDS, EXCHANGE_LABELS, exchangesLabel } from '../data/profile-schema.ts';
import type { RecordedSymbol } from '../live/liquidation-store.ts';
import { formatUtc } from '../format.ts';
import type { HeatmapResult } from '../model/types.ts';
import { CAPTURE_SHARE } from '../model/audit.ts';
import { selectedExchanges } from '../model/exchanges.ts';
import { rangeLabel } from './heatmap-statement.ts';
import type { HeatmapShown } from './heatmap-controller.ts';
import type { ViewState } from './view-state.ts';
import { APP_EXCHANGES } from '../../exchanges/app-registry.ts';

/**
 * Whose realised liquidations the audit counts: one exchange's, or all of them ('all', as the
 * choice's label sums them). Not events.ts's ExchangeChoice (a list of exchanges, or null for
 * any): this one is the audit's picker only, held by the view while it is open, never stored.
 */
export type RealisedChoice = ExchangeId | 'all';
export const REALISED_CHOICES: readonly { id: RealisedChoice; label: string }[] = [
  { id: 'all', label: exchangesLabel(EXCHANGE_IDS) },
  ...EXCHANGE_IDS.map((id) => ({ id, label: EXCHANGE_LABELS[id] })),
];

/**
 * The realised liquidations the audit compares with by default: those of the view's own
 * exchanges (a Bybit heatmap beside Binance's liquidations would compare unlike things).
 */
export function realisedChoiceOf(exchanges: readonly ExchangeId[]): RealisedChoice {
  return exchanges.length === 1 ? exchanges[0] : 'all';
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

/** The exchanges a choice counts the liquidations of. */
export const realisedIds = (choice: RealisedChoice): readonly ExchangeId[] => (choice === 'all' ? EXCHANGE_IDS : [choice]);

/**
 * What the chosen exchanges' liquidation streams push (AppExchange.liquidationStream): a sampled
 * stream's note alone when one is chosen, as the mix is only as complete as its sampled part.
 */
export function streamNotes(choice: RealisedChoice): string[] {
  const streams = realisedIds(choice).map((id) => APP_EXCHANGES[id].liquidationStream);
  const sampled = streams.filter((s) => s.sampled);
  return (sampled.length ? sampled : streams).map((s) => s.note);
}

export function ofExchanges(events: readonly Liquidation[], choice: RealisedChoice): Liquidation[] {
  const ids = realisedIds(choice);
  return events.filter((e) => ids.includes(e.exchange));
}

/** Two decimals; a slightly negative ρ that rounds to zero reads "0.00", not "-0.00". */
export const formatRho = (rho: number | null): string => (rho === null ? '—' : (Math.abs(rho) < 0.005 ? 0 : rho).toFixed(2));
export const formatShare = (share: number | null): string => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);
export const formatRatio = (ratio: number | null): string => (ratio === null ? '—' : ratio.toPrecision(3));
export const BLIND_GUESS = formatShare(CAPTURE_SHARE);

const countOf = (n: number) => `${n.toLocaleString('en-US')} liquidation${n === 1 ? '' : 's'}`;
/** Exchanges named in a sentence: "Bybit", "Binance and Bybit", "Binance, Bybit and OKX". */
const prose = (ids: readonly ExchangeId[]): string => {
  const names = ids.map((id) => EXCHANGE_LABELS[id]);
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
};

/**
 * What the audit says in place of its numbers while it waits: first for the heatmap it audits,
 * then for the recorded liquidations of its candles, read from this browser's store (slow with
 * many kept: that wait is not a computation).
 */
export function auditWaiting(heatmapShown: boolean, rangeLabel: string): string {
  return heatmapShown ? 'Reading the recorded liquidations of this range…' : `Computing the heatmap of the ${rangeLabel} range…`;
}

/**
 * What to do when the audit has no recorded event to compare in the range: the advice depends
 * on where the symbol's records are. `recorded` is the symbol's summary of the store (null: none
 * kept); `inSpan` the events of the range of every exchange (the choice may have left them out).
 */
export function emptyAuditAdvice(symbol: string, span: { from: number; to: number }, recorded: RecordedSymbol | null, inSpan: readonly Liquidation[], choice: RealisedChoice): string {
  if (inSpan.length > 0) {
    const others = prose(EXCHANGE_IDS.filter((id) => !realisedIds(choice).includes(id) && inSpan.some((e) => e.exchange === id)));
    return `In this range only ${others}'s liquidations are recorded (${inSpan.length.toLocaleString('en-US')}): choose ${others} under "Realised liquidations of".`;
  }
  if (!recorded || recorded.count === 0) {
    return `To get some: keep liqmap open (it records the realised liquidations that ${prose(EXCHANGE_IDS)} stream, also in a background tab); import a CSV of recorded liquidations in the Data view; or run the command-line recorder and import its CSV.`;
  }
  const all = recorded.count === 1 ? 'is' : 'are all';
  const kept = `The ${countOf(recorded.count)} of ${symbol} kept in this browser (${formatUtc(recorded.first)} – ${formatUtc(recorded.last)})`;
  if (recorded.first > span.to) {
    return `${kept} ${all} after this range's last candle: the heatmap's data end at ${formatUtc(span.to + 1)}. To audit them, get the months that cover them in the Data view (a profile source, or "Fetch from an exchange's archive").`;
  }
  if (recorded.last < span.from) return `${kept} ${all} before this range: choose a longer range.`;
  return `${kept} fall around this range, none in it: choose a range that covers them.`;
}
