/**
 * `npm run publish-plan -- --symbols BTCUSDT,ETHUSDT --exchanges binance`: the publishing
 * workflow's job matrix, one job per (exchange, symbol), as the JSON GitHub's `fromJSON` reads.
 * Written as `matrix=…` to $GITHUB_OUTPUT when that is set, and printed.
 */
import { appendFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_EXCHANGE, EXCHANGE_IDS, isExchange, SYMBOL_RE } from '../../src/lib/data/profile-schema.ts';
import { errorLine } from '../option-error.ts';

/** Every exchange, as --exchanges and the workflow's LIQMAP_EXCHANGES write them. */
const ALL = EXCHANGE_IDS.join(',');

const HELP = `Usage: npm run publish-plan -- --symbols BTCUSDT,ETHUSDT [--exchanges ${ALL}]

Prints the publishing workflow's job matrix (.github/workflows/publish.yml): one job per
(exchange, symbol), as the JSON GitHub's fromJSON reads; with $GITHUB_OUTPUT set, also
appends matrix=… to it. docs/hosting.md ("Your own published profiles") has the workflow.

Options:
  --symbols <list>     comma-separated USD-M perpetual symbols (required; the workflow passes
                       the repository variable LIQMAP_SYMBOLS)
  --exchanges <list>   one or more of ${EXCHANGE_IDS.join(', ')}, comma-separated (default ${DEFAULT_EXCHANGE};
                       the workflow passes LIQMAP_EXCHANGES, by default all: ${ALL})
  -h, --help           this text
`;

export function publishMatrix(symbols: string, exchanges: string): { include: { exchange: string; symbol: string }[] } {
  const list = (s: string) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];
  const syms = list(symbols).map((s) => s.toUpperCase());
  const exs = list(exchanges).map((e) => e.toLowerCase());
  if (!syms.length) throw new Error('no symbols given: --symbols BTCUSDT,ETHUSDT (in the workflow, the repository variable LIQMAP_SYMBOLS)');
  if (!exs.length) throw new Error(`no exchanges given: --exchanges ${ALL} (in the workflow, the repository variable LIQMAP_EXCHANGES)`);
  for (const s of syms) if (!SYMBOL_RE.test(s)) throw new Error(`"${s}" is not a symbol (2-20 capital letters or digits)`);
  for (const e of exs) if (!isExchange(e)) throw new Error(`"${e}" is not an exchange liqmap builds (${EXCHANGE_IDS.join(', ')})`);
  return { include: exs.flatMap((exchange) => syms.map((symbol) => ({ exchange, symbol }))) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { symbols: { type: 'string', default: '' }, exchanges: { type: 'string', default: DEFAULT_EXCHANGE }, help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) return void process.stdout.write(HELP);
  const matrix = JSON.stringify(publishMatrix(values.symbols, values.exchanges));
  if (process.env.GITHUB_OUTPUT) await appendFile(process.env.GITHUB_OUTPUT, `matrix=${matrix}\n`);
  console.log(matrix);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(errorLine('publish-plan', e));
    process.exitCode = 2;
  });
}
