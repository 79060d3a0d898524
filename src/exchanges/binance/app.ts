/**
 * Binance as the site knows it. Its code is the core every layer is built around (src/lib/live,
 * src/lib/import, src/lib/archive): this adapter registers it like any other exchange.
 */
import type { AppExchange } from '../types.ts';
import { binanceSource } from '../../lib/live/binance.ts';
import { ARCHIVE_BASE_URL } from '../../lib/archive/names.ts';
import { ARCHIVE_SETTING } from '../../lib/import/archive-http.ts';

export const binanceApp: AppExchange = {
  id: 'binance',
  live: binanceSource,
  liquidationStream: {
    sampled: true,
    note: "Binance's liquidation stream pushes at most one liquidation per symbol per second (the largest of that second): busy candles are under-counted, so compare ranks and shares, not dollar amounts. The ratio measures the stream's sample as much as the model.",
  },
  import: {
    source: 'Binance (data.binance.vision)',
    hosts: [{ key: 'archiveBase', label: ARCHIVE_SETTING, defaultUrl: ARCHIVE_BASE_URL, name: 'archive-base' }],
    fetchNote: 'Monthly aggTrades files where Binance has published them, daily files for the days of a month without one (up to yesterday), and the daily metrics (open interest); each checked against its .CHECKSUM. A BTC month is about 1 GB to download; it is read as a stream, never held whole.',
    files: {
      short: 'Binance archive files',
      long: 'Binance archive files as downloaded ({SYMBOL}-aggTrades-{YYYY-MM}.zip, daily {SYMBOL}-aggTrades-{YYYY-MM-DD}.zip and {SYMBOL}-metrics-{YYYY-MM-DD}.zip, with their .CHECKSUM, or the .csv inside)',
      accept: ['.zip', '.csv', '.CHECKSUM', '.synthetic'],
    },
    // No `dropped` or `jobs`: src/lib/import sorts and builds Binance's archive files itself.
  },
};
