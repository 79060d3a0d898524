/**
 * One Bybit month's import as the import worker runs it (import-job.ts is Binance's): given
 * dumps, or the plan's days from the archive and their OI history from the API, then the build.
 * A month whose days are all unpublished is skipped before the API is asked anything.
 */
import { outcome, type MonthOutcome, type ProgressSink } from '../../../lib/import/import-job.ts';
import type { MonthPlan } from '../../../lib/import/fetch-plan.ts';
import { buildBybitMonth, type BybitDumpInput, type BybitOiInput } from './month-build.ts';
import { bybitDumpUrl } from '../archive/names.ts';
import { bybitFetchedDumps, bybitFetchedOi, bybitGivenInputs, shortenDumpNotes } from './inputs.ts';

export interface BybitGiven {
  dumps: File[];
  /** OI day files as the builder keeps them (optional). */
  oi: File[];
}

async function run(symbol: string, month: string, dumps: BybitDumpInput[] | AsyncIterable<BybitDumpInput>, oiDays: BybitOiInput[], onProgress: ProgressSink, signal?: AbortSignal) {
  const seen: BybitDumpInput[] = [];
  const total = () => seen.reduce((s, d) => s + (d.bytes ?? 0), 0);
  async function* counted() {
    for await (const d of dumps) yield (seen.push(d), d);
  }
  return buildBybitMonth(symbol, month, counted(), oiDays, {
    signal, onProgress: (p) => onProgress({ symbol, month, bytesDone: p.bytes, bytesTotal: total(), rows: p.rows }),
  });
}

export function importBybitGiven(symbol: string, month: string, given: BybitGiven, onProgress: ProgressSink): Promise<MonthOutcome> {
  return outcome(symbol, month, async () => {
    const { dumps, oiDays } = await bybitGivenInputs(given.dumps, given.oi);
    const built = await run(symbol, month, [...dumps].sort((a, b) => a.day.localeCompare(b.day)), oiDays, onProgress);
    return { status: 'built', month: built, notes: [] };
  });
}

export function importBybitFetched(plan: MonthPlan, base: string, apiBase: string, fetchFn: typeof fetch, onProgress: ProgressSink, signal?: AbortSignal): Promise<MonthOutcome> {
  const { symbol, month } = plan;
  return outcome(symbol, month, async () => {
    const notes: string[] = [];
    const days = bybitFetchedDumps(plan, base, fetchFn, notes, signal);
    const first = await days.next();
    if (first.done) {
      return {
        status: 'skipped', symbol, month, message: `Bybit ${symbol} ${month}: no trade dump published yet, nothing to build`, notes: shortenDumpNotes(notes),
        nothingAt: bybitDumpUrl(base, symbol, [...plan.days].sort()[0]),
      };
    }
    const oi = await bybitFetchedOi(plan, apiBase, fetchFn, signal);
    async function* all() {
      yield first.value as BybitDumpInput;
      yield* days;
    }
    const built = await run(symbol, month, all(), oi.oiDays, onProgress, signal);
    if (oi.missing) built.warnings.unshift(`Bybit ${symbol} ${month} was built without open-interest history (the heatmap then sizes its levels by the current OI): ${oi.missing}`);
    return { status: 'built', month: built, notes: shortenDumpNotes(notes) };
  });
}
