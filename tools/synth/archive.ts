/**
 * Writes a synthetic Binance archive: monthly aggTrades zips and daily metrics zips for each
 * symbol and month, in the archive's folder layout, each with its `.CHECKSUM` beside it.
 * Every zip carries SYNTHETIC_MARKER in its archive comment (bare CSVs get a
 * `<name>.synthetic` file beside them), which the builder turns into `liqmap.synthetic=true`.
 */
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { sha256File } from '../builder/source-files.ts';
import { SYNTHETIC_MARKER } from '../../src/lib/archive/names.ts';
import { archiveDir, archiveStem, daysOfMonth, monthBounds, monthRange } from '../../src/lib/archive/names.ts';
import { MarketModel } from './market.ts';
import { metricsCsv } from './metrics.ts';
import { symbolSpec } from './symbols.ts';
import { aggTradeChunks } from './trades.ts';
import { writeSingleEntryZip } from './zip-writer.ts';
import { makeFolder } from '../make-folder.ts';

/** Months before this have no header row, like Binance's older files. */
export const FIRST_HEADERED_MONTH = '2025-01';

export type HeaderMode = 'auto' | 'always' | 'never';

export interface SynthOptions {
  out: string;
  symbols: string[];
  from: string;
  to: string;
  /** aggTrades per symbol-month. */
  trades: number;
  seed: string;
  header: HeaderMode;
  metrics: boolean;
  /** `zip` (as the archive) or bare `csv` (quicker, for benchmarks). */
  format: 'zip' | 'csv';
  onFile?: (f: WrittenFile) => void;
}

export interface WrittenFile {
  path: string;
  bytes: number;
  rows: number;
}

export const DEFAULT_TRADES = 200_000;
export const DEFAULT_SEED = 'liqmap';

function marker(o: SynthOptions, symbol: string, period: string): string {
  return `${SYNTHETIC_MARKER} seed=${o.seed} symbol=${symbol} period=${period} trades=${o.trades}`;
}

/** Counts rows while passing chunks through (header line excluded). */
function* counting(chunks: Iterable<Buffer | string>, header: boolean, counter: { rows: number }): Generator<Buffer | string> {
  let first = header;
  for (const c of chunks) {
    let n = 0;
    for (let i = c.indexOf('\n'); i !== -1; i = c.indexOf('\n', i + 1)) n++;
    if (first) { n--; first = false; }
    counter.rows += n;
    yield c;
  }
}

async function writeEntry(
  o: SynthOptions, dir: string, stem: string, chunks: Iterable<Buffer | string>, header: boolean,
  symbol: string, period: string, modified: Date,
): Promise<WrittenFile> {
  await makeFolder(dir);
  const counter = { rows: 0 };
  const rows = counting(chunks, header, counter);
  const final = join(dir, `${stem}.${o.format}`);
  const tmp = `${final}.part`;
  try {
    let bytes: number;
    if (o.format === 'zip') {
      // Zip64 only when the CSV could pass 4 GiB (about 55 M trades).
      bytes = await writeSingleEntryZip(tmp, `${stem}.csv`, rows, {
        modified, comment: marker(o, symbol, period), zip64: o.trades > 40_000_000,
      });
    } else {
      const ws = createWriteStream(tmp);
      await pipeline(Readable.from(rows), ws);
      bytes = ws.bytesWritten;
    }
    await rename(tmp, final);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  if (o.format === 'zip') {
    await writeFile(`${final}.CHECKSUM`, `${await sha256File(final)}  ${stem}.zip\n`);
  } else {
    await writeFile(`${final}.synthetic`, `${marker(o, symbol, period)}\n`);
  }
  const file = { path: final, bytes: (await stat(final)).size, rows: counter.rows };
  o.onFile?.(file);
  return file;
}

/** Each symbol's simulated market, month by month (both exchanges' generators draw from it). */
export function* symbolMonths(o: { symbols: string[]; from: string; to: string; seed: string }) {
  for (const symbol of o.symbols) {
    const spec = symbolSpec(symbol);
    const model = new MarketModel(spec, o.seed);
    for (const month of monthRange(o.from, o.to)) yield { symbol, spec, month, market: model.month(month) };
  }
}

export async function generateArchive(o: SynthOptions): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  for (const { symbol, spec, month, market } of symbolMonths(o)) {
    const header = o.header === 'always' || (o.header === 'auto' && month >= FIRST_HEADERED_MONTH);
    // Archive files are dated just after their period ends.
    const [, monthEnd] = monthBounds(month);
    const stem = archiveStem(symbol, 'aggTrades', month);
    const chunks = aggTradeChunks({ spec, market, seed: o.seed, trades: o.trades, header });
    written.push(await writeEntry(o, join(o.out, archiveDir(symbol, 'aggTrades', 'monthly')), stem, chunks,
      header, symbol, month, new Date(monthEnd)));
    if (!o.metrics) continue;
    for (const day of daysOfMonth(month)) {
      const dayStem = archiveStem(symbol, 'metrics', day);
      written.push(await writeEntry(o, join(o.out, archiveDir(symbol, 'metrics', 'daily')), dayStem,
        [metricsCsv(symbol, market, day)], true, symbol, day, new Date(Date.parse(day) + 86_400_000)));
    }
  }
  return written;
}
