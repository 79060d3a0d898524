/**
 * What the exchanges' streams carry, once parsed: realised liquidations (each keeps its
 * exchange), taker trades for the live partial profile, and mark price ticks. Numbers are
 * checked here once, so nothing downstream (tape, store, charts) sees NaN or a negative size.
 */

import { isExchange, type ExchangeId } from '../data/profile-schema.ts';

export type { ExchangeId };

/**
 * The exchanges whose liquidations a picture shows (those it is drawn from); null: every one
 * recorded. A Bybit map beside Binance's realised liquidations would compare unlike things.
 */
export type ExchangeChoice = readonly ExchangeId[] | null;

/** A choice as a key: two reads of the same choice keep their sums. */
export const choiceKey = (c: ExchangeChoice): string => (c ? [...c].sort().join(',') : '*');

/** A choice as a set to test events against (null: every exchange). */
export const choiceSet = (c: ExchangeChoice): ReadonlySet<ExchangeId> | null => (c ? new Set(c) : null);

/** Whether an event of `exchange` is of the chosen exchanges (a choiceSet). */
export const chosen = (set: ReadonlySet<ExchangeId> | null, exchange: ExchangeId): boolean => set === null || set.has(exchange);

/** The side of the position that was liquidated. */
export type LiquidatedSide = 'long' | 'short';

export interface Liquidation {
  /** Trade time, epoch ms. */
  time: number;
  exchange: ExchangeId;
  symbol: string;
  side: LiquidatedSide;
  price: number;
  /** Base units (BTC for BTCUSDT). */
  quantity: number;
  usd: number;
}

export interface Trade {
  time: number;
  price: number;
  quantity: number;
  /** The taker sold (Binance `m` true: the buyer was the maker). */
  takerSell: boolean;
  /** Exchange trade id when it has one (dedupes the overlap of two connections). */
  id?: number;
  /** A string id where the exchange has no increasing number (Bybit's fill id); dedupes the same way. */
  key?: string;
}

/** One exchange's latest streamed figures: mark price and, where streamed, one-side open interest. */
export interface ExchangeFigures {
  symbol: string;
  /** The exchange's time of the figures, epoch ms. */
  time: number;
  markPrice: number;
  /** Open interest, one side, base units; null where the stream does not carry it. */
  contracts: number | null;
  /** The exchange's own USD value of that open interest; null where not carried. */
  oiUsd: number | null;
}

export interface MarkTick {
  time: number;
  symbol: string;
  price: number;
}

/** One parsed message: what it carried, or why it was refused. */
export type Parsed =
  | { kind: 'liquidations'; events: Liquidation[]; malformed: number }
  | { kind: 'trade'; trade: Trade }
  | { kind: 'trades'; trades: Trade[]; malformed: number }
  | { kind: 'figures'; figures: ExchangeFigures }
  | { kind: 'mark'; mark: MarkTick }
  /** Acknowledgements, pongs, streams we do not read. */
  | { kind: 'control' }
  /** The exchange refused the subscription (a wrong topic, a passing fault): asked again after a backoff. */
  | { kind: 'refused'; reason: string }
  /** The exchange does not list the symbol (its own answer says so): asking again cannot help. */
  | { kind: 'unlisted'; reason: string }
  | { kind: 'malformed'; reason: string };

/** A decimal string or number as a finite number, or NaN. */
export function decimal(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.trim())) return NaN;
  return Number(value);
}

const positive = (x: number) => Number.isFinite(x) && x > 0;
/** Plausible epoch ms: after 2015 and not absurdly far in the future. */
export const isEpochMs = (t: number) => Number.isInteger(t) && t > 1.42e12 && t < 4.1e12;

/** A liquidation with every field sane, or the reason it is not (also guards the store). */
export function liquidationProblem(e: Liquidation): string | null {
  if (!isEpochMs(e.time)) return `time ${e.time} is not an epoch-ms time`;
  if (!isExchange(e.exchange)) return `unknown exchange ${String(e.exchange)}`;
  if (typeof e.symbol !== 'string' || !/^[A-Z0-9]{2,20}$/.test(e.symbol)) return `symbol ${String(e.symbol)} is not a symbol`;
  if (e.side !== 'long' && e.side !== 'short') return `side ${String(e.side)} is not long or short`;
  if (!positive(e.price) || !positive(e.quantity) || !positive(e.usd)) return 'price, quantity and usd must be positive numbers';
  return null;
}

export function makeLiquidation(time: number, exchange: ExchangeId, symbol: string, side: LiquidatedSide, price: number, quantity: number): Liquidation {
  return { time, exchange, symbol, side, price, quantity, usd: price * quantity };
}

/** Index of the first event at or after `time` in `events`, oldest first (the buffer's order); its length if none. */
export function firstFrom(events: readonly { time: number }[], time: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The fields that tell one event of a symbol from another (the store's key uses them too, with the symbol). */
const IDENTITY = ['exchange', 'time', 'side', 'price', 'quantity'] as const satisfies readonly (keyof Liquidation)[];

/** Identity of an event across connections and reloads, as a string (separated: 101|0.01 is not 10|10.01). */
export function liquidationKey(e: Liquidation): string {
  return IDENTITY.map((f) => e[f]).join('|');
}

/** The same event as liquidationKey tells it, compared field by field without building strings. */
export function sameEvent(a: Liquidation, b: Liquidation): boolean {
  for (const f of IDENTITY) if (a[f] !== b[f]) return false;
  return true;
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
