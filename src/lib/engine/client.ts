/**
 * The UI's one handle on the engine worker: a typed comlink proxy, with each view's compute
 * behind a latest-only queue. If the worker dies (out of memory, a crash) the next call
 * starts a fresh one.
 */
import * as Comlink from 'comlink';
import type { EngineApi, ProgressListener } from './api.ts';
import { latestOnly } from './latest-only.ts';
import type { HeatmapParams, MapParams } from '../model/types.ts';

export interface EngineClient {
  api: Comlink.Remote<EngineApi>;
  progress(listener: ProgressListener): ProgressListener & Comlink.ProxyMarked;
  computeMap: (params: MapParams) => ReturnType<EngineApi['computeMap']>;
  computeHeatmap: (params: HeatmapParams) => ReturnType<EngineApi['computeHeatmap']>;
  restart(): Promise<void>;
  onCrash(listener: (message: string) => void): void;
}

export function createEngineClient(): EngineClient {
  let worker: Worker;
  let api: Comlink.Remote<EngineApi>;
  const crashListeners: ((m: string) => void)[] = [];

  function spawn() {
    worker = new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'liqmap-engine' });
    worker.addEventListener('error', (e) => crashListeners.forEach((l) => l(e.message || 'the engine worker stopped')));
    api = Comlink.wrap<EngineApi>(worker);
  }
  spawn();

  const client: EngineClient = {
    get api() { return api; },
    progress: (listener) => Comlink.proxy(listener),
    computeMap: latestOnly((params: MapParams) => api.computeMap(params)),
    computeHeatmap: latestOnly((params: HeatmapParams) => api.computeHeatmap(params)),
    async restart() {
      api[Comlink.releaseProxy]();
      worker.terminate();
      spawn();
      await api.start();
    },
    onCrash: (l) => crashListeners.push(l),
  };
  return client;
}
