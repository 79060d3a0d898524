/**
 * `--fetch`: brings the archive files a build needs into the input folder, in the archive's own
 * layout: per symbol and month the monthly aggTrades zip, or (for a month without one yet) the
 * daily zips up to yesterday, and the daily metrics; each checked against its .CHECKSUM. Files
 * verified before are not asked for again; a few downloads run at a time.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  archiveDir, archivePath, archiveUrl, daysOfMonth, parseChecksum, utcDay, utcMonth, type ArchiveFileId,
} from '../../src/lib/archive/names.ts';
import { ChecksumMismatch, downloadFile, fetchText, HostRefused, NotPublished, type HttpOptions } from './download.ts';
import { writeFileAtomic } from './parquet-out.ts';
import { Progress } from './progress.ts';
import { sha256File } from './source-files.ts';
import { BUILDER_VERSION, loadState, monthKey, type MonthState } from './state.ts';
import { limiter } from '../../src/lib/scheduling.ts';
import { shortenNotes } from '../../src/lib/import/month-inputs.ts';
import { makeFolder } from '../make-folder.ts';

export const FETCH_STATE_FILE = '.liqmap-fetch.json';

export interface FetchOptions {
  symbols: string[];
  months: string[];
  inDir: string;
  /**
   * The profiles folder: a file a month there was built from is not fetched again after
   * --prune deleted it, unless the month is to be rebuilt (prunedMonthNeedsRebuild).
   */
  outDir?: string;
  /** The build's --force: every month is rebuilt, so pruned files are fetched again. */
  force?: boolean;
  base: string;
  /** Downloads at a time, 1-8 (default 3). */
  parallel?: number;
  /** "Now" for deciding which days can be published (default Date.now()). */
  now?: number;
  http?: HttpOptions;
  log?: (line: string) => void;
  progress?: boolean;
}

export interface FetchReport {
  downloaded: string[];
  /** Files already here and verified, or already built into a profile. */
  kept: string[];
  notPublished: string[];
  /** Checksum mismatches and unreadable .CHECKSUMs, each naming its file. */
  refused: string[];
  bytes: number;
  seconds: number;
}

interface Verified {
  bytes: number;
  mtimeMs: number;
  sha256: string;
}

const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** What every fetch starts from: its log, the last day that can be published, the current month, its download slots. */
export function fetchWindow(o: { log?: (line: string) => void; now?: number; parallel?: number }) {
  const now = o.now ?? Date.now();
  const parallel = o.parallel ?? 3;
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8) throw new Error(`--parallel must be 1 to 8, got ${parallel}`);
  return {
    started: Date.now(), log: o.log ?? ((l: string) => console.log(l)), yesterday: utcDay(now - 86_400_000), thisMonth: utcMonth(now),
    slot: limiter(parallel),
  };
}

export async function fetchArchive(o: FetchOptions): Promise<FetchReport> {
  const { started, log, yesterday, thisMonth, slot } = fetchWindow(o);
  await makeFolder(o.inDir);
  const statePath = join(o.inDir, FETCH_STATE_FILE);
  const verified: Record<string, Verified> = JSON.parse((await readText(statePath)) ?? '{}');
  // What the profiles were built from: a file whose download was pruned after its month was built.
  const built = new Set<string>();
  const builtMonths = o.outDir ? (await loadState(o.outDir)).months : {};
  for (const m of Object.values(builtMonths)) for (const s of m.sources) built.add(`${s.name} ${s.sha256}`);
  const report: FetchReport = { downloaded: [], kept: [], notPublished: [], refused: [], bytes: 0, seconds: 0 };
  const progress = new Progress(o.progress ?? false);
  const active = new Map<string, string>();
  const show = () => progress.update(`fetching ${[...active].map(([n, s]) => `${n} ${s}`).join(' · ')}`);
  let stopped: Error | null = null;

  /** True when the zip is here, unchanged since it was verified against the .CHECKSUM beside it. */
  async function verifiedHere(rel: string, dest: string, expected: string | null): Promise<boolean> {
    const v = verified[rel];
    if (!v || !expected || v.sha256 !== expected) return false;
    const st = await stat(dest).catch(() => null);
    return st !== null && st.size === v.bytes && st.mtimeMs === v.mtimeMs;
  }

  async function remember(rel: string, dest: string, sha256: string): Promise<void> {
    const st = await stat(dest);
    verified[rel] = { bytes: st.size, mtimeMs: st.mtimeMs, sha256 };
  }

  /**
   * Makes sure one file is here and verified. A file pruned after its month was built (its
   * .CHECKSUM kept) is only downloaded again when `refetch` says so, or when the archive's
   * .CHECKSUM is no longer the one it was built from (the archive republished it).
   */
  async function ensure(id: ArchiveFileId, refetch = false): Promise<Outcome> {
    const rel = archivePath(id);
    const name = basename(rel);
    const dest = join(o.inDir, rel);
    const ckPath = `${dest}.CHECKSUM`;
    const localSha = parseChecksum((await readText(ckPath)) ?? '', name);
    if (await verifiedHere(rel, dest, localSha)) {
      report.kept.push(name);
      return { id, status: 'here', fresh: !built.has(`${name} ${localSha}`) };
    }
    const pruned = localSha !== null && built.has(`${name} ${localSha}`) && !(await stat(dest).catch(() => null));
    return slot(async () => {
      if (stopped) throw stopped;
      const url = archiveUrl(o.base, id);
      let ckText: string;
      try {
        ckText = await fetchText(`${url}.CHECKSUM`, o.http);
      } catch (e) {
        // A pruned file is only checked: the archive no longer listing it, or not answering
        // after the retries, leaves its month's build as it is (it stops no run).
        if (pruned && !refetch && !(e instanceof HostRefused)) {
          if (!(e instanceof NotPublished)) log(`  ${name}.CHECKSUM: not checked (${e instanceof Error ? e.message : String(e)}); its month stays as built`);
          report.kept.push(name);
          return { id, status: 'pruned', fresh: false };
        }
        if (e instanceof NotPublished) {
          report.notPublished.push(name);
          return { id, status: 'missing', fresh: false };
        }
        throw e;
      }
      const expected = parseChecksum(ckText, name);
      if (!expected) {
        report.refused.push(`${name}.CHECKSUM: no sha256 for ${name} in it ("${ckText.trim().slice(0, 120)}")`);
        return { id, status: 'missing', fresh: false };
      }
      if (pruned && expected === localSha && !refetch) {
        report.kept.push(name);
        return { id, status: 'pruned', fresh: false };
      }
      const fresh = !built.has(`${name} ${expected}`);
      await makeFolder(dirname(dest));
      // A zip already here (copied in, or its record lost) is hashed rather than downloaded again.
      if (await stat(dest).catch(() => null) && (await sha256File(dest)) === expected) {
        await writeFileAtomic(ckPath, ckText);
        await remember(rel, dest, expected);
        report.kept.push(name);
        return { id, status: 'here', fresh };
      }
      active.set(name, 'starting');
      const t0 = Date.now();
      try {
        const r = await downloadFile(url, dest, expected, name, o.http, (p) => {
          active.set(name, p.total ? `${((100 * p.bytes) / p.total).toFixed(0)} % of ${mb(p.total)}` : mb(p.bytes));
          show();
        }, (why) => { progress.clear(); log(`  ${name}: ${why}`); });
        await writeFileAtomic(ckPath, ckText);
        await remember(rel, dest, expected);
        const secs = (Date.now() - t0) / 1000;
        report.downloaded.push(name);
        report.bytes += r.bytes - r.resumedFrom;
        progress.clear();
        log(`fetched ${name}: ${mb(r.bytes)} in ${secs.toFixed(1)} s${r.resumedFrom ? ` (resumed after ${mb(r.resumedFrom)})` : ''}`);
        return { id, status: 'here', fresh };
      } catch (e) {
        if (e instanceof ChecksumMismatch) {
          report.refused.push(e.message);
          progress.clear();
          log(`REFUSED ${e.message}`);
          return { id, status: 'missing', fresh: false };
        }
        throw e;
      } finally {
        active.delete(name);
      }
    });
  }

  /** Daily aggTrades of a month that now has its monthly file: the monthly replaces them. */
  async function dropDailies(symbol: string, month: string): Promise<void> {
    const dir = archiveDir(symbol, 'aggTrades', 'daily');
    const names = await readdir(join(o.inDir, dir)).catch(() => [] as string[]);
    const mine = names.filter((n) => n.startsWith(`${symbol}-aggTrades-${month}-`));
    for (const n of mine) {
      await rm(join(o.inDir, dir, n), { force: true });
      delete verified[`${dir}/${n}`];
    }
    const zips = mine.filter((n) => n.endsWith('.zip')).length;
    if (zips) log(`${symbol} ${month}: the monthly file replaces ${zips} daily aggTrades file(s), removed`);
  }

  /** ensure(), with a failure recorded (it stops the rest) rather than thrown. */
  async function ensureOrStop(id: ArchiveFileId, refetch = false): Promise<Outcome> {
    try {
      return await ensure(id, refetch);
    } catch (e) {
      stopped ??= e instanceof Error ? e : new Error(String(e));
      return { id, status: 'missing', fresh: false };
    }
  }

  async function month(symbol: string, m: string): Promise<void> {
    if (m > thisMonth) {
      report.notPublished.push(`${symbol} ${m} (a month still to come)`);
      return;
    }
    const days = daysOfMonth(m).filter((d) => d <= yesterday);
    const metrics = days.map((d) => ensureOrStop({ symbol, kind: 'metrics', granularity: 'daily', period: d }));
    // The current month never has a monthly file; earlier ones have one once Binance publishes it.
    const outcomes: Outcome[] = [];
    if (m < thisMonth) outcomes.push(await ensureOrStop({ symbol, kind: 'aggTrades', granularity: 'monthly', period: m }));
    if (outcomes[0] && outcomes[0].status !== 'missing') await dropDailies(symbol, m);
    else if (!stopped) outcomes.push(...await Promise.all(days.map((d) => ensureOrStop({ symbol, kind: 'aggTrades', granularity: 'daily', period: d }))));
    outcomes.push(...await Promise.all(metrics));
    const pruned = outcomes.filter((x) => x.status === 'pruned');
    if (!pruned.length || stopped) return;
    const why = prunedMonthNeedsRebuild(builtMonths[monthKey(symbol, m)], outcomes, o.force ?? false);
    if (!why) return;
    log(`${symbol} ${m}: ${why}: its ${pruned.length} pruned file(s) are downloaded again to rebuild it`);
    report.kept.splice(0, report.kept.length, ...report.kept.filter((n) => !pruned.some((x) => basename(archivePath(x.id)) === n)));
    await Promise.all(pruned.map((x) => ensureOrStop(x.id, true)));
  }

  try {
    await Promise.all(o.symbols.flatMap((s) => o.months.map((m) => month(s, m))));
  } finally {
    progress.clear();
    await writeFileAtomic(statePath, `${JSON.stringify(verified, null, 1)}\n`);
  }
  if (stopped) throw stopped;
  report.seconds = (Date.now() - started) / 1000;
  if (report.notPublished.length) log(`not published yet (skipped): ${archiveNotPublished(report.notPublished)}`);
  if (report.downloaded.length + report.kept.length === 0 && report.refused.length === 0) {
    throw new NotPublished(`nothing to fetch: ${o.base} has none of the files for ${o.symbols.join(', ')} in ${o.months.join(', ')}`);
  }
  return report;
}

/** Many alike "not published yet" notes of one exchange's daily files as one line each kind (month-inputs.ts's shortenNotes). */
export type NoteShortener = (notes: string[]) => string[];

/**
 * The files not published yet, in order, each run of more than three daily files of a kind as
 * one item naming the first and last (a month the host lacks is 60 names otherwise), in the
 * words of the browser's import: `shorten` is the exchange's, which knows its daily files.
 */
export function notPublishedList(names: readonly string[], shorten: NoteShortener): string {
  const notes = [...names].sort().map((n) => `${n}: not published yet`);
  return shorten(notes).map((n) => n.replace(/: not published yet$/, '').replace(' not published yet, skipped', '')).join(', ');
}

/** The archive's daily aggTrades and metrics files, as the browser's import shortens them. */
const shortenArchiveNotes: NoteShortener = (notes) => shortenNotes(
  shortenNotes(notes, (n) => /-aggTrades-\d{4}-\d{2}-\d{2}\.zip:/.test(n), 'daily aggTrades files'),
  (n) => /-metrics-\d{4}-\d{2}-\d{2}\.zip:/.test(n), 'daily metrics files');

/** The archive files a fetch found not published yet, as one list (ExchangeBuilder.notPublished). */
export const archiveNotPublished = (names: readonly string[]) => notPublishedList(names, shortenArchiveNotes);

/** What ensure() found: here (verified), pruned after its month was built, or missing (not published, refused). */
interface Outcome {
  id: ArchiveFileId;
  status: 'here' | 'pruned' | 'missing';
  /** Here, and not among the files the month was built from: new or changed input. */
  fresh: boolean;
}

/**
 * Why a month whose downloads were pruned must be built again, or null: a builder that makes
 * other files than the one that built it, --force, or an input it was not built from (a day
 * published since, a file the archive republished, a file put back that differs).
 */
function prunedMonthNeedsRebuild(prev: MonthState | undefined, outcomes: Outcome[], force: boolean): string | null {
  if (force) return '--force';
  if (prev && prev.builder !== BUILDER_VERSION) return `built by ${prev.builder}, this is ${BUILDER_VERSION}`;
  const fresh = outcomes.filter((x) => x.fresh).map((x) => basename(archivePath(x.id)));
  if (fresh.length) return `${fresh.length === 1 ? `${fresh[0]} is` : `${fresh.length} files are`} new since it was built`;
  return null;
}

export { HostRefused, NotPublished };

