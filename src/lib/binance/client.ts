/**
 * Binance USDⓈ-M futures REST client (public, keyless endpoints of docs/binance.md). Every
 * function returns parsed numbers or throws a BinanceError (see errors.ts).
 */
import { getJson, normalizeSymbol, type RequestOptions } from './http.ts';
import {
  badResponse,
  decimalField,
  readArray,
  readDecimal,
  readObject,
  readTime,
  symbolField,
  timeField,
  type AnswerContext,
} from './parse.ts';

export type { RequestOptions } from './http.ts';

export interface OpenInterest {
  symbol: string;
  /** Open interest in contracts (e.g. BTC for BTCUSDT). */
  contracts: number;
  /** Binance's time of the figure, epoch ms. */
  time: number;
}

export interface PremiumIndex {
  symbol: string;
  markPrice: number;
  indexPrice: number;
  time: number;
}

export interface OpenInterestPoint {
  symbol: string;
  contracts: number;
  /** `sumOpenInterestValue`: open interest in USD as Binance values it. */
  usd: number;
  time: number;
}

export interface Kline {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  closeTime: number;
  quoteVolume: number;
  trades: number;
  takerBuyBase: number;
  takerBuyQuote: number;
}

export type OiHistPeriod = '5m' | '15m' | '30m' | '1h' | '2h' | '4h' | '6h' | '12h' | '1d';

export interface OiHistQuery {
  period: OiHistPeriod;
  /** At most 500 (Binance's default 30). Binance serves only the last 30 days. */
  limit?: number;
  startTime?: number;
  endTime?: number;
}

export interface KlinesQuery {
  interval: string;
  /** At most 1500 (Binance's default 500); the request weight grows with it. */
  limit?: number;
  startTime?: number;
  endTime?: number;
}

export const OPEN_INTEREST_PATH = '/fapi/v1/openInterest';
export const PREMIUM_INDEX_PATH = '/fapi/v1/premiumIndex';
export const OPEN_INTEREST_HIST_PATH = '/futures/data/openInterestHist';
export const KLINES_PATH = '/fapi/v1/klines';

function context(endpoint: string, symbol: string): AnswerContext {
  return { endpoint, symbol: normalizeSymbol(symbol) ?? symbol };
}

export async function fetchOpenInterest(base: string, symbol: string, opts?: RequestOptions): Promise<OpenInterest> {
  const ctx = context(OPEN_INTEREST_PATH, symbol);
  const body = readObject(await getJson(base, ctx.endpoint, ctx.symbol, {}, opts), ctx);
  return {
    symbol: symbolField(body, ctx),
    contracts: decimalField(body, 'openInterest', ctx),
    time: timeField(body, 'time', ctx),
  };
}

export async function fetchPremiumIndex(base: string, symbol: string, opts?: RequestOptions): Promise<PremiumIndex> {
  const ctx = context(PREMIUM_INDEX_PATH, symbol);
  const body = readObject(await getJson(base, ctx.endpoint, ctx.symbol, {}, opts), ctx);
  return {
    symbol: symbolField(body, ctx),
    markPrice: positive(decimalField(body, 'markPrice', ctx), 'markPrice', ctx),
    indexPrice: decimalField(body, 'indexPrice', ctx),
    time: timeField(body, 'time', ctx),
  };
}

/** Open interest history (Binance keeps the last 30 days), oldest first as Binance sends it. */
export async function fetchOpenInterestHist(
  base: string,
  symbol: string,
  query: OiHistQuery,
  opts?: RequestOptions,
): Promise<OpenInterestPoint[]> {
  const ctx = context(OPEN_INTEREST_HIST_PATH, symbol);
  const { period, limit, startTime, endTime } = query;
  const rows = readArray(await getJson(base, ctx.endpoint, ctx.symbol, { period, limit, startTime, endTime }, opts), ctx);
  return rows.map((row, i) => {
    const obj = readObject(row, ctx, `row ${i}`);
    return {
      symbol: symbolField(obj, ctx),
      contracts: decimalField(obj, 'sumOpenInterest', ctx),
      usd: decimalField(obj, 'sumOpenInterestValue', ctx),
      time: timeField(obj, 'timestamp', ctx),
    };
  });
}

/** Column names of a kline row, as the archive's CSV header spells them. */
export const KLINE_COLUMNS = [
  'open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time',
  'quote_volume', 'count', 'taker_buy_volume', 'taker_buy_quote_volume', 'ignore',
] as const;

export async function fetchKlines(base: string, symbol: string, query: KlinesQuery, opts?: RequestOptions): Promise<Kline[]> {
  const ctx = context(KLINES_PATH, symbol);
  const { interval, limit, startTime, endTime } = query;
  const rows = readArray(await getJson(base, ctx.endpoint, ctx.symbol, { interval, limit, startTime, endTime }, opts), ctx);
  return rows.map((row, i) => {
    const cells = readArray(row, ctx, `row ${i}`);
    if (cells.length < 11) {
      const field = KLINE_COLUMNS[cells.length]!;
      throw badResponse(ctx, `field "${field}" is missing in row ${i}`, field);
    }
    const num = (col: number) => readDecimal(cells[col], KLINE_COLUMNS[col], ctx);
    const time = (col: number) => readTime(cells[col], KLINE_COLUMNS[col], ctx);
    return {
      openTime: time(0),
      open: num(1),
      high: num(2),
      low: num(3),
      close: num(4),
      volume: num(5),
      closeTime: time(6),
      quoteVolume: num(7),
      trades: num(8),
      takerBuyBase: num(9),
      takerBuyQuote: num(10),
    };
  });
}

function positive(value: number, field: string, ctx: AnswerContext): number {
  if (value <= 0) throw badResponse(ctx, `field "${field}" is not above 0`, field);
  return value;
}
