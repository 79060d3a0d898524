/** The heatmap's statement: totals and inputs of Model 3, from the params the heatmap used. */
import type { HeatmapParams, HeatmapResult } from '../model/types.ts';
import type { Prepared } from '../engine/api.ts';
import type { UsedFigures } from './used-figures.ts';
import { RANGE_CANDLE_DEFAULTS } from '../model/candle-sizes.ts';
import { candleLabel, lastColumn } from '../charts/heatmap-figure.ts';
import { START_LOOKBACK_DAYS } from '../model/heatmap-start.ts';
import { formatUsd, formatUtc } from '../format.ts';
import { exchangeLines } from './exchange-statement.ts';
import type { ExchangeUsedFigures } from './used-figures.ts';
import { commonWarnings, figureRows, profileFigureWarning, monthsRow, partialText, settingsRows, type Row, type Statement } from './statement.ts';

const DAY_MS = 86_400_000;

export function rangeLabel(days: number): string {
  return RANGE_CANDLE_DEFAULTS.find((r) => r.days === days)?.label ?? `${days} days`;
}

/** "2025-11-01 00:00 UTC – … (30.0 days, 180 × 4 h candles)". */
export function spanText(r: HeatmapResult): string {
  const end = r.inputs.toTime + r.candleMinutes * 60_000;
  return `${formatUtc(r.inputs.fromTime)} – ${formatUtc(end)} (${((end - r.inputs.fromTime) / DAY_MS).toFixed(1)} days, ${r.inputs.candles} × ${candleLabel(r.candleMinutes)} candles)`;
}

/** Fewer candles than the range asks for (the data end before it). */
export function shortened(r: HeatmapResult, p: HeatmapParams): boolean {
  return r.times.length < Math.round((p.rangeDays * 1440) / p.candleMinutes);
}

const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);

/** No lookback day loaded (to a tenth of a day): the walk starts with no positions at all. */
const noLookback = (r: HeatmapResult) => r.inputs.startDays < 0.05;

function startText(r: HeatmapResult): string {
  const i = r.inputs;
  if (noLookback(r)) return `none: no profile data of the ${START_LOOKBACK_DAYS} days before the range is loaded, so the walk starts with no positions`;
  const days = i.startDays >= START_LOOKBACK_DAYS ? `the ${START_LOOKBACK_DAYS} days` : `${i.startDays.toFixed(1)} days (of ${START_LOOKBACK_DAYS}: no earlier data loaded)`;
  return `positions opened in ${days} before the range: ${formatUsd(i.startOpened)}, of which ${formatUsd(i.startLiquidated)} reached before the range`;
}

/**
 * What rests now at liquidation prices past the grid's rows: positions opened in the lookback at
 * prices the range never reached (a 5x long from a lower month liquidates below the rows). They
 * count in "Resting now" but no cell holds them, so the side profile sums to less; said when
 * more than a hundredth of a percent.
 */
function beyondRows(r: HeatmapResult): Row[] {
  const total = r.resting[r.resting.length - 1] ?? 0;
  const drawn = lastColumn(r).reduce((s, x) => s + x, 0);
  const beyond = total - drawn;
  if (!(total > 0) || beyond <= total * 1e-4) return [];
  return [{ label: 'Beyond the rows', value: `${formatUsd(beyond)} of what rests now (${((beyond / total) * 100).toFixed(1)} %) liquidates at prices past the chart's rows: counted in Resting now, not drawn` }];
}

/** `colourScale`: the row the drawn figure adds (its scale is known only once it is built). */
export function heatmapStatement(r: HeatmapResult, p: HeatmapParams, f: UsedFigures | null, markPrice: number, prepared: Prepared | null, synthetic: boolean, colourScale?: Row, perExchange?: ExchangeUsedFigures[]): Statement {
  const i = r.inputs;
  const several = exchangeLines(i.exchanges, perExchange, prepared, 'summed; candles of the first', 'the price line');
  const oiText = i.oiSource === 'history'
    ? `OI history (${(i.oiCoverage * 100).toFixed(0)}% of candles); ${formatUsd(i.oiStartUsd)} at the range start${i.priorOi ? '' : ' (its first candle: no record before it)'}`
    : `no OI history (${(i.oiCoverage * 100).toFixed(0)}% coverage): whale notional scaled ×${i.fallbackScale.toPrecision(3)} so what rests now equals the OI used`;
  const totals: Row[] = [
    { label: 'Resting now', value: formatUsd(r.resting[r.resting.length - 1] ?? 0) },
    { label: 'Opened', value: formatUsd(sum(r.opened)) },
    { label: 'Closed', value: formatUsd(sum(r.closed)) },
    { label: 'Liquidated longs', value: formatUsd(sum(r.consumedLong)) },
    { label: 'Liquidated shorts', value: formatUsd(sum(r.consumedShort)) },
  ];
  const inputs: Row[] = [
    { label: 'Symbol', value: p.symbol },
    { label: 'Model', value: 'heatmap: positions opened by ΔOI at whale entry prices, closed pro rata, consumed by candle ranges' },
    { label: 'Range', value: `${rangeLabel(p.rangeDays)} asked; covers ${spanText(r)}${partialText(prepared)}` },
    { label: 'Starting state', value: startText(r) },
    ...beyondRows(r),
    ...settingsRows(p, "of each candle"),
    { label: 'Price step', value: `${r.step} USD${p.step === undefined ? ' (auto for the range)' : ''}` },
    { label: 'Open interest', value: oiText },
    ...(i.exchanges ? several.rows : figureRows(p.symbol, p.oiUsd, markPrice, f).map((row) => (row.label === 'Open interest' ? { ...row, label: 'OI used now' } : row))),
    ...(colourScale ? [colourScale] : []),
    monthsRow(i.months, synthetic),
  ];
  const warnings = [...several.warnings, ...(i.exchanges ? [] : profileFigureWarning(f, 'Binance')), ...commonWarnings(markPrice, prepared, synthetic)];
  if (noLookback(r)) warnings.push(`None of the ${START_LOOKBACK_DAYS} days before the range has profile data: the picture starts with no positions, so its first candles show only what opened in the range.`);
  else if (i.startDays < START_LOOKBACK_DAYS) warnings.push(`Only ${i.startDays.toFixed(1)} of the ${START_LOOKBACK_DAYS} days before the range have profile data: the starting state holds only the positions opened in them.`);
  return { totals, inputs, warnings };
}
