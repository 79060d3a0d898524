/**
 * Bybit linear perpetuals: every liquidation (allLiquidation), mark price and open interest
 * (tickers, merged snapshot + deltas) and taker trades (publicTrade, fills grouped into
 * trades). No REST figures here.
 */
import { BYBIT_PING, BYBIT_PING_MS, BYBIT_STREAM_BASE, bybitSubscribe, parseBybitMessage } from './bybit-messages.ts';
import { BybitTicker } from './bybit-ticker.ts';
import type { Parsed } from './events.ts';
import type { LiveSource } from './source.ts';

/** A reader for one symbol's connection: it keeps the last ticker snapshot to merge deltas into. */
export function bybitReader(): (text: unknown) => Parsed {
  const ticker = new BybitTicker();
  return (text) => {
    const p = parseBybitMessage(text);
    if (p.kind !== 'ticker') return p;
    const figures = ticker.merge(p.push);
    return figures ? { kind: 'figures', figures } : { kind: 'control' };
  };
}

export const bybitSource: LiveSource = {
  id: 'bybit',
  label: 'Bybit',
  defaultStreamBase: BYBIT_STREAM_BASE,
  carries: ['mark', 'open interest', 'liquidations', 'trades'],
  streamPlan: (base, symbol) => ({
    url: base,
    subscribe: [bybitSubscribe(symbol)],
    ping: { everyMs: BYBIT_PING_MS, message: BYBIT_PING },
    parse: bybitReader(),
  }),
};
