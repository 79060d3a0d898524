/**
 * The liquidation map (Models 1 `oi` and 2 `trades`): the function the engine worker calls.
 * map-window.ts aggregates whale notional per entry bin over the window; the levels core
 * (map-levels.ts) places the levels. The aggregate is kept per (data, threshold, window, step),
 * so a change of tiers, mmr, formula, split, OI or price only places the levels again.
 */
import { curvesAndTotals } from './curves.ts';
import { windowAggregate, type WindowAggregate } from './map-window.ts';
import { mapLevels, type MapLevels } from './map-levels.ts';
import { assertValid, mapParamProblems } from './params.ts';
import type { SymbolData } from './profile-data.ts';
import type { MapParams, MapResult } from './types.ts';

export type { WindowAggregate } from './map-window.ts';

const lastAggregate = new WeakMap<SymbolData, { key: string; agg: WindowAggregate }>();

/** `keep` is handed the window aggregate the map was drawn from (the engine may keep it). */
export function computeMap(data: SymbolData, p: MapParams, keep?: (agg: WindowAggregate) => void): MapResult {
  assertValid(mapParamProblems(p));
  const started = performance.now();
  const agg = keptAggregate(data, p);
  keep?.(agg);
  return drawMap(agg, p, started);
}

/** The window aggregate of `data` for these params, kept until another window, step or threshold. */
function keptAggregate(data: SymbolData, p: MapParams): WindowAggregate {
  const key = JSON.stringify([p.whaleThreshold, p.windowDays, p.step]);
  let kept = lastAggregate.get(data);
  if (kept?.key !== key) lastAggregate.set(data, (kept = { key, agg: windowAggregate(data, p) }));
  return kept.agg;
}

/** The levels of checked params added into a sum (several exchanges' `levels`, made once by mapLevels, sort and draw their curves once). */
export function addMapLevels(data: SymbolData, p: MapParams, levels: MapLevels): WindowAggregate {
  const agg = keptAggregate(data, p);
  levels.add(agg.entries, p);
  return agg;
}

/** The map of an aggregate: levels placed for these tiers, OI and price. */
export function mapFromAggregate(agg: WindowAggregate, p: MapParams, started = performance.now()): MapResult {
  assertValid(mapParamProblems(p));
  return drawMap(agg, p, started);
}

function drawMap(agg: WindowAggregate, p: MapParams, started: number): MapResult {
  const levels = mapLevels(p.model, p);
  levels.add(agg.entries, p);
  const cells = levels.sums.cells();
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
