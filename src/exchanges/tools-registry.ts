/**
 * Every exchange as the Node tools know it (builder, generator, sample, recorder), one line
 * each; keyed by EXCHANGE_LABELS' ids like app-registry.ts, so a new id makes the compiler ask
 * for both. Node-only (native DuckDB, node:fs): nothing under src/ or workers/ imports it.
 */
import { EXCHANGE_IDS, type ExchangeId } from '../lib/data/profile-schema.ts';
import type { ToolsExchange } from './types.ts';
import { binanceTools } from './binance/tools.ts';
import { bybitTools } from './bybit/tools.ts';

export const TOOLS_EXCHANGES: Readonly<Record<ExchangeId, ToolsExchange>> = {
  binance: binanceTools,
  bybit: bybitTools,
};

/** In EXCHANGE_LABELS' order, the first the default. */
export const TOOLS_EXCHANGE_LIST: readonly ToolsExchange[] = EXCHANGE_IDS.map((id) => TOOLS_EXCHANGES[id]);
