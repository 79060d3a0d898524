/**
 * The Data view's handle on the console worker, loaded with import() when the console opens.
 * A worker that dies (or whose script cannot be fetched) fails every pending and later call
 * with what it said, instead of leaving them pending as comlink would.
 */
import * as Comlink from 'comlink';
import type { ConsoleApi, ConsoleProgress, QueryPreview, TableSources, TablesReport } from './api.ts';

export interface ConsoleClient {
  loadTables(sources: TableSources, progress: (p: ConsoleProgress) => void): Promise<TablesReport>;
  run(sql: string, previewRows: number): Promise<QueryPreview>;
  csv(): Promise<string>;
  close(): void;
}

export function openConsole(): ConsoleClient {
  const worker = new Worker(new URL('../../../workers/console.worker.ts', import.meta.url), { type: 'module', name: 'liqmap-console' });
  const api = Comlink.wrap<ConsoleApi>(worker);
  let fail!: (e: Error) => void;
  const died = new Promise<never>((_, reject) => (fail = reject));
  died.catch(() => undefined);
  // A script that cannot be fetched fires a bare Event (no message).
  worker.addEventListener('error', (e) =>
    fail(new Error(e.message ? `The SQL console stopped (${e.message})` : 'The SQL console could not load its files (offline before its first use?)')));
  const call = <T>(p: Promise<T>) => Promise.race([p, died]);
  return {
    loadTables: (sources, progress) => call(api.loadTables(sources, Comlink.proxy(progress))),
    run: (sql, previewRows) => call(api.run(sql, previewRows)),
    csv: () => call(api.csv()),
    close() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
