// StreamSet against the local stream mock: one connection per source for the symbol, a new
// symbol closing the old ones, one exchange's stream ended as unlisted while the other runs,
// and each message handed over with the exchange and symbol it came for.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from './until.ts';
import type { ExchangeId, Parsed } from '../../../src/lib/live/events.ts';
import { manualNetwork } from '../../../src/lib/live/network.ts';
import type { SocketLike } from '../../../src/lib/live/stream-connection.ts';
import { StreamSet } from '../../../src/lib/live/stream-set.ts';
import { LIVE_SOURCES } from '../../../src/lib/live/registry.ts';
import { globalTimers } from '../../../src/lib/scheduling.ts';
import { forceOrder, startStreamMock, type StreamMock } from '../../mock/stream-mock.ts';

let mock: StreamMock;
let set: StreamSet;
beforeEach(async () => { mock = await startStreamMock(); });
afterEach(async () => {
  set?.close();
  await mock.close();
});

function start() {
  const messages: [ExchangeId, string, Parsed['kind']][] = [];
  let changes = 0;
  set = new StreamSet({
    sources: LIVE_SOURCES, streamBases: { binance: mock.binanceBase, bybit: mock.bybitBase },
    socket: (url) => new WebSocket(url) as unknown as SocketLike, network: manualNetwork(), timers: globalTimers, now: Date.now,
    message: (exchange, symbol, parsed) => { messages.push([exchange, symbol, parsed.kind]); return {}; },
    delivered: () => undefined,
    changed: () => void changes++,
  });
  return { messages, changes: () => changes };
}

const connected = () => set.states().every((s) => s.state.status === 'connected');

describe('StreamSet', () => {
  it("opens each source's stream of the symbol and hands over its messages with the exchange and symbol", async () => {
    const t = start();
    expect(set.states()).toEqual([]);
    set.open('BTCUSDT');
    expect(set.states().map((s) => s.exchange)).toEqual(LIVE_SOURCES.map((s) => s.id));
    await until(connected);
    expect(t.changes()).toBeGreaterThan(0);
    mock.sendBinance('btcusdt@forceOrder', forceOrder({ price: 95_000, qty: 0.2, time: Date.now() }));
    const liquidations = await until(() => t.messages.find(([, , kind]) => kind === 'liquidations'));
    expect(liquidations).toEqual(['binance', 'BTCUSDT', 'liquidations']);
  });

  it('a new symbol closes the streams of the last one', async () => {
    start();
    set.open('BTCUSDT');
    await until(connected);
    set.open('ETHUSDT');
    await until(connected);
    await until(() => mock.clients().every((c) => c.streams.every((s) => /eth/i.test(s))));
    expect(mock.clients().length).toBe(LIVE_SOURCES.length);
  });

  it("ends one exchange's stream as unlisted, the others run on; closing stops them all", async () => {
    start();
    set.open('BTCUSDT');
    await until(connected);
    set.endUnlisted('binance', 'Binance does not list BTCUSDT');
    const states = Object.fromEntries(set.states().map((s) => [s.exchange, s.state]));
    expect(states.binance.status).toBe('unlisted');
    expect(states.binance.problem).toContain('Binance does not list BTCUSDT');
    expect(states.bybit.status).toBe('connected');
    set.close();
    expect(set.states()).toEqual([]);
  });
});
