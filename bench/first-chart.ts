/**
 * Time to the first chart in Chromium, against a yardstick measured in the same run: a bare
 * page that only starts DuckDB-WASM from the same package files (bench/bare-duckdb). Each
 * round opens both in fresh browser profiles, alternating which goes first, cold (empty
 * cache), then reloads twice: the first return (caches filled, but V8 has not yet kept
 * compiled wasm beside the copy the page now reads) and warm (a later return, as a regular
 * visitor sees it: HTTP cache, service worker, IndexedDB, compiled code). Medians of rounds.
 * Profiles on disk, as a visitor's browser has: an incognito context's memory cache does
 * not keep DuckDB's 34 MB wasm, which would make every "warm" bare start a download.
 * Also what a cold visit transfers in total: every file the server sent (page, workers,
 * profiles and the service worker's precache, a file sent twice counted twice), gzip-sized.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { Page } from 'playwright-core';
import { launchPersistent } from '../tests/helpers/browser.ts';
import { startStaticServer, type StaticServer } from '../tests/helpers/static-server.ts';
import { median } from './stats.ts';

/** Rounds of each page; medians of five are steadier than of three on a shared 2-core machine. */
const ROUNDS = Number(process.env.BENCH_FIRST_ROUNDS ?? 5);
const round2 = (x: number) => Math.round(x * 100) / 100;
const mb = (bytes: number) => round2(bytes / 1e6);

/** Binance at a closed local port: "unreachable" at once, the same on every machine. */
const NO_BINANCE = `if (!localStorage.getItem('liqmap.settings')) localStorage.setItem('liqmap.settings', JSON.stringify({ binanceBase: 'http://127.0.0.1:9' }));`;

export async function buildBarePage(): Promise<string> {
  const outDir = path.join(os.tmpdir(), 'liqmap-bench-bare');
  await build({
    configFile: false, root: path.join(import.meta.dirname, 'bare-duckdb'), base: './', logLevel: 'error',
    worker: { format: 'es' }, build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  return outDir;
}

export const appDrawn = () => !!document.querySelector('.chart[data-drawn]') && !document.querySelector('[aria-busy=true]');
export const bareReady = () => document.documentElement.dataset.ready === '1';

/** The saved picture on screen: the early script's (src/early-picture.ts) or the chart frame's, or the chart itself. */
export const appSaved = () => !!document.querySelector('#early-picture[data-saved-drawn], .chart[data-saved-drawn], .chart[data-drawn]');

/** The opening view's saved picture is in IndexedDB (lib/state/saved-picture.ts's record). */
const pictureSaved = () => new Promise<boolean>((resolve) => {
  const open = indexedDB.open('liqmap-figures');
  open.onerror = () => resolve(false);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('figures')) { db.close(); resolve(false); return; }
    const get = db.transaction('figures').objectStore('figures').get('map:picture');
    get.onsuccess = () => { db.close(); resolve(!!get.result); };
    get.onerror = () => { db.close(); resolve(false); };
  };
});

async function timed(page: Page, go: () => Promise<unknown>, done: () => boolean): Promise<number> {
  const t0 = Date.now();
  await go();
  await page.waitForFunction(done, undefined, { timeout: 180_000, polling: 50 });
  return Date.now() - t0;
}

/**
 * When the page marked its first saved picture or figure, or its first drawn chart (whichever
 * came first), by the page's own clock: a poll from here comes late on a loaded machine, and the
 * early picture is gone again once the chart frame shows its own.
 */
const SAVED_SHOWN_AT = `new MutationObserver((records, seen) => {
  for (const r of records) {
    const el = r.target;
    if (el.id !== 'early-picture' && !el.classList?.contains('chart')) continue;
    const at = Number(el.getAttribute(r.attributeName));
    window.__liqmapSavedShownAt ??= at;
    if (r.attributeName === 'data-drawn') { seen.disconnect(); return; }
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-saved-drawn', 'data-drawn'] });`;

/**
 * Time to the saved figure (or the computed one, if it came first), from the stamp the page
 * wrote (Date.now(), the same clock as here), and to the computed one, polled.
 */
async function timedTwice(page: Page, done: () => boolean, early: () => boolean): Promise<[number, number]> {
  const t0 = Date.now();
  await page.reload({ waitUntil: 'commit' });
  const wait = (f: () => boolean) => page.waitForFunction(f, undefined, { timeout: 180_000, polling: 20 }).then(() => Date.now() - t0);
  const polled = await Promise.all([wait(early), wait(done)]);
  const stamps = await page.evaluate(() => {
    const w = window as unknown as { __liqmapSavedShownAt?: number };
    return [w.__liqmapSavedShownAt ?? NaN];
  });
  // The saved picture by the page's stamp where it has one (the early picture can be gone
  // before a poll sees it). The computed chart stays polled, as the bare page's ready is: its
  // ratio to the bare start compares like with like.
  return [Number.isFinite(stamps[0]) ? stamps[0] - t0 : polled[0], polled[1]];
}

/** Until the service worker (if any) is active and the server has been quiet for 2 s. */
async function settle(page: Page, server: StaticServer): Promise<void> {
  const swActive = () => page.evaluate(async () => {
    if ((await navigator.serviceWorker?.getRegistration()) !== undefined) await navigator.serviceWorker.ready;
  });
  for (let seen = -1; seen !== server.served.length;) {
    seen = server.served.length;
    await swActive();
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export interface Visit { cold: number; firstReturn: number; warm: number; savedShown: number }

export async function visit(server: StaticServer, url: string, done: () => boolean, early: () => boolean, onCold?: (from: number) => void): Promise<Visit> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liqmap-bench-profile-'));
  const context = await launchPersistent(dir);
  await context.addInitScript(NO_BINANCE);
  await context.addInitScript(SAVED_SHOWN_AT);
  const page = context.pages()[0] ?? (await context.newPage());
  const from = server.served.length;
  const cold = await timed(page, () => page.goto(url), done);
  await settle(page, server);
  onCold?.(from);
  const firstReturn = await timed(page, () => page.reload(), done);
  await settle(page, server);
  // The picture is saved when the page is idle after a draw: on a busy machine that can be
  // after the server went quiet, and a return without it would time the computed chart twice.
  // (Polled from here: waitForFunction would take the read's promise itself as the answer.)
  for (const until = Date.now() + 60_000; Date.now() < until && !(await page.evaluate(pictureSaved));) await new Promise((r) => setTimeout(r, 200));
  const [savedShown, warm] = await timedTwice(page, done, early);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
  return { cold, firstReturn, warm, savedShown };
}

function transfer(server: StaticServer, from: number, roots: [string, string][]): Record<string, number> {
  const sizes = new Map<string, number>();
  const gz = (p: string) => {
    if (!sizes.has(p)) {
      const [base, dir] = roots.find(([b]) => p.startsWith(b))!;
      const file = path.join(dir, decodeURIComponent(p.slice(base.length)) || 'index.html');
      sizes.set(p, statSync(file).isFile() ? gzipSync(readFileSync(file), { level: 6 }).length : 0);
    }
    return sizes.get(p)!;
  };
  const sent = server.served.slice(from).filter((s) => s.status === 200);
  const counts = new Map<string, number>();
  for (const s of sent) counts.set(s.path, (counts.get(s.path) ?? 0) + 1);
  let total = 0;
  let twice = 0;
  for (const [p, n] of counts) {
    total += gz(p) * n;
    twice += gz(p) * (n - 1);
  }
  const biggest = [...counts].sort((a, b) => gz(b[0]) * b[1] - gz(a[0]) * a[1]).slice(0, 8);
  console.log('  cold visit, largest transfers (gzip MB × times sent):');
  for (const [p, n] of biggest) console.log(`    ${mb(gz(p)).toFixed(2).padStart(6)} × ${n}  ${p}`);
  return { cold_visit_gzip_mb: mb(total), cold_visit_sent_twice_gzip_mb: mb(twice), cold_visit_files: sent.length };
}

export async function benchFirstChart(distDir: string): Promise<Record<string, number>> {
  const bareDir = await buildBarePage();
  const server = await startStaticServer(distDir, '/liqmap/', { '/bare/': bareDir });
  const bare: Visit[] = [];
  const app: Visit[] = [];
  let sent: Record<string, number> = {};
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const runBare = async () => bare.push(await visit(server, `${server.origin}/bare/index.html`, bareReady, bareReady));
      const runApp = async () => app.push(await visit(server, server.url, appDrawn, appSaved, (from) => {
        if (i === 0) sent = transfer(server, from, [['/liqmap/', distDir]]);
      }));
      if (i % 2 === 0) { await runBare(); await runApp(); } else { await runApp(); await runBare(); }
    }
  } finally {
    await server.close();
  }
  const bareCold = median(bare.map((v) => v.cold));
  const bareWarm = median(bare.map((v) => v.warm));
  const appCold = median(app.map((v) => v.cold));
  const appWarm = median(app.map((v) => v.warm));
  const bareReturn = median(bare.map((v) => v.firstReturn));
  const appReturn = median(app.map((v) => v.firstReturn));
  return {
    bare_duckdb_cold_ms: bareCold,
    bare_duckdb_warm_ms: bareWarm,
    first_chart_cold_ms: appCold,
    first_chart_warm_ms: appWarm,
    first_chart_cold_over_bare: round2(appCold / bareCold),
    first_chart_warm_over_bare: round2(appWarm / bareWarm),
    bare_duckdb_first_return_ms: bareReturn,
    first_chart_first_return_ms: appReturn,
    first_chart_first_return_over_bare: round2(appReturn / bareReturn),
    // A returning visitor's last chart, drawn from the saved figure before the recompute.
    saved_figure_shown_warm_ms: median(app.map((v) => v.savedShown)),
    ...sent,
  };
}
