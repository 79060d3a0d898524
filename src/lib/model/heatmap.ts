/**
 * Model 3, the time x price heatmap: the function the engine worker calls. heatmap-data.ts
 * aggregates the data per candle and per hour before the range; the starting state (heatmap-start.ts) and the
 * walk (heatmap-walk.ts) evolve the levels of the levels core on typed arrays.
 */
import { CANDLE_MINUTES, DEFAULT_MAX_PRICE_ROWS, heatmapStep } from './candle-sizes.ts';
import { candlesFrom, firstHourIn, hourlyExtremes, lastCandleTime, oiBefore, oiEndByCandle, whaleEntriesByGroup } from './heatmap-data.ts';
import { entriesPerCandle, gridFor, MIN_OI_COVERAGE, oiPerCandle, priceSpan, rowsOf, rowsOfBins } from './heatmap-inputs.ts';
import { HOUR_MS, START_LOOKBACK_DAYS, startingState } from './heatmap-start.ts';
import { gridLevels, walkHeatmap, type GridLevels, type HeatmapWalkInputs, type HeatmapWalkOutput, type PriceGrid } from './heatmap-walk.ts';
import { assertValid, commonProblems, positive } from './params.ts';
import type { SymbolData } from './profile-data.ts';
import { monthsWithHours } from './whale-rows.ts';
import type { HeatmapParams, HeatmapResult } from './types.ts';

const DAY_MS = 86_400_000;
/** A user step finer than this many rows for the range is refused (memory, not meaning). */
const MAX_ROWS = 5_000;

export function heatmapParamProblems(p: HeatmapParams): string[] {
  const problems = [...commonProblems(p), ...positive('Range (days)', p.rangeDays)];
  if (!CANDLE_MINUTES.includes(p.candleMinutes)) problems.push(`Candle size ${p.candleMinutes} min is not one of ${CANDLE_MINUTES.join(', ')}.`);
  if (p.step !== undefined) problems.push(...positive('Price step', p.step));
  if (p.maxRows !== undefined && !(Number.isInteger(p.maxRows) && p.maxRows >= 10)) problems.push('Price rows must be a whole number >= 10.');
  if (!(p.oiUsd >= 0) || !Number.isFinite(p.oiUsd)) problems.push(`Open interest ${p.oiUsd} must be a number >= 0.`);
  return problems;
}

/** Days of profile data a heatmap of `rangeDays` reads: the range and the lookback of its start. */
export function heatmapDataDays(rangeDays: number): number {
  return Math.ceil(rangeDays) + START_LOOKBACK_DAYS;
}

/** The range's candles: `count` candles of `candleMs` ending with the latest loaded one. */
export function heatmapRange(data: SymbolData, p: Pick<HeatmapParams, 'rangeDays' | 'candleMinutes'>): { candleMs: number; from: number; lastTime: number } {
  const candleMs = p.candleMinutes * 60_000;
  const lastTime = lastCandleTime(data);
  if (Number.isNaN(lastTime)) throw new Error(`No candles are loaded for ${data.symbol}.`);
  const count = Math.max(1, Math.round((p.rangeDays * DAY_MS) / candleMs));
  return { candleMs, lastTime, from: Math.floor(lastTime / candleMs) * candleMs - (count - 1) * candleMs };
}

/** The range's candles of `data` (candlesFrom); several exchanges aggregate them once for their union span. */
export type RangeCandles = ReturnType<typeof candlesFrom>;

/**
 * What a sum of several exchanges computed once and hands each exchange's heatmap: its range
 * candles and the shared grid's levels.
 */
export interface HeatmapGiven {
  candles?: RangeCandles;
  levels?: GridLevels;
}

/** One exchange's heatmap up to its walk: the walk's inputs, and the rest of the result. */
export interface PreparedHeatmap {
  times: Float64Array;
  walk: HeatmapWalkInputs;
  /** The walk has OI history (walkHeatmapSum can sum it with others). */
  history: boolean;
  finish: (walk: HeatmapWalkOutput) => HeatmapResult;
}

export function computeHeatmap(data: SymbolData, p: HeatmapParams, given: HeatmapGiven = {}): HeatmapResult {
  const prepared = prepareHeatmap(data, p, given);
  return prepared.finish(walkHeatmap(prepared.walk));
}

export function prepareHeatmap(data: SymbolData, p: HeatmapParams, given: HeatmapGiven = {}): PreparedHeatmap {
  assertValid(heatmapParamProblems(p));
  const started = performance.now();
  const { candleMs, from, lastTime } = heatmapRange(data, p);

  const { t: times, open, high, low, close } = given.candles ?? candlesFrom(data, candleMs, from);
  const [lo, hi] = p.span ?? priceSpan(low, high, p.tiers, p.mmr, p.formula);
  const step = p.step ?? heatmapStep(lo, hi, p.maxRows ?? DEFAULT_MAX_PRICE_ROWS);
  const grid = gridFor(lo, hi, step);
  if (grid.rows > MAX_ROWS) throw new Error(`Price step ${step} gives ${grid.rows} rows for this range; use a step of at least ${heatmapStep(lo, hi, MAX_ROWS)}.`);
  const levels = given.levels ?? gridLevels(grid, p);

  const groupMs = Math.max(candleMs, HOUR_MS);
  const groups = whaleEntriesByGroup(data, p.whaleThreshold, step, groupMs, Math.floor(from / groupMs) * groupMs, lastTime + groupMs);
  const entries = entriesPerCandle(times, candleMs, groups, grid);

  const o = oiEndByCandle(data, candleMs, from);
  const { oiEnd, coverage } = oiPerCandle(times, o.t, o.oiEnd);
  const useHistory = coverage >= MIN_OI_COVERAGE;
  const before = oiBefore(data, candleMs, from);
  const oiStart = Number.isNaN(before) ? oiEnd[0] : before;

  const start = startAt(data, p, from, grid, levels, useHistory ? oiStart : null);
  const walk: HeatmapWalkInputs = {
    low,
    high,
    oiEnd: useHistory ? oiEnd : null,
    oiStart: useHistory ? oiStart : 0,
    start: start.size,
    finalOiUsd: p.oiUsd,
    ...entries,
    closeRow: rowsOf(grid, close),
    levels,
    split: p.split,
  };
  const finish = (w: HeatmapWalkOutput): HeatmapResult => ({
    times,
    priceBins: levels.prices,
    matrix: w.matrix,
    open,
    high,
    low,
    close,
    resting: w.resting,
    opened: w.opened,
    closed: w.closed,
    consumedLong: w.consumedLong,
    consumedShort: w.consumedShort,
    step,
    candleMinutes: p.candleMinutes,
    inputs: {
      fromTime: times[0] ?? from,
      toTime: times[times.length - 1] ?? from,
      candles: times.length,
      oiSource: useHistory ? 'history' : 'fallback',
      oiCoverage: coverage,
      priorOi: useHistory && !Number.isNaN(before),
      oiStartUsd: useHistory ? oiStart : NaN,
      startDays: start.days,
      startOpened: start.opened * w.scale,
      startLiquidated: start.liquidated * w.scale,
      fallbackScale: useHistory ? 1 : w.scale,
      months: monthsWithHours(data, from - START_LOOKBACK_DAYS * DAY_MS),
    },
    computeMs: performance.now() - started,
  });
  return { times, walk, history: useHistory, finish };
}

/** The state at T0 from the whale entries and prices of the 30 days before it (what is loaded). */
function startAt(data: SymbolData, p: HeatmapParams, t0: number, grid: PriceGrid, levels: GridLevels, oiStart: number | null) {
  const since = t0 - START_LOOKBACK_DAYS * DAY_MS;
  const e = whaleEntriesByGroup(data, p.whaleThreshold, grid.step, HOUR_MS, since, t0);
  const x = hourlyExtremes(data, since, t0);
  const firstHour = firstHourIn(data, since, t0);
  const state = startingState({
    rangeStart: t0,
    hour: e.t,
    row: rowsOfBins(grid, e.bin),
    buy: e.buy,
    sell: e.sell,
    extremeHour: x.h,
    extremeLow: x.low,
    extremeHigh: x.high,
    oiStart,
    levels,
    split: p.split,
  });
  const days = Number.isNaN(firstHour) ? 0 : Math.min(START_LOOKBACK_DAYS, (t0 - firstHour) / DAY_MS);
  return { ...state, days };
}
