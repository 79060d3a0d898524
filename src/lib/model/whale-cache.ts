/**
 * The model cache (whale-cache.sql.ts): filled on first use per (symbol, threshold), dropped
 * when the volume table changes. Change is detected by its row count; the engine should also
 * call invalidateModelCache after loading profiles, which covers a replacement with exactly
 * as many rows (and tests call it when they recreate the tables). Checks and fills run one at a time per database so
 * that concurrent requests never fill the same rows twice.
 */
import { num, type Db } from '../db/db.ts';
import {
  DROP_HOURS_AFTER_SQL, DROP_WHALE_DAYS_SQL, DROP_WHALES_AFTER_SQL, FILL_HOURS_SQL, FILL_WHALE_DAYS_SQL, FILL_WHALES_SQL,
  MODEL_CACHE_TABLES_SQL, VOLUME_FINGERPRINT_SQL,
} from './whale-cache.sql.ts';

/** "All hours" for the fills' hour filter. */
const EVERY_HOUR = Number.MIN_SAFE_INTEGER;

interface CacheState {
  fingerprint: string;
  filled: Set<string>;
  /** Changes whenever the cache tables are made anew: results derived from them are stale. */
  generation: number;
}

let generations = 0;

const states = new WeakMap<Db, CacheState>();
const queues = new WeakMap<Db, Promise<unknown>>();

export function invalidateModelCache(db: Db): void {
  states.delete(db);
}

async function fingerprint(db: Db): Promise<string> {
  return String(num(await db.query(VOLUME_FINGERPRINT_SQL), 'n')[0]);
}

async function ensure(db: Db, symbol: string, threshold: number): Promise<number> {
  const print = await fingerprint(db);
  let state = states.get(db);
  if (!state || state.fingerprint !== print) {
    await db.exec(MODEL_CACHE_TABLES_SQL);
    state = { fingerprint: print, filled: new Set(), generation: ++generations };
    states.set(db, state);
  }
  if (!state.filled.has(`h|${symbol}`)) {
    await db.query(FILL_HOURS_SQL, [symbol, EVERY_HOUR]);
    state.filled.add(`h|${symbol}`);
  }
  if (!state.filled.has(`w|${symbol}|${threshold}`)) {
    await db.query(FILL_WHALES_SQL, [symbol, threshold, EVERY_HOUR]);
    await db.query(FILL_WHALE_DAYS_SQL, [symbol, threshold]);
    state.filled.add(`w|${symbol}|${threshold}`);
  }
  return state.generation;
}

/**
 * Only the rows of `symbol` after `afterHour` changed (the live partial profile): replace what
 * the filled cache holds of those hours and redo the day sums, instead of refilling it all.
 */
async function refreshAfter(db: Db, symbol: string, afterHour: number): Promise<void> {
  const state = states.get(db);
  if (!state) return; // nothing filled yet: the next use fills everything
  state.fingerprint = await fingerprint(db);
  state.generation = ++generations;
  if (state.filled.has(`h|${symbol}`)) {
    await db.query(DROP_HOURS_AFTER_SQL, [symbol, afterHour]);
    await db.query(FILL_HOURS_SQL, [symbol, afterHour]);
  }
  for (const key of state.filled) {
    const [kind, s, t] = key.split('|');
    if (kind !== 'w' || s !== symbol) continue;
    const threshold = Number(t);
    await db.query(DROP_WHALES_AFTER_SQL, [symbol, threshold, afterHour]);
    await db.query(FILL_WHALES_SQL, [symbol, threshold, afterHour]);
    await db.query(DROP_WHALE_DAYS_SQL, [symbol, threshold]);
    await db.query(FILL_WHALE_DAYS_SQL, [symbol, threshold]);
  }
}

export function refreshModelCacheAfter(db: Db, symbol: string, afterHour: number): Promise<void> {
  const run = (queues.get(db) ?? Promise.resolve()).then(() => refreshAfter(db, symbol, afterHour));
  queues.set(db, run.catch(() => undefined));
  return run;
}

/**
 * Make sure model_hours holds `symbol`, model_whales and model_whale_days (symbol, threshold).
 * Returns the cache's generation: equal generations mean the same data.
 */
export function ensureModelCache(db: Db, symbol: string, threshold: number): Promise<number> {
  const run = (queues.get(db) ?? Promise.resolve()).then(() => ensure(db, symbol, threshold));
  queues.set(db, run.catch(() => undefined));
  return run;
}
