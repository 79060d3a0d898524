/**
 * Streamed figures in the models (docs/models.md "Figures"): the hub samples each exchange's
 * streamed figures at most every recomputeMs (LiveHubState.modelFigures); here is the one rule
 * for when they are used. A streamed figure older than STREAM_FRESH_MS is not: its stream has
 * stopped or gone quiet, and the REST or profile figure is used instead, which says so.
 * - Binance streams its mark only: the streamed mark replaces the REST one (and OI in USD follows it).
 * - Bybit streams mark and one-side OI (tickers): both are used, source "stream".
 * Figures typed in by hand always win.
 */
import { formatAge } from '../format.ts';
import type { ExchangeFigures } from './events.ts';
import type { UsedFigures } from '../state/used-figures.ts';

/** Older streamed figures are not used by the models (the stream stopped, or nothing changed for that long). */
export const STREAM_FRESH_MS = 60_000;

/** `x` when it is fresh at `now`, else null. */
export function freshStreamed(x: ExchangeFigures | null | undefined, now: number): ExchangeFigures | null {
  return x && now - x.time <= STREAM_FRESH_MS ? x : null;
}

/** An exchange's streamed mark of `symbol` as it arrives (not sampled: the alerts check every tick), when fresh; else null. */
export function liveMark(x: ExchangeFigures | null | undefined, symbol: string, now: number): number | null {
  const f = freshStreamed(x, now);
  return f && f.symbol === symbol && f.markPrice > 0 ? f.markPrice : null;
}

export function withStreamMark(f: UsedFigures | null, mark: number | null): UsedFigures | null {
  if (!f || f.source === 'manual' || mark === null || !(mark > 0)) return f;
  return { ...f, markPrice: mark, oiUsd: f.contracts * mark };
}

/** Figures of a stream that carries open interest (Bybit's tickers), when fresh and complete; else null. */
export function streamFigures(x: ExchangeFigures | null | undefined, now: number): UsedFigures | null {
  const f = freshStreamed(x, now);
  if (!f || f.contracts === null || !(f.contracts > 0)) return null;
  const oiUsd = f.oiUsd !== null && f.oiUsd > 0 ? f.oiUsd : f.contracts * f.markPrice;
  return { source: 'stream', oiUsd, contracts: f.contracts, markPrice: f.markPrice, time: f.time, ageMs: Math.max(0, now - f.time) };
}

/** Why a stream's figures are not used, for the statement; null when there are none at all. */
export function staleStreamText(x: ExchangeFigures | null | undefined, label: string, now: number): string | null {
  if (!x) return null;
  if (x.contracts === null) return `${label}'s stream has given no open interest`;
  return `${label}'s streamed figures are ${formatAge(Math.max(0, now - x.time))} old`;
}
