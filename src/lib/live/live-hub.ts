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
import { LiquidationRecorder } from './liquidation-recorder.ts';
import { browserNetwork, nextFrame, type FrameScheduler, type Network } from './network.ts';
import { LIVE_SOURCES } from './registry.ts';
import type { LiveSource } from './source.ts';
import { StreamConnection, type MessageVerdict, type SocketFactory, type SocketLike, type StreamState, type StreamTiming } from './stream-connection.ts';

export const DEFAULT_RECOMPUTE_MS = 10_000;
/** Events held in memory for the tape and the charts (the store keeps more). */
const MEMORY_EVENTS = 100_000;
/** Least time between two tape updates while messages stream in. */
const UI_EVERY_MS = 250;

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
  /** Bumped at most every recomputeMs when liquidations changed: what the charts redraw on. */
  chartVersion: number;
  /** The mark price the models use: the streamed one, sampled at most every recomputeMs. */
  modelMark: MarkTick | null;
  /** First live trade in the partial profile, epoch ms. */
  liveTradesSince: number | null;
  recording: { persistent: boolean; error: string | null; queued: number };
  /** Bumped when a batch was written to the store (the Data view reads it again). */
  recordedVersion: number;
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
  private readonly recorder: LiquidationRecorder;
  private profile: LiveTradeProfile | null = null;
  private releaseTimer: unknown;
  private lastRelease = -Infinity;
  private emitTimer: unknown;
  private lastEmit = -Infinity;
  private readonly changed = { trades: false, liquidations: false, mark: false };
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
      symbol: null, streams: [], mark: null, tapeVersion: 0, tradesVersion: 0, chartVersion: 0, modelMark: null, liveTradesSince: null, recordedVersion: 0,
      recording: { persistent: opts.store.persistent, error: null, queued: 0 },
    };
    this.recorder = new LiquidationRecorder(opts.store, this.timers, this.now, (error, queued, written) => {
      this.s.recording = { ...this.s.recording, error: error && recordingError(error), queued };
      if (written > 0) this.s.recordedVersion += 1;
      this.emit();
    });
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
    void this.recorder.flush(this.symbol);
    this.symbol = symbol;
    this.events = [];
    this.seen.clear();
    this.pending = [];
    this.pendingTrades = [];
    this.profile = null;
    Object.assign(this.s, { symbol, mark: null, modelMark: null, liveTradesSince: null });
    this.bump('tapeVersion');
    this.bump('chartVersion');
    const sources = this.opts.sources ?? LIVE_SOURCES;
    this.connections = sources.map((source) => ({ source, conn: this.connect(source, symbol) }));
    const now = this.now();
    this.opts.store.range(symbol, now - RECORD_DAYS * 86_400_000, Infinity, MEMORY_EVENTS).then(
      (recorded) => {
        if (this.symbol !== symbol) return;
        this.merge(recorded);
        this.releaseSoon();
        this.emit();
      },
      (e) => {
        this.s.recording = { ...this.s.recording, error: recordingError(e instanceof Error ? e.message : String(e)) };
        this.emit();
      },
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

  /** Deletes the recorded liquidations of `symbol`, and what the page holds of them. */
  async forget(symbol: string): Promise<void> {
    this.recorder.drop(symbol);
    await this.opts.store.deleteSymbol(symbol);
    if (symbol !== this.symbol) return;
    this.events = [];
    this.seen.clear();
    this.bump('tapeVersion');
    this.bump('chartVersion');
    this.emit();
  }

  /** Writes what is queued now (pagehide, tests). */
  async flushRecording(): Promise<void> {
    this.flush();
    await this.recorder.flush(this.symbol);
  }

  dispose(): void {
    this.disposed = true;
    this.closeStreams();
    void this.recorder.stop();
    for (const t of [this.releaseTimer, this.emitTimer]) if (t !== undefined) this.timers.clearTimeout(t);
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
        this.scheduleFlush();
        return { malformedItems: parsed.malformed };
      case 'trade':
        this.pendingTrades.push(parsed.trade);
        this.scheduleFlush();
        return {};
      case 'mark':
        if (parsed.mark.symbol === symbol) {
          this.s.mark = parsed.mark;
          this.changed.mark = true;
        }
        this.scheduleFlush();
        return {};
      case 'refused':
        return { refused: parsed.reason };
      case 'malformed':
        this.scheduleFlush(); // the count shows on the next frame
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
      this.emitSoon();
    });
  }

  /** The tape redraws at most every UI_EVERY_MS: under a burst, parsing keeps up per frame, the DOM need not. */
  private emitSoon(): void {
    if (this.emitTimer !== undefined) return;
    const wait = Math.max(0, this.lastEmit + UI_EVERY_MS - this.now());
    this.emitTimer = this.timers.setTimeout(() => {
      this.emitTimer = undefined;
      this.emit();
    }, wait);
  }

  private flush(): void {
    const fresh = this.pending.filter((e) => !this.seen.has(liquidationKey(e)));
    this.pending = [];
    if (fresh.length) {
      this.merge(fresh);
      this.recorder.add(fresh);
    }
    if (this.pendingTrades.length && this.profile) {
      const before = this.profile.fresh;
      this.profile.add(this.pendingTrades);
      this.s.liveTradesSince = this.profile.since;
      if (this.profile.fresh > before) this.changed.trades = true;
    }
    this.pendingTrades = [];
    if (this.changed.trades || this.changed.liquidations || this.changed.mark) this.releaseSoon();
  }

  /** Adds events (deduplicated), keeps time order (a merge, not a full sort) and the memory bound. */
  private merge(events: readonly Liquidation[]): void {
    const fresh: Liquidation[] = [];
    for (const e of events) {
      const key = liquidationKey(e);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      fresh.push(e);
    }
    if (!fresh.length) return;
    this.changed.liquidations = true;
    fresh.sort((a, b) => a.time - b.time);
    const old = this.events;
    if (!old.length || old[old.length - 1].time <= fresh[0].time) for (const e of fresh) old.push(e);
    else this.events = mergeByTime(old, fresh);
    const n = this.events.length;
    if (n > MEMORY_EVENTS) this.events = this.events.slice(n - MEMORY_EVENTS);
    this.bump('tapeVersion');
  }

  private releaseSoon(): void {
    if (this.releaseTimer !== undefined) return;
    const wait = Math.max(0, this.lastRelease + this.recomputeMs - this.now());
    this.releaseTimer = this.timers.setTimeout(() => {
      this.releaseTimer = undefined;
      this.lastRelease = this.now();
      if (this.changed.trades) this.bump('tradesVersion');
      if (this.changed.liquidations) this.bump('chartVersion');
      if (this.changed.mark) this.s.modelMark = this.s.mark;
      Object.assign(this.changed, { trades: false, liquidations: false, mark: false });
      this.emit();
    }, wait);
  }

  private closeStreams(): void {
    for (const { conn } of this.connections) conn.stop();
    this.connections = [];
  }

  private bump(key: 'tapeVersion' | 'tradesVersion' | 'chartVersion'): void {
    this.s[key] += 1;
  }

  private emit(): void {
    this.lastEmit = this.now();
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

const recordingError = (text: string) => `Realised liquidations could not be recorded in this browser (${text}); they are kept in memory.`;

function mergeByTime(a: readonly Liquidation[], b: readonly Liquidation[]): Liquidation[] {
  const out: Liquidation[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i].time <= b[j].time ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
