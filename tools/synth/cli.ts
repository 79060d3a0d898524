/** `npm run synth -- …`: writes a deterministic synthetic Binance archive (see --help). */
import { parseArgs } from 'node:util';
import { errorLine } from '../option-error.ts';
import { relative } from 'node:path';
import { DEFAULT_SEED, DEFAULT_TRADES, type HeaderMode } from './archive.ts';
import { MAX_TRADES_PER_MONTH } from './trades.ts';
import type { ExchangeId } from '../../src/lib/data/profile-schema.ts';
import { TOOLS_EXCHANGE_LIST, TOOLS_EXCHANGES } from '../../src/exchanges/tools-registry.ts';

/** Each exchange's archive generator (ToolsExchange.generate: every option is given; each takes the ones its layout has). */
const GENERATORS = TOOLS_EXCHANGES;
const [DEFAULT, ...OTHERS] = TOOLS_EXCHANGE_LIST;

const HELP = `Usage: npm run synth -- [options]

Writes a synthetic Binance USD-M archive in its exact layout and format:
  <out>/data/futures/um/monthly/aggTrades/<SYMBOL>/<SYMBOL>-aggTrades-YYYY-MM.zip (+ .CHECKSUM)
  <out>/data/futures/um/daily/metrics/<SYMBOL>/<SYMBOL>-metrics-YYYY-MM-DD.zip (+ .CHECKSUM)
The same options always give the same bytes. Every zip says it is synthetic in its zip
comment ("liqmap-synthetic …"); the profile builder marks its profiles liqmap.synthetic=true.

${OTHERS.flatMap((x) => (x.synthHelp ? [`${x.synthHelp}\n\n`] : [])).join('')}Options:
  --exchange <id>      ${[`${DEFAULT.id} (default)`, ...OTHERS.map((x) => x.id)].join(', ').replace(/, ([^,]*)$/, ' or $1')}
  --out <dir>          where to write (default .cache/synth-archive)
  --symbols <list>     comma-separated symbols (default BTCUSDT); BTCUSDT, ETHUSDT, SOLUSDT,
                       BNBUSDT, XRPUSDT, DOGEUSDT have realistic prices, others get defaults
  --from <YYYY-MM>     first month (default 2025-11)
  --to <YYYY-MM>       last month (default: --from)
  --trades <n>         aggTrades per symbol-month (default ${DEFAULT_TRADES}; BTC-like is 50000000,
                       streamed, never held in memory; at most ${MAX_TRADES_PER_MONTH})
  --seed <text>        random seed (default "${DEFAULT_SEED}")
  --header <mode>      aggTrades header row: auto (none before 2025-01, as Binance), always, never
                       (default auto)
  --no-metrics         skip the daily metrics (open interest) files
  --format <zip|csv>   zip as the archive (default), or bare CSV with a <name>.synthetic marker
                       beside it (faster for benchmarks)
  -q, --quiet          print only the summary
  -h, --help           this text
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: '.cache/synth-archive' },
      symbols: { type: 'string', default: 'BTCUSDT' },
      from: { type: 'string', default: '2025-11' },
      to: { type: 'string' },
      trades: { type: 'string', default: String(DEFAULT_TRADES) },
      seed: { type: 'string', default: DEFAULT_SEED },
      header: { type: 'string', default: 'auto' },
      'no-metrics': { type: 'boolean', default: false },
      format: { type: 'string', default: 'zip' },
      exchange: { type: 'string', default: 'binance' },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const trades = Number(values.trades);
  if (!Number.isInteger(trades) || trades < 0 || trades > MAX_TRADES_PER_MONTH) {
    throw new Error(`--trades must be a whole number from 0 to ${MAX_TRADES_PER_MONTH}, got ${values.trades}`);
  }
  if (!['auto', 'always', 'never'].includes(values.header)) throw new Error(`--header must be auto, always or never`);
  if (values.format !== 'zip' && values.format !== 'csv') throw new Error(`--format must be zip or csv`);
  if (!Object.hasOwn(GENERATORS, values.exchange)) throw new Error(`--exchange must be one of ${Object.keys(GENERATORS).join(', ')}`);
  const started = Date.now();
  let rows = 0;
  let bytes = 0;
  let files = 0;
  const common = {
    out: values.out,
    symbols: values.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean),
    from: values.from,
    to: values.to ?? values.from,
    trades,
    seed: values.seed,
  };
  const written = await GENERATORS[values.exchange as ExchangeId].generate({
    ...common,
    header: values.header as HeaderMode,
    metrics: !values['no-metrics'],
    openInterest: !values['no-metrics'],
    format: values.format as 'zip' | 'csv',
    onFile: (f) => {
      files++;
      rows += f.rows;
      bytes += f.bytes;
      if (!values.quiet && !f.path.includes('-metrics-') && !f.path.includes('-open-interest-')) {
        console.log(`wrote ${relative('.', f.path)}  ${f.rows.toLocaleString('en')} rows  ${(f.bytes / 1e6).toFixed(1)} MB`);
      }
    },
  });
  const secs = (Date.now() - started) / 1000;
  console.log(`synthetic archive in ${values.out}: ${written.length} files, ${rows.toLocaleString('en')} rows, `
    + `${(bytes / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s`);
  return files === written.length ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(errorLine('synth', e));
  process.exitCode = 2;
});
