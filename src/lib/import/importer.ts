/**
 * The page's side of an archive import (Binance's archive files or Bybit's dumps): runs the import worker one month at a time and stores
 * each built month through the engine before the next starts, so a later failure or a cancel
 * keeps what was built. Cancel ends the worker (a fresh one serves the next import).
 */
import * as Comlink from 'comlink';
import type { EngineClient } from '../engine/client.ts';
import type { ImportWorkerApi } from '../../../workers/import.worker.ts';
import type { MonthPlan } from './fetch-plan.ts';
import type { ColumnsSink, ImportProgress, MonthOutcome } from './import-job.ts';
import { builtBuffers, type BuiltColumns } from '../data/built-columns.ts';
import type { GivenFile } from './month-inputs.ts';
import { ARCHIVE_SETTING, nothingFoundHint } from './archive-http.ts';
import { APP_EXCHANGES } from '../../exchanges/app-registry.ts';
import type { GivenParts, HostBases } from '../../exchanges/types.ts';
import { EXCHANGE_LABELS, type ExchangeId } from '../data/profile-schema.ts';
import { askingBeforeLeaving } from '../leave-guard.ts';

export interface ImportLine {
  ok: boolean;
  text: string;
}

export interface ImportStatus {
  /** Counts the imports of this page (the first is 1). */
  run: number;
  running: boolean;
  /** "2 of 5: BTCUSDT 2025-11" */
  step: string;
  bytesDone: number;
  bytesTotal: number;
  rows: number;
  /** Seconds left in the current month, when it can be estimated. */
  secondsLeft: number | null;
  lines: ImportLine[];
}

export type MonthJob =
  | { kind: 'given'; symbol: string; month: string; files: GivenFile[] }
  | { kind: 'fetch'; plan: MonthPlan; base: string }
  /** Another exchange's month, run by its own jobs (AppExchange.import.jobs). */
  | { kind: 'exchange-given'; exchange: ExchangeId; symbol: string; month: string; parts: GivenParts<File> }
  | { kind: 'exchange-fetch'; exchange: ExchangeId; plan: MonthPlan; hosts: HostBases };

/** "BTCUSDT 2025-11" (Binance, as before exchanges), "Bybit BTCUSDT 2025-11". */
function label(j: MonthJob): string {
  const { symbol, month } = 'plan' in j ? j.plan : j;
  return `${'exchange' in j ? `${EXCHANGE_LABELS[j.exchange]} ` : ''}${symbol} ${month}`;
}

/** The setting a month that found nothing sends the user to: its archive host's. */
function hostSetting(j: MonthJob): string {
  return j.kind === 'exchange-fetch' ? APP_EXCHANGES[j.exchange].import?.hosts[0]?.label ?? ARCHIVE_SETTING : ARCHIVE_SETTING;
}

function call(api: Comlink.Remote<ImportWorkerApi>, job: MonthJob, onProgress: (p: ImportProgress) => void, onColumns: ColumnsSink): Promise<MonthOutcome> {
  switch (job.kind) {
    case 'given': return api.importGiven(job.symbol, job.month, job.files, onProgress, onColumns);
    case 'fetch': return api.importFetched(job.plan, job.base, onProgress, onColumns);
    case 'exchange-given': return api.importExchangeGiven(job.exchange, job.symbol, job.month, job.parts, onProgress);
    case 'exchange-fetch': return api.importExchangeFetched(job.exchange, job.plan, job.hosts, onProgress);
  }
}

export class ArchiveImporter {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<ImportWorkerApi> | null = null;
  private cancelled = false;
  private stop: ((e: Error) => void) | null = null;
  private runs = 0;

  constructor(private readonly engine: () => EngineClient, private readonly onStatus: (s: ImportStatus) => void) {}

  private api(): Comlink.Remote<ImportWorkerApi> {
    if (!this.remote) {
      this.worker = new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'liqmap-import' });
      this.remote = Comlink.wrap<ImportWorkerApi>(this.worker);
    }
    return this.remote;
  }

  /**
   * Starts the workers ahead of an import (their scripts load and compile, the unpacking
   * worker's WebAssembly too), so a file given later is read at once: the data view calls it
   * when it opens, where files are dropped and archives fetched.
   */
  warm(): void {
    if (this.remote) return; // started already (or running an import)
    void this.api().warm().catch(() => undefined);
  }

  /** Ends the running import; months already stored stay. */
  cancel(): void {
    this.cancelled = true;
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
    this.stop?.(new Error('cancelled'));
  }

  /** The engine lets go of columns sent for a month that will not be stored (cancel, failure, crash). */
  private dropColumns(): void {
    void this.engine().api.checkBuilt([]).catch(() => undefined);
  }

  /** Runs the months in order; resolves with the lines the user should read. Returns true when any month was stored. */
  async run(jobs: MonthJob[], lines: ImportLine[] = []): Promise<boolean> {
    // A reload or a closed tab would end the import unasked (a BTC month is a long download):
    // the browser asks first while it runs.
    return askingBeforeLeaving(() => this.runJobs(jobs, lines));
  }

  private async runJobs(jobs: MonthJob[], lines: ImportLine[]): Promise<boolean> {
    this.cancelled = false;
    let stored = false;
    const status: ImportStatus = { run: ++this.runs, running: true, step: '', bytesDone: 0, bytesTotal: 0, rows: 0, secondsLeft: null, lines };
    const emit = () => this.onStatus({ ...status, lines: [...status.lines] });
    // Set while every month so far found no file at all on its host (docs/building-profiles.md).
    let nothingAt: { url: string; setting: string } | null = null;
    let found = false;
    for (const [i, job] of jobs.entries()) {
      if (this.cancelled) break;
      status.step = `${i + 1} of ${jobs.length}: ${label(job)}`;
      Object.assign(status, { bytesDone: 0, bytesTotal: 0, rows: 0, secondsLeft: null });
      emit();
      const started = performance.now();
      const onProgress = Comlink.proxy((p: ImportProgress) => {
        const secs = (performance.now() - started) / 1000;
        const rate = p.bytesDone / Math.max(secs, 1e-3);
        const left = p.bytesTotal > p.bytesDone && secs > 1 && rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : null;
        Object.assign(status, { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, rows: p.rows, secondsLeft: left });
        emit();
      });
      let outcome: MonthOutcome;
      try {
        const api = this.api();
        const cancelled = new Promise<never>((_, reject) => (this.stop = reject));
        cancelled.catch(() => undefined);
        // The engine checks the month's columns while the import worker encodes its files. They
        // come through this callback's own channel, storeBuilt's bytes through the worker's: the
        // order is not guaranteed, and bytes that arrive first are read in full (built-ready.ts).
        const onColumns = Comlink.proxy((built: BuiltColumns[]) => void this.engine().api.checkBuilt(Comlink.transfer(built, builtBuffers(built))).catch(() => undefined));
        outcome = await Promise.race([call(api, job, onProgress, onColumns), cancelled]);
      } catch (e) {
        found = true;
        this.dropColumns();
        if (this.cancelled) break;
        status.lines.push({ ok: false, text: `${label(job)}: the import stopped (${e instanceof Error ? e.message : String(e)}); nothing of this month was kept.` });
        continue;
      } finally {
        this.stop = null;
      }
      for (const n of outcome.notes) status.lines.push({ ok: true, text: n });
      if (outcome.status === 'skipped' && outcome.nothingAt) nothingAt ??= { url: outcome.nothingAt, setting: hostSetting(job) };
      else found = true;
      if (outcome.status === 'built') {
        const m = outcome.month;
        const files = m.profiles.map((p) => ({ name: p.fileName, bytes: p.bytes }));
        const verdicts = await this.engine().api.storeBuilt(Comlink.transfer(files, files.map((f) => f.bytes.buffer as ArrayBuffer)));
        const bad = verdicts.filter((v) => !v.ok);
        stored ||= verdicts.some((v) => v.ok);
        const days = m.days ? ` from daily files (${m.days.replaceAll('..', '–').replaceAll(',', ', ')})` : '';
        status.lines.push(bad.length
          ? { ok: false, text: bad.map((v) => v.message).join(' ') }
          : { ok: true, text: `${label(job)}: built in this browser${days} from ${m.rows.toLocaleString('en-US')} trades (${m.profiles.map((p) => `${p.kind} ${p.rows.toLocaleString('en-US')} rows`).join(', ')}).` });
        for (const w of m.warnings) status.lines.push({ ok: false, text: `warning: ${w}` });
      } else {
        this.dropColumns();
        // A refusal names a file; one bad day of many refuses its whole month, so say which month that was.
        const text = outcome.status === 'refused' ? `${outcome.message}. ${label(job)} was not built; nothing kept in this browser changed.` : outcome.message;
        status.lines.push({ ok: outcome.status === 'skipped', text });
        if (outcome.status === 'blocked') break;
      }
      emit();
    }
    if (this.cancelled) status.lines.push({ ok: false, text: 'Cancelled. Months built before the cancel are kept.' });
    else if (nothingAt && !found) status.lines.push({ ok: false, text: nothingFoundHint(nothingAt.url, nothingAt.setting) });
    status.running = false;
    emit();
    return stored;
  }
}
