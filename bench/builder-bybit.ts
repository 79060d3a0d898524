/**
 * Bybit builder benchmark: rows/s of `--exchange bybit` on a generated BTC-like month of daily
 * `.csv.gz` dumps, beside (same run, alternating) a bare native-DuckDB query that reads the same
 * files with the same reader and groups their rows by the volume profile's key, without
 * grouping fills into trades. Takers: BENCH_BYBIT_TAKERS (default 1,000,000 a month, about
 * 2.6 rows each); rounds: BENCH_BUILDER_ROUNDS (default 3, best counts).
 *
 * Alone: `npx tsx bench/builder-bybit.ts` prints the figures and writes bench/results/builder-bybit.json;
 * `BENCH_ONLY=builder-bybit npm run bench` runs it as a part of the bench.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BYBIT_TRADES_HEADER } from '../src/lib/archive/bybit/columns.ts';
import { buildBybitProfiles } from '../tools/builder/bybit/build.ts';
import { bybitScan } from '../tools/builder/bybit/aggregate.ts';
import { priceBinIndexSql, sizeBucketSql } from '../tools/builder/sql.ts';
import { generateBybitArchive } from '../tools/synth/bybit/archive.ts';

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

async function bare(files: string[], step: number, threads: number): Promise<{ seconds: number; cpu: number; rows: number }> {
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads), memory_limit: MEMORY_LIMIT });
  const conn = await db.connect();
  try {
    const started = performance.now();
    const cpu0 = cpuSeconds();
    const columns = BYBIT_TRADES_HEADER.trim().split(',');
    const r = await conn.runAndReadAll(`SELECT sum(c) AS rows FROM (SELECT (floor("timestamp" * 1000)::BIGINT // 3600000) AS hour,
        ${priceBinIndexSql(step)} AS bin, side, ${sizeBucketSql('n')} AS size_min, sum(n), sum(size), count(*) AS c
      FROM (SELECT *, price * size AS n FROM ${bybitScan({ paths: files, columns })}) GROUP BY ALL)`);
    return { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpu0, rows: Number(r.getRowObjectsJS()[0].rows) };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

export async function benchBuilderBybit(): Promise<Record<string, number | string>> {
  const takers = Number(process.env.BENCH_BYBIT_TAKERS ?? 1_000_000);
  const rounds = Number(process.env.BENCH_BUILDER_ROUNDS ?? 3);
  const threads = Math.min(availableParallelism(), 4);
  const { dir, files } = await ensureDumps(takers);
  let gz = 0;
  for (const f of files) gz += (await stat(f)).size;
  const out = join(tmpdir(), `liqmap-bench-bybit-${process.pid}`);
  const bareS: number[] = [];
  const bareCpu: number[] = [];
  const builderS: number[] = [];
  const builderCpu: number[] = [];
  let rows = 0;
  let built = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const b = await bare(files, 10, threads);
      bareS.push(b.seconds);
      bareCpu.push(b.cpu);
      rows = b.rows;
      const started = performance.now();
      const cpu0 = cpuSeconds();
      const report = await buildBybitProfiles({ inDir: dir, outDir: out, force: true, threads, memoryLimit: MEMORY_LIMIT, log: () => {} });
      builderS.push((performance.now() - started) / 1000);
      builderCpu.push(cpuSeconds() - cpu0);
      if (report.refused) throw new Error(`the builder refused the benchmark month: ${report.months[0].reason}`);
      built = report.rows;
      console.log(`bench builder-bybit: round ${round + 1}/${rounds}: bare ${b.seconds.toFixed(2)} s, builder ${builderS[round].toFixed(2)} s`);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  if (built !== rows) throw new Error(`the builder aggregated ${built} rows, the bare query ${rows}`);
  const bb = Math.min(...bareS);
  const ub = Math.min(...builderS);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    rows, takers, rounds, threads, duckdb_memory_limit: MEMORY_LIMIT, dump_files: files.length, gz_mb: Math.round(gz / 1e5) / 10,
    builder_seconds: r3(ub), bare_duckdb_seconds: r3(bb),
    builder_rows_per_s: Math.round(rows / ub), bare_duckdb_rows_per_s: Math.round(rows / bb),
    builder_vs_bare: r3(bb / ub), builder_vs_bare_cpu: r3(Math.min(...bareCpu) / Math.min(...builderCpu)),
    input: 'daily .csv.gz dumps (Bybit layout), BTCUSDT-like, synthetic',
    load_average_1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchBuilderBybit();
  console.log(figures);
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/builder-bybit.json', `${JSON.stringify(figures, null, 2)}\n`);
}
