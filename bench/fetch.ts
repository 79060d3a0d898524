/**
 * Fetch benchmark: `profiles --fetch` downloading from a local archive host (the static test
 * server over loopback) a synthetic month: one monthly aggTrades zip of BENCH_FETCH_TRADES
 * trades (default 5,000,000) and 30 daily metrics zips, each checked against its .CHECKSUM,
 * 3 at a time. Figures: MB/s and files/s of the first run, and the time of a second run,
 * which downloads nothing. Loopback measures the fetcher's own cost (hashing, writing), not a network.
 *
 * Alone: `npx tsx bench/fetch.ts`.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fetchArchive } from '../tools/builder/fetch.ts';
import { generateArchive } from '../tools/synth/archive.ts';
import { startStaticServer } from '../tests/helpers/static-server.ts';

async function ensureArchive(trades: number): Promise<string> {
  const dir = join('.cache', 'bench-fetch', `archive-${trades}`);
  const stamp = join(dir, 'complete');
  try {
    await readFile(stamp);
    return dir;
  } catch {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(`bench fetch: generating a ${trades.toLocaleString('en')}-trade BTCUSDT month (zips) in ${dir} …`);
  await generateArchive({ out: dir, symbols: ['BTCUSDT'], from: '2025-11', to: '2025-11', trades, seed: 'bench-fetch', header: 'always', metrics: true, format: 'zip' });
  await writeFile(stamp, '');
  return dir;
}

export async function benchFetch(): Promise<Record<string, number | string>> {
  const trades = Number(process.env.BENCH_FETCH_TRADES ?? 5_000_000);
  const dir = await ensureArchive(trades);
  const server = await startStaticServer(dir, '/');
  const inDir = join(tmpdir(), `liqmap-bench-fetch-${process.pid}`);
  const o = { symbols: ['BTCUSDT'], months: ['2025-11'], inDir, base: server.origin, now: Date.parse('2025-12-15T00:00:00Z'), parallel: 3, log: () => {} };
  try {
    const first = await fetchArchive(o);
    const t = performance.now();
    const second = await fetchArchive(o);
    const secondSeconds = (performance.now() - t) / 1000;
    if (second.downloaded.length) throw new Error(`the second run downloaded ${second.downloaded.length} file(s)`);
    return {
      trades,
      files: first.downloaded.length,
      megabytes: Math.round(first.bytes / 1e5) / 10,
      seconds: Math.round(first.seconds * 1000) / 1000,
      mb_per_s: Math.round(first.bytes / 1e6 / first.seconds),
      files_per_s: Math.round(first.downloaded.length / first.seconds),
      second_run_seconds: Math.round(secondSeconds * 1000) / 1000,
      parallel: 3,
      host: 'local static server over loopback',
    };
  } finally {
    await server.close();
    await rm(inDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchFetch());
}
