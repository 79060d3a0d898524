/**
 * Model 3, the time x price heatmap: the function the engine worker calls. SQL aggregates the
 * tables per candle; walkHeatmap (pure, typed arrays) evolves the resting levels.
 */
import { num, text, type Db } from '../db/db.ts';
import { CANDLE_MINUTES, DEFAULT_MAX_PRICE_ROWS, heatmapStep } from './candle-sizes.ts';
import { entriesPerCandle, gridFor, HOUR_MS, MIN_OI_COVERAGE, oiPerCandle, priceSpan, rowOf, rowPrices } from './heatmap-inputs.ts';
import {
  HEATMAP_CANDLES_SQL,
  HEATMAP_ENTRIES_SQL,
  HEATMAP_MONTHS_SQL,
  HEATMAP_OI_BEFORE_SQL,
  HEATMAP_OI_SQL,
  LAST_CANDLE_SQL,
} from './heatmap.sql.ts';
import { walkHeatmap } from './heatmap-walk.ts';
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

  const groupMs = Math.max(candleMs, HOUR_MS);
  const e = await db.query(HEATMAP_ENTRIES_SQL, [p.symbol, groupMs, Math.floor(from / groupMs) * groupMs, p.whaleThreshold, step]);
  const entries = entriesPerCandle(times, candleMs, { t: num(e, 't'), bin: num(e, 'entry_bin'), buy: num(e, 'buy'), sell: num(e, 'sell') }, grid);

  const o = await db.query(HEATMAP_OI_SQL, [p.symbol, candleMs, from]);
  const { oiEnd, coverage } = oiPerCandle(times, num(o, 't'), num(o, 'oi_end'));
  const useHistory = coverage >= MIN_OI_COVERAGE;
  const before = num(await db.query(HEATMAP_OI_BEFORE_SQL, [p.symbol, candleMs, from]), 'oi_before')[0] ?? NaN;

  const walk = walkHeatmap({
    low,
    high,
    oiEnd: useHistory ? oiEnd : null,
    oiBefore: before,
    finalOiUsd: p.oiUsd,
    ...entries,
    closeRow: Int32Array.from(close, (x) => rowOf(grid, x)),
    grid,
    tiers: p.tiers,
    mmr: p.mmr,
    formula: p.formula,
    split: p.split,
  });
  const months = text(await db.query(HEATMAP_MONTHS_SQL, [p.symbol, from]), 'months')[0];
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
      fallbackScale: useHistory ? 1 : walk.scale,
      months: months ? months.split(',') : [],
    },
    computeMs: performance.now() - started,
  };
}
