/**
 * The liquidation map (Models 1 `oi` and 2 `trades`): the function the engine worker calls.
 * map-window.ts aggregates whale notional per entry bin over the window; the levels core
 * (map-levels.ts) places the levels. The aggregate is kept per (data, threshold, window, step),
 * so a change of tiers, mmr, formula, split, OI or price only places the levels again.
 */
import { curvesAndTotals } from './curves.ts';
import { windowAggregate, type WindowAggregate } from './map-window.ts';
import { addOiLevels, addTradesLevels, CellSums, oiMapCells, tradeTiers, tradesMapCells } from './map-levels.ts';
import { assertValid, mapParamProblems } from './params.ts';
import type { SymbolData } from './profile-data.ts';
import type { MapCells, MapParams, MapResult } from './types.ts';

export type { WindowAggregate } from './map-window.ts';

const lastAggregate = new WeakMap<SymbolData, { key: string; agg: WindowAggregate }>();

/** `keep` is handed the window aggregate the map was drawn from (the engine may keep it). */
export function computeMap(data: SymbolData, p: MapParams, keep?: (agg: WindowAggregate) => void): MapResult {
  assertValid(mapParamProblems(p));
  const started = performance.now();
  const agg = keptAggregate(data, p);
  keep?.(agg);
  return mapFromAggregate(agg, p, started);
}

/** The window aggregate of `data` for these params, kept until another window, step or threshold. */
function keptAggregate(data: SymbolData, p: MapParams): WindowAggregate {
  const key = JSON.stringify([p.whaleThreshold, p.windowDays, p.step]);
  let kept = lastAggregate.get(data);
  if (kept?.key !== key) lastAggregate.set(data, (kept = { key, agg: windowAggregate(data, p) }));
  return kept.agg;
}

/** Where several exchanges' levels are summed: one CellSums for the params all of them share. */
export const sharedCellSums = (p: MapParams): CellSums => new CellSums(p.step, p.model === 'oi' ? p.tiers : tradeTiers(p.tiers));

/** The levels of checked params added into `sums` (a sum of several exchanges sorts and draws its curves once). */
export function addMapLevels(data: SymbolData, p: MapParams, sums: CellSums): WindowAggregate {
  const agg = keptAggregate(data, p);
  if (p.model === 'oi') addOiLevels(agg.entries, p, sums);
  else addTradesLevels(agg.entries, p, sums);
  return agg;
}

const placeLevels = (agg: WindowAggregate, p: MapParams): MapCells => (p.model === 'oi' ? oiMapCells(agg.entries, p) : tradesMapCells(agg.entries, p));

/** The map of an aggregate: levels placed for these tiers, OI and price. */
export function mapFromAggregate(agg: WindowAggregate, p: MapParams, started = performance.now()): MapResult {
  assertValid(mapParamProblems(p));
  const cells = placeLevels(agg, p);
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
