/**
 * The engine worker: Parquet decoding, the profile table and the models, off the UI thread.
 * The engine code (engine-api.ts) loads as the worker starts; each call waits for it.
 */
import * as Comlink from 'comlink';
import type { EngineWorker } from '../src/lib/engine/api.ts';

const api = import('./engine-api.ts').then((m) => m.engineApi());

/** Each call waits for the engine code, then goes straight to it; `ready` answers at once. */
const deferred = new Proxy({} as EngineWorker, {
  get: (_, method: string) => method === 'ready'
    ? async () => undefined
    : async (...args: unknown[]) => ((await api) as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args),
});

Comlink.expose(deferred);
