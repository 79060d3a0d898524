/**
 * The open interest and price a model uses, in order of preference: typed in by hand, live
 * from Binance (its streamed mark over the REST one when fresh), the last good cached answer,
 * and finally the profile's own latest OI record and candle close (so the app draws with
 * Binance unreachable and nothing cached). With several exchanges each one has its own figures
 * (exchangeFigures): Binance's by that rule, Bybit's from its tickers stream when fresh, else
 * from its own profile.
 */
import type { LiveState } from '../binance/index.ts';
import type { Prepared } from '../engine/api.ts';
import { EXCHANGE_LABELS } from '../data/profile-schema.ts';
import type { ExchangeFigures, ExchangeId } from '../live/events.ts';
import { freshStreamed, staleStreamText, streamFigures, withStreamMark } from '../live/stream-mark.ts';

export interface UsedFigures {
  /** 'stream': the exchange's own stream (Bybit's tickers) gave both OI and mark. */
  source: 'manual' | 'live' | 'cached' | 'stream' | 'profile';
  oiUsd: number;
  contracts: number;
  markPrice: number;
  /** When the OI figure was true, epoch ms. */
  time: number;
  ageMs: number;
  /** A profile figure: why no exchange figure is used (absent: none yet). */
  why?: string;
}

/** One selected exchange's figures; null when it has neither a live figure nor a profile OI record. */
export interface ExchangeUsedFigures {
  id: ExchangeId;
  figures: UsedFigures | null;
}

/** The fallback: a profile's latest OI record and candle close. */
export function profileFigures(p: Pick<Prepared, 'lastOi' | 'lastClose'> | undefined, now: number, why?: string | null): UsedFigures | null {
  if (!p?.lastOi || !(p.lastClose > 0)) return null;
  const { time, contracts, usd } = p.lastOi;
  return { source: 'profile', oiUsd: usd, contracts, markPrice: p.lastClose, time, ageMs: Math.max(0, now - time), ...(why ? { why } : {}) };
}

export function usedFigures(live: LiveState, prepared: Prepared | null, now: number): UsedFigures | null {
  const f = live.figure;
  if (f) return { source: f.source, oiUsd: f.oiUsd, contracts: f.contracts, markPrice: f.markPrice, time: f.time, ageMs: Math.max(0, now - f.time) };
  return profileFigures(prepared ?? undefined, now);
}

/** Each exchange's streamed figures as the hub sampled them (LiveHubState.modelFigures). */
export type StreamedFigures = Partial<Record<ExchangeId, ExchangeFigures>>;

/**
 * Each selected exchange's figures: Binance's as usedFigures gives them (REST OI, its fresh
 * streamed mark), the others' from their own stream when fresh, else from their own profile.
 * Figures typed in by hand are those of the one exchange chosen, or Binance's part of several.
 */
export function exchangeFigures(ids: readonly ExchangeId[], live: LiveState, prepared: Prepared | null, now: number, streamed: StreamedFigures = {}): ExchangeUsedFigures[] {
  return ids.map((id) => {
    const own = prepared?.exchanges?.find((e) => e.id === id);
    if (id !== 'binance' && ids.length === 1 && live.figure?.source === 'manual') return { id, figures: usedFigures(live, null, now) };
    if (id === 'binance') {
      const rest = live.figure ? usedFigures(live, null, now) : profileFigures(own ?? prepared ?? undefined, now);
      return { id, figures: withStreamMark(rest, freshStreamed(streamed.binance, now)?.markPrice ?? null) };
    }
    return { id, figures: streamFigures(streamed[id], now) ?? profileFigures(own, now, staleStreamText(streamed[id], EXCHANGE_LABELS[id], now)) };
  });
}
