/**
 * The live side of one symbol: a stream connection per registered exchange, their messages
 * parsed and batched per animation frame (a burst of thousands never freezes the page),
 * realised liquidations deduplicated, kept in memory for the tape and the charts and
 * recorded in small batches, taker trades folded into the live partial profile (released
 * at most every `recomputeMs`), and the latest mark price. Independent of Svelte:
 * `subscribe` follows the store contract.
 */
import { globalTimers, type Timers } from '../binance/scheduling.ts';
import { liquidationKey, type Parsed, type ExchangeId, type Liquidation, type MarkTick, type Trade } from './events.ts';
import { LiveTradeProfile, type LiveRows } from './live-trades.ts';
import { RECORD_DAYS, type LiquidationStore } from './liquidation-store.ts';
import { browserNetwork, nextFrame, type FrameScheduler, type Network } from './network.ts';
import { LIVE_SOURCES } from './registry.ts';
import type { LiveSource } from './source.ts';
import { StreamConnection, type MessageVerdict, type SocketFactory, type SocketLike, type StreamState, type StreamTiming } from './stream-connection.ts';

export const DEFAULT_RECOMPUTE_MS = 10_000;
const RECORD_EVERY_MS = 1_000;
const RECORD_BATCH = 500;
const PRUNE_EVERY_MS = 60_000;
/** Events held in memory for the tape and the charts (the store keeps more). */
const MEMORY_EVENTS = 100_000;
/** An unwritable store must not grow the queue without bound. */
const MAX_QUEUE = 50_000;

export interface ExchangeStream {
  exchange: ExchangeId;
  label: string;
  state: StreamState;
}

export interface LiveHubState {
  symbol: string | null;
  streams: ExchangeStream[];
  mark: MarkTick | null;
  /** Bumped whenever liquidations were added or loaded. */
  tapeVersion: number;
  /** Bumped at most every recomputeMs when new trades entered the partial profile. */
  tradesVersion: number;
  /** First live trade in the partial profile, epoch ms. */
  liveTradesSince: number | null;
  recording: { persistent: boolean; error: string | null; queued: number };
}

export interface LiveHubOptions {
  store: LiquidationStore;
  /** Stream base URL per exchange; missing = the source's default. */
  streamBases?: Partial<Record<ExchangeId, string>>;
  sources?: readonly LiveSource[];
  socket?: SocketFactory;
  network?: Network;
  timing?: Partial<StreamTiming>;
  timers?: Timers;
  now?: () => number;
  frame?: FrameScheduler;
  recomputeMs?: number;
}

export class LiveHub {
  private symbol: string | null = null;
  private connections: { source: LiveSource; conn: StreamConnection }[] = [];
  private events: Liquidation[] = [];
  private readonly seen = new Set<string>();
  private pending: Liquidation[] = [];
  private pendingTrades: Trade[] = [];
  private flushScheduled = false;
  private queue: Liquidation[] = [];
  private writing = false;
  private recordTimer: unknown;
  private lastPrune = 0;
  private profile: LiveTradeProfile | null = null;
  private releaseTimer: unknown;
  private lastRelease = -Infinity;
  private readonly listeners = new Set<(s: LiveHubState) => void>();
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly recomputeMs: number;
  private readonly s: LiveHubState;
  private disposed = false;

  constructor(private readonly opts: LiveHubOptions) {
    this.timers = opts.timers ?? globalTimers;
    this.now = opts.now ?? Date.now;
    this.recomputeMs = Math.max(1_000, opts.recomputeMs ?? DEFAULT_RECOMPUTE_MS);
    this.s = {
      symbol: null, streams: [], mark: null, tapeVersion: 0, tradesVersion: 0, liveTradesSince: null,
      recording: { persistent: opts.store.persistent, error: null, queued: 0 },
    };
  }

  getState(): LiveHubState {
    return { ...this.s, streams: this.connections.map(({ source, conn }) => ({ exchange: source.id, label: source.label, state: conn.getState() })) };
  }

  subscribe(listener: (s: LiveHubState) => void): () => void {
    this.listeners.add(listener);
    listener(this.getState());
    return () => void this.listeners.delete(listener);
  }

  /** Liquidations of the symbol in memory (recorded and live), oldest first. Do not mutate. */
  liquidations(): readonly Liquidation[] {
    return this.events;
  }

  /** Opens the streams of `symbol` (closing the previous ones) and loads its recorded liquidations. */
  setSymbol(symbol: string): void {
    if (this.disposed || symbol === this.symbol) return;
    this.closeStreams();
    void this.record();
    this.symbol = symbol;
    this.events = [];
    this.seen.clear();
    this.pending = [];
    this.pendingTrades = [];
    this.profile = null;
    Object.assign(this.s, { symbol, mark: null, liveTradesSince: null });
    this.bump('tapeVersion');
    const sources = this.opts.sources ?? LIVE_SOURCES;
    this.connections = sources.map((source) => ({ source, conn: this.connect(source, symbol) }));
    const now = this.now();
    this.opts.store.range(symbol, now - RECORD_DAYS * 86_400_000, Infinity, MEMORY_EVENTS).then(
      (recorded) => { if (this.symbol === symbol) this.merge(recorded); },
      (e) => this.recordingFailed(e),
    );
    this.emit();
  }

  /** Where the profile ends for the symbol (its last hour): live trades after it form the partial profile. */
  setProfileEnd(symbol: string, lastHour: number): void {
    if (symbol !== this.symbol || this.profile?.profileEnd === lastHour) return;
    this.profile = new LiveTradeProfile(lastHour);
    this.s.liveTradesSince = null;
  }

  /** The partial profile's rows and candles (typed arrays for the worker), or null when it is empty. */
  liveRows(): LiveRows | null {
    return this.profile && this.profile.size > 0 ? this.profile.rows() : null;
  }

  /** Writes what is queued now (pagehide, tests). */
  async flushRecording(): Promise<void> {
    this.flush();
    await this.record();
  }

  dispose(): void {
    this.disposed = true;
    this.closeStreams();
    void this.record();
    for (const t of [this.recordTimer, this.releaseTimer]) if (t !== undefined) this.timers.clearTimeout(t);
    this.listeners.clear();
  }

  private connect(source: LiveSource, symbol: string): StreamConnection {
    const plan = source.streamPlan(this.opts.streamBases?.[source.id] ?? source.defaultStreamBase, symbol);
    return new StreamConnection({
      name: source.label, url: plan.url, subscribe: plan.subscribe, ping: plan.ping,
      onMessage: (text) => this.message(symbol, plan.parse(text)),
      onState: () => this.emit(),
      socket: this.opts.socket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      network: this.opts.network ?? browserNetwork(),
      timing: this.opts.timing, timers: this.timers, now: this.now,
    });
  }

  private message(symbol: string, parsed: Parsed): MessageVerdict {
    if (symbol !== this.symbol) return {};
    switch (parsed.kind) {
      case 'liquidations':
        for (const e of parsed.events) if (e.symbol === symbol) this.pending.push(e);
        this.scheduleFlush();
        return { malformedItems: parsed.malformed };
      case 'trade':
        this.pendingTrades.push(parsed.trade);
        this.scheduleFlush();
        return {};
      case 'mark':
        if (parsed.mark.symbol === symbol) this.s.mark = parsed.mark;
        this.scheduleFlush();
        return {};
      case 'refused':
        return { refused: parsed.reason };
      case 'malformed':
        return { malformed: parsed.reason };
      default:
        return {};
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    (this.opts.frame ?? nextFrame)(() => {
      this.flushScheduled = false;
      this.flush();
      this.emit();
    });
  }

  private flush(): void {
    const fresh = this.pending.filter((e) => !this.seen.has(liquidationKey(e)));
    this.pending = [];
    if (fresh.length) {
      this.merge(fresh);
      this.queue.push(...fresh);
      if (this.queue.length > MAX_QUEUE) this.queue.splice(0, this.queue.length - MAX_QUEUE);
      this.s.recording.queued = this.queue.length;
      this.recordSoon();
    }
    if (this.pendingTrades.length && this.profile) {
      this.profile.add(this.pendingTrades);
      this.s.liveTradesSince = this.profile.since;
      this.releaseSoon();
    }
    this.pendingTrades = [];
  }

  /** Adds events (deduplicated), keeps time order and the memory bound. */
  private merge(events: readonly Liquidation[]): void {
    let added = 0;
    for (const e of events) {
      const key = liquidationKey(e);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.events.push(e);
      added++;
    }
    if (!added) return;
    const n = this.events.length;
    if (n > added && this.events[n - added - 1].time > this.events[n - added].time) this.events.sort((a, b) => a.time - b.time);
    if (n > MEMORY_EVENTS) this.events = this.events.slice(n - MEMORY_EVENTS);
    this.bump('tapeVersion');
  }

  private releaseSoon(): void {
    if (this.releaseTimer !== undefined) return;
    const wait = Math.max(0, this.lastRelease + this.recomputeMs - this.now());
    this.releaseTimer = this.timers.setTimeout(() => {
      this.releaseTimer = undefined;
      this.lastRelease = this.now();
      this.bump('tradesVersion');
      this.emit();
    }, wait);
  }

  private recordSoon(): void {
    if (this.recordTimer !== undefined) return;
    this.recordTimer = this.timers.setTimeout(() => {
      this.recordTimer = undefined;
      void this.record();
    }, RECORD_EVERY_MS);
  }

  /** Writes the queue in batches, one transaction each; a failed batch stays queued. */
  private async record(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.slice(0, RECORD_BATCH);
        await this.opts.store.add(batch);
        this.queue.splice(0, batch.length);
        this.s.recording = { ...this.s.recording, error: null, queued: this.queue.length };
      }
      const now = this.now();
      if (this.symbol && now - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now;
        await this.opts.store.prune(this.symbol, now);
      }
    } catch (e) {
      this.recordingFailed(e);
      if (!this.disposed) this.recordSoon();
    } finally {
      this.writing = false;
    }
  }

  private recordingFailed(e: unknown): void {
    const text = e instanceof Error ? e.message : String(e);
    this.s.recording = { ...this.s.recording, error: `Realised liquidations could not be recorded in this browser (${text}); they are kept in memory.`, queued: this.queue.length };
    this.emit();
  }

  private closeStreams(): void {
    for (const { conn } of this.connections) conn.stop();
    this.connections = [];
  }

  private bump(key: 'tapeVersion' | 'tradesVersion'): void {
    this.s[key] += 1;
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const state = this.getState();
    for (const l of [...this.listeners]) {
      try {
        l(state);
      } catch {
        // A broken listener must not stop the streams.
      }
    }
  }
}
