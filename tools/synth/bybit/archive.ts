/**
 * Writes a synthetic Bybit archive in the layout the builder downloads into: daily trade dumps
 * `trading/{SYMBOL}/{SYMBOL}{YYYY-MM-DD}.csv.gz` (marked synthetic in the gzip header) and each
 * day's open-interest pages `open-interest/{SYMBOL}/{SYMBOL}-open-interest-{YYYY-MM-DD}.json`.
 */
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bybitDumpPath, bybitOiDayPath, GZIP_MARK_ID } from '../../../src/lib/archive/bybit/names.ts';
import { daysOfMonth, monthRange, SYNTHETIC_MARKER } from '../../../src/lib/archive/names.ts';
import { MarketModel } from '../market.ts';
import { symbolSpec } from '../symbols.ts';
import type { WrittenFile } from '../archive.ts';
import { writeGzip } from './gzip-writer.ts';
import { bybitOiDayFile, bybitOiItems } from './open-interest.ts';
import { bybitDayChunks, takersPerMinute } from './trades.ts';

export interface BybitSynthOptions {
  out: string;
  symbols: string[];
  from: string;
  to: string;
  /** Taker orders per symbol-month (each one or more rows). */
  trades: number;
  seed: string;
  /** Days to write (default: every day of the months). */
  days?: (day: string) => boolean;
  openInterest: boolean;
  onFile?: (f: WrittenFile) => void;
}

function lines(chunks: Iterable<Buffer>, counter: { rows: number }): Generator<Buffer> {
  return (function* () {
    for (const c of chunks) {
      for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) counter.rows++;
      yield c;
    }
  })();
}

export async function generateBybitArchive(o: BybitSynthOptions): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  for (const symbol of o.symbols) {
    const spec = symbolSpec(symbol);
    const model = new MarketModel(spec, o.seed);
    for (const month of monthRange(o.from, o.to)) {
      const market = model.month(month);
      const counts = takersPerMinute(market, o.trades);
      for (const day of daysOfMonth(month).filter(o.days ?? (() => true))) {
        const path = join(o.out, bybitDumpPath(symbol, day));
        await mkdir(dirname(path), { recursive: true });
        const counter = { rows: -1 };
        const mark = `${SYNTHETIC_MARKER} seed=${o.seed} symbol=${symbol} day=${day} exchange=bybit`;
        await writeGzip(`${path}.part`, lines(bybitDayChunks(spec, market, counts, day, o.seed), counter), GZIP_MARK_ID, mark);
        await rename(`${path}.part`, path);
        const file = { path, bytes: (await stat(path)).size, rows: counter.rows };
        o.onFile?.(file);
        written.push(file);
        if (!o.openInterest) continue;
        const oiPath = join(o.out, bybitOiDayPath(symbol, day));
        await mkdir(dirname(oiPath), { recursive: true });
        const text = `${JSON.stringify(bybitOiDayFile(symbol, day, bybitOiItems(market, day)))}\n`;
        await writeFile(oiPath, text);
        written.push({ path: oiPath, bytes: text.length, rows: 288 });
      }
    }
  }
  return written;
}
