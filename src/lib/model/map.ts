/**
 * The liquidation map (Models 1 `oi` and 2 `trades`): the function the engine worker calls.
 * SQL aggregates whale notional per entry bin over the window; the levels core (map-levels.ts)
 * places the levels. The aggregate is kept per (data, symbol, threshold, window, step), so a
 * change of tiers, mmr, formula, split, OI or price recomputes in TypeScript only.
 */
import { num, text, type Db } from '../db/db.ts';
import { curvesAndTotals } from './curves.ts';
import { mapEntriesSql } from './map-entries.sql.ts';
import { oiMapCells, tradesMapCells, type EntryBins } from './map-levels.ts';
import { assertValid, mapParamProblems } from './params.ts';
import { ensureModelCache } from './whale-cache.ts';
import type { MapParams, MapResult, WindowSpan } from './types.ts';
import { WINDOW_FACTS_SQL } from './window.sql.ts';

const HOUR_MS = 3_600_000;

/** Whale notional per entry bin over the window, and the window's facts: all a map needs from the data. */
export interface WindowAggregate {
  key: string;
  entries: EntryBins;
  window: WindowSpan;
  entryNotional: number;
  entryBuyNotional: number;
  months: string[];
}

const lastAggregate = new WeakMap<Db, WindowAggregate>();

/** `keep` is handed the window aggregate the map was drawn from (the engine may keep it). */
export async function computeMap(db: Db, p: MapParams, keep?: (agg: WindowAggregate) => void): Promise<MapResult> {
  assertValid(mapParamProblems(p));
  const started = performance.now();
  const agg = await windowAggregate(db, p);
  keep?.(agg);
  return mapFromAggregate(agg, p, started);
}

/** The map of an aggregate: levels placed in TypeScript, for these tiers, OI and price. */
export function mapFromAggregate(agg: Omit<WindowAggregate, 'key'>, p: MapParams, started = performance.now()): MapResult {
  assertValid(mapParamProblems(p));
  const cells = p.model === 'oi' ? oiMapCells(agg.entries, p) : tradesMapCells(agg.entries, p);
  return {
    cells,
    ...curvesAndTotals(cells),
    window: agg.window,
    entryNotional: agg.entryNotional,
    entryBuyNotional: agg.entryBuyNotional,
    months: agg.months,
    computeMs: performance.now() - started,
  };
}

async function windowAggregate(db: Db, p: MapParams): Promise<WindowAggregate> {
  const generation = await ensureModelCache(db, p.symbol, p.whaleThreshold);
  const key = JSON.stringify([generation, p.symbol, p.whaleThreshold, p.windowDays, p.step]);
  const kept = lastAggregate.get(db);
  if (kept?.key === key) return kept;
  const hours = p.windowDays * 24;
  const facts = await db.query(WINDOW_FACTS_SQL, [p.symbol, hours, p.whaleThreshold, p.windowDays]);
  const lastHour = num(facts, 'last_hour')[0];
  if (Number.isNaN(lastHour)) throw new Error(`No profile data is loaded for ${p.symbol}.`);
  const rows = await db.query(mapEntriesSql(p.step), [p.symbol, p.whaleThreshold, p.windowDays]);
  const months = text(facts, 'months')[0];
  const agg: WindowAggregate = {
    key,
    entries: { index: num(rows, 'bin'), buy: num(rows, 'buy'), sell: num(rows, 'sell') },
    window: { fromHour: lastHour - (hours - 1) * HOUR_MS, toHour: lastHour, hours, hoursWithData: num(facts, 'hours_with_data')[0] },
    entryNotional: num(facts, 'entry_notional')[0],
    entryBuyNotional: num(facts, 'entry_buy')[0],
    months: months ? months.split(',') : [],
  };
  lastAggregate.set(db, agg);
  return agg;
}
