/** Binance USDⓈ-M: REST open interest and mark price, and the combined /market stream. */
import { fetchOpenInterest, fetchPremiumIndex } from '../binance/client.ts';
import { BinanceError } from '../binance/errors.ts';
import { BINANCE_STREAM_BASE, binanceStreamBaseProblem, binanceStreams, binanceStreamUrl, parseBinanceMessage } from './binance-messages.ts';
import type { FiguresAnswer, FiguresRequest, LiveSource } from './source.ts';

export const binanceSource: LiveSource = {
  id: 'binance',
  label: 'Binance',
  defaultStreamBase: BINANCE_STREAM_BASE,
  streamBaseProblem: binanceStreamBaseProblem,
  carries: ['mark', 'liquidations', 'trades'],
  async fetchFigures(baseUrl: string, symbol: string, request: FiguresRequest): Promise<FiguresAnswer> {
    const [oi, px] = await Promise.allSettled([fetchOpenInterest(baseUrl, symbol, request), fetchPremiumIndex(baseUrl, symbol, request)]);
    if (oi.status === 'fulfilled' && px.status === 'fulfilled') {
      return { contracts: oi.value.contracts, oiTime: oi.value.time, markPrice: px.value.markPrice, indexPrice: px.value.indexPrice, priceTime: px.value.time };
    }
    throw worstError([oi, px]);
  },
  streamPlan: (base, symbol) => ({ url: binanceStreamUrl(base, symbol), parse: parseBinanceMessage }),
  recordPlan: (base, symbols) => ({ url: binanceRecordUrl(base, symbols), parse: parseBinanceMessage }),
};

/**
 * The recorder's connection: one for every symbol, forceOrder plus the 1 s mark price (which
 * keeps a quiet symbol's stream from looking silent) — not aggTrade, which it does not need.
 */
export function binanceRecordUrl(base: string, symbols: readonly string[]): string {
  const streams = symbols.flatMap((s) => binanceStreams(s).filter((n) => !n.endsWith('@aggTrade')));
  return `${base}/stream?streams=${streams.join('/')}`;
}

const SEVERITY: Partial<Record<BinanceError['kind'], number>> = { banned: 3, 'rate-limited': 2 };

/** The error that decides what happens next: a ban over a rate limit over anything else. */
function worstError(results: PromiseSettledResult<unknown>[]): BinanceError {
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [asBinanceError(r.reason)] : []));
  return errors.reduce((a, b) => ((SEVERITY[b.kind] ?? 0) > (SEVERITY[a.kind] ?? 0) ? b : a));
}

export function asBinanceError(reason: unknown): BinanceError {
  if (reason instanceof BinanceError) return reason;
  const text = reason instanceof Error ? reason.message : String(reason);
  return new BinanceError({ kind: 'http', endpoint: '', symbol: '', message: `Unexpected failure: ${text}` });
}
