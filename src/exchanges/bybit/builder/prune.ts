/**
 * `--exchange bybit --prune`: the downloads a Bybit build no longer needs. A month is complete
 * once it was built from a dump of every one of its days: nothing can be added to it, so its
 * dumps and OI pages are deleted and `--fetch` does not ask for them again (the build state in
 * the profiles folder says so). A month missing a day keeps its files: the day may still be
 * published, and the month is then rebuilt from all of them.
 */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { bybitDumpFileName, bybitDumpPath, bybitOiDayPath } from '../archive/names.ts';
import { daysOfMonth } from '../../../lib/archive/names.ts';
import { BUILDER_VERSION, loadState, monthKey, type MonthState } from '../../../../tools/builder/state.ts';

const EXCHANGE = 'bybit';

function complete(m: MonthState): boolean {
  const names = new Set(m.sources.map((s) => s.name));
  return daysOfMonth(m.month).every((day) => names.has(bybitDumpFileName(m.symbol, day)));
}

/**
 * The complete Bybit months built into `outDir` by this builder, as build-state keys (monthKey).
 * A month built by another builder version is not: --fetch downloads its days again, so that it
 * is rebuilt with this one.
 */
export async function completeBybitMonths(outDir: string): Promise<Set<string>> {
  const state = await loadState(outDir);
  return new Set(Object.entries(state.months)
    .filter(([key, m]) => key === monthKey(m.symbol, m.month, EXCHANGE) && complete(m) && m.builder === BUILDER_VERSION).map(([key]) => key));
}

/** The days of a month built from every day's dump whose dumps are not here now (deleted by --prune): a rebuild needs them. */
export function prunedBybitDays(prev: MonthState, presentDays: string[]): string[] {
  if (!complete(prev)) return [];
  const here = new Set(presentDays);
  return daysOfMonth(prev.month).filter((d) => !here.has(d));
}

/** Deletes the dumps and OI pages of complete months; returns the bytes freed. */
export async function pruneBybitBuilt(inDir: string, outDir: string, log: (line: string) => void): Promise<number> {
  const state = await loadState(outDir);
  let freed = 0;
  for (const key of await completeBybitMonths(outDir)) {
    const m = state.months[key];
    let n = 0;
    for (const day of daysOfMonth(m.month)) {
      for (const rel of [bybitDumpPath(m.symbol, day), bybitOiDayPath(m.symbol, day)]) {
        const path = join(inDir, rel);
        const st = await stat(path).catch(() => null);
        if (!st) continue;
        await rm(path);
        freed += st.size;
        n++;
      }
    }
    if (n) log(`bybit ${m.symbol} ${m.month}: built from every day; removed its ${n} downloaded file(s)`);
  }
  return freed;
}
