/**
 * Bybit lists one row per fill (its dumps and its publicTrade stream alike): a taker order
 * against several makers is several fills with the same time, taker side and price. liqmap
 * groups them into one trade (Binance's aggTrade grain) before anything else, so a trade's
 * notional decides its size bucket and a whale is a whale on both exchanges. The builder's
 * SQL (src/exchanges/bybit/builder/aggregate.ts) groups by the same three fields. On the stream, one
 * order's fills can straddle two consecutive messages: FillStream holds the last group of a
 * message until the next message (or a short wait) shows it complete.
 */
import type { Timers } from '../../../lib/scheduling.ts';
import { RecentIds } from '../../../lib/recent-ids.ts';

/** The trade a fill belongs to: fills with equal keys are one taker order. `time` as the source gives it. */
export const fillGroupKey = (time: number, takerSell: boolean, price: number): string => `${time}|${takerSell ? 1 : 0}|${price}`;

/** One fill as the stream gives it (publicTrade `T`, `p`, `v`, `S`, `i`). */
export interface Fill {
  time: number;
  price: number;
  quantity: number;
  takerSell: boolean;
  fillId: string;
}

/** One taker order's fills: `key` is its first fill's id (it dedupes the overlap of two connections). */
export interface FillTrade {
  time: number;
  price: number;
  quantity: number;
  takerSell: boolean;
  key: string;
}

type Order = { time: number; takerSell: boolean; price: number };
/** The same taker order (fillGroupKey's three fields), compared without building a key. */
const sameOrder = (a: Order, b: Order): boolean => a.price === b.price && a.time === b.time && a.takerSell === b.takerSell;

/** One trade per taker order, in the order of each order's first fill. */
export function groupFills(fills: readonly Fill[]): FillTrade[] {
  const trades: FillTrade[] = [];
  // Trades by price (the field that differs most within a message), looked up by number, no key string.
  const byPrice = new Map<number, FillTrade[]>();
  let last: FillTrade | null = null;
  for (const f of fills) {
    // An order's fills mostly come one after another: they join the trade of the fill before.
    if (last && sameOrder(last, f)) {
      last.quantity += f.quantity;
      continue;
    }
    const atPrice = byPrice.get(f.price);
    last = atPrice?.find((t) => sameOrder(t, f)) ?? null;
    if (last) {
      last.quantity += f.quantity;
      continue;
    }
    last = { time: f.time, price: f.price, quantity: f.quantity, takerSell: f.takerSell, key: f.fillId };
    trades.push(last);
    if (atPrice) atPrice.push(last);
    else byPrice.set(f.price, [last]);
  }
  return trades;
}

/**
 * Long enough for the rest of an order's fills (the next message follows within milliseconds),
 * short beside the live recompute (liveRecomputeMs): the held trade is late by at most this.
 */
export const FILL_HOLD_MS = 250;

/**
 * A stream's fills grouped across messages. Each message's trades are handed on at once,
 * except the group of its last fill, which is held: the next message's fills of the same
 * order are added to it, and any next message with new fills (or FILL_HOLD_MS without one)
 * releases it. A fill seen already (the overlap of two connections) is dropped, so an order
 * is never counted twice, not even in part.
 */
export class FillStream {
  private held: FillTrade | null = null;
  private timer: unknown = null;
  /** Fill ids lately seen: a fill seen twice (two connections overlap) is dropped. */
  private readonly seen = new RecentIds();

  /** `release` takes a held trade when its wait ends without a next message. */
  constructor(
    private readonly release: (trades: FillTrade[]) => void,
    private readonly timers: Timers,
    private readonly holdMs = FILL_HOLD_MS,
  ) {}

  /** The trades complete once these fills (one message, in order) are known. */
  push(all: readonly Fill[]): FillTrade[] {
    const fills = all.filter((f) => this.seen.firstSight(f.fillId));
    if (fills.length === 0) return [];
    const trades = groupFills(fills);
    const held = this.take();
    if (held) {
      const same = trades.findIndex((t) => sameOrder(t, held));
      if (same >= 0) trades[same] = { ...held, quantity: held.quantity + trades[same].quantity };
      else trades.unshift(held);
    }
    // The last fill's order: mostly the last trade, so searched from the end.
    const lastFill = fills[fills.length - 1];
    let last = trades.length - 1;
    while (!sameOrder(trades[last], lastFill)) last--;
    this.held = trades.splice(last, 1)[0];
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      const t = this.take();
      if (t) this.release([t]);
    }, this.holdMs);
    return trades;
  }


  /** The held trade, no longer held (its timer stopped). */
  private take(): FillTrade | null {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const t = this.held;
    this.held = null;
    return t;
  }
}
