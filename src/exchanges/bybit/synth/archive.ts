/**
 * Writes a synthetic Bybit archive in the layout the builder downloads into: daily trade dumps
 * `trading/{SYMBOL}/{SYMBOL}{YYYY-MM-DD}.csv.gz` (marked synthetic in the gzip header) and each
 * day's open-interest pages `open-interest/{SYMBOL}/{SYMBOL}-open-interest-{YYYY-MM-DD}.json`.
 */
import { rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bybitDumpPath, bybitOiDayPath, GZIP_MARK_ID } from '../archive/names.ts';
import { daysOfMonth, SYNTHETIC_MARKER } from '../../../lib/archive/names.ts';
import { symbolMonths, type SynthOptions, type WrittenFile } from '../../../../tools/synth/archive.ts';
import { writeGzip } from './gzip-writer.ts';
import { bybitOiDayFile, bybitOiItems } from './open-interest.ts';
import { bybitDayChunks, takersPerMinute } from './trades.ts';
import { makeFolder } from '../../../../tools/make-folder.ts';

/** Binance's options; `trades` counts taker orders here (each one or more rows). */
export interface BybitSynthOptions extends Pick<SynthOptions, 'out' | 'symbols' | 'from' | 'to' | 'trades' | 'seed' | 'onFile'> {
  /** Days to write (default: every day of the months). */
  days?: (day: string) => boolean;
  openInterest: boolean;
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
  for (const { symbol, spec, month, market } of symbolMonths(o)) {
    const counts = takersPerMinute(market, o.trades);
    for (const day of daysOfMonth(month).filter(o.days ?? (() => true))) {
      const path = join(o.out, bybitDumpPath(symbol, day));
      await makeFolder(dirname(path));
      const counter = { rows: -1 };
      const mark = `${SYNTHETIC_MARKER} seed=${o.seed} symbol=${symbol} day=${day} exchange=bybit`;
      await writeGzip(`${path}.part`, lines(bybitDayChunks(spec, market, counts, day, o.seed), counter), GZIP_MARK_ID, mark);
      await rename(`${path}.part`, path);
      const file = { path, bytes: (await stat(path)).size, rows: counter.rows };
      o.onFile?.(file);
      written.push(file);
      if (!o.openInterest) continue;
      const oiPath = join(o.out, bybitOiDayPath(symbol, day));
      await makeFolder(dirname(oiPath));
      const text = `${JSON.stringify(bybitOiDayFile(symbol, day, bybitOiItems(market, day)))}\n`;
      await writeFile(oiPath, text);
      written.push({ path: oiPath, bytes: text.length, rows: 288 });
    }
  }
  return written;
}
