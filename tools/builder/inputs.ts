/** Finds the archive files under the input folder and groups them by symbol-month. */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { parseArchiveName, type ArchiveName } from '../../src/lib/archive/names.ts';

export interface InputFile {
  path: string;
  /** Path relative to the input folder, for messages. */
  rel: string;
  file: string;
  name: ArchiveName;
  bytes: number;
  mtimeMs: number;
}

export interface MonthInputs {
  symbol: string;
  month: string;
  aggTrades: InputFile[];
  metrics: InputFile[];
}

export interface ScanResult {
  months: MonthInputs[];
  /** zip/csv files whose names are not archive names. */
  ignored: string[];
}

/** Files beside the data that are not data. */
const SIDECAR = /\.(CHECKSUM|synthetic)$|\.part$|\.tmp-\d+$/;

async function walk(dir: string, out: string[]): Promise<void> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) await walk(p, out);
    else if (d.isFile()) out.push(p);
  }
}

export async function scanInputs(inDir: string): Promise<ScanResult> {
  const paths: string[] = [];
  await walk(inDir, paths);
  paths.sort();
  const ignored: string[] = [];
  const byMonth = new Map<string, MonthInputs>();
  for (const path of paths) {
    const file = basename(path);
    if (SIDECAR.test(file)) continue;
    const name = parseArchiveName(file);
    if (!name) {
      if (/\.(zip|csv)$/i.test(file)) ignored.push(relative(inDir, path));
      continue;
    }
    const st = await stat(path);
    const input: InputFile = { path, rel: relative(inDir, path), file, name, bytes: st.size, mtimeMs: st.mtimeMs };
    const key = `${name.symbol} ${name.month}`;
    let m = byMonth.get(key);
    if (!m) {
      m = { symbol: name.symbol, month: name.month, aggTrades: [], metrics: [] };
      byMonth.set(key, m);
    }
    m[name.kind].push(input);
  }
  const months = [...byMonth.values()].sort((a, b) => (a.symbol + a.month).localeCompare(b.symbol + b.month));
  return { months, ignored };
}

/**
 * Reasons to refuse a month that can be seen from the names alone: files in another
 * symbol's folder, monthly and daily aggTrades together, the same period twice.
 */
export function nameProblems(m: MonthInputs): string[] {
  const problems: string[] = [];
  for (const f of [...m.aggTrades, ...m.metrics]) {
    // Binance's layout: .../{kind}/{SYMBOL}/{SYMBOL}-{kind}-….zip
    const parent = basename(dirname(f.path));
    const grand = basename(dirname(dirname(f.path)));
    if (grand === f.name.kind && parent !== f.name.symbol) {
      problems.push(`${f.rel}: a ${f.name.symbol} file in the ${parent} folder`);
    }
  }
  const granularities = new Set(m.aggTrades.map((f) => f.name.granularity));
  if (granularities.size > 1) {
    problems.push(`mixes monthly and daily aggTrades files: ${m.aggTrades.map((f) => f.rel).join(', ')}`);
  }
  for (const list of [m.aggTrades, m.metrics]) {
    const seen = new Map<string, string>();
    for (const f of list) {
      const prev = seen.get(f.name.period);
      if (prev) problems.push(`${f.name.kind} ${f.name.period} given twice: ${prev} and ${f.rel}`);
      else seen.set(f.name.period, f.rel);
    }
  }
  return problems;
}
