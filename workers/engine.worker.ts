/**
 * The engine worker: DuckDB-WASM, Parquet decoding and the models, off the UI thread. DuckDB
 * starts first, as soon as the worker runs (every request needs it, and the page is still
 * mounting); the rest of the engine (engine-api.ts) loads while DuckDB compiles. A failure to
 * start surfaces with the first request.
 */
import * as Comlink from 'comlink';
import { openBrowserDb } from '../src/lib/db/db-browser.ts';
import type { EngineApi } from '../src/lib/engine/api.ts';

const db = openBrowserDb();
db.catch(() => undefined);
const api = import('./engine-api.ts').then((m) => m.engineApi(() => db));

/** Each call waits for the engine code, then goes straight to it. */
const deferred = new Proxy({} as EngineApi, {
  get: (_, method: string) => async (...args: unknown[]) => ((await api) as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args),
});

Comlink.expose(deferred);
