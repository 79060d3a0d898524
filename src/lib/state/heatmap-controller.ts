/** The heatmap view's controller rules: the months it needs, its request, and what is drawn. */
import { rangeByLabel } from '../model/candle-sizes.ts';
import { heatmapDataDays, heatmapParamProblems } from '../model/heatmap.ts';
import type { HeatmapParams, HeatmapResult } from '../model/types.ts';
import type { MarkerCells } from '../model/marker-cells.ts';
import type { Prepared } from '../engine/api.ts';
import { monthsForWindow } from '../engine/months.ts';
import { brightnessFactor, brightnessLabel, heatmapFigure, type HeatmapScale, type HeatmapSpec } from '../charts/heatmap-figure.ts';
import { formatUsd } from '../format.ts';
import { heatmapStatement } from './heatmap-statement.ts';
import type { Statement } from './statement.ts';
import type { ExchangeUsedFigures, UsedFigures } from './used-figures.ts';
import { binanceOnly, exchangeParams, leadFigures, preparedFor, viewPrice } from './exchange-request.ts';
import type { Shown, ViewController, ViewRequest } from './view-controller.svelte.ts';
import type { ViewState } from './view-state.ts';

export interface HeatmapContext {
  figures: UsedFigures | null;
  prepared: Prepared | null;
  synthetic: boolean;
  /** Several exchanges: each one's figures as the request used them. */
  exchangeFigures?: ExchangeUsedFigures[];
}

export type HeatmapShown = Shown<HeatmapParams, HeatmapResult, HeatmapContext>;
export type HeatmapController = ViewController<HeatmapParams, HeatmapResult, HeatmapContext>;

/** Views drawn from the heatmap's result (the audit compares its walk with what was recorded). */
export const usesHeatmap = (view: ViewState): boolean => view.view === 'heatmap' || view.view === 'audit';

/** Days of profile data the current view reads (the heatmap also reads its starting lookback). */
export function daysNeeded(view: ViewState): number {
  return usesHeatmap(view) ? heatmapDataDays(rangeByLabel(view.range).days) : view.windowDays;
}

/** Whether the months of the range and its lookback are prepared (loaded or known missing). */
export function heatmapReady(prepared: Prepared | null, view: ViewState): prepared is Prepared {
  if (!preparedFor(prepared, view)) return false;
  return monthsForWindow(prepared.lastHour, daysNeeded(view)).every((m) => prepared.months.includes(m) || prepared.missing.includes(m));
}

export function heatmapRequest(view: ViewState, figures: UsedFigures | null, prepared: Prepared | null, synthetic: boolean, perExchange: readonly ExchangeUsedFigures[] = []): ViewRequest<HeatmapParams, HeatmapContext> {
  const range = rangeByLabel(view.range);
  const params: HeatmapParams = {
    symbol: view.symbol, rangeDays: range.days, candleMinutes: range.candleMinutes, whaleThreshold: view.whale,
    split: view.split, formula: view.formula, tiers: view.tiers.map((t) => ({ ...t })), mmr: view.mmr,
    oiUsd: figures?.oiUsd ?? 0, step: view.step ?? undefined,
  };
  const problems = heatmapParamProblems(params);
  if (problems.length) return { kind: 'refused', problems };
  if (!heatmapReady(prepared, view)) return { kind: 'wait' };
  if (!binanceOnly(view)) {
    const exchanges = exchangeParams(view, prepared, perExchange);
    if (!exchanges) return { kind: 'wait' };
    const lead = perExchange.find((e) => e.id === exchanges[0].id)?.figures ?? null;
    return { kind: 'compute', params: { ...params, oiUsd: leadFigures(exchanges, prepared).oiUsd, exchanges }, context: { figures: lead, prepared, synthetic, exchangeFigures: [...perExchange] } };
  }
  if (!figures) return { kind: 'wait' };
  return { kind: 'compute', params, context: { figures, prepared, synthetic } };
}

/** How what is shown is coloured: `lockedZmax` keeps an earlier scale's top (lock scale), `brightness` divides the top. */
export interface HeatmapLook {
  lockedZmax?: number;
  brightness?: number;
  markers?: MarkerCells | null;
}

/**
 * The figure and statement of what is shown. The price line follows the live price without a
 * recompute; colour changes (lock, brightness) and new markers need none either.
 */
export function heatmapPicture(shown: HeatmapShown, markPrice: number, look: HeatmapLook = {}): { figure: HeatmapSpec; scale: HeatmapScale; statement: Statement } {
  const { lockedZmax, brightness, markers } = look;
  const { params: p, result: r, context: c } = shown;
  // `markPrice`: the view's (viewMark: its lead exchange's), live; else the figures the result used.
  const price = Number.isFinite(markPrice) && markPrice > 0 ? markPrice : viewPrice(c.figures, c.prepared);
  const { figure, scale } = heatmapFigure(r, { symbol: p.symbol, markPrice: price, synthetic: c.synthetic, lockedZmax, brightness, markers });
  const origin = scale.locked ? 'locked' : '99th percentile of non-zero cells';
  const bright = scale.brightness === 1 ? '' : `, ${brightnessFactor(scale.brightness)} for brightness ${brightnessLabel(scale.brightness)}`;
  const colourScale = { label: 'Colour scale', value: `sqrt, 0 to ${formatUsd(scale.zmax)} (${origin}${bright}); above it the top colour` };
  return { figure, scale, statement: heatmapStatement(r, p, c.figures, price, c.prepared, c.synthetic, colourScale, c.exchangeFigures) };
}
