/**
 * Typed failures of the Binance REST client. Every message is plain text (the UI inserts it
 * as text) and names what failed: the endpoint, the symbol and, where it helps, the base URL.
 */

export type BinanceErrorKind =
  /** HTTP 429: too many requests; `retryAfterMs` when the answer carried a readable Retry-After. */
  | 'rate-limited'
  /** HTTP 418: IP banned after ignoring 429s; `untilMs` says when calls may resume. */
  | 'banned'
  /** fetch itself failed: network down, CORS refusal, or a 403/451 without CORS headers. */
  | 'unreachable'
  /** A readable HTTP 403/451 (e.g. through a proxy that adds CORS headers). */
  | 'blocked'
  /** HTTP 5xx. */
  | 'server'
  /** No complete answer within the timeout. */
  | 'timeout'
  /** Malformed JSON, a missing field or a non-numeric field (`field` names it). */
  | 'bad-response'
  /** HTTP 400 with Binance code -1121, or a symbol name the client refuses to send. */
  | 'bad-symbol'
  /** The configured API base URL is not a usable http(s) URL; no request was sent. */
  | 'bad-base-url'
  /** The caller aborted the request (its own AbortSignal); not a Binance failure. */
  | 'aborted'
  /** Any other HTTP status. */
  | 'http';

export interface BinanceErrorInit {
  kind: BinanceErrorKind;
  message: string;
  /** Request path, e.g. `/fapi/v1/openInterest`. */
  endpoint: string;
  symbol: string;
  status?: number;
  retryAfterMs?: number;
  untilMs?: number;
  field?: string;
  binanceCode?: number;
  binanceMsg?: string;
  cause?: unknown;
}

export class BinanceError extends Error {
  override readonly name = 'BinanceError';
  readonly kind: BinanceErrorKind;
  readonly endpoint: string;
  readonly symbol: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly untilMs?: number;
  readonly field?: string;
  readonly binanceCode?: number;
  readonly binanceMsg?: string;

  constructor(init: BinanceErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    this.symbol = init.symbol;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.untilMs = init.untilMs;
    this.field = init.field;
    this.binanceCode = init.binanceCode;
    this.binanceMsg = init.binanceMsg;
  }
}

export function isBinanceError(value: unknown): value is BinanceError {
  return value instanceof BinanceError;
}

const ENDPOINT_NAMES: Record<string, string> = {
  '/fapi/v1/openInterest': 'open interest',
  '/fapi/v1/premiumIndex': 'mark price',
  '/futures/data/openInterestHist': 'open interest history',
  '/fapi/v1/klines': 'klines',
};

/** "open interest for BTCUSDT (/fapi/v1/openInterest)": what a message says failed. */
export function describeRequest(endpoint: string, symbol: string): string {
  const name = ENDPOINT_NAMES[endpoint] ?? endpoint;
  return `${name} for ${symbol || '(no symbol)'} (${endpoint})`;
}

/** Shared wording for the failure that a browser cannot tell apart (docs/binance.md). */
export const UNREACHABLE_TEXT = 'Binance did not answer from this browser (network, CORS or regional block)';
export const SETTINGS_HINT =
  'Check the API base URL in Settings: a same-shape proxy works where Binance is blocked, ' +
  'and the last cached figure or one typed in by hand keeps the map usable.';

/** Binance `msg` texts are plain; keep them short so a hostile proxy cannot flood the UI. */
export function clipText(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
