/**
 * Every exchange as the site and its workers know it, one line each; the ids are EXCHANGE_LABELS'
 * (src/lib/data/profile-schema.ts), so a new id makes the compiler ask for its line here and in
 * tools-registry.ts. Only this file and tools-registry.ts import from an exchange's folder.
 */
import { EXCHANGE_IDS, type ExchangeId } from '../lib/data/profile-schema.ts';
import type { AppExchange, ImportHost } from './types.ts';
import { binanceApp } from './binance/app.ts';
import { bybitApp } from './bybit/app.ts';

export const APP_EXCHANGES: Readonly<Record<ExchangeId, AppExchange>> = {
  binance: binanceApp,
  bybit: bybitApp,
};

/** In EXCHANGE_LABELS' order (an id without its line, which only a test's stand-in list can have, is left out). */
export const APP_EXCHANGE_LIST: readonly AppExchange[] = EXCHANGE_IDS.flatMap((id) => APP_EXCHANGES[id] ?? []);

/** Every importer host setting of every exchange. */
export const IMPORT_HOSTS: readonly ImportHost[] = APP_EXCHANGE_LIST.flatMap((x) => x.import?.hosts ?? []);
