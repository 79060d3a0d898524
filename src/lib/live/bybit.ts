/** Bybit linear perpetuals: every liquidation (allLiquidation), pushed every 500 ms. No REST figures here. */
import { BYBIT_PING, BYBIT_PING_MS, BYBIT_STREAM_BASE, bybitSubscribe, parseBybitMessage } from './bybit-messages.ts';
import type { LiveSource } from './source.ts';

export const bybitSource: LiveSource = {
  id: 'bybit',
  label: 'Bybit',
  defaultStreamBase: BYBIT_STREAM_BASE,
  carries: ['liquidations'],
  streamPlan: (base, symbol) => ({
    url: base,
    subscribe: [bybitSubscribe(symbol)],
    ping: { everyMs: BYBIT_PING_MS, message: BYBIT_PING },
    parse: parseBybitMessage,
  }),
};
