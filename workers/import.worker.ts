/**
 * The import worker: turns Binance archive files and Bybit trade dumps (given or fetched) into
 * profile files, one
 * month per call, off the UI thread and off the engine worker (which keeps drawing). The page
 * stores each built month through the engine before asking for the next; cancelling ends this
 * worker, so a month in progress leaves nothing behind.
 */
import * as Comlink from 'comlink';
import { importFetched, importGiven, type ColumnsSink, type ImportProgress, type MonthOutcome } from '../src/lib/import/import-job.ts';
import { builtBuffers } from '../src/lib/data/built-columns.ts';
import { importBybitFetched, importBybitGiven, type BybitGiven } from '../src/exchanges/bybit/import/import-job.ts';
import { warmUnpacker } from '../src/lib/import/unpack.ts';
import type { MonthPlan } from '../src/lib/import/fetch-plan.ts';
import type { GivenFile } from '../src/lib/import/month-inputs.ts';

/** At most a few progress messages a second cross to the page. */
function throttled(listener: (p: ImportProgress) => void): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < 150) return;
    last = now;
    listener(p);
  };
}

/** The columns moved to the page, not copied; encoding goes on without waiting for the page. */
function moved(sink: ColumnsSink | undefined): ColumnsSink | undefined {
  return sink && ((built) => void Promise.resolve(sink(Comlink.transfer(built, builtBuffers(built)))).catch(() => undefined));
}

function transfer(o: MonthOutcome): MonthOutcome {
  if (o.status !== 'built') return o;
  return Comlink.transfer(o, o.month.profiles.map((p) => p.bytes.buffer as ArrayBuffer));
}

const api = {
  /** Starts the unpacking worker before the first file comes (see ArchiveImporter.warm). */
  async warm(): Promise<void> {
    warmUnpacker();
  },
  async importGiven(symbol: string, month: string, files: GivenFile[], onProgress: (p: ImportProgress) => void, onColumns?: ColumnsSink): Promise<MonthOutcome> {
    return transfer(await importGiven(symbol, month, files, throttled(onProgress), moved(onColumns)));
  },
  async importFetched(plan: MonthPlan, base: string, onProgress: (p: ImportProgress) => void, onColumns?: ColumnsSink): Promise<MonthOutcome> {
    return transfer(await importFetched(plan, base, (i, init) => fetch(i, init), throttled(onProgress), undefined, moved(onColumns)));
  },
  async importBybitGiven(symbol: string, month: string, given: BybitGiven, onProgress: (p: ImportProgress) => void): Promise<MonthOutcome> {
    return transfer(await importBybitGiven(symbol, month, given, throttled(onProgress)));
  },
  async importBybitFetched(plan: MonthPlan, base: string, apiBase: string, onProgress: (p: ImportProgress) => void): Promise<MonthOutcome> {
    return transfer(await importBybitFetched(plan, base, apiBase, (i, init) => fetch(i, init), throttled(onProgress)));
  },
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
