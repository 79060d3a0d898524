/**
 * The Bybit profile build (`--exchange bybit`): per symbol-month, the daily trade dumps and the
 * kept OI pages under the input folder become `volume`, `candles` and `oi` profiles under
 * `<out>/bybit/<SYMBOL>/`, beside Binance's in the same manifest. The same guarantees as
 * Binance's build: unchanged months are kept, a bad input refuses its month by name, the
 * other months still build.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { bybitHeaderProblem } from '../archive/columns.ts';
import { bybitOiDayRecords, type BybitOiRecord } from '../archive/open-interest.ts';
import { dayRanges } from '../../../lib/archive/names.ts';
import { profileMetadata, profilePriceStep } from '../../../lib/data/profile-schema.ts';
import { Aggregator } from '../../../../tools/builder/aggregate.ts';
import { scratchFolder, type BuildOptions, type BuildReport, type MonthReport } from '../../../../tools/builder/build.ts';
import { describeBad, describeMonth } from '../../../../tools/builder/describe.ts';
import { writeProfile } from '../../../../tools/builder/parquet-out.ts';
import { count } from '../../../../tools/builder/progress.ts';
import { sha256File } from '../../../../tools/builder/source-files.ts';
import {
  BUILDER_VERSION, loadState, monthKey, outputsIntact, sameSources, saveMonth, unlistMonth, writeManifest,
  type BuildState, type ManifestFile, type ProfileKind, type SourceFile,
} from '../../../../tools/builder/state.ts';
import { addBybitDumps, addBybitOi, type DumpGroup } from './aggregate.ts';
import { prunedBybitDays } from './prune.ts';
import { readDumpHead, scanBybitInputs, type BybitInput, type BybitMonthInputs, type DumpHead } from './inputs.ts';
import { makeFolder } from '../../../../tools/make-folder.ts';

class Refused extends Error {}

const EXCHANGE = 'bybit';

/** A file's sha256, from the state when its size and mtime did not change. */
async function identity(state: BuildState, f: BybitInput): Promise<SourceFile> {
  const h = state.hashes[f.path];
  if (h && h.bytes === f.bytes && h.mtimeMs === f.mtimeMs) return { name: f.file, sha256: h.sha256 };
  const sha256 = await sha256File(f.path);
  state.hashes[f.path] = { bytes: f.bytes, mtimeMs: f.mtimeMs, sha256 };
  return { name: f.file, sha256 };
}

function repeatedDays(list: BybitInput[]): string[] {
  const seen = new Map<string, string>();
  const out: string[] = [];
  for (const f of list) {
    const prev = seen.get(f.file);
    if (prev) out.push(`${f.file} given twice: ${prev} and ${f.rel}`);
    else seen.set(f.file, f.rel);
  }
  return out;
}

async function buildMonth(m: BybitMonthInputs, state: BuildState, agg: Aggregator, o: BuildOptions, report: MonthReport): Promise<void> {
  if (!m.dumps.length) {
    report.status = 'skipped';
    report.reason = `no trade dumps (only ${m.oi.length} open-interest file(s)); volume and candles need them`;
    return;
  }
  const repeats = [...repeatedDays(m.dumps), ...repeatedDays(m.oi)];
  if (repeats.length) throw new Refused(repeats.join('; '));
  const dumps = [...m.dumps].sort((a, b) => a.day.localeCompare(b.day));
  const oiFiles = [...m.oi].sort((a, b) => a.day.localeCompare(b.day));
  // The heads are read side by side (each a small read and a start of gunzip); the first bad file in day order is named.
  const read = await Promise.all(dumps.map((f) => readDumpHead(f.path).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))));
  const heads: DumpHead[] = [];
  for (const [i, f] of dumps.entries()) {
    const head = read[i];
    if (head instanceof Error) throw new Refused(`${f.rel}: ${head.message}`);
    const problem = bybitHeaderProblem(head.columns);
    if (problem) throw new Refused(`${f.rel}: ${problem} (header: ${head.columns.join(',').slice(0, 160)})`);
    heads.push(head);
  }
  const synthetic = heads.some((h) => h.synthetic);
  if (synthetic && !heads.every((h) => h.synthetic)) {
    const names = (want: boolean) => dumps.filter((_, i) => heads[i].synthetic === want).map((f) => f.rel).join(', ');
    throw new Refused(`mixes synthetic (${names(true)}) and real files (${names(false)})`);
  }
  const tradeSources: SourceFile[] = [];
  for (const f of dumps) tradeSources.push(await identity(state, f));
  const oiSources: SourceFile[] = [];
  for (const f of oiFiles) oiSources.push(await identity(state, f));
  const key = monthKey(m.symbol, m.month, EXCHANGE);
  const prev = state.months[key];
  if (prev && !o.force && prev.builder === BUILDER_VERSION && prev.synthetic === synthetic
    && sameSources([...tradeSources, ...oiSources], prev.sources) && (await outputsIntact(o.outDir, prev))) {
    report.status = 'unchanged';
    report.files = prev.files;
    return;
  }
  const pruned = prev ? prunedBybitDays(prev, dumps.map((f) => f.day)) : [];
  if (pruned.length) {
    const shown = pruned.length > 3 ? `${pruned.slice(0, 3).join(', ')} and ${pruned.length - 3} more` : pruned.join(', ');
    throw new Refused(`it was built from every day's dump, and ${pruned.length} of them are not in --in (deleted by --prune: ${shown}): `
      + 'a rebuild without them would lose those days. Run with --fetch (it downloads them again), or put them back in --in');
  }

  const started = Date.now();
  const firstPrice = heads[0].firstPrice;
  if (firstPrice === null) throw new Refused(`${dumps[0].rel}: no trade price on the first row`);
  const step = profilePriceStep(firstPrice);
  // One scan per header line (a newer file may add a column).
  const groups = new Map<string, DumpGroup>();
  dumps.forEach((f, i) => {
    const sig = heads[i].columns.join(',');
    const g = groups.get(sig) ?? { paths: [], columns: heads[i].columns };
    g.paths.push(f.path);
    groups.set(sig, g);
  });
  const r = await addBybitDumps(agg, [...groups.values()], m.symbol, step);
  let bad = r.rejectedLines;
  const relOf = (path: string) => dumps.find((f) => f.path === path)?.rel ?? path;
  for (const f of dumps) {
    const s = r.files.find((x) => x.path === f.path);
    const rejects = r.firstRejects.filter((x) => x.path === f.path);
    if (s?.otherSymbol) throw new Refused(`${f.rel}: rows of ${s.otherSymbol}, expected ${m.symbol}`);
    const start = Date.parse(`${f.day}T00:00:00Z`);
    if (s && s.first !== null && (s.first < start || s.last! >= start + 86_400_000)) {
      const at = s.first < start ? s.first : s.last!;
      throw new Refused(`${f.rel}: has trades outside ${f.day} (around ${new Date(at).toISOString()})`);
    }
    report.warnings.push(...describeBad(f.rel, rejects.length, s?.invalid ?? 0, rejects, []));
    bad += s?.invalid ?? 0;
    report.rows += s?.rows ?? 0;
  }
  if (r.rejectedLines > r.firstRejects.length) report.warnings.push(`${count(r.rejectedLines)} unreadable line(s) in all (first in ${relOf(r.firstRejects[0]?.path ?? '')})`);
  if (report.rows === 0) throw new Refused(`no trade rows in ${dumps.map((f) => f.rel).join(', ')}`);

  let oi = 0;
  if (oiFiles.length) {
    const records: BybitOiRecord[] = [];
    for (const f of oiFiles) {
      let list: BybitOiRecord[];
      try {
        list = bybitOiDayRecords(await readFile(f.path, 'utf8'), f.rel);
      } catch (e) {
        throw new Refused(e instanceof Error ? e.message : String(e));
      }
      const start = Date.parse(`${f.day}T00:00:00Z`);
      const outside = list.find((x) => x.time < start || x.time >= start + 86_400_000);
      if (outside) throw new Refused(`${f.rel}: a record outside ${f.day} (${new Date(outside.time).toISOString()})`);
      records.push(...list);
    }
    const o2 = await addBybitOi(agg, records);
    if (o2.unpriced) report.warnings.push(`open interest: ${o2.unpriced} record(s) before the month's first trade have no price and were left out`);
    oi = o2.rows;
  }
  const maxBad = o.maxBadLines ?? 1000;
  if (bad > maxBad) throw new Refused(`${count(bad)} bad lines, more than --max-bad-lines ${maxBad}: ${report.warnings.join('; ')}`);

  await makeFolder(join(o.outDir, EXCHANGE, m.symbol));
  await unlistMonth(o.outDir, state, key);
  const files: ManifestFile[] = [];
  const write = async (kind: ProfileKind, sources: SourceFile[], days: string[], run: (tmp: string, meta: Record<string, string>) => Promise<number>) => {
    const rel = `${EXCHANGE}/${m.symbol}/${m.symbol}-${m.month}.${kind}.parquet`;
    const meta = profileMetadata({
      kind, symbol: m.symbol, month: m.month, synthetic, sources, exchange: EXCHANGE,
      priceStep: kind === 'volume' ? step : undefined, days: dayRanges(m.month, days) ?? undefined,
    });
    const w = await writeProfile(join(o.outDir, rel), (tmp) => run(tmp, meta));
    files.push({ symbol: m.symbol, month: m.month, kind, path: rel, bytes: w.bytes, sha256: w.sha256, rows: w.rows, synthetic, exchange: EXCHANGE });
  };
  const tradeDays = dumps.map((f) => f.day);
  await write('volume', tradeSources, tradeDays, (tmp, meta) => agg.writeVolume(tmp, step, meta, 'bybit_volume'));
  await write('candles', tradeSources, tradeDays, (tmp, meta) => agg.writeCandles(tmp, meta, 'bybit_t5'));
  if (oi) await write('oi', oiSources, oiFiles.map((f) => f.day), (tmp, meta) => agg.writeOi(tmp, meta));
  for (const old of prev?.files ?? []) {
    if (!files.some((f) => f.path === old.path)) await rm(join(o.outDir, old.path), { force: true });
  }
  state.months[key] = {
    symbol: m.symbol, month: m.month, builder: BUILDER_VERSION, sources: [...tradeSources, ...oiSources], synthetic, files,
  };
  report.status = 'built';
  report.files = files;
  report.seconds = (Date.now() - started) / 1000;
}

export async function buildBybitProfiles(o: BuildOptions): Promise<BuildReport> {
  const started = Date.now();
  const log = o.log ?? ((l: string) => console.log(l));
  await makeFolder(o.outDir);
  const scratch = await scratchFolder(o.tmpDir, o.outDir);
  const tmpRoot = scratch.dir;
  const months = (await scanBybitInputs(o.inDir)).filter((m) => !o.onlyMonths || o.onlyMonths.includes(m.month));
  const state = await loadState(o.outDir);
  // Bybit's queries show no progress line: DuckDB need not track it.
  const agg = await Aggregator.create({ threads: o.threads, memoryLimit: o.memoryLimit, tempDirectory: join(tmpRoot, 'duckdb'), trackProgress: false });
  const reports: MonthReport[] = [];
  try {
    for (const [i, m] of months.entries()) {
      const report: MonthReport = { symbol: m.symbol, month: m.month, status: 'refused', warnings: [], rows: 0, seconds: 0, files: [] };
      try {
        await buildMonth(m, state, agg, o, report);
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
        report.status = 'refused';
        report.reason = e.message;
        report.rows = 0;
      }
      reports.push(report);
      log(`bybit ${describeMonth(report, i + 1, months.length, Boolean(state.months[monthKey(m.symbol, m.month, EXCHANGE)]))}`);
      for (const w of report.warnings) log(`  warning: ${w}`);
      await saveMonth(o.outDir, state);
    }
  } finally {
    agg.close();
    await scratch.remove();
  }
  const files = await writeManifest(o.outDir, state);
  return {
    months: reports, refused: reports.filter((r) => r.status === 'refused').length, ignored: [], files,
    rows: reports.reduce((s, r) => s + r.rows, 0), seconds: (Date.now() - started) / 1000,
  };
}
