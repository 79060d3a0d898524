/** Finds Bybit's trade dumps and kept OI pages under the input folder, grouped by symbol-month. */
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { createGunzip } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { parseBybitDumpName, parseBybitOiDayName } from '../archive/names.ts';
import { headerNames } from '../archive/columns.ts';
import { gzipProblem, gzipSyntheticMark } from '../archive/gzip-head.ts';

export interface BybitInput {
  path: string;
  rel: string;
  file: string;
  day: string;
  bytes: number;
  mtimeMs: number;
}

export interface BybitMonthInputs {
  symbol: string;
  month: string;
  dumps: BybitInput[];
  oi: BybitInput[];
}

async function walk(dir: string, out: string[]): Promise<void> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) await walk(p, out);
    else if (d.isFile()) out.push(p);
  }
}

export async function scanBybitInputs(inDir: string): Promise<BybitMonthInputs[]> {
  const paths: string[] = [];
  await walk(inDir, paths);
  paths.sort();
  const byMonth = new Map<string, BybitMonthInputs>();
  for (const path of paths) {
    const file = basename(path);
    const dump = parseBybitDumpName(file);
    const oi = dump ? null : parseBybitOiDayName(file);
    const name = dump ?? oi;
    if (!name) continue;
    const st = await stat(path);
    const key = `${name.symbol} ${name.month}`;
    let m = byMonth.get(key);
    if (!m) byMonth.set(key, (m = { symbol: name.symbol, month: name.month, dumps: [], oi: [] }));
    (dump ? m.dumps : m.oi).push({ path, rel: relative(inDir, path), file, day: name.day, bytes: st.size, mtimeMs: st.mtimeMs });
  }
  return [...byMonth.values()].sort((a, b) => (a.symbol + a.month).localeCompare(b.symbol + b.month));
}

export interface DumpHead {
  synthetic: boolean;
  /** The header line's column names. */
  columns: string[];
  /** The price on the first data row, or null when it does not parse (it sets the month's price step). */
  firstPrice: number | null;
}

/** A dump's gzip header and its CSV header line, reading only the start of the file; throws naming the problem. */
export async function readDumpHead(path: string): Promise<DumpHead> {
  const fh = await open(path);
  const head = new Uint8Array(4096);
  let n: number;
  try {
    n = (await fh.read(head, 0, head.length, 0)).bytesRead;
  } finally {
    await fh.close();
  }
  const problem = gzipProblem(head.subarray(0, n));
  if (problem) throw new Error(problem);
  let text = '';
  const source = createReadStream(path);
  const gunzip = source.pipe(createGunzip());
  try {
    for await (const chunk of gunzip) {
      text += (chunk as Buffer).toString('latin1');
      if (text.split('\n').length > 2) break;
    }
  } finally {
    gunzip.destroy();
    // pipe() does not pass the destroy on: the file would stay open, one handle per dump read.
    const closed = source.closed ? null : once(source, 'close');
    source.destroy();
    await closed;
  }
  const [line, row] = text.split('\n');
  if (!line) throw new Error('the file is empty');
  const columns = headerNames(line);
  const price = Number((row ?? '').split(',')[columns.indexOf('price')]);
  return { synthetic: gzipSyntheticMark(head.subarray(0, n)), columns, firstPrice: price > 0 ? price : null };
}
