/**
 * What a view of several exchanges asks the engine: each selected exchange with its own OI and
 * mark price (used-figures.ts), and whether the prepared data is of those exchanges. A view of
 * Binance alone asks as it always did (no `exchanges` in the params).
 */
import type { Prepared } from '../engine/api.ts';
import type { ExchangeFigures } from '../model/types.ts';
import type { ExchangeUsedFigures } from './used-figures.ts';
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
  const lead = exchanges.find((e) => !prepared.exchanges?.find((p) => p.id === e.id)?.absent) ?? exchanges[0];
  return { oiUsd: exchanges.reduce((s, e) => s + e.oiUsd, 0), markPrice: lead.markPrice };
}
