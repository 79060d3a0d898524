/**
 * The open interest and price a model uses, in order of preference: typed in by hand, live
 * from Binance, the last good cached answer, and finally the profile's own latest OI record
 * and candle close (so the app draws with Binance unreachable and nothing cached). With several
 * exchanges each one has its own figures, by the same rule (exchangeFigures).
 */
import type { LiveState } from '../binance/index.ts';
import type { Prepared } from '../engine/api.ts';
import type { ExchangeId } from '../live/events.ts';

export interface UsedFigures {
  source: 'manual' | 'live' | 'cached' | 'profile';
  oiUsd: number;
  contracts: number;
  markPrice: number;
  /** When the OI figure was true, epoch ms. */
  time: number;
  ageMs: number;
}

/** One selected exchange's figures; null when it has neither a live figure nor a profile OI record. */
export interface ExchangeUsedFigures {
  id: ExchangeId;
  figures: UsedFigures | null;
}

/** The fallback: a profile's latest OI record and candle close. */
export function profileFigures(p: Pick<Prepared, 'lastOi' | 'lastClose'> | undefined, now: number): UsedFigures | null {
  if (!p?.lastOi || !(p.lastClose > 0)) return null;
  const { time, contracts, usd } = p.lastOi;
  return { source: 'profile', oiUsd: usd, contracts, markPrice: p.lastClose, time, ageMs: Math.max(0, now - time) };
}

export function usedFigures(live: LiveState, prepared: Prepared | null, now: number): UsedFigures | null {
  const f = live.figure;
  if (f) return { source: f.source, oiUsd: f.oiUsd, contracts: f.contracts, markPrice: f.markPrice, time: f.time, ageMs: Math.max(0, now - f.time) };
  return profileFigures(prepared ?? undefined, now);
}

/**
 * A live figure of an exchange other than Binance (Bybit's tickers in the live hub), or null.
 * The one seam where the hub's per-exchange figures come in; until wired, the profile's figures are used.
 */
export type OtherLiveFigure = (id: ExchangeId, now: number) => UsedFigures | null;
const noOtherLive: OtherLiveFigure = () => null;

/** Each selected exchange's figures: Binance's as usedFigures gives them, the others' live or from their profile. */
export function exchangeFigures(ids: readonly ExchangeId[], live: LiveState, prepared: Prepared | null, now: number, otherLive: OtherLiveFigure = noOtherLive): ExchangeUsedFigures[] {
  return ids.map((id) => {
    const own = prepared?.exchanges?.find((e) => e.id === id);
    if (id === 'binance') return { id, figures: live.figure ? usedFigures(live, null, now) : profileFigures(own ?? prepared ?? undefined, now) };
    return { id, figures: otherLive(id, now) ?? profileFigures(own, now) };
  });
}
