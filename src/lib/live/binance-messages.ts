/**
 * Binance USDⓈ-M market streams (combined connection under /market/stream): markPriceUpdate,
 * forceOrder and aggTrade. Prices and quantities arrive as strings; unknown fields (the newer
 * `ps`, `st`, `nq`) are ignored. `S` SELL means the engine sold a long's position: a long was
 * liquidated. A forceOrder's price is the average fill `ap` (falling back to the order price
 * `p`), its quantity the filled `z` (falling back to `l`, then `q`).
 */
import { decimal, isEpochMs, isObject, makeLiquidation, parseJson, type Parsed } from './events.ts';

export const BINANCE_STREAM_BASE = 'wss://fstream.binance.com/market';

/**
 * Binance's own host serves these streams under /market only: the bare host (the base before
 * 2026-04-23) and /ws accept the connection and the subscription and never deliver a message
 * (docs/binance.md). A proxy elsewhere may use any path.
 */
export function binanceStreamBaseProblem(url: string): string | null {
  const u = new URL(url);
  if (u.hostname !== new URL(BINANCE_STREAM_BASE).hostname || u.pathname.replace(/\/+$/, '') === '/market') return null;
  return `Binance serves these streams under ${BINANCE_STREAM_BASE}: ${url} accepts the connection but never delivers them`;
}

/** The stream names for one symbol, in the combined form Binance expects (lower case). */
export function binanceStreams(symbol: string): string[] {
  const s = symbol.toLowerCase();
  return [`${s}@markPrice@1s`, `${s}@forceOrder`, `${s}@aggTrade`];
}

/** The combined-stream URL: one connection carries the three streams of the symbol. */
export function binanceStreamUrl(base: string, symbol: string): string {
  return `${base.replace(/\/+$/, '')}/stream?streams=${binanceStreams(symbol).join('/')}`;
}

const bad = (reason: string): Parsed => ({ kind: 'malformed', reason });

export function parseBinanceMessage(text: unknown): Parsed {
  const msg = parseJson(text);
  if (!isObject(msg)) return bad('not a JSON object');
  // Replies to SUBSCRIBE-style requests and errors: {"result":null,"id":1}, {"error":{...}}.
  if ('error' in msg && isObject(msg.error)) return { kind: 'refused', reason: String(msg.error.msg ?? 'error') };
  if ('result' in msg && 'id' in msg) return { kind: 'control' };
  const data = 'data' in msg && isObject(msg.data) ? msg.data : msg;
  switch (data.e) {
    case 'markPriceUpdate':
      return markPrice(data);
    case 'forceOrder':
      return forceOrder(data);
    case 'aggTrade':
      return aggTrade(data);
    default:
      return typeof data.e === 'string' ? { kind: 'control' } : bad('no event type ("e")');
  }
}

function markPrice(d: Record<string, unknown>): Parsed {
  const price = decimal(d.p);
  const time = decimal(d.E);
  if (!(price > 0) || !isEpochMs(time) || typeof d.s !== 'string') return bad('markPriceUpdate without a positive "p", an "E" time and a symbol');
  return { kind: 'mark', mark: { time, symbol: d.s, price } };
}

function forceOrder(d: Record<string, unknown>): Parsed {
  const o = d.o;
  if (!isObject(o)) return bad('forceOrder without its order "o"');
  const side = o.S === 'SELL' ? 'long' : o.S === 'BUY' ? 'short' : null;
  const fill = decimal(o.ap);
  const price = fill > 0 ? fill : decimal(o.p);
  const quantity = [decimal(o.z), decimal(o.l), decimal(o.q)].find((q) => q > 0) ?? NaN;
  const time = decimal(o.T);
  if (side === null) return bad(`forceOrder side "${String(o.S)}" is neither SELL nor BUY`);
  if (!(price > 0) || !(quantity > 0) || !isEpochMs(time) || typeof o.s !== 'string') {
    return bad('forceOrder without a positive price, quantity, "T" time and symbol');
  }
  return { kind: 'liquidations', events: [makeLiquidation(time, 'binance', o.s, side, price, quantity)], malformed: 0 };
}

function aggTrade(d: Record<string, unknown>): Parsed {
  const price = decimal(d.p);
  const quantity = decimal(d.q);
  const time = decimal(d.T);
  if (!(price > 0) || !(quantity > 0) || !isEpochMs(time) || typeof d.m !== 'boolean') {
    return bad('aggTrade without a positive "p" and "q", a "T" time and a boolean "m"');
  }
  const id = decimal(d.a);
  return { kind: 'trade', trade: { time, price, quantity, takerSell: d.m, ...(Number.isInteger(id) ? { id } : {}) } };
}
