/**
 * The liquidation map (Models 1 `oi` and 2 `trades`): the function the engine worker calls.
 * SQL does the aggregation; TS validates, binds, and turns cells into curves and totals.
 */
import { num, text, type Db, type Param } from '../db/db.ts';
import { curvesAndTotals } from './curves.ts';
import { installModelMacros } from './liquidation.ts';
import { OI_MAP_SQL } from './oi-map.sql.ts';
import { assertValid, mapParamProblems, tierLists } from './params.ts';
import { TRADES_MAP_SQL } from './trades-map.sql.ts';
import { ensureModelCache } from './whale-cache.ts';
import type { MapCells, MapParams, MapResult, WindowSpan } from './types.ts';
import { WINDOW_FACTS_SQL } from './window.sql.ts';

const HOUR_MS = 3_600_000;

export async function computeMap(db: Db, params: MapParams): Promise<MapResult> {
  assertValid(mapParamProblems(params));
  const started = performance.now();
  await installModelMacros(db);
  const p = params;
  await ensureModelCache(db, p.symbol, p.whaleThreshold);
  const hours = p.windowDays * 24;
  const facts = await db.query(WINDOW_FACTS_SQL, [p.symbol, hours, p.whaleThreshold, p.windowDays]);
  const lastHour = num(facts, 'last_hour')[0];
  if (Number.isNaN(lastHour)) throw new Error(`No profile data is loaded for ${p.symbol}.`);
  const tiers = p.model === 'trades' ? p.tiers.filter((t) => t.weight > 0) : p.tiers;
  const { leverages, weights } = tierLists(tiers);
  const isRef = p.formula === 'reference';
  const [sql, binds]: [string, Param[]] =
    p.model === 'oi'
      ? [OI_MAP_SQL, [p.symbol, p.windowDays, p.whaleThreshold, p.step, p.oiUsd, p.split === 'even', leverages, weights, p.mmr, isRef, p.markPrice]]
      : [TRADES_MAP_SQL, [p.symbol, p.windowDays, p.whaleThreshold, p.step, leverages, p.mmr, isRef, p.markPrice]];
  const rows = await db.query(sql, binds);
  const cells: MapCells = {
    priceBin: num(rows, 'price_bin'),
    side: Uint8Array.from(num(rows, 'side')),
    leverage: num(rows, 'leverage'),
    volumeUsd: num(rows, 'volume_usd'),
  };
  const window: WindowSpan = {
    fromHour: lastHour - (hours - 1) * HOUR_MS,
    toHour: lastHour,
    hours,
    hoursWithData: num(facts, 'hours_with_data')[0],
  };
  const months = text(facts, 'months')[0];
  return {
    cells,
    ...curvesAndTotals(cells),
    window,
    entryNotional: num(facts, 'entry_notional')[0],
    entryBuyNotional: num(facts, 'entry_buy')[0],
    months: months ? months.split(',') : [],
    computeMs: performance.now() - started,
  };
}
