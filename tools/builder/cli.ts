/** `npm run profiles -- --in <dir> --out <dir>`: builds schema-1 profiles (see --help). */
import { parseArgs } from 'node:util';
import { buildProfiles } from './build.ts';
import { count, rate } from './progress.ts';

const HELP = `Usage: npm run profiles -- --in <dir> --out <dir> [options]

Builds liqmap profiles (docs/profiles.md) from Binance USD-M archive files:
reads every {SYMBOL}-aggTrades-YYYY-MM.zip (or daily -YYYY-MM-DD.zip) and
{SYMBOL}-metrics-YYYY-MM-DD.zip, or the same names as bare .csv, anywhere under --in;
headered and headerless files may be mixed. Each zip is checked against the .CHECKSUM
beside it when there is one. Writes per symbol and month
  <out>/<SYMBOL>/<SYMBOL>-<YYYY-MM>.volume.parquet
  <out>/<SYMBOL>/<SYMBOL>-<YYYY-MM>.candles.parquet
  <out>/<SYMBOL>/<SYMBOL>-<YYYY-MM>.oi.parquet        (when metrics files exist)
and <out>/manifest.json listing every month built so far. A month whose inputs did not
change since the last run is not rebuilt (state in <out>/.liqmap-build.json).

A month is refused, with a message naming the file, for: a checksum mismatch, a zip
without a CSV, a file of another symbol, rows outside the file's period, monthly and
daily aggTrades (or synthetic and real files) in one month, or more bad lines than
--max-bad-lines. Other months still build; the exit status is 1 when any month was refused.
Lines that do not parse are left out, counted and reported per file with line numbers.

Options:
  --in <dir>             folder with archive files (searched recursively)   (required)
  --out <dir>            folder for the profiles and manifest.json           (required)
  --max-bad-lines <n>    refuse a month with more bad lines than this (default 1000)
  --force                rebuild every month, changed or not
  --threads <n>          DuckDB threads (default: number of CPUs)
  --memory-limit <size>  DuckDB memory limit, e.g. 1GB (default 1GB; DuckDB spills beyond it)
  --tmp <dir>            where zips are extracted while building (default <out>/.build-tmp;
                         needs room for the largest CSV, about 3.5 GB for a BTCUSDT month)
  -q, --quiet            no progress line
  -h, --help             this text
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      in: { type: 'string' },
      out: { type: 'string' },
      'max-bad-lines': { type: 'string', default: '1000' },
      force: { type: 'boolean', default: false },
      threads: { type: 'string' },
      'memory-limit': { type: 'string', default: '1GB' },
      tmp: { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.in || !values.out) {
    process.stderr.write(`profiles: --in and --out are required\n\n${HELP}`);
    return 2;
  }
  const maxBadLines = Number(values['max-bad-lines']);
  if (!Number.isInteger(maxBadLines) || maxBadLines < 0) throw new Error(`--max-bad-lines must be a whole number, got ${values['max-bad-lines']}`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) throw new Error(`--threads must be a positive whole number`);
  const { availableParallelism } = await import('node:os');
  const report = await buildProfiles({
    inDir: values.in,
    outDir: values.out,
    maxBadLines,
    force: values.force,
    threads: threads ?? availableParallelism(),
    memoryLimit: values['memory-limit'],
    tmpDir: values.tmp,
    progress: !values.quiet,
  });
  const built = report.months.filter((m) => m.status === 'built').length;
  const unchanged = report.months.filter((m) => m.status === 'unchanged').length;
  console.log(`${report.months.length} month(s): ${built} built, ${unchanged} unchanged, ${report.refused} refused; `
    + `${count(report.rows)} trades in ${report.seconds.toFixed(1)} s (${rate(report.rows, report.seconds)}); `
    + `manifest lists ${report.files.length} file(s) in ${values.out}/manifest.json`);
  return report.refused > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(`profiles: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
