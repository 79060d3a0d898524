/**
 * A Bybit month's inputs from the two places they come from: files the user gave (trade dumps,
 * and OI day files the builder keeps) and the hosts in the settings: the dumps from the archive
 * (each fetched only when the build reaches its day), the OI history from the REST API. An API
 * this browser cannot use does not stop the month: it is built without OI history, and says why.
 */
import { bybitDumpFileName, bybitDumpUrl, bybitOiDayFileName, parseBybitDumpName, parseBybitOiDayName } from '../../archive/bybit/names.ts';
import { fetchBybitOiDay, type BybitOiDayFile } from '../../archive/bybit/open-interest.ts';
import { getArchive, settingHint, streamChunks } from '../archive-http.ts';
import type { MonthPlan } from '../fetch-plan.ts';
import { inBatches, shortenNotes } from '../month-inputs.ts';
import { Cancelled, InputProblem } from '../read-input.ts';
import type { BybitDumpInput, BybitOiInput } from './month-build.ts';

/** The Data view's settings for Bybit's hosts (named in the messages that send the user there). */
export const BYBIT_ARCHIVE_SETTING = 'Bybit archive base URL';
export const BYBIT_API_SETTING = 'Bybit API base URL';

/** An OI request that has not answered by then is given up (the month is built without it). */
const OI_TIMEOUT_MS = 30_000;

/** Inputs for the dumps and OI day files the user gave. */
export async function bybitGivenInputs(dumps: File[], oiFiles: File[]): Promise<{ dumps: BybitDumpInput[]; oiDays: BybitOiInput[] }> {
  return {
    dumps: dumps.map((f) => {
      const name = parseBybitDumpName(f.name);
      if (!name) throw new InputProblem(`${f.name}: not a Bybit trade dump name ({SYMBOL}{YYYY-MM-DD}.csv.gz)`);
      return { name: f.name, day: name.day, bytes: f.size, stream: () => streamChunks(f.stream()) };
    }),
    oiDays: await Promise.all(oiFiles.map(async (f) => {
      const name = parseBybitOiDayName(f.name);
      if (!name) throw new InputProblem(`${f.name}: not an open-interest day file name ({SYMBOL}-open-interest-{YYYY-MM-DD}.json)`);
      return { name: f.name, day: name.day, text: await f.text() };
    })),
  };
}

/**
 * The plan's days on the archive at `base`, in order, each fetched when the build asks for it;
 * a day not published yet (404) is named in `notes` and skipped.
 */
export async function* bybitFetchedDumps(plan: MonthPlan, base: string, fetchFn: typeof fetch, notes: string[], signal?: AbortSignal): AsyncGenerator<BybitDumpInput> {
  for (const day of [...plan.days].sort()) {
    const name = bybitDumpFileName(plan.symbol, day);
    const got = await getArchive(fetchFn, bybitDumpUrl(base, plan.symbol, day), name, signal, BYBIT_ARCHIVE_SETTING);
    if (!got.ok) {
      notes.push(got.message);
      continue;
    }
    const length = Number(got.response.headers.get('content-length'));
    yield { name, day, bytes: length > 0 ? length : undefined, stream: () => streamChunks(got.response.body) };
  }
}

/** Many 404 notes of one month's dumps, as one line. */
export const shortenDumpNotes = (notes: string[]) => shortenNotes(notes, (n) => n.includes('.csv.gz: not published yet'), 'daily trade dumps');

export interface FetchedOi {
  oiDays: BybitOiInput[];
  /** Why the month has no OI history (the API did not answer, or answered an error); null when it has. */
  missing: string | null;
}

/** One GET of the OI API as text; failures say what happened and name the host. */
async function getOiText(fetchFn: typeof fetch, url: string, signal?: AbortSignal): Promise<string> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), OI_TIMEOUT_MS);
  const stop = () => timeout.abort();
  signal?.addEventListener('abort', stop);
  const host = new URL(url).host;
  try {
    let response: Response;
    try {
      response = await fetchFn(url, { signal: timeout.signal, cache: 'no-store' });
    } catch {
      if (signal?.aborted) throw new Cancelled();
      throw new Error(timeout.signal.aborted
        ? `${host} did not answer within ${OI_TIMEOUT_MS / 1000} s`
        : `${host} did not answer from this browser (network, CORS or regional block)`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`${host} answered HTTP ${response.status}${response.status === 403 ? ' (Bybit refuses some regions, e.g. US addresses)' : ''}`);
    }
    return await response.text();
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * Each day's OI pages from the API at `apiBase`, a few days at a time. Days without records
 * are left out; the first failure ends the asking and the month goes without OI history.
 */
export async function bybitFetchedOi(plan: MonthPlan, apiBase: string, fetchFn: typeof fetch, signal?: AbortSignal): Promise<FetchedOi> {
  let missing: string | null = null;
  const days = await inBatches(plan.days, async (day): Promise<BybitOiInput | null> => {
    if (missing) return null;
    try {
      const { pages, records } = await fetchBybitOiDay((url) => getOiText(fetchFn, url, signal), apiBase, plan.symbol, day);
      if (!records) return null;
      const file: BybitOiDayFile = { symbol: plan.symbol, day, pages };
      return { name: bybitOiDayFileName(plan.symbol, day), day, text: `${JSON.stringify(file)}\n` };
    } catch (e) {
      if (e instanceof Cancelled) throw e;
      missing ??= `${e instanceof Error ? e.message : String(e)}. ${settingHint(BYBIT_API_SETTING)}`;
      return null;
    }
  });
  return missing ? { oiDays: [], missing } : { oiDays: days.filter((d): d is BybitOiInput => d !== null), missing: null };
}
