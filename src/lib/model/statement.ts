/**
 * "What every model states" (models.md): the inputs behind a result, as data and as labelled
 * lines for the UI's inputs panel. Pure: the caller passes the OI figure and synthetic months.
 */
import { formatAge, formatUsd, formatUtc } from '../format.ts';
import type { HeatmapParams, HeatmapResult, MapParams, MapResult, ModelSettings, Tier } from './types.ts';

/** The OI figure used (structurally the binance LiveFigure's fields). */
export interface OiFigure {
  source: 'live' | 'cached' | 'manual';
  oiUsd: number;
  markPrice: number;
  /** Time of the figure, epoch ms, and its age when the result was computed. */
  time: number;
  ageMs: number;
}

export interface StatementLine {
  label: string;
  value: string;
}

export interface ModelStatement {
  model: string;
  symbol: string;
  /** Hours (map) or candle opens (heatmap) covered, epoch ms. */
  from: number;
  to: number;
  whaleThreshold: number;
  tiers: Tier[];
  mmr: number;
  formula: string;
  split: string;
  step: number;
  oi: OiFigure;
  /** The mark price the map used (the heatmap states the OI figure's). */
  markPrice: number;
  months: string[];
  syntheticMonths: string[];
  lines: StatementLine[];
}

const MODEL_LABELS = {
  oi: 'Open-interest scaled profile (oi)',
  trades: 'Trade-weighted (trades): overstates size, for comparison',
  heatmap: 'Time-evolving heatmap (heatmap)',
} as const;
const FORMULA_LABELS = { exact: 'exact (Binance isolated margin)', reference: 'reference approximation' } as const;
const SPLIT_LABELS = { taker: 'by taker buy/sell whale notional', even: '50/50' } as const;

function oiLine(oi: OiFigure): string {
  const what = oi.source === 'manual' ? 'typed in' : oi.source;
  return `${formatUsd(oi.oiUsd)} (${what}, ${formatUtc(oi.time)}, ${formatAge(oi.ageMs)} old)`;
}

function statement(
  model: keyof typeof MODEL_LABELS,
  p: ModelSettings,
  span: { from: number; to: number; text: string },
  step: number,
  oi: OiFigure,
  markPrice: number,
  months: string[],
  synthetic: string[],
  extra: StatementLine[],
): ModelStatement {
  const syntheticMonths = months.filter((m) => synthetic.includes(m));
  const monthText = months.length ? months.join(', ') : 'none';
  const lines: StatementLine[] = [
    { label: 'Model', value: MODEL_LABELS[model] },
    { label: 'Symbol', value: p.symbol },
    { label: 'Window', value: span.text },
    { label: 'Whale threshold', value: formatUsd(p.whaleThreshold) },
    { label: 'Leverage tiers', value: p.tiers.map((t) => `${t.leverage}x ${Math.round(t.weight * 1000) / 10}%`).join(' · ') },
    { label: 'Maintenance margin', value: `${Math.round(p.mmr * 1e5) / 1e3}% (first bracket, cum 0)` },
    { label: 'Liquidation formula', value: FORMULA_LABELS[p.formula] },
    { label: 'Long/short split', value: SPLIT_LABELS[p.split] },
    { label: 'Bin step', value: formatUsd(step) },
    { label: 'Open interest', value: oiLine(oi) },
    { label: 'Mark price', value: formatUsd(markPrice) },
    { label: 'Profile months', value: syntheticMonths.length ? `${monthText} (synthetic: ${syntheticMonths.join(', ')})` : monthText },
    ...extra,
  ];
  return {
    model, symbol: p.symbol, from: span.from, to: span.to, whaleThreshold: p.whaleThreshold,
    tiers: p.tiers.map((t) => ({ ...t })), mmr: p.mmr, formula: p.formula, split: p.split, step, oi,
    markPrice, months, syntheticMonths, lines,
  };
}

/** Statement of a map result. `synthetic` lists the months whose profiles are synthetic. */
export function mapStatement(p: MapParams, r: MapResult, oi: OiFigure, synthetic: string[] = []): ModelStatement {
  const w = r.window;
  const text = `${p.windowDays} d: ${formatUtc(w.fromHour)} to ${formatUtc(w.toHour)} (${w.hoursWithData} of ${w.hours} hours have data)`;
  return statement(p.model, p, { from: w.fromHour, to: w.toHour, text }, p.step, oi, p.markPrice, r.months, synthetic, [
    { label: 'Whale notional in window', value: formatUsd(r.entryNotional) },
  ]);
}

/** Statement of a heatmap result. */
export function heatmapStatement(p: HeatmapParams, r: HeatmapResult, oi: OiFigure, synthetic: string[] = []): ModelStatement {
  const i = r.inputs;
  const text = `${formatUtc(i.fromTime)} to ${formatUtc(i.toTime)}, ${i.candles} candles of ${r.candleMinutes} min`;
  const source =
    i.oiSource === 'history'
      ? `OI history (${Math.round(i.oiCoverage * 100)}% of candles${i.priorOi ? '' : '; the first candle opens the whole OI'})`
      : `no OI history: whale notional x ${i.fallbackScale.toPrecision(3)}, scaled to end at current OI`;
  return statement('heatmap', p, { from: i.fromTime, to: i.toTime, text }, r.step, oi, oi.markPrice, i.months, synthetic, [
    { label: 'Position sizes', value: source },
  ]);
}
