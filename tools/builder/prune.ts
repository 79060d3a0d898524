/** `--prune`: what a build no longer needs from the download folder. */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { archivePath, parseArchiveName } from '../../src/lib/archive/names.ts';
import { loadState } from './state.ts';

/**
 * After a build: deletes the downloaded zips of months built from a monthly file (complete
 * months), keeping their .CHECKSUM, which with the build state tells the next --fetch that
 * the month needs nothing. The current month's daily files stay: it is rebuilt from all of
 * them as days arrive. Returns the bytes freed.
 */
export async function pruneBuilt(inDir: string, outDir: string, log: (line: string) => void): Promise<number> {
  const state = await loadState(outDir);
  let freed = 0;
  for (const m of Object.values(state.months)) {
    const names = m.sources.map((s) => parseArchiveName(s.name)).filter((n) => n !== null && n.format === 'zip');
    if (!names.some((n) => n!.kind === 'aggTrades' && n!.granularity === 'monthly')) continue;
    let n = 0;
    for (const name of names) {
      const path = join(inDir, archivePath(name!));
      const st = await stat(path).catch(() => null);
      if (!st) continue;
      await rm(path);
      freed += st.size;
      n++;
    }
    if (n) log(`${m.symbol} ${m.month}: built; removed its ${n} downloaded file(s), kept their .CHECKSUM`);
  }
  return freed;
}
