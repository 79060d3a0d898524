/**
 * The yardstick for the app's first chart: a page that only starts DuckDB-WASM from the same
 * package files the app ships (eh worker and wasm), with the app's open settings, and runs
 * SELECT 1. Built by bench/first-chart.ts; it marks <html data-ready> when done.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { DB_OPEN_CONFIG } from '../../src/lib/db/db-config.ts';

const t0 = performance.now();
const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(new URL(workerUrl, location.href).href));
await db.instantiate(new URL(wasmUrl, location.href).href);
await db.open(DB_OPEN_CONFIG);
const conn = await db.connect();
const one = (await conn.query('SELECT 1 AS one')).getChild('one')?.get(0);
document.getElementById('status')!.textContent = `SELECT 1 = ${one} after ${(performance.now() - t0).toFixed(0)} ms`;
document.documentElement.dataset.ready = String(one);
