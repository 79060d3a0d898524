// LiveHub against the local stream mock: both exchanges, batching per frame, dedupe,
// recording, the partial profile released at most once per interval, symbol changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from './until.ts';
import { LiveHub, type LiveHubOptions, type LiveHubState } from '../../../src/lib/live/live-hub.ts';
import { memoryLiquidationStore } from '../../../src/lib/live/liquidation-store.ts';
import { manualNetwork } from '../../../src/lib/live/network.ts';
import type { SocketLike } from '../../../src/lib/live/stream-connection.ts';
import { aggTrade, bybitLiquidation, forceOrder, markPrice, startStreamMock, type StreamMock } from '../../mock/stream-mock.ts';

const HOUR = 3_600_000;
let mock: StreamMock;
let hub: LiveHub;
beforeEach(async () => { mock = await startStreamMock(); });
afterEach(async () => {
  hub?.dispose();
  await mock.close();
});

function start(store = memoryLiquidationStore(), timing?: LiveHubOptions['timing']) {
  let frames = 0;
  const states: LiveHubState[] = [];
  hub = new LiveHub({
    store, streamBases: { binance: mock.binanceBase, bybit: mock.bybitBase }, timing,
    socket: (url) => new WebSocket(url) as unknown as SocketLike, network: manualNetwork(),
    frame: (fn) => { frames++; setTimeout(fn, 16); }, recomputeMs: 1_000,
  });
  hub.subscribe((s) => states.push(s));
  return { store, states, frames: () => frames };
}

const connected = () => hub.getState().streams.every((s) => s.state.status === 'connected') && mock.clients().some((c) => c.streams.length > 0 && c.exchange === 'bybit');

describe('LiveHub', () => {
  it('collects both exchanges into one tape, drops repeats and other symbols, records them', async () => {
    const { store } = start();
    hub.setSymbol('BTCUSDT');
    await until(connected);
    const now = Date.now();
    const binanceLiq = forceOrder({ price: 95_000, qty: 0.2, time: now - 3_000 });
    mock.sendBinance('btcusdt@forceOrder', binanceLiq);
    mock.sendBinance('btcusdt@forceOrder', binanceLiq); // the same event twice (connection overlap)
    mock.sendBinance('btcusdt@forceOrder', forceOrder({ symbol: 'ETHUSDT', price: 3_000, qty: 1, time: now - 2_000 }));
    mock.sendBybit('allLiquidation.BTCUSDT', [bybitLiquidation({ side: 'Sell', price: 95_100, qty: 1.5, time: now - 1_000 })]);
    mock.sendBinanceRaw('{"stream":"btcusdt@forceOrder","data":{"e":"forceOrder","o":{"S":"SELL"}}}');
    const events = await until(() => (hub.liquidations().length === 2 ? hub.liquidations() : null));
    expect(events.map((e) => [e.exchange, e.side, e.price, e.quantity])).toEqual([['binance', 'long', 95_000, 0.2], ['bybit', 'short', 95_100, 1.5]]);
    await until(() => hub.getState().streams[0].state.malformed === 1);
    await hub.flushRecording();
    expect((await store.range('BTCUSDT', 0, Infinity)).map((e) => e.exchange)).toEqual(['binance', 'bybit']);
  });

  it('a 1,000-message burst is applied in a few frames, not per message', async () => {
    const { frames, states } = start();
    hub.setSymbol('BTCUSDT');
    await until(connected);
    const t = Date.now() - 60_000;
    const before = states.length;
    for (let i = 0; i < 1_000; i++) mock.sendBinance('btcusdt@forceOrder', forceOrder({ price: 90_000 + i, qty: 0.01, time: t + i }));
    await until(() => hub.liquidations().length === 1_000);
    expect(frames()).toBeLessThan(100);
    expect(states.length - before).toBeLessThan(100);
    const times = hub.liquidations().map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('live trades after the profile hour feed the partial profile, released at most once per interval', async () => {
    start();
    hub.setSymbol('BTCUSDT');
    const now = Date.now();
    const profileEnd = now - (now % HOUR) - 2 * HOUR;
    hub.setProfileEnd('BTCUSDT', profileEnd);
    await until(connected);
    const v0 = hub.getState().tradesVersion;
    for (let i = 0; i < 200; i++) mock.sendBinance('btcusdt@aggTrade', aggTrade({ id: i + 1, price: 95_000 + (i % 7), qty: 1, time: now - 1_000 + i, takerSell: i % 2 === 0 }));
    mock.sendBinance('btcusdt@markPrice@1s', markPrice({ price: 95_432.1, time: now }));
    await until(() => hub.getState().tradesVersion === v0 + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(hub.getState().tradesVersion).toBe(v0 + 1); // not once per message
    expect(hub.getState().modelFigures.binance?.markPrice).toBe(95_432.1);
    const rows = hub.liveRows()!;
    expect(rows.volume.trades.reduce((a, b) => a + b, 0)).toBe(200);
    expect(hub.getState().liveTradesSince).toBe(now - 1_000);
  });

  it('liquidations still waiting for their frame when the symbol changes are recorded, not dropped', async () => {
    const store = memoryLiquidationStore();
    const frames: (() => void)[] = [];
    hub = new LiveHub({
      store, streamBases: { binance: mock.binanceBase, bybit: mock.bybitBase },
      socket: (url) => new WebSocket(url) as unknown as SocketLike, network: manualNetwork(),
      frame: (fn) => { frames.push(fn); }, recomputeMs: 1_000,
    });
    hub.setSymbol('BTCUSDT');
    await until(connected);
    mock.sendBinance('btcusdt@forceOrder', forceOrder({ price: 95_000, qty: 0.2, time: Date.now() - 1_000 }));
    await until(() => frames.length > 0); // received; its frame has not come yet
    hub.setSymbol('ETHUSDT');
    await hub.flushRecording();
    expect((await store.range('BTCUSDT', 0, Infinity)).map((e) => [e.exchange, e.price, e.quantity])).toEqual([['binance', 95_000, 0.2]]);
  });

  it('recorded events come back after a restart; a symbol change switches the streams', async () => {
    const store = memoryLiquidationStore();
    await store.add([{ time: Date.now() - 5 * 60_000, exchange: 'bybit', symbol: 'ETHUSDT', side: 'long', price: 3000, quantity: 2, usd: 6000 }]);
    start(store);
    hub.setSymbol('BTCUSDT');
    await until(connected);
    hub.setSymbol('ETHUSDT');
    await until(() => hub.liquidations().length === 1);
    await until(() => mock.clients().some((c) => c.streams.includes('ethusdt@forceOrder')));
    await until(() => mock.clients().filter((c) => c.exchange === 'binance').length === 1);
    expect(hub.getState().symbol).toBe('ETHUSDT');
  });

  it('a symbol Bybit does not list: its stream stops and says so, not asked again; Binance goes on; a listed symbol connects', async () => {
    mock.bybitUnlisted.add('FOOUSDT');
    start(memoryLiquidationStore(), { backoffBaseMs: 20, backoffMaxMs: 40 });
    const bybit = () => hub.getState().streams.find((s) => s.exchange === 'bybit')!.state;
    hub.setSymbol('FOOUSDT');
    await until(() => bybit().status === 'unlisted');
    expect(bybit().problem).toBe('Bybit does not list FOOUSDT (it answered "Invalid symbol :[allLiquidation.FOOUSDT,tickers.FOOUSDT,publicTrade.FOOUSDT]"); not asked again for this symbol');
    expect(bybit().retryAt).toBeNull();
    // Many backoffs later: still the one connection (a refusal to retry would have made several).
    await new Promise((r) => setTimeout(r, 400));
    expect([mock.connections.bybit, bybit().status]).toEqual([1, 'unlisted']);
    expect(hub.getState().streams.find((s) => s.exchange === 'binance')!.state.status).toBe('connected');
    hub.setSymbol('BTCUSDT');
    await until(() => bybit().status === 'connected' && mock.clients().some((c) => c.exchange === 'bybit' && c.streams.includes('tickers.BTCUSDT')));
    expect(mock.connections.bybit).toBe(2);
  });

  it("a symbol Binance's REST API says it does not list: Binance's stream (which would stay silent) stops, saying so; another symbol's word is ignored", async () => {
    start(memoryLiquidationStore(), { backoffBaseMs: 20, backoffMaxMs: 40, silentMs: 100 });
    const binance = () => hub.getState().streams.find((s) => s.exchange === 'binance')!.state;
    hub.setSymbol('SOLUSDT');
    await until(() => binance().status === 'connected');
    hub.setUnlisted('binance', 'BTCUSDT', 'its REST API answered "Invalid symbol"');
    expect(binance().status).toBe('connected');
    hub.setUnlisted('binance', 'SOLUSDT', 'its REST API answered "Invalid symbol"');
    expect(binance()).toMatchObject({ status: 'unlisted', problem: 'Binance does not list SOLUSDT (its REST API answered "Invalid symbol"); not asked again for this symbol' });
    await until(() => !mock.clients().some((c) => c.exchange === 'binance'));
    // Many silences' worth later: no new connection.
    await new Promise((r) => setTimeout(r, 400));
    expect([mock.connections.binance, binance().status]).toEqual([1, 'unlisted']);
  });
});
