/**
 * Bybit as the Node tools know it: its builder (native DuckDB) and fetch, its generator and its
 * sample plan. Node-only: the site never imports this file.
 */
import type { ToolsExchange } from '../types.ts';
import { BYBIT_API_BASE_URL, BYBIT_ARCHIVE_BASE_URL } from './archive/names.ts';
import { buildBybitProfiles } from './builder/build.ts';
import { bybitNotPublished, fetchBybit } from './builder/fetch.ts';
import { pruneBybitBuilt } from './builder/prune.ts';
import { generateBybitArchive } from './synth/archive.ts';

export const bybitTools: ToolsExchange = {
  id: 'bybit',
  builder: {
    help: `With --exchange bybit, the inputs are Bybit's daily trade dumps {SYMBOL}YYYY-MM-DD.csv.gz and
the open-interest pages kept by --fetch ({SYMBOL}-open-interest-YYYY-MM-DD.json), and the
profiles go to <out>/bybit/<SYMBOL>/… in the same manifest (docs/bybit.md). --fetch then
downloads the dumps from --archive-base (default ${BYBIT_ARCHIVE_BASE_URL}) and the 5-minute OI
history from --api-base (default ${BYBIT_API_BASE_URL}) for each day up to yesterday.`,
    archiveBase: BYBIT_ARCHIVE_BASE_URL,
    hostFlags: [{ flag: 'api-base', default: BYBIT_API_BASE_URL, help: `  --api-base <url>       Bybit's REST host for open interest (default ${BYBIT_API_BASE_URL})` }],
    refuses: false,
    build: buildBybitProfiles,
    fetch: (o) => fetchBybit({
      symbols: o.symbols, months: o.months, inDir: o.inDir, outDir: o.outDir,
      base: o.base, apiBase: o.hosts['api-base'] ?? BYBIT_API_BASE_URL, parallel: o.parallel, force: o.force,
    }),
    prune: pruneBybitBuilt,
    notPublished: bybitNotPublished,
    pruneHelp: 'months built from every day\'s dump',
  },
  generate: (o) => generateBybitArchive({ ...o, openInterest: o.openInterest ?? true }),
  synthHelp: `With --exchange bybit, writes Bybit's layout instead (docs/bybit.md): daily trade dumps
  <out>/trading/<SYMBOL>/<SYMBOL>YYYY-MM-DD.csv.gz  (one row per fill, newest first)
  <out>/open-interest/<SYMBOL>/<SYMBOL>-open-interest-YYYY-MM-DD.json  (the REST answers)
marked synthetic in the gzip header; --trades then counts taker orders (a few rows each).`,
  // BTCUSDT: taker orders a month (each one or more fills), about half of Binance's trades, as its market is smaller.
  // In a folder of its own (trading/, open-interest/): each builder scans its own.
  sample: { folder: 'bybit', plans: [{ symbols: ['BTCUSDT'], trades: 200_000 }] },
};
