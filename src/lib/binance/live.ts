/**
 * LiveFigures: open interest and mark price for the selected symbol, kept fresh from Binance
 * and never lost. Independent of Svelte: `subscribe(listener)` follows the Svelte store
 * contract (called at once, then on every change; returns the unsubscribe function).
 *
 * The figures come from a LiveSource (src/lib/live/source.ts; Binance by default).
 * Policy (docs/binance.md): both endpoints are asked together, every `refreshMs` (60 s) while the
 * page is visible and at once on a symbol change; at most one request per endpoint and symbol
 * is in flight. A 429 pauses every request until Retry-After, or for an exponential backoff
 * from 60 s capped at 10 min; a 418 pauses until the ban's stated end. A failure keeps the
 * last good figure (shown as 'cached' with its age) and is reported as `error`; the next
 * success clears it. While the browser is offline no request is made (each would fail and
 * blame the network or the base URL); back online, one at once. Figures typed in by hand win
 * until cleared. No method throws.
 */
import { DEFAULT_BASE_URL } from './base-url.ts';
import { createMemoryLiveCache, type LiveCache, type LiveRecord } from './cache.ts';
import type { BinanceError } from './errors.ts';
import { asBinanceError, binanceSource } from '../live/binance.ts';
import type { FiguresAnswer, LiveSource } from '../live/source.ts';
import { BAN_DEFAULT_MS, DEFAULT_TIMEOUT_MS, normalizeSymbol } from './http.ts';
import { checkManual, type ManualCheck, type ManualFigures, type ManualInput } from './manual.ts';
import { documentVisibility, globalTimers, type Timers, type Visibility } from '../scheduling.ts';
import { browserNetwork, type Network } from '../live/network.ts';

export type { FigureSource, LiveFigure, LiveListener, LiveOptions, LiveState, PauseReason } from './live-state.ts';
import { figureOf, type LiveListener, type LiveOptions, type LiveState, type SymbolEntry } from './live-state.ts';

export const REFRESH_MS = 60_000;
export const MAX_BACKOFF_MS = 10 * 60_000;
/** No pause shorter than this, whatever Retry-After says (no tight loops). */
const MIN_PAUSE_MS = 1_000;

export class LiveFigures {
  private symbol: string | null = null;
  private readonly baseUrl: string;
  private readonly source: LiveSource;
  private readonly cache: LiveCache;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly visibility: Visibility;
  private readonly network: Network;
  private readonly refreshMs: number;
  private readonly maxBackoffMs: number;
  private readonly entries = new Map<string, SymbolEntry>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly cacheLoaded = new Set<string>();
  private readonly listeners = new Set<LiveListener>();
  /** Rate limits and bans are per IP: they pause every symbol. */
  private block: { reason: 'rate-limited' | 'banned'; until: number } | null = null;
  private rateLimitStreak = 0;
  private timer: unknown;
  private nextAttemptAt: number | null = null;
  private disposed = false;
  private readonly unhookVisibility: () => void;
  private readonly unhookNetwork: () => void;

  constructor(private readonly opts: LiveOptions = {}) {
    this.baseUrl = opts.baseUrl ?? DEFAULT_BASE_URL;
    this.source = opts.source ?? binanceSource;
    this.cache = opts.cache ?? createMemoryLiveCache();
    this.timers = opts.timers ?? globalTimers;
    this.now = opts.now ?? Date.now;
    this.visibility = opts.visibility ?? documentVisibility();
    this.refreshMs = Math.max(opts.refreshMs ?? REFRESH_MS, MIN_PAUSE_MS);
    this.maxBackoffMs = Math.max(opts.maxBackoffMs ?? MAX_BACKOFF_MS, this.refreshMs);
    this.network = opts.network ?? browserNetwork();
    this.unhookVisibility = this.visibility.onChange(() => {
      this.schedule();
      this.emit();
    });
    this.unhookNetwork = this.network.onChange(() => {
      // Back online: the current symbol is asked for at once, not at the next refresh.
      const entry = this.symbol === null ? undefined : this.entries.get(this.symbol);
      if (entry && this.network.isOnline()) entry.lastDoneAt = undefined;
      this.schedule();
      this.emit();
    });
  }

  /** Shows `symbol` (its cached figure at once) and asks Binance for it now (unless paused). */
  setSymbol(raw: string): void {
    const symbol = normalizeSymbol(raw) ?? raw.trim();
    if (this.disposed || symbol === this.symbol) return;
    this.symbol = symbol;
    const entry = this.entry(symbol);
    entry.lastDoneAt = undefined;
    entry.stopped = false;
    this.loadCached(symbol);
    this.schedule();
    this.emit();
  }

  /** Figures typed in by hand for `symbol` (default: the current one); they win until cleared. */
  setManual(input: ManualInput, symbol = this.symbol): ManualCheck {
    if (symbol === null) return { ok: false, error: 'Choose a symbol before typing its figures.' };
    const check = checkManual(input, this.now());
    if (check.ok) {
      this.entry(symbol).manual = check.figures;
      this.emit();
    }
    return check;
  }

  clearManual(symbol = this.symbol): void {
    if (symbol === null) return;
    this.entry(symbol).manual = undefined;
    this.emit();
  }

  getState(): LiveState {
    const now = this.now();
    const symbol = this.symbol;
    const entry = symbol === null ? undefined : this.entries.get(symbol);
    // Offline, the last answer is no longer live: it is what was kept.
    const figure = symbol === null || !entry ? null : figureOf(symbol, this.network.isOnline() ? entry : { ...entry, liveOk: false }, now);
    return {
      symbol,
      baseUrl: this.baseUrl,
      source: figure?.source ?? 'none',
      figure,
      lastGood: entry?.record ?? null,
      manual: entry?.manual ?? null,
      error: entry?.error ?? null,
      loading: symbol !== null && this.inflight.has(symbol),
      pause: this.pauseOf(entry, now),
      nextAttemptAt: this.nextAttemptAt,
      now,
    };
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    this.call(listener, this.getState());
    return () => void this.listeners.delete(listener);
  }

  /** Resolves when no request or cache access is running (tests; a UI need not call it). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0 || this.pending.size > 0) {
      await Promise.allSettled([...this.inflight.values(), ...this.pending]);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.abortAll();
    this.unhookVisibility();
    this.unhookNetwork();
    this.listeners.clear();
  }

  private pauseOf(entry: SymbolEntry | undefined, now: number): LiveState['pause'] {
    if (this.block && this.block.until > now) return { reason: this.block.reason, until: this.block.until };
    if (entry?.stopped && entry.error) {
      return { reason: entry.error.kind === 'bad-base-url' ? 'bad-base-url' : 'bad-symbol', until: null };
    }
    if (!this.network.isOnline()) return { reason: 'offline', until: null };
    if (!this.visibility.isVisible()) return { reason: 'hidden', until: null };
    return null;
  }

  private entry(symbol: string): SymbolEntry {
    let entry = this.entries.get(symbol);
    if (!entry) this.entries.set(symbol, (entry = { liveOk: false, error: null, stopped: false }));
    return entry;
  }

  private blockedUntil(now: number): number {
    return this.block && this.block.until > now ? this.block.until : 0;
  }

  /** Sets the one timer for the current symbol; starts the attempt at once if it is due. */
  private schedule(): void {
    this.clearTimer();
    const symbol = this.symbol;
    if (this.disposed || symbol === null || this.inflight.has(symbol) || !this.visibility.isVisible() || !this.network.isOnline()) return;
    const entry = this.entry(symbol);
    if (entry.stopped) return;
    const now = this.now();
    const due = Math.max(entry.lastDoneAt === undefined ? now : entry.lastDoneAt + this.refreshMs, this.blockedUntil(now));
    if (due <= now) {
      void this.attempt(symbol);
      return;
    }
    this.nextAttemptAt = due;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.schedule();
      this.emit();
    }, due - now);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAttemptAt = null;
  }

  private attempt(symbol: string): Promise<void> {
    const running = this.inflight.get(symbol);
    if (running) return running;
    this.clearTimer();
    const controller = new AbortController();
    this.controllers.add(controller);
    const request = { fetch: this.opts.fetch, timeoutMs: this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: controller.signal, now: this.now };
    const base = this.baseUrl;
    const fetchFigures = this.source.fetchFigures?.bind(this.source) ?? (() => Promise.reject(new Error(`${this.source.label} offers no figures`)));
    const done: Promise<void> = Promise.allSettled([fetchFigures(base, symbol, request)]).then(([outcome]) => {
      if (this.inflight.get(symbol) === done) this.inflight.delete(symbol);
      this.controllers.delete(controller);
      if (this.disposed || controller.signal.aborted) {
        this.schedule();
        return;
      }
      this.apply(symbol, outcome);
      this.schedule();
      this.emit();
    });
    this.inflight.set(symbol, done);
    this.emit();
    return done;
  }

  private apply(symbol: string, outcome: PromiseSettledResult<FiguresAnswer>): void {
    const now = this.now();
    const entry = this.entry(symbol);
    entry.lastDoneAt = now;
    if (outcome.status === 'fulfilled') {
      const { contracts, oiTime, markPrice, indexPrice, priceTime } = outcome.value;
      const record: LiveRecord = { symbol, contracts, markPrice, indexPrice, oiUsd: contracts * markPrice, oiTime, priceTime, receivedAt: now };
      Object.assign(entry, { record, liveOk: true, error: null });
      this.block = null;
      this.rateLimitStreak = 0;
      this.track(this.cache.set(symbol, record));
      return;
    }
    const error = asBinanceError(outcome.reason);
    Object.assign(entry, { liveOk: false, error });
    if (error.kind === 'rate-limited') {
      this.rateLimitStreak += 1;
      const backoff = Math.min(this.refreshMs * 2 ** (this.rateLimitStreak - 1), this.maxBackoffMs);
      this.block = { reason: 'rate-limited', until: now + Math.max(error.retryAfterMs ?? backoff, MIN_PAUSE_MS) };
    } else if (error.kind === 'banned') {
      this.block = { reason: 'banned', until: Math.max(error.untilMs ?? now + BAN_DEFAULT_MS, now + MIN_PAUSE_MS) };
    } else if (error.kind === 'bad-symbol' || error.kind === 'bad-base-url') {
      entry.stopped = true;
    }
  }

  private loadCached(symbol: string): void {
    if (this.cacheLoaded.has(symbol)) return;
    this.cacheLoaded.add(symbol);
    this.track(
      this.cache.get(symbol).then((record) => {
        const entry = this.entry(symbol);
        // A fresh answer that arrived first is newer than anything cached.
        if (!record || record.symbol !== symbol || entry.record) return;
        entry.record = record;
        this.emit();
      }),
    );
  }

  /** Cache failures (no IndexedDB, quota) must never reach the UI: the figure still shows. */
  private track(work: Promise<unknown>): void {
    const guarded = work.catch(() => undefined).finally(() => this.pending.delete(guarded));
    this.pending.add(guarded);
  }

  private abortAll(): void {
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const state = this.getState();
    for (const listener of [...this.listeners]) this.call(listener, state);
  }

  private call(listener: LiveListener, state: LiveState): void {
    try {
      listener(state);
    } catch {
      // A broken listener must not stop the refresh loop or the other listeners.
    }
  }
}
