/** What LiveFigures reports (its state and options), apart from the class that keeps it. */
import type { LiveCache, LiveRecord } from './cache.ts';
import type { BinanceError } from './errors.ts';
import type { LiveSource } from '../live/source.ts';
import type { Network } from '../live/network.ts';
import type { ManualFigures } from './manual.ts';
import type { Timers, Visibility } from '../scheduling.ts';

export type FigureSource = 'live' | 'cached' | 'manual' | 'none';
export type PauseReason = 'rate-limited' | 'banned' | 'offline' | 'hidden' | 'bad-symbol' | 'bad-base-url';

export interface LiveFigure {
  symbol: string;
  source: Exclude<FigureSource, 'none'>;
  contracts: number;
  markPrice: number;
  oiUsd: number;
  /** Binance's time of the open interest figure (manual: when it was typed), epoch ms. */
  time: number;
  /** Age of `time` at `LiveState.now` (never negative). */
  ageMs: number;
}

export interface LiveState {
  symbol: string | null;
  baseUrl: string;
  /** Where `figure` comes from; 'none' when there is no figure yet. */
  source: FigureSource;
  /** The figure the models should use, or null. */
  figure: LiveFigure | null;
  /** Last good Binance answer for the symbol (this session or the cache), even under a manual figure. */
  lastGood: LiveRecord | null;
  manual: ManualFigures | null;
  /** Why the latest attempt failed; null after a success or before any attempt. */
  error: BinanceError | null;
  /** A request for the symbol is in flight. */
  loading: boolean;
  /** Why no request is scheduled, and until when if known. */
  pause: { reason: PauseReason; until: number | null } | null;
  nextAttemptAt: number | null;
  /** Clock of this snapshot (ageMs is relative to it). */
  now: number;
}

export type LiveListener = (state: LiveState) => void;

export interface LiveOptions {
  baseUrl?: string;
  /** Which exchange answers (default Binance); it must offer fetchFigures. */
  source?: LiveSource;
  /** Where the last good answers are kept; default in memory (pass createIdbLiveCache() to persist). */
  cache?: LiveCache;
  fetch?: typeof fetch;
  timeoutMs?: number;
  refreshMs?: number;
  maxBackoffMs?: number;
  timers?: Timers;
  now?: () => number;
  visibility?: Visibility;
  /** The browser's online state (default navigator.onLine and its events). */
  network?: Network;
}

/** What LiveFigures knows of one symbol. */
export interface SymbolEntry {
  record?: LiveRecord;
  /** The latest attempt in this session succeeded. */
  liveOk: boolean;
  error: BinanceError | null;
  /** No automatic retries (bad symbol or base URL) until the user acts. */
  stopped: boolean;
  lastDoneAt?: number;
  manual?: ManualFigures;
}

/** The figure a symbol's entry gives at `now`: typed in by hand, else its last good answer. */
export function figureOf(symbol: string, entry: SymbolEntry, now: number): LiveFigure | null {
  const age = (time: number) => Math.max(0, now - time);
  if (entry.manual) {
    const { contracts, markPrice, oiUsd, setAt } = entry.manual;
    return { symbol, source: 'manual', contracts, markPrice, oiUsd, time: setAt, ageMs: age(setAt) };
  }
  const r = entry.record;
  if (!r) return null;
  const source = entry.liveOk ? 'live' : 'cached';
  return { symbol, source, contracts: r.contracts, markPrice: r.markPrice, oiUsd: r.oiUsd, time: r.oiTime, ageMs: age(r.oiTime) };
}
