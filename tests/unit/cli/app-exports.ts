/** What the app exports for a view: its controller's request, its engine, its CSV (the reference the CLI must equal). */
import { Engine } from '../../../src/lib/engine/engine.ts';
import { memoryCache } from '../../../src/lib/data/cache.ts';
import { memoryManifestMemory } from '../../../src/lib/data/saved-manifests.ts';
import { mapCsv } from '../../../src/lib/export/csv.ts';
import { parseViewState } from '../../../src/lib/state/view-state.ts';
import { mapRequest } from '../../../src/lib/state/map-controller.ts';
import type { UsedFigures } from '../../../src/lib/state/used-figures.ts';
import { retriedFetch } from '../../../tools/cli/node-engine.ts';

export async function appEngine(manifestUrl: string): Promise<Engine> {
  const engine = new Engine({ openCache: async () => memoryCache(), manifests: memoryManifestMemory(), fetch: retriedFetch });
  await engine.openSource(manifestUrl, []);
  return engine;
}

/** Figures typed in, as the app's manual form makes them. */
export const manual = (contracts: number, price: number): UsedFigures => ({ source: 'manual', contracts, oiUsd: contracts * price, markPrice: price, time: Date.now(), ageMs: 0 });

/** The map CSV the app exports for the URL query `query` with these figures. */
export async function appMapCsv(engine: Engine, query: string, figures: UsedFigures): Promise<string> {
  const view = parseViewState(`?${query}`).state;
  const prepared = await engine.prepare(view.symbol, view.windowDays);
  const request = mapRequest(view, figures, prepared, prepared.synthetic);
  if (request.kind !== 'compute') throw new Error(`the app's request is ${request.kind}`);
  return mapCsv((await engine.computeMap(request.params)).cells);
}
