// StreamConnection against the local WebSocket mock (real sockets, the `ws` client), with
// timings shrunk so that backoff, silence and the 24 h rollover play out in milliseconds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from './until.ts';
import { manualNetwork } from '../../../src/lib/live/network.ts';
import { StreamConnection, type SocketLike, type StreamOptions, type StreamState } from '../../../src/lib/live/stream-connection.ts';
import { binanceStreamUrl, parseBinanceMessage } from '../../../src/lib/live/binance-messages.ts';
import { BYBIT_PING, bybitSubscribe, parseBybitMessage } from '../../../src/exchanges/bybit/live/bybit-messages.ts';
import { forceOrder, startStreamMock, type StreamMock } from '../../mock/stream-mock.ts';

const socket = (url: string) => new WebSocket(url) as unknown as SocketLike;
const FAST = { backoffBaseMs: 20, backoffMaxMs: 200, silentMs: 300, rolloverMs: 60_000 };

let mock: StreamMock;
const made: StreamConnection[] = [];
beforeEach(async () => { mock = await startStreamMock(); });
afterEach(async () => {
  for (const c of made.splice(0)) c.stop();
  await mock.close();
});

function binance(opts: Partial<StreamOptions> = {}, got: unknown[] = []): StreamConnection {
  const c = new StreamConnection({
    name: 'Binance', url: binanceStreamUrl(mock.binanceBase, 'BTCUSDT'), socket, network: manualNetwork(), timing: FAST,
    onMessage: (text) => {
      const p = parseBinanceMessage(text);
      got.push(p);
      return p.kind === 'malformed' ? { malformed: p.reason } : {};
    },
    ...opts,
  });
  made.push(c);
  return c;
}

const T0 = 1_791_391_082_119;
const liq = (i: number) => forceOrder({ price: 95_000 + i, qty: 0.01, time: T0 + i });

describe('StreamConnection', () => {
  it('connects, delivers messages, counts malformed ones and keeps going', async () => {
    const got: unknown[] = [];
    const c = binance({}, got);
    await until(() => c.getState().status === 'connected');
    mock.sendBinance('btcusdt@forceOrder', liq(1));
    mock.sendBinanceRaw('{"broken');
    mock.sendBinance('btcusdt@forceOrder', liq(2));
    await until(() => got.length === 3);
    expect(c.getState()).toMatchObject({ messages: 3, malformed: 1, status: 'connected', problem: null });
    expect(c.getState().lastMalformed).toContain('JSON');
  });

  it('reconnects with growing jittered backoff after the server restarts', async () => {
    const states: StreamState[] = [];
    const c = binance({ onState: (s) => states.push(s) });
    await until(() => c.getState().status === 'connected');
    await mock.stop();
    await until(() => c.getState().status === 'reconnecting');
    const waits: number[] = [];
    await until(() => {
      const s = c.getState();
      if (s.retryAt && !waits.includes(s.retryAt)) waits.push(s.retryAt);
      return waits.length >= 4;
    });
    const delays = states.filter((s) => s.status === 'reconnecting').map((s) => s.retryAt! - Date.now());
    expect(delays.every((d) => d <= FAST.backoffMaxMs)).toBe(true);
    expect(c.getState().refused).toBe(true); // attempts against a dead server never open
    await mock.restart();
    await until(() => c.getState().status === 'connected');
    expect(mock.connections.binance).toBe(2);
    mock.sendBinance('btcusdt@forceOrder', liq(3));
    await until(() => c.getState().messages === 1);
  });

  it('a stream silent while connected is treated as dead, reported, and reconnected', async () => {
    mock.silent = true;
    const c = binance();
    await until(() => c.getState().status === 'connected');
    const s = await until(() => (c.getState().silentSince !== null ? c.getState() : null));
    expect(s.problem).toContain('sent nothing');
    expect(s.status === 'reconnecting' || s.status === 'connecting').toBe(true);
    expect(s.silences).toBe(1);
    expect(s.lastSilenceAt).toBeGreaterThanOrEqual(s.silentSince! + FAST.silentMs);
    await until(() => mock.connections.binance >= 2);
    mock.silent = false;
    // Reconnected but not heard from yet: the silences are kept (the status line says them).
    const again = await until(() => (c.getState().status === 'connected' ? c.getState() : null));
    expect(again.silences).toBeGreaterThanOrEqual(1);
    expect(again.lastSilenceAt).not.toBeNull();
    mock.sendBinance('btcusdt@forceOrder', liq(4));
    const heard = await until(() => (c.getState().messages >= 1 ? c.getState() : null));
    expect(heard).toMatchObject({ silentSince: null, silences: 0, lastSilenceAt: null, problem: null });
  });

  it('offline: no attempts; one on online', async () => {
    const network = manualNetwork(false);
    const c = binance({ network });
    await new Promise((r) => setTimeout(r, 150));
    expect(c.getState().status).toBe('offline');
    expect(mock.connections.binance).toBe(0);
    network.set(true);
    await until(() => c.getState().status === 'connected');
    expect(mock.connections.binance).toBe(1);
    network.set(false);
    expect(c.getState().status).toBe('offline');
    await new Promise((r) => setTimeout(r, 300));
    expect(mock.connections.binance).toBe(1);
  });

  it('refused upgrades are reported as refused and retried, capped at the maximum backoff', async () => {
    mock.refuse = true;
    const c = binance({ timing: { ...FAST, backoffMaxMs: 60 } });
    const s = await until(() => (c.getState().status === 'reconnecting' ? c.getState() : null));
    expect([s.refused, s.unreachable]).toEqual([true, true]);
    expect(s.problem).toContain('failed before it opened');
    expect(s.retryAt! - Date.now()).toBeLessThanOrEqual(60);
    mock.refuse = false;
    await until(() => c.getState().status === 'connected');
  });

  it('replaces the connection before its age limit without a gap', async () => {
    const got: unknown[] = [];
    const c = binance({ timing: { ...FAST, rolloverMs: 200 } }, got);
    await until(() => c.getState().status === 'connected');
    await until(() => mock.clients().length === 2); // the replacement is open beside the old one
    for (let i = 0; i < 3; i++) mock.sendBinance('btcusdt@forceOrder', liq(10 + i)); // both hear these
    await until(() => c.getState().rollovers === 1 && mock.clients().length === 1);
    mock.sendBinance('btcusdt@forceOrder', liq(20));
    const timesOf = () => got.map((p) => (p as { events: { time: number }[] }).events[0].time - T0);
    await until(() => timesOf().includes(20));
    const times = timesOf();
    // Every event arrived (duplicates of the overlap are the caller's to drop), in order.
    expect([...new Set(times)]).toEqual([10, 11, 12, 20]);
    expect(c.getState().status).toBe('connected');
  });

  it('Bybit: subscribes, pings every interval, and a refused subscription reconnects', async () => {
    const verdicts: string[] = [];
    const c = new StreamConnection({
      name: 'Bybit', url: mock.bybitBase, subscribe: [bybitSubscribe('BTCUSDT')], ping: { everyMs: 40, message: BYBIT_PING },
      socket, network: manualNetwork(), timing: FAST,
      onMessage: (text) => {
        const p = parseBybitMessage(text);
        verdicts.push(p.kind);
        return p.kind === 'refused' ? { refused: p.reason } : {};
      },
    });
    made.push(c);
    await until(() => mock.pings >= 3);
    expect(mock.clients()[0].streams).toEqual(['allLiquidation.BTCUSDT', 'tickers.BTCUSDT', 'publicTrade.BTCUSDT']);
    expect(verdicts.every((v) => v === 'control')).toBe(true); // ack + pongs keep it alive
    expect(c.getState().status).toBe('connected');
    mock.sendBybitRaw('{"success":false,"ret_msg":"Invalid topic","op":"subscribe"}');
    await until(() => c.getState().refused);
    expect(c.getState().problem).toContain('Invalid topic');
    expect(c.getState().unreachable).toBe(false); // it opened: no address to change
    await until(() => mock.connections.bybit >= 2);
  });

  it('Bybit: a symbol it does not list ends the connection for good, also across going offline and back', async () => {
    mock.bybitUnlisted.add('FOOUSDT');
    const network = manualNetwork();
    const c = new StreamConnection({
      name: 'Bybit', url: mock.bybitBase, subscribe: [bybitSubscribe('FOOUSDT')], socket, network, timing: FAST,
      onMessage: (text) => {
        const p = parseBybitMessage(text);
        return p.kind === 'unlisted' ? { unlisted: `Bybit does not list FOOUSDT (${p.reason})` } : p.kind === 'refused' ? { refused: p.reason } : {};
      },
    });
    made.push(c);
    await until(() => c.getState().status === 'unlisted');
    expect(c.getState()).toMatchObject({ problem: 'Bybit does not list FOOUSDT (Invalid symbol :[allLiquidation.FOOUSDT,tickers.FOOUSDT,publicTrade.FOOUSDT])', retryAt: null });
    await until(() => mock.clients().length === 0); // its socket is closed
    network.set(false);
    network.set(true);
    await new Promise((r) => setTimeout(r, 10 * FAST.backoffBaseMs));
    expect([mock.connections.bybit, c.getState().status]).toEqual([1, 'unlisted']);
  });
});
