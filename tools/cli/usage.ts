/**
 * `liqmap --help` (the overview) and `liqmap COMMAND --help` (that command's options, defaults and
 * an example): each command's text is written once, here, and the overview is made of their
 * first lines. Defaults are the app's (src/lib/state/view-state.ts) and the commands' own; docs/cli.md has more.
 */
import { DEFAULT_BASE_URL } from '../../src/lib/binance/base-url.ts';
import { EXCHANGE_IDS, SIZE_EDGES } from '../../src/lib/data/profile-schema.ts';
import { LIVE_SOURCES } from '../../src/lib/live/registry.ts';
import { DEFAULT_VIEW, formatTiers, HEATMAP_RANGES, MAX_WINDOW_DAYS } from '../../src/lib/state/view-state.ts';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_PROFILE_MEMORY } from './serve.ts';

export const COMMANDS = ['levels', 'heatmap', 'serve', 'record'] as const;
export type CommandName = (typeof COMMANDS)[number];

interface CommandUsage {
  /** The command line, after "liqmap ". */
  synopsis: string;
  /** What it does; the overview shows these lines too. */
  about: string[];
  /** "  --flag VALUE   what it is (default …)" lines. */
  options: string[];
  example: string;
}

const EXIT_STATUS = 'Exit status: 0 done; 2 bad options (each named on stderr, nothing on stdout); 1 anything else.';
const SOURCE = '  --source DIR|MANIFEST_URL   a folder with manifest.json (npm run profiles), or its URL (required)';
const FLAG_WIDTH = 26;
/** A flag too long for its column has its words on the next line. */
const option = (flag: string, what: string) => (flag.length > FLAG_WIDTH ? `  ${flag}\n  ${''.padEnd(FLAG_WIDTH)}  ${what}` : `  ${flag.padEnd(FLAG_WIDTH)}  ${what}`);

/** The options of the models, in the order shown; `levels` and `heatmap` each take those they use. */
const MODEL_OPTIONS = {
  symbol: option('--symbol S', 'the symbol, e.g. BTCUSDT (required)'),
  exchanges: option(`--exchanges ${EXCHANGE_IDS.join(',')}`, `exchanges whose maps and heatmaps are summed (default ${DEFAULT_VIEW.exchanges.join(',')})`),
  model: option('--model oi|trades', `oi: OI-scaled profile; trades: trade-weighted (default ${DEFAULT_VIEW.model})`),
  window: option('--window DAYS', `lookback of the map, 1-${MAX_WINDOW_DAYS} (default ${DEFAULT_VIEW.windowDays})`),
  range: option(`--range ${HEATMAP_RANGES.join('|')}`, `span of the heatmap (default ${DEFAULT_VIEW.range})`),
  step: option('--step X|auto', `price bin step in USD (default ${DEFAULT_VIEW.step ?? 'auto'})`),
  threshold: option('--threshold USD', `whale threshold, a profile size edge: ${SIZE_EDGES.join(', ')} (default ${DEFAULT_VIEW.whale})`),
  tiers: option('--tiers LEV:WEIGHT,...', `leverage tiers and their weights (default ${formatTiers(DEFAULT_VIEW.tiers)})`),
  mmr: option('--mmr R', `maintenance margin rate (default ${DEFAULT_VIEW.mmr})`),
  formula: option('--formula exact|reference', `liquidation price formula (default ${DEFAULT_VIEW.formula})`),
  split: option('--split taker|even', `how a trade splits into longs and shorts (default ${DEFAULT_VIEW.split})`),
  figures: [
    option('--oi CONTRACTS', 'open interest typed in, in contracts (or --oi-usd USD), with --price P:'),
    option('--oi-usd USD | --price P', 'both or neither. Without them: the live Binance REST figures, else'),
    option('', 'the profile\'s latest OI record and close (which one is said on stderr)'),
  ].join('\n'),
  rest: option('--binance-rest URL', `Binance REST base (default ${DEFAULT_BASE_URL})`),
  format: option('--format csv|json', 'what stdout gets (default csv)'),
};
type ModelOption = keyof typeof MODEL_OPTIONS;
const modelOptions = (names: readonly ModelOption[]) => [SOURCE, ...names.map((n) => MODEL_OPTIONS[n])];
const BOTH: readonly ModelOption[] = ['step', 'threshold', 'tiers', 'mmr', 'formula', 'split', 'figures', 'rest', 'format'];
const ALL_EXCHANGES = EXCHANGE_IDS.join(',');
const PROFILE_MEMORY = `${DEFAULT_PROFILE_MEMORY / 1024 ** 3}GB`;

const USAGES: Record<CommandName, CommandUsage> = {
  levels: {
    synopsis: 'levels  --source DIR|MANIFEST_URL --symbol S [model options] [--format csv|json]',
    about: ['The liquidation map: CSV price_bin,side,leverage,volume_usd, or JSON {levels, inputs}.'],
    options: modelOptions(['symbol', 'exchanges', 'model', 'window', ...BOTH]),
    example: 'liqmap levels --source ~/liqmap-profiles --symbol BTCUSDT --window 7 --oi 80000 --price 95000 > levels.csv',
  },
  heatmap: {
    synopsis: `heatmap --source DIR|MANIFEST_URL --symbol S [--range ${HEATMAP_RANGES.join('|')}] [model options] [--format csv|json]`,
    about: [
      'The heatmap: CSV time,price_bin,volume_usd, or JSON {times, priceBins, matrix, candles, liquidated, inputs}.',
      `It spans --range (default ${DEFAULT_VIEW.range}) and walks open interest: --window and --model trades are the map's, refused here.`,
    ],
    options: modelOptions(['symbol', 'range', 'exchanges', ...BOTH]),
    example: 'liqmap heatmap --source ~/liqmap-profiles --symbol BTCUSDT --range 7d --format json > heatmap.json',
  },
  serve: {
    synopsis: `serve   --source DIR|MANIFEST_URL [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--records DIR] [--profile-memory ${PROFILE_MEMORY}] [--binance-rest URL]`,
    about: [
      'GET /health, /liquidations/levels, /liquidations/heatmap, /liquidations/history (JSON, CORS *).',
      'Loaded months beyond --profile-memory are let go, least recently used first, and load again when asked.',
    ],
    options: [
      SOURCE,
      option('--port N', `port to listen on, 0 for any free one (default ${DEFAULT_PORT})`),
      option('--host H', `address to listen on (default ${DEFAULT_HOST}: this machine only)`),
      option('--records DIR', 'the folder liqmap record writes to, for /liquidations/history (default none)'),
      option('--profile-memory SIZE', `most the loaded months may hold, e.g. 512MB or 2GB (default ${PROFILE_MEMORY})`),
      MODEL_OPTIONS.rest,
    ],
    example: `liqmap serve --source ~/liqmap-profiles --records ~/liqmap-records\n  curl 'http://${DEFAULT_HOST}:${DEFAULT_PORT}/liquidations/levels?symbol=BTCUSDT&timeframe=30'`,
  },
  record: {
    synopsis: `record  --symbols S[,S..] --out DIR [--exchanges ${ALL_EXCHANGES}] ${LIVE_SOURCES.map((s) => `[--${s.id}-ws URL]`).join(' ')}`,
    about: [
      'Appends realised liquidations to DIR/SYMBOL/SYMBOL-liquidations-YYYY-MM-DD.csv until stopped',
      `(SIGINT, SIGTERM or SIGHUP write what is held first). --exchanges: default ${ALL_EXCHANGES} (all).`,
    ],
    options: [
      option('--symbols S[,S..]', 'symbols to record, e.g. BTCUSDT,ETHUSDT (required)'),
      option('--out DIR', 'folder the day files go to, created if need be (required)'),
      option(`--exchanges ${ALL_EXCHANGES}`, `exchanges to record from (default ${ALL_EXCHANGES})`),
      ...LIVE_SOURCES.map((s) => option(`--${s.id}-ws URL`, `${s.label}'s stream base (default ${s.defaultStreamBase})`)),
    ],
    example: 'liqmap record --symbols BTCUSDT,ETHUSDT --out ~/liqmap-records',
  },
};

const head = (u: CommandUsage) => [`liqmap ${u.synopsis}`, ...u.about.map((l) => `  ${l}`)].join('\n');

export const USAGE = `liqmap: liquidation levels, heatmaps and a liquidation recorder from the command line

${COMMANDS.map((c) => head(USAGES[c])).join('\n')}

Model options of levels and heatmap (the app's defaults):
${(['exchanges', 'model', 'window', 'range', ...BOTH.filter((n) => n !== 'format')] as const).map((n) => MODEL_OPTIONS[n]).join('\n')}

liqmap COMMAND --help (or liqmap help COMMAND): that command's options, defaults and an example.
${EXIT_STATUS}
`;

export const isCommand = (word: string | undefined): word is CommandName => (COMMANDS as readonly (string | undefined)[]).includes(word);

/** `liqmap COMMAND --help`: that command alone. */
export function commandUsage(command: CommandName): string {
  const u = USAGES[command];
  return `${head(u)}\n\nOptions:\n${u.options.join('\n')}\n\nExample:\n  ${u.example}\n\n${EXIT_STATUS}\n`;
}
