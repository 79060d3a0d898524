/** Test helpers: temp folders, an independent zip/CSV reader (fflate), DuckDB native queries. */
import { DuckDBInstance } from '@duckdb/node-api';
import { unzipSync } from 'fflate';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildProfiles, type BuildOptions, type BuildReport } from '../../../tools/builder/build.ts';

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `liqmap-${prefix}-`));
}

/** The one CSV inside a zip, read with fflate (not the builder's reader). */
export async function csvOfZip(path: string): Promise<string> {
  const files = unzipSync(new Uint8Array(await readFile(path)));
  const names = Object.keys(files).filter((n) => n.endsWith('.csv'));
  if (names.length !== 1) throw new Error(`${path}: ${names.length} CSVs`);
  return Buffer.from(files[names[0]]).toString('utf8');
}

export interface Trade {
  id: number;
  price: number;
  quantity: number;
  time: number;
  buyerMaker: boolean;
}

/** Parses aggTrades CSV text in plain TypeScript (header optional). */
export function parseAggTrades(text: string): Trade[] {
  const out: Trade[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('agg_trade_id')) continue;
    const f = line.split(',');
    out.push({ id: Number(f[0]), price: Number(f[1]), quantity: Number(f[2]), time: Number(f[5]), buyerMaker: f[6] === 'true' });
  }
  return out;
}

export function aggTradesCsv(rows: Trade[], header: boolean): string {
  const head = header ? 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n' : '';
  return head + rows.map((r) => `${r.id},${r.price},${r.quantity},${r.id},${r.id},${r.time},${r.buyerMaker}`).join('\n') + '\n';
}

/** A few plain trades spread over the first hours of a month. */
export function someTrades(month: string, n = 50, price = 95_000): Trade[] {
  const start = Date.parse(`${month}-01T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => ({
    id: 1000 + i, price: price + (i % 7) * 3.1, quantity: 0.01 + (i % 5) * 0.5, time: start + i * 97_000, buyerMaker: i % 3 === 0,
  }));
}

export async function put(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

let db: DuckDBInstance | null = null;

/** Rows of a query on native DuckDB (a different Parquet reader than the app's, hyparquet). */
export async function query(sql: string): Promise<Record<string, unknown>[]> {
  db ??= await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
  }
}

export async function build(inDir: string, outDir: string, extra: Partial<BuildOptions> = {}): Promise<BuildReport> {
  return buildProfiles({ inDir, outDir, threads: 2, log: () => {}, ...extra });
}

export function monthOf(report: BuildReport, symbol: string, month: string) {
  const m = report.months.find((x) => x.symbol === symbol && x.month === month);
  if (!m) throw new Error(`no report for ${symbol} ${month}`);
  return m;
}
