/**
 * Archive import benchmark: a BTC-sized synthetic month zip (`npm run synth` format, header
 * row, no metrics) imported from a local file in Chromium on the served build (the import
 * worker streams, inflates, hashes, parses, aggregates, writes Parquet; the engine caches and
 * loads), beside the Node builder on the same zip and a bare native DuckDB aggregation of the
 * same CSV (bench/builder.ts's yardstick), all in the same run. The file is given twice: as soon
 * as the page opens (its start-up competes with the import) and once the page has settled.
 * Memory is sampled every 250 ms from /proc, no process spawned while the import runs: the tab's
 * renderer (the process running the page and its workers, bench/renderers.ts) and, as reported
 * before, the sum of every renderer (Chromium's own UI and spare one included). The end is seen
 * when it happens (importEnded), not at the next poll.
 * Rows: BENCH_IMPORT_ROWS (default 5,000,000; 50,000,000 is a BTC month, about 3 GB of CSV).
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildProfiles } from '../tools/builder/build.ts';
import { extractEntry, readZipDirectory } from '../tools/builder/zip-reader.ts';
import { firstPrice } from '../tools/builder/source-files.ts';
import { generateArchive } from '../tools/synth/archive.ts';
import { profilePriceStep as priceStep } from '../src/lib/data/profile-schema.ts';
import { bareQuery } from './builder.ts';
import { allRenderersMb, browserIdle, cpuSeconds, mb, rendererProcesses, residentNow, tabRenderer, workerRenderers } from './renderers.ts';

const MONTH = '2025-11';
/** The settled import's wait between the page opening and the file being given (bench/import-threads.ts waits as long). */
const SETTLE_MS = 1_500;

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

/**
 * Resolves when the page's import has ended (its status section's data-running turns false), at
 * that moment: a MutationObserver in the page, not a poll every 100-200 ms (which added half
 * its period to every figure on average) nor one every frame (work on the page's thread).
 */
export function importEnded(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => {
    // No named arrow functions here: tsx would wrap them in a helper the page does not have.
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="import"]')?.getAttribute('data-running') !== 'false') return;
      observer.disconnect();
      resolve();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-running'] });
    if (document.querySelector('[data-testid="import"]')?.getAttribute('data-running') === 'false') resolve();
  }));
}

export interface BrowserImport {
  seconds: number;
  /** CPU seconds of every renderer meanwhile (the others idle: this is the tab's work). */
  cpuSeconds: number;
  rows: number;
  /** The tab's renderer, MB resident: peak during the import and before it. */
  peakMb: number;
  idleMb: number;
  /** Every renderer of the run summed (what this bench reported until it counted the tab alone). */
  allPeakMb: number;
  allIdleMb: number;
}

/**
 * One import of `zip` in a fresh context: wall seconds, the renderers' CPU seconds meanwhile, rows,
 * memory. `settleMs`: how long the page has been open before the file is given (0: at once, while
 * the page and its workers still start; a user choosing a file in a picker takes seconds).
 */
export async function browserImport(browser: Browser, siteUrl: string, zip: string, settleMs = 0): Promise<BrowserImport> {
  // A page an earlier part left open (run.ts shares its browser) keeps its workers running and
  // its memory held during the import: refuse, rather than report an import that shared the cores.
  if (browser.contexts().length > 0) throw new Error(`the import bench needs the browser to itself: ${browser.contexts().length} context(s) still open`);
  // A renderer of a just-closed page may still be ending: not this tab.
  const otherTabs = new Set(workerRenderers(rendererProcesses()));
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // The new context's window starting up is the headless browser's, not the page's: not timed.
    await browserIdle();
    await page.goto(`${siteUrl}?view=data&symbol=BNCHUSDT`);
    await page.getByTestId('upload-input').waitFor({ state: 'attached' });
    if (settleMs > 0) await page.waitForTimeout(settleMs);
    // The renderers listed once (ps), then only their /proc status read: a ps every 250 ms took
    // ~0.3 s of CPU per import from the two cores the import has, and blocked this event loop.
    const idle = rendererProcesses();
    // Each sample whole: the tab is told apart at the end, when its workers surely run.
    const samples = [idle];
    const timer = setInterval(() => samples.push(residentNow(idle)), 250);
    const started = performance.now();
    const cpu0 = cpuSeconds(idle.keys());
    await page.getByTestId('upload-input').setInputFiles(zip);
    await importEnded(page);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    const last = rendererProcesses();
    const cpu = cpuSeconds(new Set([...idle.keys(), ...last.keys()])) - cpu0;
    samples.push(last);
    const tab = tabRenderer(last, otherTabs);
    const text = (await page.getByTestId('import-lines').textContent()) ?? '';
    const m = /built in this browser from ([\d,]+) trades/.exec(text);
    if (!m) throw new Error(`the browser import did not build: ${text}`);
    return {
      seconds, cpuSeconds: cpu, rows: Number(m[1].replaceAll(',', '')),
      peakMb: mb(Math.max(...samples.map((s) => s.get(tab)?.kb ?? 0))), idleMb: mb(idle.get(tab)?.kb ?? 0),
      allPeakMb: Math.max(...samples.map(allRenderersMb)), allIdleMb: allRenderersMb(idle),
    };
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
    // The same once the page has settled, as when the file is chosen in a picker.
    const settled = await browserImport(browser, siteUrl, zip, SETTLE_MS);

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
      browser_import_settled_seconds: round3(settled.seconds),
      browser_import_settled_cpu_seconds: round3(settled.cpuSeconds),
      browser_settled_vs_bare_duckdb: round3(bareSeconds / settled.seconds),
      settle_ms: SETTLE_MS,
      browser_vs_node_builder: round3(builderSeconds / imported.seconds),
      tab_renderer_rss_idle_mb: imported.idleMb,
      tab_renderer_rss_peak_mb: imported.peakMb,
      all_renderers_rss_idle_mb: imported.allIdleMb,
      all_renderers_rss_peak_mb: imported.allPeakMb,
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
