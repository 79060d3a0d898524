/**
 * Archive import, two builds A/B in one run: the bench's zip (bench/import-browser.ts)
 * imported in Chromium from each build's dist/ in turn, with bare native DuckDB on the same
 * CSV in every round (the yardstick), the order rotating per round. Prints per round and the
 * medians and p95 of wall and CPU seconds, each build's ratio to bare (per round, then the
 * median), the tab's peak memory and the load average.
 * Usage: npx tsx bench/import-ab.ts <old dist> [new dist (default dist/)]; BENCH_ROUNDS (5),
 * BENCH_IMPORT_ROWS (5,000,000).
 */
import { stat, mkdir, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { startStaticServer } from '../tests/helpers/static-server.ts';
import { extractEntry, readZipDirectory } from '../tools/builder/zip-reader.ts';
import { firstPrice } from '../tools/builder/source-files.ts';
import { profilePriceStep } from '../src/lib/data/profile-schema.ts';
import { bareQuery } from './builder.ts';
import { browserImport, ensureZip } from './import-browser.ts';

const [oldDist, newDist = 'dist'] = process.argv.slice(2);
if (!oldDist) throw new Error('usage: npx tsx bench/import-ab.ts <old dist> [new dist]');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 5_000_000);
const threads = Math.min(availableParallelism(), 4);

const { zip } = await ensureZip(rows);
const tmp = path.join(tmpdir(), `liqmap-import-ab-${process.pid}`);
await mkdir(tmp, { recursive: true });
const entry = (await readZipDirectory(zip, (await stat(zip)).size)).entries[0];
const csv = path.join(tmp, entry.name);
await extractEntry(zip, entry, csv);
const step = profilePriceStep((await firstPrice(csv, true))!);

const servers = { old: await startStaticServer(path.resolve(oldDist)), new: await startStaticServer(path.resolve(newDist)) };
const browser = await launchBrowser();
type Row = { seconds: number; cpu: number; peakMb?: number; load: number };
const runs: Record<'old' | 'new' | 'bare', Row[]> = { old: [], new: [], bare: [] };
try {
  for (let r = 0; r < rounds; r++) {
    const order = (['old', 'new', 'bare'] as const).map((_, i, a) => a[(i + r) % 3]);
    const line: string[] = [];
    for (const which of order) {
      const load = loadavg()[0];
      if (which === 'bare') {
        const b = await bareQuery(csv, step, threads);
        runs.bare.push({ seconds: b.seconds, cpu: b.cpu, load });
        line.push(`bare ${b.seconds.toFixed(2)} s (cpu ${b.cpu.toFixed(2)})`);
      } else {
        const x = await browserImport(browser, servers[which].url, zip);
        if (x.rows !== rows) throw new Error(`${which}: ${x.rows} rows, expected ${rows}`);
        runs[which].push({ seconds: x.seconds, cpu: x.cpuSeconds, peakMb: x.peakMb, load });
        line.push(`${which} ${x.seconds.toFixed(2)} s (cpu ${x.cpuSeconds.toFixed(2)}, tab peak ${x.peakMb} MB, all renderers ${x.allPeakMb} MB)`);
      }
    }
    console.log(`round ${r + 1}: ${line.join(', ')}; load ${loadavg()[0].toFixed(1)}`);
  }
} finally {
  await browser.close();
  await servers.old.close();
  await servers.new.close();
  await rm(tmp, { recursive: true, force: true });
}

const q = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const med = (xs: number[]) => q(xs, 0.5);
for (const which of ['old', 'new', 'bare'] as const) {
  const xs = runs[which];
  const ratio = which === 'bare' ? '' : `, ÷ bare per round: median ${med(xs.map((x, i) => runs.bare[i].seconds / x.seconds)).toFixed(3)}x wall, ${med(xs.map((x, i) => runs.bare[i].cpu / x.cpu)).toFixed(3)}x cpu`;
  const peak = which === 'bare' ? '' : `, peak ${Math.max(...xs.map((x) => x.peakMb!))} MB`;
  console.log(`${which.padEnd(4)}: wall median ${med(xs.map((x) => x.seconds)).toFixed(2)} s p95 ${q(xs.map((x) => x.seconds), 0.95).toFixed(2)} s; cpu median ${med(xs.map((x) => x.cpu)).toFixed(2)} s${ratio}${peak}`);
}
console.log(`load average over the rounds: ${runs.bare.map((x) => x.load.toFixed(1)).join(' ')}`);
