/**
 * `--exchange bybit --fetch`: brings Bybit's daily trade dumps (the archive's own layout,
 * `trading/{SYMBOL}/…csv.gz`) and each day's open-interest pages (kept as received in
 * `open-interest/{SYMBOL}/…json`, so a rebuild needs no network) into the input folder, for
 * the days up to yesterday (UTC). A file here is never asked for again; a day the archive does
 * not have yet (404), or with no OI records, is named and skipped.
 */
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bybitDumpFileName, bybitDumpPath, bybitDumpUrl, bybitOiDayPath } from '../archive/names.ts';
import { fetchBybitOiDay, type BybitOiDayFile } from '../archive/open-interest.ts';
import { daysOfMonth } from '../../../lib/archive/names.ts';
import { downloadFile, fetchText, NotPublished, type HttpOptions } from '../../../../tools/builder/download.ts';
import { fetchWindow, notPublishedList, type FetchReport } from '../../../../tools/builder/fetch.ts';
import { shortenDumpNotes } from '../import/inputs.ts';
import { writeFileAtomic } from '../../../../tools/builder/parquet-out.ts';
import { monthKey } from '../../../../tools/builder/state.ts';
import { completeBybitMonths } from './prune.ts';
import { makeFolder } from '../../../../tools/make-folder.ts';

export interface BybitFetchOptions {
  symbols: string[];
  months: string[];
  inDir: string;
  /** Trade dump host (public.bybit.com or a mirror with its paths). */
  base: string;
  /** REST host for the open-interest history (api.bybit.com or a mirror). */
  apiBase: string;
  parallel?: number;
  /** The profiles folder: a month built there from every day's dump is not fetched again (see prune.ts). */
  outDir?: string;
  /** The build's --force: every month is rebuilt, so complete months are fetched again too. */
  force?: boolean;
  now?: number;
  http?: HttpOptions;
  log?: (line: string) => void;
}

const here = (path: string) => access(path).then(() => true, () => false);

/** The files a fetch found not published yet, as one list: a month of daily dumps in a line, in the browser import's words. */
export const bybitNotPublished = (names: readonly string[]) => notPublishedList(names, shortenDumpNotes);

export async function fetchBybit(o: BybitFetchOptions): Promise<FetchReport> {
  const { started, log, yesterday, thisMonth, slot } = fetchWindow(o);
  const report: FetchReport = { downloaded: [], kept: [], notPublished: [], refused: [], bytes: 0, seconds: 0 };
  let stopped: Error | null = null;

  async function dump(symbol: string, day: string): Promise<void> {
    const rel = bybitDumpPath(symbol, day);
    const name = rel.split('/').pop()!;
    const dest = join(o.inDir, rel);
    // A dump only gets its name once all of it arrived (downloadFile), so one here is whole.
    if (await here(dest)) return void report.kept.push(name);
    await slot(async () => {
      if (stopped) return;
      await makeFolder(dirname(dest));
      try {
        const r = await downloadFile(bybitDumpUrl(o.base, symbol, day), dest, null, name, o.http, undefined, (why) => log(`  ${name}: ${why}`));
        report.downloaded.push(name);
        report.bytes += r.bytes - r.resumedFrom;
        log(`fetched ${name}: ${(r.bytes / 1e6).toFixed(1)} MB`);
      } catch (e) {
        if (e instanceof NotPublished) report.notPublished.push(name);
        else throw e;
      }
    });
  }

  async function openInterest(symbol: string, day: string): Promise<void> {
    const rel = bybitOiDayPath(symbol, day);
    const name = rel.split('/').pop()!;
    const dest = join(o.inDir, rel);
    if (await here(dest)) return void report.kept.push(name);
    await slot(async () => {
      if (stopped) return;
      const { pages, records } = await fetchBybitOiDay((url) => fetchText(url, o.http), o.apiBase, symbol, day);
      if (!records) return void report.notPublished.push(`${name} (no open-interest records)`);
      const file: BybitOiDayFile = { symbol, day, pages };
      await makeFolder(dirname(dest));
      await writeFileAtomic(dest, `${JSON.stringify(file)}\n`);
      report.downloaded.push(name);
    });
  }

  const complete = o.outDir && !o.force ? await completeBybitMonths(o.outDir) : new Set<string>();
  const guard = (p: Promise<void>) => p.catch((e: unknown) => { stopped ??= e instanceof Error ? e : new Error(String(e)); });
  const tasks: Promise<void>[] = [];
  for (const symbol of o.symbols) {
    for (const m of o.months) {
      if (m > thisMonth) {
        report.notPublished.push(`${symbol} ${m} (a month still to come)`);
        continue;
      }
      if (complete.has(monthKey(symbol, m, 'bybit'))) {
        // Built from every day: its files are here, or were pruned; either way nothing is missing.
        report.kept.push(...daysOfMonth(m).map((d) => bybitDumpFileName(symbol, d)));
        continue;
      }
      for (const day of daysOfMonth(m).filter((d) => d <= yesterday)) {
        tasks.push(guard(dump(symbol, day)), guard(openInterest(symbol, day)));
      }
    }
  }
  await Promise.all(tasks);
  if (stopped) throw stopped;
  report.seconds = (Date.now() - started) / 1000;
  if (report.notPublished.length) log(`not published yet (skipped): ${bybitNotPublished(report.notPublished)}`);
  if (report.downloaded.length + report.kept.length === 0) {
    throw new NotPublished(`nothing to fetch: ${o.base} has none of the dumps for ${o.symbols.join(', ')} in ${o.months.join(', ')}`);
  }
  return report;
}
