/**
 * A local copy of the archive for fetch tests, served over HTTP: synthetic BTCUSDT 2025-09 and
 * 2025-10 as monthly aggTrades, 2025-11 as daily aggTrades for the 1st and 2nd only (as if
 * "now" were 2025-11-04 and the 3rd not out yet), daily metrics for every day, each zip with
 * its .CHECKSUM, all in the archive's layout.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { archiveDir, archivePath, archiveStem, type ArchiveFileId } from '../../../src/lib/archive/names.ts';
import { SYNTHETIC_MARKER } from '../../../src/lib/archive/names.ts';
import { generateArchive } from '../../../tools/synth/archive.ts';
import { writeSingleEntryZip } from '../../../tools/synth/zip-writer.ts';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.ts';
import { aggTradesCsv, csvOfZip, parseAggTrades, tempDir } from './helpers.ts';

export const NOW = Date.parse('2025-11-04T12:00:00Z');
export const SYMBOL = 'BTCUSDT';

export interface ArchiveServer {
  root: string;
  server: StaticServer;
  base: string;
  /** Path of a file under the server root. */
  path(id: ArchiveFileId): string;
  /** The URL path the server sees for a file. */
  urlPath(id: ArchiveFileId): string;
}

export const monthly = (period: string): ArchiveFileId => ({ symbol: SYMBOL, kind: 'aggTrades', granularity: 'monthly', period });
export const daily = (period: string): ArchiveFileId => ({ symbol: SYMBOL, kind: 'aggTrades', granularity: 'daily', period });

/** Writes a zip the way the archive does, marked synthetic like the generator's, with its .CHECKSUM. */
export async function writeArchiveZip(root: string, id: ArchiveFileId, csv: string): Promise<void> {
  const stem = archiveStem(id.symbol, id.kind, id.period);
  await mkdir(join(root, archiveDir(id.symbol, id.kind, id.granularity)), { recursive: true });
  const path = join(root, archivePath(id));
  await writeSingleEntryZip(path, `${stem}.csv`, [csv], { modified: new Date('2025-11-05T00:00:00Z'), comment: `${SYNTHETIC_MARKER} test` });
  await writeFile(`${path}.CHECKSUM`, `${createHash('sha256').update(await readFile(path)).digest('hex')}  ${stem}.zip\n`);
}

export async function startArchiveServer(): Promise<ArchiveServer> {
  const root = await tempDir('archive-host');
  await generateArchive({
    out: root, symbols: [SYMBOL], from: '2025-09', to: '2025-11', trades: 3_000, seed: 'fetch', header: 'always', metrics: true, format: 'zip',
  });
  // November has no monthly file yet: split it into the days published so far.
  const nov = join(root, archivePath(monthly('2025-11')));
  const trades = parseAggTrades(await csvOfZip(nov));
  for (const day of ['2025-11-01', '2025-11-02']) {
    const start = Date.parse(`${day}T00:00:00Z`);
    await writeArchiveZip(root, daily(day), aggTradesCsv(trades.filter((t) => t.time >= start && t.time < start + 86_400_000), true));
  }
  await rm(nov);
  await rm(`${nov}.CHECKSUM`);
  const server = await startStaticServer(root, '/');
  return {
    root, server, base: server.origin,
    path: (id) => join(root, archivePath(id)),
    urlPath: (id) => `/${archivePath(id)}`,
  };
}
