/**
 * The UI's one handle on the engine worker: a typed comlink proxy, with each view's compute
 * behind a latest-only queue.
 *
 * Crashes: a worker that dies (an uncaught error, a failed load, a wasm abort that escapes)
 * fires 'error' on the Worker. Comlink would leave every call to it pending forever (and a
 * pending compute blocks its latest-only queue), so each call also races the worker's death:
 * on a crash, calls to it reject with EngineRestarted and `onCrash` listeners are told; the
 * owner then calls `restart()` (fresh worker, started) and asks for its data again.
 */
import * as Comlink from 'comlink';
import type { EngineApi, EngineWorker, ProgressListener } from './api.ts';
import { Superseded, latestOnly } from './latest-only.ts';
import { engineWorker } from './spawn.ts';
import type { HeatmapParams, MapParams } from '../model/types.ts';

export interface EngineClient {
  api: Comlink.Remote<EngineApi>;
  /**
   * Resolves when calls reach the worker without this thread's help (api.ts EngineWorker), or
   * it died: long work on this thread (evaluating the chart code) waits for it, or the first calls
   * would wait for that work.
   */
  ready(): Promise<void>;
  progress(listener: ProgressListener): ProgressListener & Comlink.ProxyMarked;
  computeMap: (params: MapParams) => ReturnType<EngineApi['computeMap']>;
  computeHeatmap: (params: HeatmapParams) => ReturnType<EngineApi['computeHeatmap']>;
  /** Replaces the worker with a fresh, started one. */
  restart(): Promise<void>;
  /** Called once per dead worker, with what it said. */
  onCrash(listener: (message: string) => void): void;
}

/**
 * A call that was running in a worker that crashed. A Superseded: the caller's request will be
 * asked again of the new worker, so views that ignore superseded results need no new case.
 */
export class EngineRestarted extends Superseded {
  constructor(readonly reason: string) {
    super();
    this.name = 'EngineRestarted';
    this.message = `The engine stopped (${reason}); it is being restarted.`;
  }
}

export function createEngineClient(): EngineClient {
  let worker: Worker;
  let remote: Comlink.Remote<EngineWorker>;
  /** Rejects when the current worker crashes or is replaced. */
  let death: Promise<never>;
  /** Ends the current worker's calls; true the first time only. */
  let endCalls: (reason: string) => boolean;
  const crashListeners: ((m: string) => void)[] = [];

  function spawn() {
    const me = engineWorker();
    let dead = false;
    let die!: (e: EngineRestarted) => void;
    death = new Promise<never>((_, reject) => (die = reject));
    death.catch(() => undefined); // nobody may be waiting when it dies
    endCalls = (reason) => {
      if (dead) return false;
      dead = true;
      die(new EngineRestarted(reason));
      return true;
    };
    const end = endCalls;
    me.addEventListener('error', (e) => {
      const message = e.message || 'the engine worker stopped';
      if (end(message)) crashListeners.forEach((l) => l(message));
    });
    worker = me;
    remote = Comlink.wrap<EngineWorker>(me);
  }
  spawn();

  /** `remote`, with every method call racing the death of the worker it was sent to. */
  const api = new Proxy({} as Comlink.Remote<EngineWorker>, {
    get(_, prop) {
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (...args: unknown[]) => {
        const method = (remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop];
        return Promise.race([method(...args), death]);
      };
    },
  });

  const client: EngineClient = {
    api,
    ready: () => api.ready().catch(() => undefined),
    progress: (listener) => Comlink.proxy(listener),
    computeMap: latestOnly((params: MapParams) => api.computeMap(params)),
    computeHeatmap: latestOnly((params: HeatmapParams) => api.computeHeatmap(params)),
    async restart() {
      endCalls('restarted');
      remote[Comlink.releaseProxy]();
      worker.terminate();
      spawn();
      await api.start();
    },
    onCrash: (l) => crashListeners.push(l),
  };
  return client;
}
