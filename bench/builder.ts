/**
 * Builder benchmark: aggTrades rows/s of the profile builder on a generated BTC-like month,
 * side by side (same run, alternating) with a bare native-DuckDB query that only reads the
 * same CSV and groups it by the volume profile's key (hour x price bin x side x size bucket).
 * Rows: BENCH_BUILDER_ROWS (default 5,000,000; 50,000,000 works, streamed), rounds:
 * BENCH_BUILDER_ROUNDS (default 3; the best round of each counts). Peak memory is
 * the process RSS (DuckDB runs in-process), sampled every 50 ms. CPU seconds are reported
 * beside wall-clock ones: on a shared machine they vary far less.
 *
 * Alone: `npx tsx bench/builder.ts` prints the figures and writes bench/results/builder.json.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildProfiles } from '../tools/builder/build.ts';
import { profilePriceStep } from '../src/lib/data/profile-schema.ts';
import { firstPrice } from '../tools/builder/source-files.ts';
import { aggTradesScan, priceBinIndexSql, sizeBucketSql } from '../tools/builder/sql.ts';
import { generateArchive } from '../tools/synth/archive.ts';

const MEMORY_LIMIT = '1GB';

class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => { this.peak = Math.max(this.peak, process.memoryUsage().rss); }, 50);
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return this.peak;
  }
}

async function ensureArchive(rows: number): Promise<{ dir: string; csv: string }> {
  const dir = join('.cache', 'bench-builder', `archive-${rows}`);
  const csv = join(dir, 'data/futures/um/monthly/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-11.csv');
  const stamp = join(dir, 'complete');
  try {
    await readFile(stamp);
    return { dir, csv };
  } catch {
    await rm(dir, { recursive: true, force: true });
  }
  const started = Date.now();
  console.log(`bench builder: generating a ${rows.toLocaleString('en')}-row BTCUSDT month (bare CSV) in ${dir} …`);
  await generateArchive({
    out: dir, symbols: ['BTCUSDT'], from: '2025-11', to: '2025-11', trades: rows, seed: 'bench',
    header: 'always', metrics: false, format: 'csv',
  });
  await writeFile(stamp, '');
  console.log(`bench builder: generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { dir, csv };
}

/**
 * The bare query: read the CSV with the builder's reader options and group by the volume
 * key. `scan` instead groups exactly as the builder's single pass does (5-minute key, and
 * the aggregates the candles need too), to separate engine work from builder overhead.
 */
/** CPU seconds of this process (DuckDB's threads run in it), user + system. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export async function bareQuery(csv: string, step: number, threads: number, scan = false): Promise<{ seconds: number; cpu: number; groups: number }> {
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads), memory_limit: MEMORY_LIMIT });
  const conn = await db.connect();
  try {
    const started = performance.now();
    const cpu0 = cpuSeconds();
    const key = scan ? '(transact_time // 300000) * 300000 AS t5' : '(transact_time // 3600000) * 3600000 AS hour';
    const extra = scan
      ? ', min(price), max(price), arg_min(price, agg_trade_id), min(agg_trade_id), arg_max(price, agg_trade_id), max(agg_trade_id)'
      : '';
    const result = await conn.run(`SELECT ${key}, ${priceBinIndexSql(step)} AS bin,
        is_buyer_maker, ${sizeBucketSql('n')} AS size_min, sum(n), sum(quantity), count(*)${extra}
      FROM (SELECT *, price * quantity AS n FROM ${aggTradesScan(csv, true)}) GROUP BY ALL`);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, cpu: cpuSeconds() - cpu0, groups: Number(result.rowCount) };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

export async function benchBuilder(): Promise<Record<string, number | string>> {
  const rows = Number(process.env.BENCH_BUILDER_ROWS ?? 5_000_000);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error(`BENCH_BUILDER_ROWS must be a positive whole number`);
  const rounds = Number(process.env.BENCH_BUILDER_ROUNDS ?? 3);
  const threads = Math.min(availableParallelism(), 4);
  const { dir, csv } = await ensureArchive(rows);
  const step = profilePriceStep((await firstPrice(csv, true))!);
  // Read the CSV once first, so that the first query timed does not alone pay for the disk.
  for await (const _ of createReadStream(csv, { highWaterMark: 1 << 22 })) { /* into the page cache */ }
  const out = join(tmpdir(), `liqmap-bench-profiles-${process.pid}`);
  const bare: number[] = [];
  const bareScan: number[] = [];
  const builder: number[] = [];
  const bareCpu: number[] = [];
  const builderCpu: number[] = [];
  let peakBare = 0;
  let peakBuilder = 0;
  let builtRows = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const s1 = new RssSampler();
      s1.start();
      const b = await bareQuery(csv, step, threads);
      peakBare = Math.max(peakBare, s1.stop());
      bare.push(b.seconds);
      bareCpu.push(b.cpu);
      bareScan.push((await bareQuery(csv, step, threads, true)).seconds);

      const s2 = new RssSampler();
      s2.start();
      const started = performance.now();
      const cpu0 = cpuSeconds();
      const report = await buildProfiles({ inDir: dir, outDir: out, force: true, threads, memoryLimit: MEMORY_LIMIT, log: () => {} });
      builder.push((performance.now() - started) / 1000);
      builderCpu.push(cpuSeconds() - cpu0);
      peakBuilder = Math.max(peakBuilder, s2.stop());
      if (report.refused) throw new Error(`the builder refused the benchmark month: ${report.months[0].reason}`);
      builtRows = report.rows;
      console.log(`bench builder: round ${round + 1}/${rounds}: bare query ${b.seconds.toFixed(2)} s, `
        + `bare scan-equivalent ${bareScan[round].toFixed(2)} s, builder ${builder[round].toFixed(2)} s`);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  if (builtRows !== rows) throw new Error(`the builder aggregated ${builtRows} rows, expected ${rows}`);
  // Best of the rounds for each: the machine is shared, and noise only ever adds time.
  const bareBest = Math.min(...bare);
  const builderBest = Math.min(...builder);
  return {
    rows,
    rounds: rounds,
    threads,
    duckdb_memory_limit: MEMORY_LIMIT,
    builder_seconds: round3(builderBest),
    bare_duckdb_seconds: round3(bareBest),
    builder_rows_per_s: Math.round(rows / builderBest),
    bare_duckdb_rows_per_s: Math.round(rows / bareBest),
    builder_vs_bare: round3(bareBest / builderBest),
    // CPU time hardly depends on what else the machine runs; the wall-clock ratio does.
    builder_cpu_seconds: round3(Math.min(...builderCpu)),
    bare_duckdb_cpu_seconds: round3(Math.min(...bareCpu)),
    builder_vs_bare_cpu: round3(Math.min(...bareCpu) / Math.min(...builderCpu)),
    bare_duckdb_scan_equivalent_seconds: round3(Math.min(...bareScan)),
    builder_vs_bare_scan_equivalent: round3(Math.min(...bareScan) / builderBest),
    builder_peak_rss_mb: Math.round(peakBuilder / 1e6),
    bare_peak_rss_mb: Math.round(peakBare / 1e6),
    input: 'bare CSV (headered), BTCUSDT-like, synthetic',
    load_average_1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchBuilder();
  console.log(figures);
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/builder.json', `${JSON.stringify(figures, null, 2)}\n`);
  console.log('bench builder: wrote bench/results/builder.json');
}
