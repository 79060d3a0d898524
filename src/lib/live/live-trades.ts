/**
 * The live partial profile: taker trades streamed after the last profile hour, aggregated as
 * a volume profile is (UTC hour x price x side x trade-size bucket -> notional, quantity,
 * trades), so the engine can put them beside the profile rows. Prices stay exact here; the
 * engine bins them with the profile's own step. Trades at or before the profile's end are
 * skipped (the profile already holds them), and so are ids already seen (two connections
 * overlap while one replaces the other): increasing numbers (Binance) or recent string ids (Bybit).
 */
import { SIZE_EDGES, type CandleColumns } from '../data/profile-schema.ts';
import type { Trade } from './events.ts';
import { RecentIds } from '../recent-ids.ts';

const HOUR = 3_600_000;

const CANDLE = 300_000;
/**
 * Live trades extend a profile only across a short gap (daily archives arrive a day or two
 * late): a profile that ended long ago is not made to look current by minutes of trades.
 */
export const MAX_LIVE_GAP_MS = 3 * 86_400_000;

/** Typed columns, ready to cross to the worker. side: 0 = taker buy, 1 = taker sell. */
export interface LiveVolumeRows {
  hour: Float64Array;
  price: Float64Array;
  side: Uint8Array;
  sizeMin: Float64Array;
  notional: Float64Array;
  quantity: Float64Array;
  trades: Float64Array;
}

/** 5-minute candles built from the same trades, so the heatmap's time axis reaches them. */
export type LiveCandleRows = CandleColumns;

export interface LiveRows {
  volume: LiveVolumeRows;
  candles: LiveCandleRows;
}

interface Candle {
  time: number;
  open: number;
  openAt: number;
  high: number;
  low: number;
  close: number;
  closeAt: number;
  volume: number;
  quote: number;
  takerBuyQuote: number;
  trades: number;
}

/** The size bucket's lower edge (the profile's `size_min`) for a trade's notional. */
export function sizeBucket(notional: number): number {
  let edge = 0;
  for (const e of SIZE_EDGES) if (notional >= e) edge = e;
  return edge;
}

interface Cell {
  hour: number;
  price: number;
  side: number;
  sizeMin: number;
  notional: number;
  quantity: number;
  trades: number;
}

export class LiveTradeProfile {
  private readonly cells = new Map<string, Cell>();
  private readonly candles = new Map<number, Candle>();
  private lastId = -Infinity;
  /** String ids seen lately (Bybit's), oldest first in insertion order; bounded. */
  private readonly recentKeys = new RecentIds();
  /** Time of the first trade kept, epoch ms; null before any. */
  since: number | null = null;
  /** Trades kept since the last take of rows. */
  fresh = 0;
  /** Trades kept in all. */
  kept = 0;
  /** Trades ignored because the profile ends more than MAX_LIVE_GAP_MS before them. */
  beyondGap = 0;

  /** `profileEnd`: the start of the last profile hour (epoch ms); trades before the next hour are skipped. */
  constructor(readonly profileEnd: number) {}

  add(trades: readonly Trade[]): void {
    const firstHour = this.profileEnd + HOUR;
    for (const t of trades) {
      if (t.id !== undefined) {
        if (t.id <= this.lastId) continue;
        this.lastId = t.id;
      } else if (t.key !== undefined && !this.recentKeys.firstSight(t.key)) continue;
      if (t.time < firstHour) continue;
      if (t.time - this.profileEnd > MAX_LIVE_GAP_MS) {
        this.beyondGap += 1;
        continue;
      }
      const hour = t.time - (t.time % HOUR);
      const notional = t.price * t.quantity;
      const side = t.takerSell ? 1 : 0;
      const sizeMin = sizeBucket(notional);
      const key = `${hour}|${t.price}|${side}|${sizeMin}`;
      let c = this.cells.get(key);
      if (!c) this.cells.set(key, (c = { hour, price: t.price, side, sizeMin, notional: 0, quantity: 0, trades: 0 }));
      c.notional += notional;
      c.quantity += t.quantity;
      c.trades += 1;
      this.addToCandle(t, notional);
      this.since = this.since === null ? t.time : Math.min(this.since, t.time);
      this.fresh += 1;
      this.kept += 1;
    }
  }

  private addToCandle(t: Trade, notional: number): void {
    const time = t.time - (t.time % CANDLE);
    let k = this.candles.get(time);
    if (!k) {
      k = { time, open: t.price, openAt: t.time, high: t.price, low: t.price, close: t.price, closeAt: t.time, volume: 0, quote: 0, takerBuyQuote: 0, trades: 0 };
      this.candles.set(time, k);
    }
    if (t.time < k.openAt) Object.assign(k, { open: t.price, openAt: t.time });
    if (t.time >= k.closeAt) Object.assign(k, { close: t.price, closeAt: t.time });
    k.high = Math.max(k.high, t.price);
    k.low = Math.min(k.low, t.price);
    k.volume += t.quantity;
    k.quote += notional;
    if (!t.takerSell) k.takerBuyQuote += notional;
    k.trades += 1;
  }

  get size(): number {
    return this.cells.size;
  }

  rows(): LiveRows {
    return { volume: this.volumeRows(), candles: this.candleRows() };
  }

  private candleRows(): LiveCandleRows {
    const list = [...this.candles.values()].sort((a, b) => a.time - b.time);
    const col = (f: (k: Candle) => number) => Float64Array.from(list, f);
    return {
      time: col((k) => k.time), open: col((k) => k.open), high: col((k) => k.high), low: col((k) => k.low), close: col((k) => k.close),
      volume: col((k) => k.volume), quote_volume: col((k) => k.quote), taker_buy_quote_volume: col((k) => k.takerBuyQuote), trades: col((k) => k.trades),
    };
  }

  private volumeRows(): LiveVolumeRows {
    const n = this.cells.size;
    const r: LiveVolumeRows = {
      hour: new Float64Array(n), price: new Float64Array(n), side: new Uint8Array(n), sizeMin: new Float64Array(n),
      notional: new Float64Array(n), quantity: new Float64Array(n), trades: new Float64Array(n),
    };
    let i = 0;
    for (const c of this.cells.values()) {
      r.hour[i] = c.hour;
      r.price[i] = c.price;
      r.side[i] = c.side;
      r.sizeMin[i] = c.sizeMin;
      r.notional[i] = c.notional;
      r.quantity[i] = c.quantity;
      r.trades[i] = c.trades;
      i++;
    }
    this.fresh = 0;
    return r;
  }
}
