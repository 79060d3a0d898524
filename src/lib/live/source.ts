/**
 * The live-source seam: what every exchange client offers. REST figures (open interest and
 * mark price, for the model's size) where the exchange's REST answers browsers, and one
 * stream connection per symbol carrying some of: mark price, realised liquidations, trades.
 * A new exchange's LiveSource is the `live` of its AppExchange (src/exchanges/<id>/app.ts).
 */
import type { Timers } from '../scheduling.ts';
import type { ExchangeId, Parsed } from './events.ts';
import { parseBaseUrl, type BaseUrlCheck } from '../binance/base-url.ts';

export interface FiguresAnswer {
  /** Open interest in contracts (base units). */
  contracts: number;
  markPrice: number;
  indexPrice: number;
  /** The exchange's time of the OI figure and of the price, epoch ms. */
  oiTime: number;
  priceTime: number;
}

export interface FiguresRequest {
  fetch?: typeof fetch;
  timeoutMs: number;
  signal: AbortSignal;
  now: () => number;
}

/** How to open and read one symbol's stream connection. */
export interface StreamPlan {
  url: string;
  /** Sent once the socket opens. */
  subscribe?: string[];
  /** An application-level ping the exchange requires. */
  ping?: { everyMs: number; message: string };
  parse(text: unknown): Parsed;
}

export type StreamContent = 'mark' | 'open interest' | 'liquidations' | 'trades';

/** Where a reader hands what it held past a message (Bybit's last trade of a message), and its clock. */
export interface StreamLater {
  deliver(parsed: Parsed): void;
  timers: Timers;
}

export interface LiveSource {
  id: ExchangeId;
  /** For people: "Binance". */
  label: string;
  /** The stream base a user may replace (a proxy, a mirror); validated by parseStreamBase. */
  defaultStreamBase: string;
  /** Why a base that parses is still wrong for this exchange (a known silent path), or null. */
  streamBaseProblem?(url: string): string | null;
  carries: readonly StreamContent[];
  /** REST figures; rejects with the exchange's error type. Absent when not offered. */
  fetchFigures?(baseUrl: string, symbol: string, request: FiguresRequest): Promise<FiguresAnswer>;
  streamPlan(streamBase: string, symbol: string, later?: StreamLater): StreamPlan;
  /** The command-line recorder's one connection for every symbol's realised liquidations (tools/cli/record.ts). */
  recordPlan(streamBase: string, symbols: readonly string[]): StreamPlan;
}

export type StreamBaseCheck = BaseUrlCheck;

/**
 * A typed WebSocket base: ws:// or wss://, no credentials, query or fragment; trailing slashes
 * dropped; and none the exchange is known to stay silent on (`problem`).
 */
export function parseStreamBase(input: string, fallback: string, problem?: (url: string) => string | null): StreamBaseCheck {
  const check = parseBaseUrl(input, fallback, 'A WebSocket base URL', ['wss:', 'ws:']);
  const why = check.ok && problem ? problem(check.url) : null;
  return why ? { ok: false, error: why } : check;
}
