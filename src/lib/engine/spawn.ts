/**
 * Creating the engine worker. The page starts one before the app's own code is evaluated
 * (src/engine-early.ts), so that the worker fetches and evaluates its code meanwhile; the
 * engine client takes that one, and creates its own after a restart.
 */
let early: Worker | undefined;

const create = () => new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'liqmap-engine' });

export function startEngineWorkerEarly(): void {
  early ??= create();
}

/** The worker started early, once; a new one after that. */
export function engineWorker(): Worker {
  const worker = early ?? create();
  early = undefined;
  return worker;
}
