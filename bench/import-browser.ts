/**
 * Archive import benchmark: a BTC-sized synthetic month zip (`npm run synth` format, header
 * row, no metrics) imported from a local file in Chromium on the served build (the import
 * worker streams, inflates, hashes, parses, aggregates, writes Parquet; the engine caches and
 * loads), beside the Node builder on the same zip and a bare native DuckDB aggregation of the
 * same CSV (bench/builder.ts's yardstick), all in the same run. The tab's peak memory is the
 * sum of Chromium's renderer processes (the page and its workers), sampled every 250 ms.
 * Rows: BENCH_IMPORT_ROWS (default 5,000,000; 50,000,000 is a BTC month, about 3 GB of CSV).
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildProfiles } from '../tools/builder/build.ts';
import { extractEntry, readZipDirectory } from '../tools/builder/zip-reader.ts';
import { firstPrice } from '../tools/builder/source-files.ts';
import { generateArchive } from '../tools/synth/archive.ts';
import { profilePriceStep as priceStep } from '../src/lib/data/profile-schema.ts';
import { bareQuery } from './builder.ts';

const MONTH = '2025-11';

/**
 * The renderer processes of the Chromium this process launched (Linux ps): only descendants of
 * this process count, since other Chromiums may run on the machine.
 */
function renderers(): { pid: number; rss: number }[] {
  const procs = execSync('ps -eo pid=,ppid=,rss=,args=', { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => {
    const [pid, ppid, rss, ...args] = l.trim().split(/\s+/);
    return { pid: Number(pid), ppid: Number(ppid), rss: Number(rss), args: args.join(' ') };
  });
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) { mine.add(p.pid); grew = true; }
  }
  return procs.filter((p) => mine.has(p.pid) && p.args.includes('--type=renderer'));
}

/** Resident memory of this Chromium's renderer processes (the page and its workers), MB. */
function rendererRssMb(): number {
  return Math.round(renderers().reduce((s, p) => s + p.rss, 0) / 1024);
}

/** CPU time the renderer processes have used, seconds (/proc: user + system, in clock ticks of 1/100 s). */
function rendererCpuSeconds(): number {
  let ticks = 0;
  for (const { pid } of renderers()) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* ended */ }
  }
  return ticks / 100;
}

export async function ensureZip(rows: number): Promise<{ dir: string; zip: string }> {
  const dir = resolve('.cache', 'bench-import', `archive-${rows}`);
  const zip = join(dir, `data/futures/um/monthly/aggTrades/BTCUSDT/BTCUSDT-aggTrades-${MONTH}.zip`);
  try {
    await readFile(join(dir, 'complete'));
    return { dir, zip };
  } catch {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`bench import: generating a ${rows.toLocaleString('en')}-row BTCUSDT month zip in ${dir} …`);
  await generateArchive({ out: dir, symbols: ['BTCUSDT'], from: MONTH, to: MONTH, trades: rows, seed: 'bench', header: 'always', metrics: false, format: 'zip' });
  await writeFile(join(dir, 'complete'), '');
  return { dir, zip };
}

/** One import of `zip` in a fresh context: wall seconds, the renderers' CPU seconds meanwhile, rows, memory. */
export async function browserImport(browser: Browser, siteUrl: string, zip: string): Promise<{ seconds: number; cpuSeconds: number; rows: number; peakMb: number; idleMb: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${siteUrl}?view=data&symbol=BNCHUSDT`);
    await page.getByTestId('upload-input').waitFor({ state: 'attached' });
    const idleMb = rendererRssMb();
    let peakMb = idleMb;
    const timer = setInterval(() => { peakMb = Math.max(peakMb, rendererRssMb()); }, 250);
    const started = performance.now();
    const cpu0 = rendererCpuSeconds();
    await page.getByTestId('upload-input').setInputFiles(zip);
    await page.waitForFunction(() => document.querySelector('[data-testid="import"]')?.getAttribute('data-running') === 'false', null, { timeout: 3_600_000, polling: 200 });
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = rendererCpuSeconds() - cpu0;
    clearInterval(timer);
    peakMb = Math.max(peakMb, rendererRssMb());
    const text = (await page.getByTestId('import-lines').textContent()) ?? '';
    const m = /built in this browser from ([\d,]+) trades/.exec(text);
    if (!m) throw new Error(`the browser import did not build: ${text}`);
    return { seconds, cpuSeconds, rows: Number(m[1].replaceAll(',', '')), peakMb, idleMb };
  } finally {
    await context.close();
  }
}

export async function benchImportBrowser(browser: Browser, siteUrl: string): Promise<Record<string, number | string>> {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 5_000_000);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error('BENCH_IMPORT_ROWS must be a positive whole number');
  const threads = Math.min(availableParallelism(), 4);
  const { dir, zip } = await ensureZip(rows);
  const tmp = join(tmpdir(), `liqmap-bench-import-${process.pid}`);
  await mkdir(tmp, { recursive: true });
  try {
    const imported = await browserImport(browser, siteUrl, zip);
    if (imported.rows !== rows) throw new Error(`the browser import aggregated ${imported.rows} rows, expected ${rows}`);

    const started = performance.now();
    const report = await buildProfiles({ inDir: dir, outDir: join(tmp, 'out'), force: true, threads, memoryLimit: '1GB', log: () => {} });
    const builderSeconds = (performance.now() - started) / 1000;
    if (report.refused) throw new Error(`the builder refused the month: ${report.months[0].reason}`);

    const entry = (await readZipDirectory(zip, (await stat(zip)).size)).entries[0];
    const csv = join(tmp, entry.name);
    await extractEntry(zip, entry, csv);
    const bare = await bareQuery(csv, priceStep((await firstPrice(csv, true))!), threads);
    const bareSeconds = bare.seconds;
    return {
      rows,
      input: 'BTCUSDT-like synthetic monthly zip (headered), from a local file',
      browser_import_seconds: round3(imported.seconds),
      browser_import_rows_per_s: Math.round(rows / imported.seconds),
      browser_import_cpu_seconds: round3(imported.cpuSeconds),
      node_builder_seconds_same_zip: round3(builderSeconds),
      node_builder_rows_per_s: Math.round(rows / builderSeconds),
      bare_duckdb_seconds_same_csv: round3(bareSeconds),
      bare_duckdb_rows_per_s: Math.round(rows / bareSeconds),
      bare_duckdb_cpu_seconds: round3(bare.cpu),
      browser_vs_bare_duckdb: round3(bareSeconds / imported.seconds),
      browser_vs_node_builder: round3(builderSeconds / imported.seconds),
      tab_renderer_rss_idle_mb: imported.idleMb,
      tab_renderer_rss_peak_mb: imported.peakMb,
      threads_native: threads,
      load_average_1m: Math.round(loadavg()[0] * 100) / 100,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
