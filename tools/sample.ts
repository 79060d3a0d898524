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
import { count } from './builder/progress.ts';
import { TOOLS_EXCHANGE_LIST } from '../src/exchanges/tools-registry.ts';

const ARCHIVE = '.cache/sample-archive';
/** Each exchange's archive (ToolsExchange.sample: what to generate, in a folder of its own or the root): each builder scans its own. */
const archiveOf = (folder?: string) => (folder ? join(ARCHIVE, folder) : ARCHIVE);
const OUT = 'public/sample';
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
  const plans = Object.fromEntries(TOOLS_EXCHANGE_LIST.map((x) => [x.id, x.sample]));
  const stamp = JSON.stringify({ plans, FROM, TO, SEED, generator: 2 });
  if (await archiveIsCurrent(stamp)) {
    console.log(`sample: synthetic archive in ${ARCHIVE} is up to date`);
  } else {
    let files = 0;
    let rows = 0;
    for (const x of TOOLS_EXCHANGE_LIST) {
      for (const p of x.sample.plans) {
        await x.generate({
          out: archiveOf(x.sample.folder), symbols: p.symbols, from: FROM, to: TO, trades: p.trades, seed: SEED,
          header: 'auto', metrics: true, openInterest: true, format: 'zip',
          onFile: (f) => { files++; rows += f.rows; },
        });
      }
    }
    await writeFile(STAMP, stamp);
    console.log(`sample: wrote synthetic archive ${ARCHIVE}: ${files} files, ${count(rows)} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const options = { outDir: OUT, threads: 2, memoryLimit: '1GB', log: (l: string) => console.log(`sample: ${l}`) };
  const reports = [];
  // Each build adds its files to the one manifest: the last report lists every exchange's.
  for (const x of TOOLS_EXCHANGE_LIST) reports.push(await x.builder.build({ ...options, inDir: archiveOf(x.sample.folder) }));
  const report = reports.at(-1)!;
  const bytes = report.files.reduce((s, f) => s + f.bytes, 0);
  const rows = report.files.reduce((s, f) => s + f.rows, 0);
  console.log(`sample: ${OUT}/manifest.json lists ${report.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, `
    + `${count(rows)} profile rows; done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return reports.some((r) => r.refused > 0) ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(`sample: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 2;
});
