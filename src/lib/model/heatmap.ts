/**
 * Model 3, the time x price heatmap: the function the engine worker calls. SQL aggregates the
 * tables per candle and per hour before the range; the starting state (heatmap-start.ts) and the
 * walk (heatmap-walk.ts) evolve the levels of the levels core on typed arrays.
 */
import { num, text, type Db } from '../db/db.ts';
import { CANDLE_MINUTES, DEFAULT_MAX_PRICE_ROWS, heatmapStep } from './candle-sizes.ts';
import { entriesPerCandle, gridFor, MIN_OI_COVERAGE, oiPerCandle, priceSpan, rowOf, rowOfBin, rowPrices } from './heatmap-inputs.ts';
import {
  FIRST_HOUR_SQL,
  heatmapEntriesSql,
  HEATMAP_CANDLES_SQL,
  HEATMAP_MONTHS_SQL,
  HEATMAP_OI_BEFORE_SQL,
  HEATMAP_OI_SQL,
  HOURLY_EXTREMES_SQL,
  LAST_CANDLE_SQL,
} from './heatmap.sql.ts';
import { HOUR_MS, START_LOOKBACK_DAYS, startingState } from './heatmap-start.ts';
import { gridLevels, walkHeatmap, type GridLevels, type PriceGrid } from './heatmap-walk.ts';
import { assertValid, commonProblems, positive } from './params.ts';
import { ensureModelCache } from './whale-cache.ts';
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

export async function computeHeatmap(db: Db, p: HeatmapParams): Promise<HeatmapResult> {
  assertValid(heatmapParamProblems(p));
  const started = performance.now();
  await ensureModelCache(db, p.symbol, p.whaleThreshold);
  const candleMs = p.candleMinutes * 60_000;
  const lastTime = num(await db.query(LAST_CANDLE_SQL, [p.symbol]), 'last_time')[0];
  if (lastTime === undefined || Number.isNaN(lastTime)) throw new Error(`No candles are loaded for ${p.symbol}.`);
  const count = Math.max(1, Math.round((p.rangeDays * DAY_MS) / candleMs));
  const from = Math.floor(lastTime / candleMs) * candleMs - (count - 1) * candleMs;

  const c = await db.query(HEATMAP_CANDLES_SQL, [p.symbol, candleMs, from]);
  const [times, open, high, low, close] = ['t', 'open', 'high', 'low', 'close'].map((k) => num(c, k));
  const [lo, hi] = priceSpan(low, high, p.tiers, p.mmr, p.formula);
  const step = p.step ?? heatmapStep(lo, hi, p.maxRows ?? DEFAULT_MAX_PRICE_ROWS);
  const grid = gridFor(lo, hi, step);
  if (grid.rows > MAX_ROWS) throw new Error(`Price step ${step} gives ${grid.rows} rows for this range; use a step of at least ${heatmapStep(lo, hi, MAX_ROWS)}.`);
  const levels = gridLevels(grid, p);

  const groupMs = Math.max(candleMs, HOUR_MS);
  const e = await db.query(heatmapEntriesSql(step), [p.symbol, groupMs, Math.floor(from / groupMs) * groupMs, lastTime + groupMs, p.whaleThreshold]);
  const entries = entriesPerCandle(times, candleMs, { t: num(e, 't'), bin: num(e, 'bin'), buy: num(e, 'buy'), sell: num(e, 'sell') }, grid);

  const o = await db.query(HEATMAP_OI_SQL, [p.symbol, candleMs, from]);
  const { oiEnd, coverage } = oiPerCandle(times, num(o, 't'), num(o, 'oi_end'));
  const useHistory = coverage >= MIN_OI_COVERAGE;
  const before = num(await db.query(HEATMAP_OI_BEFORE_SQL, [p.symbol, candleMs, from]), 'oi_before')[0] ?? NaN;
  const oiStart = Number.isNaN(before) ? oiEnd[0] : before;

  const start = await startAt(db, p, from, grid, levels, useHistory ? oiStart : null);
  const walk = walkHeatmap({
    low,
    high,
    oiEnd: useHistory ? oiEnd : null,
    oiStart: useHistory ? oiStart : 0,
    start: start.size,
    finalOiUsd: p.oiUsd,
    ...entries,
    closeRow: Int32Array.from(close, (x) => rowOf(grid, x)),
    levels,
    split: p.split,
  });
  const months = text(await db.query(HEATMAP_MONTHS_SQL, [p.symbol, from - START_LOOKBACK_DAYS * DAY_MS]), 'months')[0];
  return {
    times,
    priceBins: rowPrices(grid),
    matrix: walk.matrix,
    open,
    high,
    low,
    close,
    resting: walk.resting,
    opened: walk.opened,
    closed: walk.closed,
    consumedLong: walk.consumedLong,
    consumedShort: walk.consumedShort,
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
      startOpened: start.opened * walk.scale,
      startLiquidated: start.liquidated * walk.scale,
      fallbackScale: useHistory ? 1 : walk.scale,
      months: months ? months.split(',') : [],
    },
    computeMs: performance.now() - started,
  };
}

/** The state at T0 from the whale entries and prices of the 30 days before it (what is loaded). */
async function startAt(db: Db, p: HeatmapParams, t0: number, grid: PriceGrid, levels: GridLevels, oiStart: number | null) {
  const since = t0 - START_LOOKBACK_DAYS * DAY_MS;
  const [e, x, f] = await Promise.all([
    db.query(heatmapEntriesSql(grid.step), [p.symbol, HOUR_MS, since, t0, p.whaleThreshold]),
    db.query(HOURLY_EXTREMES_SQL, [p.symbol, since, t0]),
    db.query(FIRST_HOUR_SQL, [p.symbol, since, t0]),
  ]);
  const firstHour = num(f, 'first_hour')[0];
  const state = startingState({
    rangeStart: t0,
    hour: num(e, 't'),
    row: Int32Array.from(num(e, 'bin'), (b) => rowOfBin(grid, b)),
    buy: num(e, 'buy'),
    sell: num(e, 'sell'),
    extremeHour: num(x, 'h'),
    extremeLow: num(x, 'low'),
    extremeHigh: num(x, 'high'),
    oiStart,
    levels,
    split: p.split,
  });
  const days = firstHour === undefined || Number.isNaN(firstHour) ? 0 : Math.min(START_LOOKBACK_DAYS, (t0 - firstHour) / DAY_MS);
  return { ...state, days };
}
