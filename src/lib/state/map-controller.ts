/** The map view's controller rules: which request the view state makes, and what is drawn. */
import { autoStep } from '../model/bins.ts';
import { mapParamProblems } from '../model/params.ts';
import type { MapParams, MapResult } from '../model/types.ts';
import type { Prepared } from '../engine/api.ts';
import { liquidationMapFigure, type MapSpec } from '../charts/liquidation-map-figure.ts';
import type { RealisedBins } from '../live/realised-bins.ts';
import { mapStatement } from './map-statement.ts';
import type { Statement } from './statement.ts';
import type { ExchangeUsedFigures, UsedFigures } from './used-figures.ts';
import { binanceOnly, exchangeParams, leadFigures, preparedFor, viewPrice } from './exchange-request.ts';
import type { Shown, ViewController, ViewRequest } from './view-controller.svelte.ts';
import type { ViewState } from './view-state.ts';

export interface MapContext {
  figures: UsedFigures | null;
  prepared: Prepared | null;
  synthetic: boolean;
  autoStep: boolean;
  /** Several exchanges: each one's figures as the request used them. */
  exchangeFigures?: ExchangeUsedFigures[];
}

export type MapShown = Shown<MapParams, MapResult, MapContext>;
export type MapController = ViewController<MapParams, MapResult, MapContext>;

export function mapStep(view: ViewState, price: number): number {
  return view.step ?? (price > 0 ? autoStep(view.symbol, view.windowDays, price) : 0);
}

export function mapRequest(view: ViewState, figures: UsedFigures | null, prepared: Prepared | null, synthetic: boolean, perExchange: readonly ExchangeUsedFigures[] = []): ViewRequest<MapParams, MapContext> {
  if (!binanceOnly(view)) return severalRequest(view, prepared, synthetic, perExchange);
  const price = viewPrice(figures, prepared);
  const oiUsd = figures?.oiUsd ?? 0;
  if (!preparedFor(prepared, view) || oiUsd <= 0 || price <= 0) return { kind: 'wait' };
  return checked(view, { oiUsd, markPrice: price }, { figures, prepared, synthetic, autoStep: view.step === null });
}

function checked(view: ViewState, f: Pick<MapParams, 'oiUsd' | 'markPrice' | 'exchanges'>, context: MapContext): ViewRequest<MapParams, MapContext> {
  const params: MapParams = {
    symbol: view.symbol, model: view.model, windowDays: view.windowDays, step: mapStep(view, f.markPrice), whaleThreshold: view.whale,
    split: view.split, formula: view.formula, tiers: view.tiers.map((t) => ({ ...t })), mmr: view.mmr, ...f,
  };
  const problems = mapParamProblems(params);
  if (problems.length) return { kind: 'refused', problems };
  return { kind: 'compute', params, context };
}

/** Several exchanges: summed OI, the first present exchange's mark price, each exchange's own figures. */
function severalRequest(view: ViewState, prepared: Prepared | null, synthetic: boolean, perExchange: readonly ExchangeUsedFigures[]): ViewRequest<MapParams, MapContext> {
  if (!preparedFor(prepared, view)) return { kind: 'wait' };
  const exchanges = exchangeParams(view, prepared, perExchange);
  if (!exchanges) return { kind: 'wait' };
  const lead = leadFigures(exchanges, prepared);
  if (lead.oiUsd <= 0 || !(lead.markPrice > 0)) return { kind: 'wait' };
  const figures = perExchange.find((e) => e.id === exchanges[0].id)?.figures ?? null;
  return checked(view, { ...lead, exchanges }, { figures, prepared, synthetic, autoStep: view.step === null, exchangeFigures: [...perExchange] });
}

/** The figure and the statement of what is shown: both from the params the result used. */
export function mapPicture(shown: MapShown, realised?: RealisedBins | null): { figure: MapSpec; statement: Statement } {
  const { params: p, result: r, context: c } = shown;
  return {
    figure: liquidationMapFigure(r, p.markPrice, p.step, p.symbol, realised, c.synthetic),
    statement: mapStatement(r, p, c.figures, c.prepared, c.synthetic, c.autoStep, c.exchangeFigures),
  };
}
