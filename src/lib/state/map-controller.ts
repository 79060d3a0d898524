/** The map view's controller rules: which request the view state makes, and what is drawn. */
import { autoStep } from '../model/bins.ts';
import { mapParamProblems } from '../model/params.ts';
import type { MapParams, MapResult } from '../model/types.ts';
import type { Prepared } from '../engine/api.ts';
import { liquidationMapFigure } from '../charts/liquidation-map-figure.ts';
import type { Figure } from '../charts/plotly.ts';
import type { RealisedBins } from '../live/tape.ts';
import { mapStatement } from './map-statement.ts';
import type { Statement } from './statement.ts';
import type { UsedFigures } from './used-figures.ts';
import type { Shown, ViewController, ViewRequest } from './view-controller.svelte.ts';
import type { ViewState } from './view-state.ts';

export interface MapContext {
  figures: UsedFigures | null;
  prepared: Prepared | null;
  synthetic: boolean;
  autoStep: boolean;
}

export type MapShown = Shown<MapParams, MapResult, MapContext>;
export type MapController = ViewController<MapParams, MapResult, MapContext>;

/** The price a view uses: live or typed-in mark price, else the profile's last close. */
export function viewPrice(figures: UsedFigures | null, prepared: Prepared | null): number {
  return figures?.markPrice ?? prepared?.lastClose ?? 0;
}

export function mapStep(view: ViewState, price: number): number {
  return view.step ?? (price > 0 ? autoStep(view.symbol, view.windowDays, price) : 0);
}

export function mapRequest(view: ViewState, figures: UsedFigures | null, prepared: Prepared | null, synthetic: boolean): ViewRequest<MapParams, MapContext> {
  const price = viewPrice(figures, prepared);
  const oiUsd = figures?.oiUsd ?? 0;
  if (!prepared || prepared.symbol !== view.symbol || oiUsd <= 0 || price <= 0) return { kind: 'wait' };
  const params: MapParams = {
    symbol: view.symbol, model: view.model, windowDays: view.windowDays, step: mapStep(view, price), whaleThreshold: view.whale,
    split: view.split, formula: view.formula, tiers: view.tiers.map((t) => ({ ...t })), mmr: view.mmr, oiUsd, markPrice: price,
  };
  const problems = mapParamProblems(params);
  if (problems.length) return { kind: 'refused', problems };
  return { kind: 'compute', params, context: { figures, prepared, synthetic, autoStep: view.step === null } };
}

/** The figure and the statement of what is shown: both from the params the result used. */
export function mapPicture(shown: MapShown, realised?: RealisedBins | null): { figure: Figure; statement: Statement } {
  const { params: p, result: r, context: c } = shown;
  return {
    figure: liquidationMapFigure(r, p.markPrice, p.step, p.symbol, realised),
    statement: mapStatement(r, p, c.figures, c.prepared, c.synthetic, c.autoStep),
  };
}
