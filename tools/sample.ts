/**
 * `npm run sample`: the app's bundled sample data. Generates synthetic archives into
 * .cache/sample-archive/: Binance's (BTCUSDT and ETHUSDT, 2025-08..2025-11, monthly aggTrades
 * and daily metrics) and Bybit's (BTCUSDT, the same months, daily trade dumps and OI pages), so
 * that Bybit and Binance + Bybit can be tried at once; then builds their profiles and one
 * manifest.json into public/sample/. Both steps are skipped when their inputs are unchanged,
 * so a second run takes seconds.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildProfiles } from './builder/build.ts';
import { buildBybitProfiles } from '../src/exchanges/bybit/builder/build.ts';
import { count } from './builder/progress.ts';
import { generateArchive, type SynthOptions } from './synth/archive.ts';
import { generateBybitArchive } from '../src/exchanges/bybit/synth/archive.ts';

const ARCHIVE = '.cache/sample-archive';
/** Bybit's layout (trading/, open-interest/) in a folder of its own: each builder scans its own. */
const BYBIT_ARCHIVE = join(ARCHIVE, 'bybit');
const OUT = 'public/sample';
/** Enough trades for several hundred whale trades a month, small enough for a quick first run. */
const PLAN = [
  { symbols: ['BTCUSDT'], trades: 400_000 },
  { symbols: ['ETHUSDT'], trades: 300_000 },
];
/** Bybit's BTCUSDT: taker orders a month (each one or more fills), about half of Binance's trades, as its market is smaller. */
const BYBIT_PLAN = { symbols: ['BTCUSDT'], trades: 200_000 };
const FROM = '2025-08';
const TO = '2025-11';
const SEED = 'liqmap-sample';
const STAMP = join(ARCHIVE, 'sample-stamp.json');

async function archiveIsCurrent(stamp: string): Promise<boolean> {
  try {
    return (await readFile(STAMP, 'utf8')) === stamp;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const stamp = JSON.stringify({ PLAN, BYBIT_PLAN, FROM, TO, SEED, generator: 2 });
  if (await archiveIsCurrent(stamp)) {
    console.log(`sample: synthetic archive in ${ARCHIVE} is up to date`);
  } else {
    let files = 0;
    let rows = 0;
    for (const p of PLAN) {
      const o: SynthOptions = {
        out: ARCHIVE, symbols: p.symbols, from: FROM, to: TO, trades: p.trades, seed: SEED,
        header: 'auto', metrics: true, format: 'zip',
        onFile: (f) => { files++; rows += f.rows; },
      };
      await generateArchive(o);
    }
    await generateBybitArchive({
      out: BYBIT_ARCHIVE, ...BYBIT_PLAN, from: FROM, to: TO, seed: SEED, openInterest: true,
      onFile: (f) => { files++; rows += f.rows; },
    });
    await writeFile(STAMP, stamp);
    console.log(`sample: wrote synthetic archive ${ARCHIVE}: ${files} files, ${count(rows)} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const options = { outDir: OUT, threads: 2, memoryLimit: '1GB', log: (l: string) => console.log(`sample: ${l}`) };
  const binance = await buildProfiles({ ...options, inDir: ARCHIVE });
  // Bybit's build writes the manifest last: it lists both exchanges' files.
  const report = await buildBybitProfiles({ ...options, inDir: BYBIT_ARCHIVE });
  const bytes = report.files.reduce((s, f) => s + f.bytes, 0);
  const rows = report.files.reduce((s, f) => s + f.rows, 0);
  console.log(`sample: ${OUT}/manifest.json lists ${report.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, `
    + `${count(rows)} profile rows; done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return binance.refused + report.refused > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(`sample: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 2;
});
