/**
 * One month's import as the import worker runs it: inputs from given files or the archive,
 * the build, and a plain outcome (built, skipped, refused, or the host blocked) for the page.
 */
import { archiveUrl, type ArchiveName } from '../archive/names.ts';
import { HostBlocked } from './archive-http.ts';
import type { MonthPlan } from './fetch-plan.ts';
import { buildMonth, type BuiltMonth } from './month-build.ts';
import type { BuiltColumns } from '../data/built-columns.ts';
import { fetchedInputs, givenInputs, type GivenFile } from './month-inputs.ts';
import { InputProblem, type ArchiveInput } from './read-input.ts';

export interface ImportProgress {
  symbol: string;
  month: string;
  /** Input bytes read in this month. */
  bytesDone: number;
  /** Input bytes of this month known so far (0 when unknown). */
  bytesTotal: number;
  /** aggTrades lines read in this month. */
  rows: number;
}

export type MonthOutcome =
  | { status: 'built'; month: BuiltMonth; notes: string[] }
  | {
    status: 'skipped' | 'refused' | 'blocked'; symbol: string; month: string; message: string; notes: string[];
    /** Skipped with no file of the month on the host at all: the first trades file asked for (a wrong symbol or host looks like this). */
    nothingAt?: string;
  };

export type ProgressSink = (p: ImportProgress) => void;
/** Takes a built month's columns before its files are encoded (month-build.ts). */
export type ColumnsSink = (built: BuiltColumns[]) => void;

async function run(symbol: string, month: string, inputs: ArchiveInput[], notes: string[], onProgress: ProgressSink, signal?: AbortSignal, onColumns?: ColumnsSink): Promise<MonthOutcome> {
  const total = () => inputs.reduce((s, i) => s + (i.bytes ?? 0), 0);
  const built = await buildMonth(symbol, month, inputs, {
    signal, onColumns, onProgress: (p) => onProgress({ symbol, month, bytesDone: p.bytes, bytesTotal: total(), rows: p.rows }),
  });
  return { status: 'built', month: built, notes };
}

/** The month's outcome: a refusal or a blocked host becomes plain text for the page. */
export async function outcome(symbol: string, month: string, work: () => Promise<MonthOutcome>): Promise<MonthOutcome> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof HostBlocked) return { status: 'blocked', symbol, month, message: e.message, notes: [] };
    if (e instanceof InputProblem) return { status: 'refused', symbol, month, message: e.message, notes: [] };
    throw e;
  }
}

export function importGiven(symbol: string, month: string, files: GivenFile[], onProgress: ProgressSink, onColumns?: ColumnsSink): Promise<MonthOutcome> {
  return outcome(symbol, month, async () => run(symbol, month, await givenInputs(files), [], onProgress, undefined, onColumns));
}

export function importFetched(plan: MonthPlan, base: string, fetchFn: typeof fetch, onProgress: ProgressSink, signal?: AbortSignal, onColumns?: ColumnsSink): Promise<MonthOutcome> {
  return outcome(plan.symbol, plan.month, async () => {
    const { inputs, notes } = await fetchedInputs(plan, base, fetchFn, signal);
    // Only here is a month without trades "not published yet"; given files without one are refused (month-build.ts).
    if (!inputs.some((i) => i.parsed.kind === 'aggTrades')) {
      return {
        status: 'skipped', symbol: plan.symbol, month: plan.month, message: `${plan.symbol} ${plan.month}: no aggTrades file published yet, nothing to build`, notes,
        nothingAt: inputs.length === 0 ? firstTradesUrl(plan, base) : undefined,
      };
    }
    return run(plan.symbol, plan.month, inputs, notes, onProgress, signal, onColumns);
  });
}

/** The first aggTrades file a plan asks the archive for: the monthly one, else the first day's. */
function firstTradesUrl(plan: MonthPlan, base: string): string {
  const daily = !plan.monthly;
  return archiveUrl(base, { symbol: plan.symbol, kind: 'aggTrades', granularity: daily ? 'daily' : 'monthly', period: daily ? plan.days[0] : plan.month });
}

export type { ArchiveName };
