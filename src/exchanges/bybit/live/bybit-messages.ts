/**
 * Bybit v5 public linear stream, one connection per symbol carrying three topics:
 * - `allLiquidation.<SYMBOL>`: every liquidation, batched every 500 ms, `data: [{T,s,S,v,p}]`.
 *   `S` is the position side: Buy = a long was liquidated. `v` base units, `p` bankruptcy price.
 * - `tickers.<SYMBOL>`: a `snapshot`, then `delta`s holding only the fields that changed; they
 *   are merged into the last snapshot (bybit-ticker.ts) for mark price and open interest.
 * - `publicTrade.<SYMBOL>`: `data: [{T,s,S,v,p,i,...}]`, one item per fill, `S` the taker's side.
 * A bad item in a batch is counted and skipped; the good ones are kept.
 */
import { groupFills, type Fill } from '../archive/fills.ts';
import { decimal, isEpochMs, isObject, makeLiquidation, parseJson, type Liquidation, type Parsed } from '../../../lib/live/events.ts';

export const BYBIT_STREAM_BASE = 'wss://stream.bybit.com/v5/public/linear';
export const BYBIT_PING = JSON.stringify({ op: 'ping' });
export const BYBIT_PING_MS = 20_000;
/** Bybit's answer to a subscription of a symbol it does not list: `{"success":false,"ret_msg":"Invalid symbol :[tickers.XYZUSDT]","op":"subscribe"}`. */
const UNLISTED = /invalid symbol/i;

/** What the app reads of a symbol; the liquidation recorder needs only the first. */
export const BYBIT_TOPICS = ['allLiquidation', 'tickers', 'publicTrade'] as const;
export type BybitTopic = (typeof BYBIT_TOPICS)[number];

export const bybitTopics = (symbol: string, topics: readonly BybitTopic[] = BYBIT_TOPICS) => topics.map((t) => `${t}.${symbol.toUpperCase()}`);

export function bybitSubscribe(symbol: string, topics?: readonly BybitTopic[]): string {
  return JSON.stringify({ op: 'subscribe', args: bybitTopics(symbol, topics) });
}

/**
 * Bybit's open interest as liqmap counts it: one side, base units. Bybit documents
 * `openInterest` as the sum of both sides; newer answers add `singleOpenInterest` (one side).
 * Binance's figure is one side, so: `singleOpenInterest` when present, else `openInterest / 2`.
 * The live tickers and the REST open-interest history both go through here. NaN when neither
 * field is a non-negative number.
 */
export function bybitOneSideOi(fields: { singleOpenInterest?: unknown; openInterest?: unknown }): number {
  const single = decimal(fields.singleOpenInterest);
  if (single >= 0) return single;
  const both = decimal(fields.openInterest);
  return both >= 0 ? both / 2 : NaN;
}

/** The raw ticker fields of one push, as Bybit sent them (strings), with whether it is a snapshot. */
export interface BybitTickerPush {
  symbol: string;
  snapshot: boolean;
  /** The push's `ts`, epoch ms. */
  time: number;
  fields: Record<string, unknown>;
}

/** A parsed message, with ticker pushes left raw: merging them needs the last snapshot. */
export type BybitParsed = Parsed | { kind: 'ticker'; push: BybitTickerPush };

/** A message read, publicTrade fills left ungrouped: a stream groups them across messages (FillStream). */
export type BybitRead = BybitParsed | { kind: 'fills'; fills: Fill[]; malformed: number };

/** One message on its own, its fills grouped into trades within it. */
export function parseBybitMessage(text: unknown): BybitParsed {
  const read = readBybitMessage(text);
  return read.kind === 'fills' ? { kind: 'trades', trades: groupFills(read.fills), malformed: read.malformed } : read;
}

export function readBybitMessage(text: unknown): BybitRead {
  const msg = parseJson(text);
  if (!isObject(msg)) return { kind: 'malformed', reason: 'not a JSON object' };
  if (typeof msg.op === 'string') {
    // Acks of subscribe and ping ({"success":true,"ret_msg":"pong","op":"ping"}).
    if (msg.success === false) {
      const reason = String(msg.ret_msg ?? 'subscription refused');
      return msg.op === 'subscribe' && UNLISTED.test(reason) ? { kind: 'unlisted', reason } : { kind: 'refused', reason };
    }
    return { kind: 'control' };
  }
  if (typeof msg.topic !== 'string') return { kind: 'malformed', reason: 'neither an "op" reply nor a "topic" push' };
  const topic = msg.topic;
  if (topic.startsWith('tickers.')) return ticker(topic, msg);
  const read = topic.startsWith('allLiquidation.') ? liquidation : topic.startsWith('publicTrade.') ? fill : null;
  if (!read) return { kind: 'control' };
  if (!Array.isArray(msg.data)) return { kind: 'malformed', reason: `${topic} push without a "data" list` };
  const items: (Liquidation | Fill)[] = [];
  let malformed = 0;
  for (const item of msg.data) {
    const got = isObject(item) ? read(item) : null;
    if (got) items.push(got);
    else malformed += 1;
  }
  if (items.length === 0 && malformed > 0) return { kind: 'malformed', reason: `${topic}: no valid item in "data"` };
  if (read === liquidation) return { kind: 'liquidations', events: items as Liquidation[], malformed };
  return { kind: 'fills', fills: items as Fill[], malformed };
}

function ticker(topic: string, msg: Record<string, unknown>): BybitRead {
  const time = decimal(msg.ts);
  const d = msg.data;
  if (!isObject(d) || !isEpochMs(time) || (msg.type !== 'snapshot' && msg.type !== 'delta')) {
    return { kind: 'malformed', reason: `${topic} push without a "data" object, a "ts" time and a type snapshot or delta` };
  }
  return { kind: 'ticker', push: { symbol: typeof d.symbol === 'string' ? d.symbol : topic.slice('tickers.'.length), snapshot: msg.type === 'snapshot', time, fields: d } };
}

function liquidation(d: Record<string, unknown>): Liquidation | null {
  const side = d.S === 'Buy' ? 'long' : d.S === 'Sell' ? 'short' : null;
  const price = decimal(d.p);
  const quantity = decimal(d.v);
  const time = decimal(d.T);
  if (side === null || !(price > 0) || !(quantity > 0) || !isEpochMs(time) || typeof d.s !== 'string') return null;
  return makeLiquidation(time, 'bybit', d.s, side, price, quantity);
}

function fill(d: Record<string, unknown>): Fill | null {
  const price = decimal(d.p);
  const quantity = decimal(d.v);
  const time = decimal(d.T);
  if ((d.S !== 'Buy' && d.S !== 'Sell') || !(price > 0) || !(quantity > 0) || !isEpochMs(time) || typeof d.i !== 'string') return null;
  return { time, price, quantity, takerSell: d.S === 'Sell', fillId: d.i };
}
