/**
 * Bybit builder benchmark: rows/s of `--exchange bybit` on a generated BTC-like month of daily
 * `.csv.gz` dumps, beside (same run, alternating) two bare native-DuckDB queries that read the
 * same files with the same reader (DuckDB's own gzip, the builder's typed no-sniffing options):
 * `bare` groups the rows by the volume profile's key without grouping fills into trades (the
 * issue's reference, less work than the profiles need); `bare grouped` first groups fills into
 * trades by liqmap's rule (timestamp, side, price), then by the volume key: the least a query
 * producing the volume profile does, without the builder's checks, candles and Parquet.
 * Takers: BENCH_BYBIT_TAKERS (default 1,000,000 a month, about 2 rows each); rounds:
 * BENCH_BUILDER_ROUNDS (default 5; medians and p95 count, ratios are of medians).
 *
 * Alone: `npx tsx bench/builder-bybit.ts` prints the figures and writes bench/results/builder-bybit.json;
 * `BENCH_ONLY=builder-bybit npm run bench` runs it as a part of the bench.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BYBIT_TRADES_HEADER } from '../src/exchanges/bybit/archive/columns.ts';
import { buildBybitProfiles } from '../src/exchanges/bybit/builder/build.ts';
import { bybitScan } from '../src/exchanges/bybit/builder/aggregate.ts';
import { priceBinIndexSql, sizeBucketSql } from '../tools/builder/sql.ts';
import { generateBybitArchive } from '../src/exchanges/bybit/synth/archive.ts';
import { median, p95 } from './stats.ts';

const MEMORY_LIMIT = '1GB';

async function ensureDumps(takers: number): Promise<{ dir: string; files: string[] }> {
  const dir = join('.cache', 'bench-builder-bybit', `takers-${takers}`);
  const stamp = join(dir, 'complete');
  const list = async () => (await readdir(join(dir, 'trading/BTCUSDT'))).map((n) => join(dir, 'trading/BTCUSDT', n));
  try {
    await readFile(stamp);
    return { dir, files: await list() };
  } catch {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`bench builder-bybit: generating a BTCUSDT month of ${takers.toLocaleString('en')} takers in ${dir} …`);
  await generateBybitArchive({ out: dir, symbols: ['BTCUSDT'], from: '2025-11', to: '2025-11', trades: takers, seed: 'bench', openInterest: false });
  await writeFile(stamp, '');
  return { dir, files: await list() };
}

const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

async function bare(files: string[], step: number, threads: number, grouped: boolean): Promise<{ seconds: number; cpu: number; rows: number }> {
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads), memory_limit: MEMORY_LIMIT });
  const conn = await db.connect();
  try {
    const started = performance.now();
    const cpu0 = cpuSeconds();
    const columns = BYBIT_TRADES_HEADER.trim().split(',');
    const scan = bybitScan({ paths: files, columns });
    const rows = grouped
      ? `SELECT "timestamp", side, price, sum(size) AS size, count(*) AS fills FROM ${scan} GROUP BY ALL`
      : `SELECT "timestamp", side, price, size, 1 AS fills FROM ${scan}`;
    const r = await conn.runAndReadAll(`SELECT sum(c) AS rows FROM (SELECT (floor("timestamp" * 1000)::BIGINT // 3600000) AS hour,
        ${priceBinIndexSql(step)} AS bin, side, ${sizeBucketSql('n')} AS size_min, sum(n), sum(size), sum(fills) AS c
      FROM (SELECT *, price * size AS n FROM (${rows})) GROUP BY ALL)`);
    return { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpu0, rows: Number(r.getRowObjectsJS()[0].rows) };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}


export async function benchBuilderBybit(): Promise<Record<string, number | string>> {
  const takers = Number(process.env.BENCH_BYBIT_TAKERS ?? 1_000_000);
  const rounds = Number(process.env.BENCH_BUILDER_ROUNDS ?? 5);
  const threads = Math.min(availableParallelism(), 4);
  const { dir, files } = await ensureDumps(takers);
  let gz = 0;
  for (const f of files) gz += (await stat(f)).size;
  const out = join(tmpdir(), `liqmap-bench-bybit-${process.pid}`);
  const runs = { bare: [] as number[], grouped: [] as number[], builder: [] as number[] };
  const cpu = { bare: [] as number[], grouped: [] as number[], builder: [] as number[] };
  const loads: number[] = [];
  let rows = 0;
  let built = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      loads.push(loadavg()[0]);
      const b = await bare(files, 10, threads, false);
      runs.bare.push(b.seconds);
      cpu.bare.push(b.cpu);
      rows = b.rows;
      const g = await bare(files, 10, threads, true);
      if (g.rows !== rows) throw new Error(`the grouped bare query counted ${g.rows} rows, the bare one ${rows}`);
      runs.grouped.push(g.seconds);
      cpu.grouped.push(g.cpu);
      const started = performance.now();
      const cpu0 = cpuSeconds();
      // The output folder is kept between rounds, as between builds: the dumps' hashes come from its state.
      const report = await buildBybitProfiles({ inDir: dir, outDir: out, force: true, threads, memoryLimit: MEMORY_LIMIT, log: () => {} });
      runs.builder.push((performance.now() - started) / 1000);
      cpu.builder.push(cpuSeconds() - cpu0);
      if (report.refused) throw new Error(`the builder refused the benchmark month: ${report.months[0].reason}`);
      built = report.rows;
      console.log(`bench builder-bybit: round ${round + 1}/${rounds}: bare ${b.seconds.toFixed(2)} s, bare grouped ${g.seconds.toFixed(2)} s, `
        + `builder ${runs.builder[round].toFixed(2)} s (load ${loads[round].toFixed(1)})`);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  loads.push(loadavg()[0]);
  if (built !== rows) throw new Error(`the builder aggregated ${built} rows, the bare query ${rows}`);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const [bb, bg, ub] = [median(runs.bare), median(runs.grouped), median(runs.builder)];
  return {
    rows, takers, rounds, threads, duckdb_memory_limit: MEMORY_LIMIT, dump_files: files.length, gz_mb: Math.round(gz / 1e5) / 10,
    builder_seconds_median: r3(ub), builder_seconds_p95: r3(p95(runs.builder)),
    bare_duckdb_seconds_median: r3(bb), bare_duckdb_seconds_p95: r3(p95(runs.bare)),
    bare_grouped_seconds_median: r3(bg), bare_grouped_seconds_p95: r3(p95(runs.grouped)),
    builder_rows_per_s: Math.round(rows / ub), bare_duckdb_rows_per_s: Math.round(rows / bb), bare_grouped_rows_per_s: Math.round(rows / bg),
    builder_vs_bare: r3(bb / ub), builder_vs_bare_grouped: r3(bg / ub),
    builder_vs_bare_cpu: r3(median(cpu.bare) / median(cpu.builder)), builder_vs_bare_grouped_cpu: r3(median(cpu.grouped) / median(cpu.builder)),
    builder_cpu_seconds_median: r3(median(cpu.builder)), bare_duckdb_cpu_seconds_median: r3(median(cpu.bare)),
    input: 'daily .csv.gz dumps (Bybit layout), BTCUSDT-like, synthetic',
    load_average_1m_median: Math.round(median(loads) * 100) / 100, load_average_1m_max: Math.round(Math.max(...loads) * 100) / 100,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchBuilderBybit();
  console.log(figures);
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/builder-bybit.json', `${JSON.stringify(figures, null, 2)}\n`);
}
