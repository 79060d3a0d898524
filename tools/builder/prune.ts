/** `--prune`: what a build no longer needs from the download folder. */
import { readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { archivePath, parseArchiveName, parseChecksum } from '../../src/lib/archive/names.ts';
import { loadState, type BuildState, type MonthState, type SourceFile } from './state.ts';

/**
 * The inputs of an earlier build that --prune deleted: not among the files here now (`present`,
 * by name), their .CHECKSUM kept with the sha256 the month was built from. A rebuild of the
 * month needs them back: without them it would lose what they held (its OI, its trades).
 */
export async function prunedInputs(inDir: string, prev: MonthState, present: Set<string>): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const s of prev.sources) {
    const name = parseArchiveName(s.name);
    if (present.has(s.name) || !s.sha256 || name === null || name.format !== 'zip') continue;
    const checksum = await readFile(join(inDir, `${archivePath(name)}.CHECKSUM`), 'utf8').catch(() => '');
    if (parseChecksum(checksum, s.name) === s.sha256) out.push(s);
  }
  return out;
}

/**
 * True when the download at `path` is the very file the month was built from: a later file of
 * the same name (the archive republished it, and the build refused it) is not the build's to
 * delete; it stays for the next run, which would otherwise download it again.
 */
async function builtFrom(state: BuildState, path: string, sha256: string | undefined, size: number, mtimeMs: number): Promise<boolean> {
  if (!sha256) return false;
  const h = state.hashes[path];
  if (h && h.bytes === size && h.mtimeMs === mtimeMs) return h.sha256 === sha256;
  const checksum = await readFile(`${path}.CHECKSUM`, 'utf8').catch(() => '');
  return parseChecksum(checksum, basename(path)) === sha256;
}

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
    const zips = m.sources.map((s) => ({ s, name: parseArchiveName(s.name) })).filter((x) => x.name !== null && x.name.format === 'zip');
    if (!zips.some((x) => x.name!.kind === 'aggTrades' && x.name!.granularity === 'monthly')) continue;
    let n = 0;
    for (const { s, name } of zips) {
      const path = join(inDir, archivePath(name!));
      const st = await stat(path).catch(() => null);
      if (!st) continue;
      if (!(await builtFrom(state, path, s.sha256, st.size, st.mtimeMs))) {
        log(`${m.symbol} ${m.month}: kept ${s.name}: it is not the file the month was built from (refused, or not built yet)`);
        continue;
      }
      await rm(path);
      freed += st.size;
      n++;
    }
    if (n) log(`${m.symbol} ${m.month}: built; removed its ${n} downloaded file(s), kept their .CHECKSUM`);
  }
  return freed;
}
