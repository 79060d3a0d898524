/** Bybit as the site and its workers know it: its live client, its audit and typed-OI words, its browser import. */
import type { AppExchange } from '../types.ts';
import { bybitSource } from './live/bybit.ts';
import { BYBIT_API_BASE_URL, BYBIT_ARCHIVE_BASE_URL } from './archive/names.ts';
import { BYBIT_API_SETTING, BYBIT_ARCHIVE_SETTING } from './import/inputs.ts';
import { bybitDroppedFiles } from './import/dropped.ts';

export const bybitApp: AppExchange = {
  id: 'bybit',
  live: bybitSource,
  liquidationStream: {
    sampled: false,
    note: "Bybit's liquidation stream (allLiquidation) pushes every liquidation, batched every 500 ms: its realised USD is the whole of what this browser recorded while open.",
  },
  // liqmap's OI is one side (bybitOneSideOi); Bybit's own openInterest counts both.
  typedOiHint: "One side, as liqmap counts it: Bybit's open interest counts both sides, so type half of it.",
  import: {
    source: 'Bybit (public.bybit.com)',
    hosts: [
      { key: 'bybitArchiveBase', label: BYBIT_ARCHIVE_SETTING, defaultUrl: BYBIT_ARCHIVE_BASE_URL, name: 'bybit-archive-base' },
      { key: 'bybitApiBase', label: BYBIT_API_SETTING, defaultUrl: BYBIT_API_BASE_URL, name: 'bybit-api-base' },
    ],
    fetchNote: "Bybit's daily trade dumps up to yesterday (no monthly file, no checksum) and each day's 5-minute open-interest history from Bybit's API. A BTC day is tens of MB to download; up to three days download at once, each held until the build reads it. If the API does not answer this browser, the month is built without OI history and says so.",
    files: {
      short: 'Bybit trade dumps',
      long: "Bybit's daily dumps ({SYMBOL}{YYYY-MM-DD}.csv.gz, with the builder's {SYMBOL}-open-interest-{YYYY-MM-DD}.json if you have them)",
      accept: ['.gz', '.json'],
    },
    dropped: bybitDroppedFiles,
    jobs: () => import('./import/jobs.ts').then((m) => m.bybitMonthJobs),
  },
};
