/** `npm run profiles -- --in <dir> --out <dir>`: builds schema-1 profiles, optionally fetching the archive first (see --help). */
import { parseArgs } from 'node:util';
import { stat } from 'node:fs/promises';
import { MONTH_RE, monthRange, utcMonth } from '../../src/lib/archive/names.ts';
import { EXCHANGE_LABELS, isExchange, SYMBOL_RE } from '../../src/lib/data/profile-schema.ts';
import { HostRefused, NotPublished } from './fetch.ts';
import { count, rate } from './progress.ts';
import { TOOLS_EXCHANGE_LIST, TOOLS_EXCHANGES } from '../../src/exchanges/tools-registry.ts';
import { mergeManifests } from './merge.ts';
import { RunSummary } from './summary.ts';
import { errorLine } from '../option-error.ts';

const [DEFAULT, ...OTHERS] = TOOLS_EXCHANGE_LIST;
/** "a, b or c". */
const either = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);
const EXCHANGE_CHOICE = either([`${DEFAULT.id} (default)`, ...OTHERS.map((x) => x.id)]);
/** An option's words wrapped in its column of the help (each exchange's part is composed in). */
function optionText(text: string, indent = 25, width = 70): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join(`\n${' '.repeat(indent)}`);
}
/** Each exchange's hosts beyond its archive (Bybit's --api-base), as flags. */
const HOST_FLAGS = TOOLS_EXCHANGE_LIST.flatMap((x) => x.builder.hostFlags ?? []);

const HELP = `Usage: npm run profiles -- --in <dir> --out <dir> [options]
       npm run profiles -- --merge-manifests <parts> --out <profiles>
       npm run profiles -- --fetch --symbols BTCUSDT,ETHUSDT (--months 2025-08,2025-09 | --from 2025-01 [--to 2025-11])
                           --in <downloads> --out <profiles> [--archive-base URL] [options]

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

With --fetch, the archive files are first downloaded into --in, in the archive's own layout:
per symbol and month the monthly aggTrades zip, or for a month without one yet the daily
zips up to yesterday, and the daily metrics; each checked against its .CHECKSUM. A file
verified before is not downloaded again; an interrupted download resumes. A file the
archive does not have (yet) is named and skipped; a file whose checksum does not match is
refused by name (exit status 1) and the rest still builds. A host that refuses the download
(HTTP 403/451, e.g. a regional block) stops the run (exit status 2).

${OTHERS.flatMap((x) => (x.builder.help ? [`${x.builder.help}\n\n`] : [])).join('')}--merge-manifests <parts> joins profile folders built apart (each with its manifest.json,
anywhere under <parts>, e.g. one pipeline job per exchange and symbol) into --out: every file
copied and checked against its entry, one manifest listing them all. A profile listed twice,
a part without a manifest, a malformed manifest, a missing or changed file, or parts listing
no file at all are each named with what to do, and nothing is written.

Options:
  --exchange <id>        ${EXCHANGE_CHOICE}
  --in <dir>             folder with archive files (searched recursively)   (required)
  --out <dir>            folder for the profiles and manifest.json           (required)
  --max-bad-lines <n>    refuse a month with more bad lines than this (default 1000)
  --force                rebuild every month, changed or not
  --threads <n>          DuckDB threads (default: number of CPUs)
  --memory-limit <size>  DuckDB memory limit, e.g. 1GB (default 1GB; DuckDB spills beyond it)
  --tmp <dir>            where zips are extracted while building, in a folder of the run's own
                         inside it, removed at the end (default <out>/.build-tmp; needs room
                         for the largest CSV, 3-4 GB for a BTCUSDT month)
  --summary <file>       append what the run built, refused (with why) and skipped to <file>,
                         as Markdown, also when it stops on an error (the pipeline passes
                         $GITHUB_STEP_SUMMARY: the reasons show on the run's page)
  -q, --quiet            no progress line
  -h, --help             this text

Fetch options:
  --fetch                download the archive files first (needs --symbols and --months or --from)
  --symbols <list>       comma-separated symbols, e.g. BTCUSDT,ETHUSDT
  --months <list>        comma-separated months, e.g. 2025-08,2025-09
  --from <YYYY-MM>       first month; with --to <YYYY-MM> (default: the current month)
  --archive-base <url>   archive host (default ${DEFAULT.builder.archiveBase}${OTHERS.map((x) => `; ${EXCHANGE_LABELS[x.id]}: ${x.builder.archiveBase}`).join('')})
${HOST_FLAGS.map((h) => `${h.help}\n`).join('')}  --parallel <n>         downloads at a time, 1-8 (default 3)
  --prune                ${optionText(`after building, delete the downloads of complete months that were built (${
  TOOLS_EXCHANGE_LIST.map((x) => `${EXCHANGE_LABELS[x.id]}: ${x.builder.pruneHelp}`).join('; ')}), so that they are not fetched again; with --fetch, a month
at a time (fetch, build, prune), so --in holds one month's downloads.
A pruned month is fetched and built again when a file of it is new
(a late day, a changed .CHECKSUM), its builder version is not this
one's, or with --force; a build never rebuilds it from part of its files`)}
`;

/** Set once the options are read, when --summary is given: main's failure is written to it too. */
let summary: { file: string; run: RunSummary } | null = null;

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
      fetch: { type: 'boolean', default: false },
      symbols: { type: 'string' },
      months: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'archive-base': { type: 'string' },
      ...Object.fromEntries(HOST_FLAGS.map((h) => [h.flag, { type: 'string' as const, default: h.default }])),
      exchange: { type: 'string', default: 'binance' },
      'merge-manifests': { type: 'string' },
      parallel: { type: 'string', default: '3' },
      prune: { type: 'boolean', default: false },
      summary: { type: 'string' },
    },
  });
  if (values.summary !== undefined) {
    const what = values.symbols ? ` ${values.symbols}` : '';
    summary = { file: values.summary, run: new RunSummary(`liqmap profiles: ${values.exchange}${what}`) };
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values['merge-manifests'] !== undefined) {
    if (!values.out) throw new Error('--merge-manifests needs --out <profiles>: the folder the merged profiles and their manifest.json go to');
    const m = await mergeManifests(values['merge-manifests'], values.out);
    for (const e of m.empty) console.error(`profiles: ${e} lists no file (its build refused or skipped every month): nothing of it is published`);
    console.log(`merged ${m.parts.length} manifest(s): ${m.files.length} file(s) in ${values.out}/manifest.json`);
    return 0;
  }
  if (!values.in || !values.out) {
    process.stderr.write(`profiles: --in and --out are required\n\n${HELP}`);
    return 2;
  }
  if (!values.fetch && !(await stat(values.in).then((s) => s.isDirectory(), () => false))) {
    throw new Error(`--in ${values.in} is not a folder: give the folder holding the archive downloads, or add --fetch --symbols … --from … to download them into it`);
  }
  const maxBadLines = Number(values['max-bad-lines']);
  if (!Number.isInteger(maxBadLines) || maxBadLines < 0) throw new Error(`--max-bad-lines must be a whole number, got ${values['max-bad-lines']}`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) throw new Error(`--threads must be a positive whole number`);
  const { availableParallelism } = await import('node:os');
  if (!isExchange(values.exchange)) throw new Error(`--exchange must be ${either(TOOLS_EXCHANGE_LIST.map((x) => x.id))}, got ${values.exchange}`);
  const builder = TOOLS_EXCHANGES[values.exchange].builder;
  const hosts: Record<string, string> = Object.fromEntries(HOST_FLAGS.map((h) => [h.flag, String(values[h.flag as keyof typeof values] ?? h.default)]));
  const fetchMonths = async (months: string[]): Promise<number> => {
    const f = await builder.fetch({
      symbols: symbolList(values.symbols), months,
      inDir: values.in!, outDir: values.out!, base: values['archive-base'] ?? builder.archiveBase, hosts, parallel: Number(values.parallel), force: values.force,
      progress: !values.quiet,
    });
    console.log(`fetch: ${f.downloaded.length} file(s) downloaded (${(f.bytes / 1e6).toFixed(1)} MB in ${f.seconds.toFixed(1)} s), `
      + `${f.kept.length} already here, ${f.notPublished.length} not published yet${builder.refuses ? `, ${f.refused.length} refused` : ''}`);
    for (const r of f.refused) console.log(`  refused: ${r}`);
    summary?.run.addFetch(f.refused, f.notPublished.length ? builder.notPublished(f.notPublished) : '');
    return f.refused.length;
  };
  const buildAndPrune = async (onlyMonths?: string[]): Promise<number> => {
    const report = await builder.build({
      onlyMonths,
      inDir: values.in!,
      outDir: values.out!,
      maxBadLines,
      force: values.force,
      threads: threads ?? availableParallelism(),
      memoryLimit: values['memory-limit'],
      tmpDir: values.tmp,
      progress: !values.quiet,
    });
    summary?.run.addBuild(report);
    const built = report.months.filter((m) => m.status === 'built').length;
    const unchanged = report.months.filter((m) => m.status === 'unchanged').length;
    console.log(`${report.months.length} month(s): ${built} built, ${unchanged} unchanged, ${report.refused} refused; `
      + `${count(report.rows)} trades in ${report.seconds.toFixed(1)} s (${rate(report.rows, report.seconds)}); `
      + `manifest lists ${report.files.length} file(s) in ${values.out}/manifest.json`);
    if (values.prune) {
      const freed = await builder.prune(values.in!, values.out!, (l) => console.log(l));
      if (freed) console.log(`prune: ${(freed / 1e6).toFixed(1)} MB of downloads removed`);
    }
    return report.refused;
  };
  if (!values.fetch) return (await buildAndPrune()) > 0 ? 1 : 0;
  const months = monthList(values.months, values.from, values.to);
  if (!values.prune || months.length === 1) {
    const fetchRefused = await fetchMonths(months);
    return (await buildAndPrune()) > 0 || fetchRefused > 0 ? 1 : 0;
  }
  // With --prune, a month at a time (fetch, build, prune): the downloads on disk never exceed one
  // month's, where a first run over a year of BTCUSDT would otherwise hold tens of GB at once.
  let failed = false;
  let published = 0;
  for (const month of months) {
    console.log(`month ${month}:`);
    try {
      if ((await fetchMonths([month])) > 0) failed = true;
      published++;
    } catch (e) {
      if (!(e instanceof NotPublished)) throw e;
      console.log(`  ${e.message}`);
      summary?.run.skipped(e.message);
      continue;
    }
    if ((await buildAndPrune([month])) > 0) failed = true;
  }
  if (!published) throw new NotPublished(`nothing to fetch for ${symbolList(values.symbols).join(', ')} in ${months.join(', ')}`);
  return failed ? 1 : 0;
}

function symbolList(text: string | undefined): string[] {
  const list = (text ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (!list.length) throw new Error('--fetch needs --symbols, e.g. --symbols BTCUSDT,ETHUSDT');
  for (const s of list) if (!SYMBOL_RE.test(s)) throw new Error(`--symbols: "${s}" is not a symbol (2-20 capital letters or digits)`);
  return list;
}

function monthList(months: string | undefined, from: string | undefined, to: string | undefined): string[] {
  if (months !== undefined && from !== undefined) throw new Error('give --months or --from/--to, not both');
  if (months !== undefined) {
    const list = months.split(',').map((m) => m.trim()).filter(Boolean);
    for (const m of list) if (!MONTH_RE.test(m)) throw new Error(`--months: "${m}" is not a month (YYYY-MM)`);
    if (!list.length) throw new Error('--months is empty');
    return [...new Set(list)].sort();
  }
  if (from === undefined) throw new Error('--fetch needs --months or --from, e.g. --from 2025-01');
  for (const [flag, m] of [['--from', from], ['--to', to]] as const) {
    if (m !== undefined && !MONTH_RE.test(m)) throw new Error(`${flag} "${m}" is not a month (YYYY-MM), e.g. ${flag} 2025-01`);
  }
  const now = utcMonth(Date.now());
  if (to === undefined && from > now) throw new Error(`--from ${from} is after the current month (${now}, UTC): nothing of it is published yet`);
  return monthRange(from, to ?? now);
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  const what = e instanceof HostRefused ? 'the archive host refused' : e instanceof NotPublished ? 'nothing found' : '';
  const message = `${what ? `${what}: ` : ''}${e instanceof Error ? e.message : String(e)}`;
  console.error(errorLine('profiles', what ? new Error(message) : e));
  summary?.run.stop(message);
  process.exitCode = 2;
}).finally(async () => {
  if (!summary) return;
  await summary.run.write(summary.file).catch((e: unknown) => {
    console.error(`profiles: --summary ${summary!.file}: could not write the summary (${e instanceof Error ? e.message : String(e)})`);
    process.exitCode ||= 1;
  });
});
