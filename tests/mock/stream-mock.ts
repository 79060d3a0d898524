/**
 * A stand-in for the exchanges' WebSocket streams on 127.0.0.1 (the `ws` package), speaking
 * the shapes of docs/binance.md: Binance's combined stream under /market/stream?streams=…
 * (each message wrapped as {"stream","data"}) and Bybit's /v5/public/linear (subscribe with
 * an "op" message, {"op":"ping"} answered with a pong, pushes of allLiquidation.<SYMBOL>,
 * tickers.<SYMBOL> (snapshot, then deltas) and publicTrade.<SYMBOL>).
 * Controlled in-process: push events, go silent, refuse connections, restart on the same
 * port, count connections, subscriptions and pings. Unit tests and browser tests share it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const BINANCE_PATH = '/market';
/** Stream bases on a closed local port: pages of tests that do not look at streams never reach the network. */
export const DEAD_STREAMS = { binanceStreamBase: 'ws://127.0.0.1:9/market', bybitStreamBase: 'ws://127.0.0.1:9/v5/public/linear' };
export const BYBIT_PATH = '/v5/public/linear';

export interface Client {
  exchange: 'binance' | 'bybit';
  socket: WebSocket;
  /** Binance: the streams in the URL; Bybit: the topics subscribed. */
  streams: string[];
}

export interface StreamMock {
  /** ws://127.0.0.1:port, without the exchange path. */
  url: string;
  binanceBase: string;
  bybitBase: string;
  clients(): Client[];
  connections: { binance: number; bybit: number };
  pings: number;
  /** Accept connections but send nothing (the legacy-URL trap). */
  silent: boolean;
  /** Refuse the WebSocket upgrade (HTTP 403). */
  refuse: boolean;
  /** Symbols Bybit does not list: their subscription is refused as Bybit refuses it ("Invalid symbol"). */
  bybitUnlisted: Set<string>;
  sendBinance(stream: string, data: unknown): number;
  sendBinanceRaw(text: string): number;
  sendBybit(topic: string, data: unknown[], ts?: number): number;
  sendBybitRaw(text: string): number;
  /** A tickers.<SYMBOL> push: `data` is one object (all fields in a snapshot, changed ones in a delta). */
  sendBybitTicker(symbol: string, type: 'snapshot' | 'delta', data: Record<string, string>, ts?: number): number;
  /** Mark price per symbol: while set, every Binance client of the symbol gets markPriceUpdate ticks (as Binance sends every second). */
  setMark(symbol: string, price: number): void;
  /** Drop every connection (they reconnect by themselves). */
  dropAll(): void;
  /** Close the listening server and every connection. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const forceOrder = (o: { symbol?: string; side?: 'SELL' | 'BUY'; price: number; qty: number; time: number }) => ({
  e: 'forceOrder', E: o.time + 5,
  o: {
    s: o.symbol ?? 'BTCUSDT', S: o.side ?? 'SELL', o: 'LIMIT', f: 'IOC', q: String(o.qty), p: (o.price * 0.99).toFixed(2), ap: String(o.price),
    X: 'FILLED', l: String(o.qty), z: String(o.qty), T: o.time, ps: o.symbol ?? 'BTCUSDT', st: 1,
  },
});

export const aggTrade = (t: { symbol?: string; id: number; price: number; qty: number; time: number; takerSell: boolean }) => ({
  e: 'aggTrade', E: t.time + 150, a: t.id, s: t.symbol ?? 'BTCUSDT', p: String(t.price), q: String(t.qty), nq: String(t.qty),
  f: t.id * 3, l: t.id * 3 + 2, T: t.time, m: t.takerSell, st: 1,
});

export const markPrice = (m: { symbol?: string; price: number; time: number }) => ({
  e: 'markPriceUpdate', E: m.time, s: m.symbol ?? 'BTCUSDT', p: m.price.toFixed(8), i: String(m.price - 10), P: String(m.price + 5), r: '0.00010000', T: m.time + 3_600_000,
});

export const bybitLiquidation = (l: { symbol?: string; side: 'Buy' | 'Sell'; price: number; qty: number; time: number }) => ({
  T: l.time, s: l.symbol ?? 'BTCUSDT', S: l.side, v: String(l.qty), p: l.price.toFixed(2),
});

/** One publicTrade item (one fill), as Bybit sends it. */
export const bybitFill = (f: { symbol?: string; side: 'Buy' | 'Sell'; price: number; qty: number; time: number; id: string }) => ({
  T: f.time, s: f.symbol ?? 'BTCUSDT', S: f.side, v: String(f.qty), p: f.price.toFixed(2), L: 'PlusTick', i: f.id, BT: false,
});

export async function startStreamMock(port = 0, o: { markEveryMs?: number } = {}): Promise<StreamMock> {
  let server: Server;
  let wss: WebSocketServer;
  const live = new Set<Client>();
  const mock = {} as StreamMock;
  let stopped = false;

  const listen = (p: number) =>
    new Promise<number>((resolve) => {
      server = createServer((_req, res) => res.writeHead(426).end('WebSocket only'));
      wss = new WebSocketServer({ noServer: true });
      server.on('upgrade', (req, socket, head) => {
        if (mock.refuse) {
          socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
          return;
        }
        const url = new URL(req.url ?? '/', 'http://x');
        const exchange = url.pathname === `${BINANCE_PATH}/stream` ? 'binance' : url.pathname === BYBIT_PATH ? 'bybit' : null;
        if (!exchange) {
          socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          const client: Client = { exchange, socket: ws, streams: exchange === 'binance' ? (url.searchParams.get('streams') ?? '').split('/') : [] };
          live.add(client);
          mock.connections[exchange] += 1;
          ws.on('close', () => live.delete(client));
          ws.on('message', (raw) => {
            if (exchange !== 'bybit') return;
            let msg: { op?: string; args?: string[] };
            try { msg = JSON.parse(String(raw)); } catch { return; }
            if (msg.op === 'ping') {
              mock.pings += 1;
              if (!mock.silent) ws.send(JSON.stringify({ success: true, ret_msg: 'pong', conn_id: 'mock', op: 'ping' }));
            } else if (msg.op === 'subscribe') {
              const args = msg.args ?? [];
              if (args.some((a) => mock.bybitUnlisted.has(a.split('.').at(-1)!))) {
                ws.send(JSON.stringify({ success: false, ret_msg: `Invalid symbol :[${args.join(',')}]`, conn_id: 'mock', req_id: '', op: 'subscribe' }));
                return;
              }
              client.streams.push(...args);
              if (!mock.silent) ws.send(JSON.stringify({ success: true, ret_msg: '', conn_id: 'mock', req_id: '', op: 'subscribe' }));
            }
          });
        });
      });
      server.listen(p, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });

  const actualPort = await listen(port);
  const marks = new Map<string, number>();
  const ticker = setInterval(() => {
    if (mock.silent) return;
    for (const [symbol, price] of marks) mock.sendBinance(`${symbol.toLowerCase()}@markPrice@1s`, markPrice({ symbol, price, time: Date.now() }));
  }, o.markEveryMs ?? 1_000);
  const base = `ws://127.0.0.1:${actualPort}`;
  const send = (exchange: Client['exchange'], match: (c: Client) => boolean, text: string) => {
    let n = 0;
    for (const c of live) if (c.exchange === exchange && match(c) && c.socket.readyState === c.socket.OPEN) { c.socket.send(text); n++; }
    return n;
  };
  Object.assign(mock, {
    url: base,
    binanceBase: `${base}${BINANCE_PATH}`,
    bybitBase: `${base}${BYBIT_PATH}`,
    clients: () => [...live],
    connections: { binance: 0, bybit: 0 },
    pings: 0,
    silent: false,
    refuse: false,
    bybitUnlisted: new Set<string>(),
    sendBinance: (stream: string, data: unknown) => send('binance', (c) => c.streams.includes(stream), JSON.stringify({ stream, data })),
    sendBinanceRaw: (text: string) => send('binance', () => true, text),
    sendBybit: (topic: string, data: unknown[], ts = Date.now()) => send('bybit', (c) => c.streams.includes(topic), JSON.stringify({ topic, type: 'snapshot', ts, data })),
    sendBybitRaw: (text: string) => send('bybit', () => true, text),
    sendBybitTicker: (symbol: string, type: 'snapshot' | 'delta', data: Record<string, string>, ts = Date.now()) => {
      const topic = `tickers.${symbol}`;
      return send('bybit', (c) => c.streams.includes(topic), JSON.stringify({ topic, type, data: { symbol, ...data }, cs: 24987956059, ts }));
    },
    setMark: (symbol: string, price: number) => void marks.set(symbol, price),
    dropAll: () => { for (const c of live) c.socket.terminate(); },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const c of live) c.socket.terminate();
      live.clear();
      await new Promise<void>((resolve) => { wss.close(); server.close(() => resolve()); });
    },
    async restart() {
      stopped = false;
      await listen(actualPort);
    },
    close: () => {
      clearInterval(ticker);
      return mock.stop();
    },
  } satisfies Partial<StreamMock>);
  return mock;
}
