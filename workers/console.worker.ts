/**
 * The SQL console's worker (docs/console.md): started only when the user opens the console,
 * so nothing of DuckDB-WASM is fetched or compiled before. DuckDB runs in its own nested worker.
 */
import * as Comlink from 'comlink';
import { consoleApi } from '../src/lib/console/console-api.ts';

Comlink.expose(consoleApi());
