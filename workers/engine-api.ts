/** The engine worker's API: browser implementations wired into the environment-free Engine. */
import * as Comlink from 'comlink';
import { Engine } from '../src/lib/engine/engine.ts';
import { openProfileCache } from '../src/lib/data/cache.ts';
import { idbManifestMemory } from '../src/lib/data/saved-manifests.ts';
import { idbDerivedMemory } from '../src/lib/data/derived-store.ts';
import type { HeatmapParams, HeatmapResult, MapParams } from '../src/lib/model/types.ts';
import type { EngineApi } from '../src/lib/engine/api.ts';

/** Results cross the boundary as transferred typed arrays, not copied row objects. */
function transferMap<T extends { cells: { priceBin: Float64Array; side: Uint8Array; leverage: Float64Array; volumeUsd: Float64Array } }>(r: T): T {
  const { priceBin, side, leverage, volumeUsd } = r.cells;
  return Comlink.transfer(r, [priceBin.buffer, side.buffer, leverage.buffer, volumeUsd.buffer] as ArrayBuffer[]);
}

function transferHeatmap(r: HeatmapResult): HeatmapResult {
  const arrays = [r.times, r.priceBins, r.matrix, r.open, r.high, r.low, r.close, r.resting, r.opened, r.closed, r.consumedLong, r.consumedShort];
  return Comlink.transfer(r, [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]);
}

/** Typed as the API the UI sees, so a method the engine gains cannot be left unexposed. */
export function engineApi(): EngineApi {
  const engine = new Engine({
    openCache: () => openProfileCache(),
    manifests: idbManifestMemory(),
    fetch: (input, init) => fetch(input, init),
    derived: idbDerivedMemory(),
  });
  return {
    start: () => engine.start(),
    openSource: (...args: Parameters<Engine['openSource']>) => engine.openSource(...args),
    catalog: (...args: Parameters<Engine['catalog']>) => engine.catalog(...args),
    prepare: (...args: Parameters<Engine['prepare']>) => engine.prepare(...args),
    computeMap: async (params: MapParams) => transferMap(await engine.computeMap(params)),
    computeHeatmap: async (params: HeatmapParams) => transferHeatmap(await engine.computeHeatmap(params)),
    upload: (...args: Parameters<Engine['upload']>) => engine.upload(...args),
    checkBuilt: (...args: Parameters<Engine['checkBuilt']>) => engine.checkBuilt(...args),
    storeBuilt: (...args: Parameters<Engine['storeBuilt']>) => engine.storeBuilt(...args),
    cacheReport: () => engine.cacheReport(),
    deleteCached: (shas: string[]) => engine.deleteCached(shas),
    loadLiveRows: (...args: Parameters<Engine['loadLiveRows']>) => engine.loadLiveRows(...args),
  };
}
