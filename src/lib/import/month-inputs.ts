/**
 * Importer inputs from the two places files come from: files the user gave (File objects,
 * read with File.stream()) and the archive host (fetched as they are read).
 */
import { archiveUrl, parseArchiveName, parseChecksum, type ArchiveKind, type Granularity } from '../archive/names.ts';
import { getArchive, getChecksum, streamChunks } from './archive-http.ts';
import type { MonthPlan } from './fetch-plan.ts';
import { SYNTHETIC_MARKER } from '../archive/names.ts';
import { InputProblem, type ArchiveInput } from './read-input.ts';

export interface GivenFile {
  file: File;
  checksum?: File;
  sidecar?: File;
}

/** Inputs for files the user gave, with their .CHECKSUM and .synthetic sidecars read. */
export async function givenInputs(files: GivenFile[]): Promise<ArchiveInput[]> {
  const out: ArchiveInput[] = [];
  for (const g of files) {
    const parsed = parseArchiveName(g.file.name);
    if (!parsed) throw new InputProblem(`${g.file.name}: not an archive file name`);
    let expectedSha256: string | null = null;
    if (g.checksum) {
      expectedSha256 = parseChecksum(await g.checksum.text(), g.file.name);
      if (!expectedSha256) throw new InputProblem(`${g.checksum.name}: no sha256 for ${g.file.name} in it`);
    }
    const syntheticSidecar = g.sidecar ? (await g.sidecar.text()).startsWith(SYNTHETIC_MARKER) : false;
    out.push({ name: g.file.name, parsed, bytes: g.file.size, expectedSha256, syntheticSidecar, stream: () => streamChunks(g.file.stream()) });
  }
  return out;
}

export interface FetchedInputs {
  inputs: ArchiveInput[];
  /** Files not published yet, and other things the user should know. */
  notes: string[];
}

const CONCURRENT = 6;

/**
 * `work` over `items`, at most `limit` running at once (a browser opens about six connections
 * per host), the results in the items' order, each handed on once it and those before it are
 * done; the next item starts as one is handed on. A failure surfaces at its place in the order.
 */
export async function* inOrderAhead<T, R>(items: readonly T[], work: (t: T) => Promise<R>, limit = CONCURRENT): AsyncGenerator<R> {
  const running: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && running.length < limit) {
      const p = work(items[next++]);
      p.catch(() => undefined); // awaited in its turn; not an unhandled rejection before that
      running.push(p);
    }
  };
  fill();
  while (running.length) {
    const result = await running.shift()!;
    fill();
    yield result;
  }
}

/** `work` over `items`, a few at a time, all results in order. */
export async function inBatches<T, R>(items: T[], work: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of inOrderAhead(items, work)) out.push(r);
  return out;
}

/**
 * The month's inputs on the archive at `base`: each file's .CHECKSUM is fetched first (a 404
 * there means the file is not published yet); the zip itself is fetched when it is read.
 */
export async function fetchedInputs(plan: MonthPlan, base: string, fetchFn: typeof fetch, signal?: AbortSignal): Promise<FetchedInputs> {
  const notes: string[] = [];
  // A file not published yet is a note, taken in the files' order (several are asked at once and
  // answer in any order; a summary of them names the first and last day).
  const probe = async (kind: ArchiveKind, granularity: Granularity, period: string): Promise<ArchiveInput | string> => {
    const name = { symbol: plan.symbol, kind, granularity, period };
    const url = archiveUrl(base, name);
    const file = url.slice(url.lastIndexOf('/') + 1);
    const sha = await getChecksum(fetchFn, archiveUrl(base, name, '.CHECKSUM'), file, signal);
    if (sha === null) return `${file}: not published yet (HTTP 404), skipped`;
    const input: ArchiveInput = {
      name: file, parsed: parseArchiveName(file)!, expectedSha256: sha,
      stream: async function* () {
        const got = await getArchive(fetchFn, url, file, signal);
        if (!got.ok) throw new InputProblem(`${file}: its .CHECKSUM is published but the file is not (HTTP 404)`);
        const length = Number(got.response.headers.get('content-length'));
        if (length > 0) input.bytes = length;
        yield* streamChunks(got.response.body);
      },
    };
    return input;
  };
  const inputs: ArchiveInput[] = [];
  const take = (found: (ArchiveInput | string)[]) => {
    for (const f of found) {
      if (typeof f === 'string') notes.push(f);
      else inputs.push(f);
    }
  };
  const monthly = plan.monthly ? await probe('aggTrades', 'monthly', plan.month) : null;
  if (monthly) take([monthly]);
  if (monthly === null || typeof monthly === 'string') {
    if (plan.monthly) notes.push(`${plan.symbol} ${plan.month}: no monthly file yet, using the daily files`);
    take(await inBatches(plan.days, (d) => probe('aggTrades', 'daily', d)));
  }
  take(await inBatches(plan.days, (d) => probe('metrics', 'daily', d)));
  // The 404 notes of the daily files are many and alike (a month of them for a symbol the host
  // does not have); keep them short.
  const dailyTrades = shortenNotes(notes, (n) => /-aggTrades-\d{4}-\d{2}-\d{2}\.zip: not published yet/.test(n), 'daily aggTrades files');
  return { inputs, notes: shortenNotes(dailyTrades, (n) => n.includes('-metrics-'), 'daily metrics files') };
}

/** Many alike "not published yet" notes (those `alike` picks) as one line naming the first and last file. */
export function shortenNotes(notes: string[], alike: (note: string) => boolean, what: string): string[] {
  const same = notes.filter(alike);
  if (same.length <= 3) return notes;
  return [...notes.filter((n) => !alike(n)), `${same.length} ${what} not published yet, skipped (${same[0].split(':')[0]} … ${same[same.length - 1].split(':')[0]})`];
}
