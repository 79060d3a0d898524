/**
 * Schema 1 of the profile files (docs/profiles.md) as data: the columns of each kind
 * and the metadata keys, so that validation, loading and the test writers share one source.
 */
import { nice125 } from '../model/bins.ts';
import type { OhlcColumns } from '../model/profile-data.ts';

export type ProfileKind = 'volume' | 'candles' | 'oi';
export const PROFILE_KINDS: readonly ProfileKind[] = ['volume', 'candles', 'oi'];

/** time: any Parquet timestamp (any unit, UTC or not), stored as epoch ms. */
export type ColumnType = 'time' | 'double' | 'int' | 'string';
/** Lowest value a numeric column may hold: prices are > 0, volumes and counts >= 0. */
export type Floor = 'positive' | 'nonnegative';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  floor?: Floor;
}

const nonneg = (name: string): ColumnSpec => ({ name, type: 'double', floor: 'nonnegative' });
const price = (name: string): ColumnSpec => ({ name, type: 'double', floor: 'positive' });
const trades: ColumnSpec = { name: 'trades', type: 'int', floor: 'nonnegative' };

/** The columns of each kind, in the order the builder writes them. */
export const KIND_COLUMNS: Record<ProfileKind, readonly ColumnSpec[]> = {
  volume: [
    { name: 'hour', type: 'time' },
    nonneg('price_bin'),
    { name: 'side', type: 'string' },
    nonneg('size_min'),
    nonneg('notional'),
    nonneg('quantity'),
    trades,
  ],
  candles: [
    { name: 'time', type: 'time' },
    price('open'),
    price('high'),
    price('low'),
    price('close'),
    nonneg('volume'),
    nonneg('quote_volume'),
    nonneg('taker_buy_quote_volume'),
    trades,
  ],
  oi: [{ name: 'time', type: 'time' }, nonneg('open_interest'), nonneg('open_interest_usd')],
};

/**
 * A number column's value as its file holds it: time and int columns as whole numbers
 * (rounded), doubles as given. The one rule for the encoder (profile-writer.ts) and for the
 * columns the engine gets before the bytes (built-columns.ts), so both show the same values.
 */
export function storedNumber(type: ColumnType, value: unknown): number {
  const n = Number(value);
  return type === 'time' || type === 'int' ? Math.round(n) : n;
}

/** The time column of each kind and the grid its values must sit on (ms), if any. */
export const KIND_TIME: Record<ProfileKind, { column: string; gridMs?: number; gridName?: string }> = {
  volume: { column: 'hour', gridMs: 3_600_000, gridName: 'the start of a UTC hour' },
  candles: { column: 'time', gridMs: 300_000, gridName: 'a 5-minute boundary' },
  oi: { column: 'time' },
};

export const META = {
  schema: 'liqmap.schema',
  kind: 'liqmap.kind',
  symbol: 'liqmap.symbol',
  month: 'liqmap.month',
  priceStep: 'liqmap.price_step',
  synthetic: 'liqmap.synthetic',
  source: 'liqmap.source',
  /** UTC days covered, for a month built from daily files before it ended (docs/profiles.md). */
  days: 'liqmap.days',
  /** The exchange whose trades the file holds; `binance` when absent (docs/profiles.md). */
  exchange: 'liqmap.exchange',
} as const;

/**
 * Every exchange liqmap knows, in the order the app offers them (the first is the default),
 * with the name people read. The one list: the type, the URL's and the command line's
 * choices and every check of a profile's or a record's exchange follow it (docs/exchanges.md).
 */
export const EXCHANGE_LABELS = { binance: 'Binance', bybit: 'Bybit' } as const satisfies Record<string, string>;
export type ExchangeId = keyof typeof EXCHANGE_LABELS;
export const EXCHANGE_IDS = Object.keys(EXCHANGE_LABELS) as ExchangeId[];

/** The ids as the checks that name them say: "binance or bybit". */
export const EXCHANGE_IDS_TEXT = EXCHANGE_IDS.join(' or ');
/** Every exchange's name in a sentence: "Binance and Bybit", "Binance, Bybit and OKX". */
export const EXCHANGE_NAMES_TEXT = EXCHANGE_IDS.map((id) => EXCHANGE_LABELS[id]).join(', ').replace(/, ([^,]*)$/, ' and $1');

/** The exchange of a profile without `liqmap.exchange`, or a manifest entry without `exchange`. */
export const DEFAULT_EXCHANGE: ExchangeId = EXCHANGE_IDS[0];

export function isExchange(x: unknown): x is ExchangeId {
  return typeof x === 'string' && Object.hasOwn(EXCHANGE_LABELS, x);
}

/** Several exchanges as people read them: "Binance + Bybit". */
export const exchangesLabel = (ids: readonly ExchangeId[]): string => ids.map((x) => EXCHANGE_LABELS[x]).join(' + ');

export const SCHEMA_VERSION = 1;
export const SYMBOL_RE = /^[A-Z0-9]{2,20}$/;
// Month keys are the archive's; one owner for their pattern and bounds.
export { MONTH_RE, monthBounds } from '../archive/names.ts';

/** Lower edges (USD notional) of the volume profile's `size_min` buckets. */
export const SIZE_EDGES: readonly number[] = Object.freeze([0, 10_000, 100_000, 500_000, 1_000_000, 5_000_000]);

/** The volume profile's `price_step` for a symbol trading at `price`: about 0.01 % of it, on the 1-2-5 scale (BTC 10, ETH 0.5). */
export function profilePriceStep(price: number): number {
  if (!(price > 0) || !Number.isFinite(price)) throw new Error(`cannot choose a price step for price ${price}`);
  return nice125(price * 1e-4);
}

export function isKind(x: unknown): x is ProfileKind {
  return typeof x === 'string' && (PROFILE_KINDS as readonly string[]).includes(x);
}

/** A profile file's liqmap.* key-value metadata (docs/profiles.md), for every writer. */
export interface ProfileMetaInput {
  kind: ProfileKind;
  symbol: string;
  month: string;
  synthetic: boolean;
  /** Input files and how each is identified (name and sha256, or the builder's fingerprint), as JSON. */
  sources: readonly object[];
  priceStep?: number;
  /** `liqmap.days` for months built from daily files (docs/profiles.md). */
  days?: string;
  /** Written only for an exchange other than the default, so Binance files stay as they were. */
  exchange?: ExchangeId;
}

/** The liqmap.* key-value metadata of a profile file, in the order the builder writes it. */
export function profileMetadata(m: ProfileMetaInput): Record<string, string> {
  const meta: Record<string, string> = {
    [META.schema]: String(SCHEMA_VERSION),
    [META.kind]: m.kind,
    [META.symbol]: m.symbol,
    [META.month]: m.month,
  };
  if (m.priceStep !== undefined) meta[META.priceStep] = String(m.priceStep);
  meta[META.synthetic] = String(m.synthetic);
  meta[META.source] = JSON.stringify(m.sources);
  if (m.days !== undefined) meta[META.days] = m.days;
  if (m.exchange !== undefined && m.exchange !== DEFAULT_EXCHANGE) meta[META.exchange] = m.exchange;
  return meta;
}

/** A `candles` profile as typed columns (times in epoch ms), as the importer and the live stream build it. */
export interface CandleColumns extends OhlcColumns {
  volume: Float64Array;
  quote_volume: Float64Array;
  taker_buy_quote_volume: Float64Array;
  trades: Float64Array;
}
