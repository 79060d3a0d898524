/**
 * What a view of several exchanges asks the engine: each selected exchange with its own OI and
 * mark price (used-figures.ts), and whether the prepared data is of those exchanges. A view of
 * Binance alone asks as it always did (no `exchanges` in the params). Also the one rule for the
 * view's own mark price (leadExchange, viewMark): the lead exchange's, where the auto bin step,
 * the price line, key levels and alerts are measured.
 */
import type { Prepared } from '../engine/api.ts';
import type { ExchangeId } from '../live/events.ts';
import type { ExchangeFigures } from '../model/types.ts';
import type { ExchangeUsedFigures, UsedFigures } from './used-figures.ts';
import type { ViewState } from './view-state.ts';

export const binanceOnly = (view: Pick<ViewState, 'exchanges'>) => view.exchanges.length === 1 && view.exchanges[0] === 'binance';

/** The prepared data is of the view's symbol and exchanges. */
export function preparedFor(prepared: Prepared | null, view: Pick<ViewState, 'symbol' | 'exchanges'>): prepared is Prepared {
  if (!prepared || prepared.symbol !== view.symbol) return false;
  if (binanceOnly(view)) return !prepared.exchanges;
  return prepared.exchanges?.map((e) => e.id).join(',') === view.exchanges.join(',');
}

/**
 * The per-exchange figures for the params, or null while an exchange with data has no figure yet.
 * An exchange without data goes with zero OI: the engine names it as missing.
 */
export function exchangeParams(view: ViewState, prepared: Prepared, perExchange: readonly ExchangeUsedFigures[]): ExchangeFigures[] | null {
  const out: ExchangeFigures[] = [];
  for (const id of view.exchanges) {
    const absent = prepared.exchanges?.find((e) => e.id === id)?.absent;
    const f = perExchange.find((e) => e.id === id)?.figures;
    if (!absent && !f) return null;
    out.push({ id, oiUsd: absent || !f ? 0 : f.oiUsd, markPrice: absent || !f ? prepared.lastClose : f.markPrice });
  }
  return out;
}

/** The summed OI and the first present exchange's mark price: the params' own figures. */
export function leadFigures(exchanges: readonly ExchangeFigures[], prepared: Prepared): { oiUsd: number; markPrice: number } {
  const lead = exchanges.find((e) => hasData(prepared, e.id)) ?? exchanges[0];
  return { oiUsd: exchanges.reduce((s, e) => s + e.oiUsd, 0), markPrice: lead.markPrice };
}

/**
 * The exchange whose mark price the view uses: the first chosen one the view has data for
 * (Binance for Binance + Bybit; Bybit for Bybit alone, never Binance's). The same one leads
 * the params (leadFigures) and draws the heatmap's candles.
 */
export function leadExchange(view: Pick<ViewState, 'symbol' | 'exchanges'>, prepared: Prepared | null): ExchangeId {
  return view.exchanges.find((id) => hasData(preparedFor(prepared, view) ? prepared : null, id)) ?? view.exchanges[0];
}

/** Whether the prepared data has `id`'s (an exchange it names as absent has none); unknown: yes. */
const hasData = (prepared: Prepared | null, id: ExchangeId) => !prepared?.exchanges?.find((e) => e.id === id)?.absent;

/** A view's price, by the figures its request uses: typed in or live mark, else the profile's last close. */
export function viewPrice(figures: UsedFigures | null, prepared: Prepared | null): number {
  return figures?.markPrice ?? prepared?.lastClose ?? 0;
}

/**
 * The mark price of the view: Binance's figures for Binance alone, else the lead exchange's own
 * (its stream or its profile, as its part of the picture takes them); 0 while there is none.
 */
export function viewMark(view: Pick<ViewState, 'symbol' | 'exchanges'>, binance: UsedFigures | null, perExchange: readonly ExchangeUsedFigures[], prepared: Prepared | null): number {
  if (binanceOnly(view)) return viewPrice(binance, prepared);
  const lead = leadExchange(view, prepared);
  const own = preparedFor(prepared, view) ? prepared.exchanges?.find((e) => e.id === lead) : undefined;
  const close = own && own.lastClose > 0 ? own.lastClose : 0;
  return perExchange.find((e) => e.id === lead)?.figures?.markPrice ?? close;
}
