/**
 * Bybit v5 public linear stream: `allLiquidation.<SYMBOL>` pushes every liquidation, batched
 * every 500 ms, as `{"topic","type","ts","data":[{T,s,S,v,p}]}`. `S` is the position side:
 * Buy = a long was liquidated. `v` base units, `p` bankruptcy price. A bad item in a batch is
 * counted and skipped; the good ones are kept.
 */
import { decimal, isEpochMs, isObject, makeLiquidation, parseJson, type Liquidation, type Parsed } from './events.ts';

export const BYBIT_STREAM_BASE = 'wss://stream.bybit.com/v5/public/linear';
export const BYBIT_PING = JSON.stringify({ op: 'ping' });
export const BYBIT_PING_MS = 20_000;

export function bybitSubscribe(symbol: string): string {
  return JSON.stringify({ op: 'subscribe', args: [`allLiquidation.${symbol.toUpperCase()}`] });
}

export function parseBybitMessage(text: unknown): Parsed {
  const msg = parseJson(text);
  if (!isObject(msg)) return { kind: 'malformed', reason: 'not a JSON object' };
  if (typeof msg.op === 'string') {
    // Acks of subscribe and ping ({"success":true,"ret_msg":"pong","op":"ping"}).
    if (msg.success === false) return { kind: 'refused', reason: String(msg.ret_msg ?? 'subscription refused') };
    return { kind: 'control' };
  }
  if (typeof msg.topic !== 'string') return { kind: 'malformed', reason: 'neither an "op" reply nor a "topic" push' };
  if (!msg.topic.startsWith('allLiquidation.')) return { kind: 'control' };
  if (!Array.isArray(msg.data)) return { kind: 'malformed', reason: `${msg.topic} push without a "data" list` };
  const events: Liquidation[] = [];
  let malformed = 0;
  for (const item of msg.data) {
    const event = isObject(item) ? liquidation(item) : null;
    if (event) events.push(event);
    else malformed += 1;
  }
  if (events.length === 0 && malformed > 0) return { kind: 'malformed', reason: `${msg.topic}: no valid item in "data"` };
  return { kind: 'liquidations', events, malformed };
}

function liquidation(d: Record<string, unknown>): Liquidation | null {
  const side = d.S === 'Buy' ? 'long' : d.S === 'Sell' ? 'short' : null;
  const price = decimal(d.p);
  const quantity = decimal(d.v);
  const time = decimal(d.T);
  if (side === null || !(price > 0) || !(quantity > 0) || !isEpochMs(time) || typeof d.s !== 'string') return null;
  return makeLiquidation(time, 'bybit', d.s, side, price, quantity);
}
