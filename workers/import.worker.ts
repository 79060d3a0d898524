/**
 * The import worker: turns Binance archive files and other exchanges' files (Bybit's trade
 * dumps, by their AppExchange's jobs; given or fetched) into profile files, one
 * month per call, off the UI thread and off the engine worker (which keeps drawing). The page
 * stores each built month through the engine before asking for the next; cancelling ends this
 * worker, so a month in progress leaves nothing behind.
 */
import * as Comlink from 'comlink';
import { importFetched, importGiven, type ColumnsSink, type ImportProgress, type MonthOutcome } from '../src/lib/import/import-job.ts';
import { builtBuffers } from '../src/lib/data/built-columns.ts';
import { APP_EXCHANGES } from '../src/exchanges/app-registry.ts';
import type { GivenParts, HostBases, MonthJobs } from '../src/exchanges/types.ts';
import { EXCHANGE_LABELS, type ExchangeId } from '../src/lib/data/profile-schema.ts';
import { warmUnpacker } from '../src/lib/import/unpack.ts';
import { warmFileHash } from '../src/lib/import/file-hash.ts';
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

/** An exchange's month jobs, loaded on first use. */
function monthJobs(exchange: ExchangeId): Promise<MonthJobs> {
  const load = APP_EXCHANGES[exchange].import?.jobs;
  if (!load) throw new Error(`${EXCHANGE_LABELS[exchange]} has no import of its own in this browser`);
  return load();
}

const api = {
  /** Starts the unpacking worker before the first file comes (see ArchiveImporter.warm). */
  async warm(): Promise<void> {
    warmUnpacker();
    warmFileHash();
  },
  async importGiven(symbol: string, month: string, files: GivenFile[], onProgress: (p: ImportProgress) => void, onColumns?: ColumnsSink): Promise<MonthOutcome> {
    return transfer(await importGiven(symbol, month, files, throttled(onProgress), moved(onColumns)));
  },
  async importFetched(plan: MonthPlan, base: string, onProgress: (p: ImportProgress) => void, onColumns?: ColumnsSink): Promise<MonthOutcome> {
    return transfer(await importFetched(plan, base, (i, init) => fetch(i, init), throttled(onProgress), undefined, moved(onColumns)));
  },
  async importExchangeGiven(exchange: ExchangeId, symbol: string, month: string, parts: GivenParts<File>, onProgress: (p: ImportProgress) => void): Promise<MonthOutcome> {
    return transfer(await (await monthJobs(exchange)).given(symbol, month, parts, throttled(onProgress)));
  },
  async importExchangeFetched(exchange: ExchangeId, plan: MonthPlan, hosts: HostBases, onProgress: (p: ImportProgress) => void): Promise<MonthOutcome> {
    return transfer(await (await monthJobs(exchange)).fetched(plan, hosts, (i, init) => fetch(i, init), throttled(onProgress)));
  },
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
