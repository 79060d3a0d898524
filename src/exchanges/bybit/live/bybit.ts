/**
 * Bybit linear perpetuals: every liquidation (allLiquidation), mark price and open interest
 * (tickers, merged snapshot + deltas) and taker trades (publicTrade, fills grouped into
 * trades across messages: ../archive/fills.ts). No REST figures here.
 */
import { FillStream } from '../archive/fills.ts';
import { globalTimers } from '../../../lib/scheduling.ts';
import { BYBIT_PING, BYBIT_PING_MS, BYBIT_STREAM_BASE, bybitSubscribe, readBybitMessage } from './bybit-messages.ts';
import { BybitTicker } from './bybit-ticker.ts';
import type { Parsed } from '../../../lib/live/events.ts';
import type { LiveSource, StreamLater } from '../../../lib/live/source.ts';

/**
 * A reader for one symbol's connection: it keeps the last ticker snapshot to merge deltas into,
 * and the last trade of a publicTrade message until the next shows it complete; a trade held
 * past its wait goes to `later.deliver` (without `later`, after the next message only).
 */
export function bybitReader(later?: StreamLater): (text: unknown) => Parsed {
  const ticker = new BybitTicker();
  const fills = new FillStream((trades) => later?.deliver({ kind: 'trades', trades, malformed: 0 }), later?.timers ?? globalTimers);
  return (text) => {
    const p = readBybitMessage(text);
    if (p.kind === 'fills') return { kind: 'trades', trades: fills.push(p.fills), malformed: p.malformed };
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
  streamPlan: (base, symbol, later) => ({
    url: base,
    subscribe: [bybitSubscribe(symbol)],
    ping: { everyMs: BYBIT_PING_MS, message: BYBIT_PING },
    parse: bybitReader(later),
  }),
  recordPlan: (base, symbols) => ({
    url: base,
    subscribe: symbols.map((s) => bybitSubscribe(s, ['allLiquidation'])),
    ping: { everyMs: BYBIT_PING_MS, message: BYBIT_PING },
    parse: bybitReader(),
  }),
};
