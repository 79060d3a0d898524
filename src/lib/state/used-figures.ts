/**
 * The open interest and price a model uses, in order of preference: typed in by hand, live
 * from Binance, the last good cached answer, and finally the profile's own latest OI record
 * and candle close (so the app draws with Binance unreachable and nothing cached).
 */
import type { LiveState } from '../binance/index.ts';
import type { Prepared } from '../engine/api.ts';

export interface UsedFigures {
  source: 'manual' | 'live' | 'cached' | 'profile';
  oiUsd: number;
  contracts: number;
  markPrice: number;
  /** When the OI figure was true, epoch ms. */
  time: number;
  ageMs: number;
}

export function usedFigures(live: LiveState, prepared: Prepared | null, now: number): UsedFigures | null {
  const f = live.figure;
  if (f) return { source: f.source, oiUsd: f.oiUsd, contracts: f.contracts, markPrice: f.markPrice, time: f.time, ageMs: Math.max(0, now - f.time) };
  if (prepared?.lastOi && prepared.lastClose > 0) {
    const { time, contracts, usd } = prepared.lastOi;
    return { source: 'profile', oiUsd: usd, contracts, markPrice: prepared.lastClose, time, ageMs: Math.max(0, now - time) };
  }
  return null;
}
