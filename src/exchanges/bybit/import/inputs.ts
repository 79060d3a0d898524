/**
 * A Bybit month's inputs from the two places they come from: files the user gave (trade dumps,
 * and OI day files the builder keeps) and the hosts in the settings: the dumps from the archive
 * (each fetched only when the build reaches its day), the OI history from the REST API. An API
 * this browser cannot use does not stop the month: it is built without OI history, and says why.
 */
import { bybitDumpFileName, bybitDumpUrl, bybitOiDayFileName, parseBybitDumpName, parseBybitOiDayName } from '../archive/names.ts';
import { fetchBybitOiDay, type BybitOiDayFile } from '../archive/open-interest.ts';
import { getArchive, settingHint, streamChunks } from '../../../lib/import/archive-http.ts';
import type { MonthPlan } from '../../../lib/import/fetch-plan.ts';
import { inBatches, inOrderAhead, shortenNotes } from '../../../lib/import/month-inputs.ts';
import { Cancelled, InputProblem } from '../../../lib/import/read-input.ts';
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
 * Days fetched at once: the build reads one while the next ones download (a day's body is
 * held in memory until the build reaches it, so this bounds the memory too).
 */
export const DUMPS_AHEAD = 3;

/**
 * The plan's days on the archive at `base`, in order; up to DUMPS_AHEAD are fetched at once
 * (bodies read ahead while the build reads an earlier day). A day not published yet (404) is
 * named in `notes` and skipped; a host that does not answer stops the month at that day.
 */
export async function* bybitFetchedDumps(plan: MonthPlan, base: string, fetchFn: typeof fetch, notes: string[], signal?: AbortSignal): AsyncGenerator<BybitDumpInput> {
  // Stops the days still downloading when the build ends early (a failure, a cancel).
  const stop = new AbortController();
  const cancel = () => stop.abort();
  signal?.addEventListener('abort', cancel);
  type Fetched = { day: string; name: string; missing: string } | { day: string; name: string; bytes?: number; body: () => AsyncIterable<Uint8Array> };
  const fetchDay = async (day: string): Promise<Fetched> => {
    const name = bybitDumpFileName(plan.symbol, day);
    const got = await getArchive(fetchFn, bybitDumpUrl(base, plan.symbol, day), name, stop.signal, BYBIT_ARCHIVE_SETTING);
    if (!got.ok) return { day, name, missing: got.message };
    const length = Number(got.response.headers.get('content-length'));
    return { day, name, bytes: length > 0 ? length : undefined, body: readAhead(got.response.body, stop.signal) };
  };
  try {
    for await (const d of inOrderAhead([...plan.days].sort(), fetchDay, DUMPS_AHEAD)) {
      if ('missing' in d) notes.push(d.missing);
      else yield { name: d.name, day: d.day, bytes: d.bytes, stream: d.body };
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    stop.abort();
  }
}

/**
 * A response body read in the background from now on, its chunks kept until they are read: the
 * download goes on while the reader is busy elsewhere. Read once.
 */
function readAhead(body: ReadableStream<Uint8Array> | null, signal: AbortSignal): () => AsyncIterable<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let done = false;
  let failed: unknown = null;
  let wake = null as (() => void) | null;
  const woken = () => new Promise<void>((resolve) => (wake = resolve));
  void (async () => {
    try {
      for await (const c of streamChunks(body)) chunks.push(c), wake?.();
    } catch (e) {
      failed = signal.aborted ? new Cancelled() : e;
    } finally {
      done = true;
      wake?.();
    }
  })();
  return async function* () {
    for (;;) {
      if (chunks.length) yield chunks.shift()!;
      else if (failed) throw failed;
      else if (done) return;
      else await woken();
    }
  };
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
