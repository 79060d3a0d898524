/**
 * The profile build: for each symbol-month under the input folder, checks the inputs,
 * aggregates them with DuckDB and writes `volume`, `candles` and (with metrics) `oi`
 * Parquet files and the manifest. Months whose inputs did not change are skipped; a month
 * with a bad input is refused with a message naming the file, and the others still build.
 */
import { mkdtemp, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Aggregator } from './aggregate.ts';
import { describeBad, describeMonth, metadata } from './describe.ts';
import { headerStart } from '../../src/lib/archive/csv-columns.ts';
import { monthBounds } from '../../src/lib/archive/names.ts';
import { profilePriceStep } from '../../src/lib/data/profile-schema.ts';
import { nameProblems, scanInputs, type InputFile, type MonthInputs } from './inputs.ts';
import { writeProfile } from './parquet-out.ts';
import { prunedInputs } from './prune.ts';
import { count, Progress } from './progress.ts';
import {
  csvFingerprint, findInvalidLines, firstPrice, InputRefused, openInput, prepareCsv, sha256File, type OpenedInput,
} from './source-files.ts';
import {
  BUILDER_VERSION, loadState, monthKey, outputsIntact, sameSources, saveMonth, unlistMonth, writeManifest,
  type BuildState, type ManifestFile, type MonthState, type ProfileKind, type SourceFile,
} from './state.ts';
import { makeFolder } from '../make-folder.ts';

export interface BuildOptions {
  inDir: string;
  outDir: string;
  /** A month with more unparseable or invalid lines than this is refused (default 1000). */
  maxBadLines?: number;
  /** Rebuild months even when their inputs did not change. */
  force?: boolean;
  threads?: number;
  memoryLimit?: string;
  /** Where extracted CSVs go (default: a folder inside outDir, removed afterwards). */
  tmpDir?: string;
  /** Normal output lines (default: console.log). */
  log?: (line: string) => void;
  /** Show a progress line for slow steps (default: false). */
  progress?: boolean;
  /**
   * Build only these months (YYYY-MM); the others in --in are left as they are. --fetch --prune
   * builds the month it fetched: a month refused earlier in the run is not read again for each.
   */
  onlyMonths?: readonly string[];
}

export type MonthStatus = 'built' | 'unchanged' | 'refused' | 'skipped';

export interface MonthReport {
  symbol: string;
  month: string;
  status: MonthStatus;
  /** Why the month was refused or skipped. */
  reason?: string;
  /** Bad lines and other things worth knowing, each naming its file. */
  warnings: string[];
  /** aggTrades rows aggregated. */
  rows: number;
  seconds: number;
  files: ManifestFile[];
}

export interface BuildReport {
  months: MonthReport[];
  refused: number;
  ignored: string[];
  files: ManifestFile[];
  rows: number;
  seconds: number;
}

const SHOWN_BAD_LINES = 5;

class MonthRefused extends Error {}



class MonthBuilder {
  constructor(
    private readonly o: Required<Pick<BuildOptions, 'inDir' | 'outDir' | 'maxBadLines' | 'force'>>,
    private readonly state: BuildState,
    private readonly agg: Aggregator,
    private readonly progress: Progress,
    private readonly tmpRoot: string,
  ) {}

  /**
   * An input's identity before anything is extracted: a zip's sha256 from the state (size and
   * mtime unchanged) or its .CHECKSUM, else hashed (the zip, never its CSV); a bare CSV's fingerprint.
   */
  private async identity(x: OpenedInput): Promise<SourceFile> {
    const f = x.input;
    if (f.name.format === 'csv') return { name: f.file, fingerprint: await csvFingerprint(f) };
    const h = this.state.hashes[f.path];
    if (h && h.bytes === f.bytes && h.mtimeMs === f.mtimeMs) return { name: f.file, sha256: h.sha256 };
    if (x.expectedSha256) return { name: f.file, sha256: x.expectedSha256 };
    const sha = await sha256File(f.path, (n) => this.progress.update(`hashing ${f.rel}: ${(n / 1e6).toFixed(0)} MB`));
    this.remember(f, sha);
    return { name: f.file, sha256: sha };
  }

  /** The identity of an input just read: the zip's hash taken while extracting, or the CSV's fingerprint. */
  private async readIdentity(f: InputFile, zipSha256: string | null): Promise<SourceFile> {
    if (zipSha256 === null) return { name: f.file, fingerprint: await csvFingerprint(f) };
    this.remember(f, zipSha256);
    return { name: f.file, sha256: zipSha256 };
  }

  private remember(f: InputFile, sha256: string): void {
    this.state.hashes[f.path] = { bytes: f.bytes, mtimeMs: f.mtimeMs, sha256 };
  }

  async build(m: MonthInputs, report: MonthReport): Promise<void> {
    const key = monthKey(m.symbol, m.month);
    const prev = this.state.months[key];
    const pruned = prev ? await prunedInputs(this.o.inDir, prev, new Set([...m.aggTrades, ...m.metrics].map((f) => f.file))) : [];
    if (m.aggTrades.length === 0 && !pruned.length) {
      report.status = 'skipped';
      report.reason = `no aggTrades files (only ${m.metrics.length} metrics file(s)); volume and candles need them`;
      return;
    }
    const problems = nameProblems(m);
    if (problems.length) throw new MonthRefused(problems.join('; '));
    const opened: OpenedInput[] = [];
    for (const f of [...m.aggTrades, ...m.metrics].sort((a, b) => a.name.period.localeCompare(b.name.period))) {
      opened.push(await openInput(f));
    }
    const synthetic = opened.filter((x) => x.synthetic);
    if (synthetic.length && synthetic.length < opened.length) {
      const real = opened.filter((x) => !x.synthetic).map((x) => x.input.rel);
      throw new MonthRefused(`mixes synthetic (${synthetic.map((x) => x.input.rel).join(', ')}) and real files (${real.join(', ')})`);
    }
    const isSynthetic = synthetic.length > 0;

    if (prev && !this.o.force && prev.builder === BUILDER_VERSION && prev.synthetic === isSynthetic) {
      const sources: SourceFile[] = [...pruned];
      for (const x of opened) sources.push(await this.identity(x));
      if (sameSources(sources, prev.sources) && (await outputsIntact(this.o.outDir, prev))) {
        report.status = 'unchanged';
        report.files = prev.files;
        return;
      }
    }
    if (pruned.length) {
      const names = pruned.map((s) => s.name);
      const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      throw new MonthRefused(`it is to be rebuilt (${this.o.force ? '--force' : prev!.builder !== BUILDER_VERSION ? `built by ${prev!.builder}` : 'its inputs changed'}), `
        + `but ${names.length} file(s) it was built from were deleted by --prune (${shown}): a rebuild without them would lose what they hold. `
        + 'Run with --fetch (it downloads them again), or put them back in --in');
    }
    const tmpDir = await mkdtemp(join(this.tmpRoot, `${m.symbol}-${m.month}-`));
    try {
      await this.buildFresh(m, opened, isSynthetic, tmpDir, report);
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  }

  private async buildFresh(m: MonthInputs, opened: OpenedInput[], synthetic: boolean, tmpDir: string, report: MonthReport): Promise<void> {
    const started = Date.now();
    await this.agg.reset();
    let step: number | null = null;
    let bad = 0;
    const tradeSources: SourceFile[] = [];
    const metricsSources: SourceFile[] = [];
    const metricsFiles: { path: string; day: string; symbol: string; rel: string }[] = [];
    for (const x of opened) {
      const f = x.input;
      this.progress.start();
      const csv = await prepareCsv(x, tmpDir, headerStart(f.name.kind),
        (n) => this.progress.update(`${m.symbol} ${m.month}: reading ${f.rel} ${(100 * n / f.bytes).toFixed(0)} %`));
      if (f.name.kind === 'metrics') {
        metricsSources.push(await this.readIdentity(f, csv.zipSha256));
        metricsFiles.push({ path: csv.csvPath, day: f.name.period, symbol: m.symbol, rel: f.rel });
        continue;
      }
      if (step === null) {
        const p = await firstPrice(csv.csvPath, csv.header);
        if (p === null) throw new MonthRefused(`${f.rel}: no trade row that parses at the start of the file`);
        step = profilePriceStep(p);
      }
      const r = await this.withQueryProgress(`${m.symbol} ${m.month}: aggregating ${f.rel}`, () =>
        this.agg.addAggTrades(csv.csvPath, csv.header, step!));
      tradeSources.push(await this.readIdentity(f, csv.zipSha256));
      const [start, end] = f.name.granularity === 'monthly'
        ? monthBounds(f.name.month)
        : [Date.parse(`${f.name.period}T00:00:00Z`), Date.parse(`${f.name.period}T00:00:00Z`) + 86_400_000];
      if (r.firstTime !== null && (r.firstTime < start || r.lastTime! >= end)) {
        const at = r.firstTime < start ? r.firstTime : r.lastTime!;
        throw new MonthRefused(`${f.rel}: has trades outside ${f.name.period} (around ${new Date(at).toISOString()})`);
      }
      const invalidLines = r.invalidRows > 0 ? await findInvalidLines(csv.csvPath, SHOWN_BAD_LINES) : [];
      report.warnings.push(...describeBad(f.rel, r.rejectedLines, r.invalidRows, r.firstRejects, invalidLines));
      bad += r.rejectedLines + r.invalidRows;
      report.rows += r.rows;
    }
    if (report.rows === 0) throw new MonthRefused(`no trade rows in ${opened.filter((x) => x.input.name.kind === 'aggTrades').map((x) => x.input.rel).join(', ')}`);

    let oi = false;
    if (metricsFiles.length) {
      const result = await this.agg.metrics(metricsFiles);
      const relOf = (p: string) => metricsFiles.find((f) => f.path === p)?.rel ?? p;
      if (result.otherSymbols.length) {
        throw new MonthRefused(result.otherSymbols.map((x) => `${relOf(x.path)}: rows of ${x.symbol}, expected ${m.symbol}`).join('; '));
      }
      if (result.outside.length) {
        throw new MonthRefused(result.outside.map((x) => `${relOf(x.path)}: rows outside its day (${new Date(x.time).toISOString()})`).join('; '));
      }
      for (const f of metricsFiles) {
        const lines = result.firstRejects.filter((l) => l.path === f.path);
        const n = lines.length;
        if (n) report.warnings.push(...describeBad(f.rel, n, 0, lines, []));
      }
      if (result.invalidRows) report.warnings.push(`metrics: ${count(result.invalidRows)} row(s) without open interest were left out`);
      bad += result.rejectedLines + result.invalidRows;
      oi = result.rows > 0;
    }
    if (bad > this.o.maxBadLines) {
      throw new MonthRefused(`${count(bad)} bad lines, more than --max-bad-lines ${this.o.maxBadLines}: ${report.warnings.join('; ')}`);
    }

    const dir = join(this.o.outDir, m.symbol);
    await makeFolder(dir);
    const key = monthKey(m.symbol, m.month);
    const prev = this.state.months[key];
    await unlistMonth(this.o.outDir, this.state, key);
    const files: ManifestFile[] = [];
    const write = async (kind: ProfileKind, sources: SourceFile[], run: (tmp: string, meta: Record<string, string>) => Promise<number>) => {
      const rel = `${m.symbol}/${m.symbol}-${m.month}.${kind}.parquet`;
      const meta = metadata(kind, m, synthetic, sources, kind === 'volume' ? step! : undefined);
      const w = await writeProfile(join(this.o.outDir, rel), (tmp) => run(tmp, meta));
      files.push({ symbol: m.symbol, month: m.month, kind, path: rel, bytes: w.bytes, sha256: w.sha256, rows: w.rows, synthetic, exchange: 'binance' });
    };
    await write('volume', tradeSources, (tmp, meta) => this.agg.writeVolume(tmp, step!, meta));
    await write('candles', tradeSources, (tmp, meta) => this.agg.writeCandles(tmp, meta));
    if (oi) await write('oi', metricsSources, (tmp, meta) => this.agg.writeOi(tmp, meta));
    // A kind the month no longer has (its metrics were removed) goes away with the new build.
    for (const old of prev?.files ?? []) {
      if (!files.some((f) => f.path === old.path)) await rm(join(this.o.outDir, old.path), { force: true });
    }
    const monthState: MonthState = {
      symbol: m.symbol, month: m.month, builder: BUILDER_VERSION, sources: [...tradeSources, ...metricsSources], synthetic, files,
    };
    this.state.months[key] = monthState;
    report.status = 'built';
    report.files = files;
    report.seconds = (Date.now() - started) / 1000;
  }

  /** Runs a DuckDB query while showing its progress (share done, elapsed time) once it passes a second. */
  private async withQueryProgress<T>(label: string, run: () => Promise<T>): Promise<T> {
    this.progress.start();
    const started = Date.now();
    const timer = setInterval(() => {
      // DuckDB's rows_processed counts its own work units, not CSV rows: show the share done.
      const p = this.agg.conn.progress;
      const secs = (Date.now() - started) / 1000;
      this.progress.update(`${label}: ${p.percentage >= 0 ? p.percentage.toFixed(0) : '?'} % after ${secs.toFixed(0)} s`);
    }, 250);
    try {
      return await run();
    } finally {
      clearInterval(timer);
      this.progress.clear();
    }
  }
}

/**
 * The run's own scratch folder: a new folder inside --tmp (or <out>/.build-tmp), so that
 * removing it afterwards removes nothing else (--tmp /tmp once deleted all of /tmp's
 * contents the user could delete). `remove` also takes away the default .build-tmp, now empty.
 */
export async function scratchFolder(tmpDir: string | undefined, outDir: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const base = tmpDir ?? join(outDir, '.build-tmp');
  await makeFolder(base);
  const dir = await mkdtemp(join(base, 'liqmap-build-'));
  return {
    dir,
    async remove() {
      await rm(dir, { recursive: true, force: true });
      if (tmpDir === undefined) await rmdir(base).catch(() => undefined);
    },
  };
}

export async function buildProfiles(options: BuildOptions): Promise<BuildReport> {
  const started = Date.now();
  const log = options.log ?? ((l: string) => console.log(l));
  const outDir = options.outDir;
  await makeFolder(outDir);
  const scratch = await scratchFolder(options.tmpDir, outDir);
  const tmpRoot = scratch.dir;
  const scan = await scanInputs(options.inDir);
  const months = options.onlyMonths ? scan.months.filter((m) => options.onlyMonths!.includes(m.month)) : scan.months;
  const { ignored } = scan;
  for (const f of ignored) log(`ignored ${f}: not an archive file name ({SYMBOL}-aggTrades-YYYY-MM.zip, {SYMBOL}-metrics-YYYY-MM-DD.zip)`);
  const state = await loadState(outDir);
  const progress = new Progress(options.progress ?? false);
  // DuckDB tracks a query's progress only where it is shown (tracking costs CPU in every query).
  const agg = await Aggregator.create({ threads: options.threads, memoryLimit: options.memoryLimit, tempDirectory: join(tmpRoot, 'duckdb'), trackProgress: options.progress ?? false });
  const builder = new MonthBuilder(
    { inDir: options.inDir, outDir, maxBadLines: options.maxBadLines ?? 1000, force: options.force ?? false }, state, agg, progress, tmpRoot);
  const reports: MonthReport[] = [];
  try {
    for (const [i, m] of months.entries()) {
      const report: MonthReport = { symbol: m.symbol, month: m.month, status: 'refused', warnings: [], rows: 0, seconds: 0, files: [] };
      try {
        await builder.build(m, report);
      } catch (e) {
        if (!(e instanceof MonthRefused || e instanceof InputRefused)) throw e;
        report.status = 'refused';
        report.reason = e.message;
        report.rows = 0;
      }
      progress.clear();
      reports.push(report);
      log(describeMonth(report, i + 1, months.length, Boolean(state.months[monthKey(m.symbol, m.month)])));
      for (const w of report.warnings) log(`  warning: ${w}`);
      await saveMonth(outDir, state);
    }
  } finally {
    agg.close();
    await scratch.remove();
  }
  const files = await writeManifest(outDir, state);
  const rows = reports.reduce((s, r) => s + r.rows, 0);
  return {
    months: reports, refused: reports.filter((r) => r.status === 'refused').length, ignored, files, rows,
    seconds: (Date.now() - started) / 1000,
  };
}
