/**
 * The live side of one symbol: a stream connection per registered exchange (stream-set.ts),
 * their messages parsed and batched per animation frame (a burst of thousands never freezes the page),
 * realised liquidations deduplicated, kept in memory for the tape and the charts and
 * recorded in small batches, taker trades folded into each exchange's live partial profile
 * and each exchange's latest mark price and streamed open interest (both released to the
 * models at most every `recomputeMs`). Independent of Svelte:
 * `subscribe` follows the store contract.
 */
import { globalTimers, type Timers } from '../scheduling.ts';
import type { ExchangeId, Liquidation, Parsed } from './events.ts';
import { ExchangeLiveSet } from './exchange-live.ts';
import type { LiveRows } from './live-trades.ts';
import { RECORD_DAYS } from './liquidation-store.ts';
import { LiquidationBuffer, type BufferChanges, type BufferCursor } from './liquidation-buffer.ts';
import { Throttle } from './throttle.ts';
import { LiquidationRecorder } from './liquidation-recorder.ts';
import { nextFrame } from './network.ts';
import { LIVE_SOURCES } from './registry.ts';
import type { LiveSource } from './source.ts';
import type { MessageVerdict } from './stream-connection.ts';
import { StreamSet } from './stream-set.ts';
import type { LiveHubOptions, LiveHubState } from './live-hub-types.ts';

export const DEFAULT_RECOMPUTE_MS = 10_000;
/**
 * Events held in memory for the tape and the charts, the newest at least (the buffer trims in
 * batches of a tenth above it). The store keeps more. What the buffer drops was recorded or is
 * still queued (the recorder queues at least as many as the buffer holds); only a store failing
 * for longer than that loses events, and the recording error counts them.
 */
export const MEMORY_EVENTS = 100_000;
/** Least time between two tape updates while messages stream in. */
const UI_EVERY_MS = 250;

export * from './live-hub-types.ts';

export class LiveHub {
  private symbol: string | null = null;
  /** The symbol's stream connections, one per source (stream-set.ts). */
  private readonly streams: StreamSet;
  private readonly buffer = new LiquidationBuffer(MEMORY_EVENTS);
  private pending: Liquidation[] = [];
  private flushScheduled = false;
  private readonly recorder: LiquidationRecorder;
  private readonly exchanges: ExchangeLiveSet;
  private readonly sources: readonly LiveSource[];
  /** Charts, live rows and the models' figures: at most every recomputeMs. */
  private readonly release: Throttle;
  /** The tape: at most every UI_EVERY_MS under a burst (parsing keeps up per frame, the DOM need not). */
  private readonly tapeUpdate: Throttle;
  private readonly changed = { trades: false, liquidations: false, figures: false };
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
    this.sources = opts.sources ?? LIVE_SOURCES;
    this.exchanges = new ExchangeLiveSet(this.sources.map((s) => s.id));
    this.streams = new StreamSet({
      sources: this.sources, streamBases: opts.streamBases, socket: opts.socket, network: opts.network, timing: opts.timing, timers: this.timers, now: this.now,
      message: (exchange, symbol, parsed) => this.message(exchange, symbol, parsed),
      delivered: (exchange, symbol, parsed) => void (this.disposed || this.message(exchange, symbol, parsed)),
      changed: () => this.emit(),
    });
    this.s = {
      symbol: null, streams: [], exchanges: {}, tapeVersion: 0, tradesVersion: 0, chartVersion: 0, modelFigures: {}, liveTradesSince: null, recordedVersion: 0,
      recording: { persistent: opts.store.persistent, error: null, queued: 0 },
    };
    this.release = new Throttle(this.timers, this.now, this.recomputeMs, () => this.released());
    this.tapeUpdate = new Throttle(this.timers, this.now, UI_EVERY_MS, () => this.emit());
    this.recorder = new LiquidationRecorder(opts.store, this.timers, this.now, this.buffer.capacity, (error, queued, written) => {
      this.s.recording = { ...this.s.recording, error: recordingError(error, this.recorder.lost), queued };
      if (written > 0) this.s.recordedVersion += 1;
      this.emit();
    });
  }

  getState(): LiveHubState {
    return {
      ...this.s,
      streams: this.streams.states(),
      exchanges: this.exchanges.snapshot(),
    };
  }

  subscribe(listener: (s: LiveHubState) => void): () => void {
    this.listeners.add(listener);
    listener(this.getState());
    return () => void this.listeners.delete(listener);
  }

  /** Liquidations of the symbol in memory (recorded and live), oldest first. Do not mutate; read it at once (additions and trims change it in place). */
  liquidations(): readonly Liquidation[] {
    return this.buffer.list();
  }

  /** Liquidations added since `cursor` (or all held, when the reader must start again): for readers that keep sums. */
  liquidationsSince(cursor: BufferCursor | null): BufferChanges {
    return this.buffer.since(cursor);
  }

  /** Opens the streams of `symbol` (closing the previous ones) and loads its recorded liquidations. */
  setSymbol(symbol: string): void {
    if (this.disposed || symbol === this.symbol) return;
    this.streams.close();
    // Liquidations still waiting for their frame are the old symbol's: queued for the store, not dropped.
    this.flush();
    void this.recorder.flush(this.symbol);
    this.symbol = symbol;
    this.buffer.clear();
    this.exchanges.clear();
    Object.assign(this.s, { symbol, modelFigures: {}, liveTradesSince: null });
    this.bump('tapeVersion');
    this.bump('chartVersion');
    this.streams.open(symbol);
    const now = this.now();
    this.opts.store.range(symbol, now - RECORD_DAYS * 86_400_000, Infinity, MEMORY_EVENTS).then(
      (recorded) => {
        if (this.symbol !== symbol) return;
        this.merge(recorded);
        this.release.poke();
        this.emit();
      },
      (e) => {
        this.s.recording = { ...this.s.recording, error: recordingError(e instanceof Error ? e.message : String(e), this.recorder.lost) };
        this.emit();
      },
    );
    this.emit();
  }

  /**
   * Where the profile ends for the symbol (its last hour): live trades after it form the
   * partial profile. Without `exchanges`, every exchange's partial profile starts there (an
   * exchange without its own profile yet is measured against the one the charts use).
   */
  setProfileEnd(symbol: string, lastHour: number, exchanges: readonly ExchangeId[] = this.sources.map((s) => s.id)): void {
    if (symbol !== this.symbol) return;
    for (const x of exchanges) this.exchanges.setProfileEnd(x, lastHour);
    if (exchanges.includes('binance')) this.s.liveTradesSince = this.exchanges.get('binance').tradesSince;
  }

  /** Binance's partial profile rows and candles, or null when empty. */
  liveRows(): LiveRows | null {
    return this.liveRowsOf('binance');
  }

  /** One exchange's partial profile rows and candles (typed arrays for the worker), or null when empty. */
  liveRowsOf(exchange: ExchangeId): LiveRows | null {
    return this.exchanges.rows(exchange);
  }

  /** Deletes the recorded liquidations of `symbol`, and what the page holds of them. */
  async forget(symbol: string): Promise<void> {
    this.recorder.drop(symbol);
    await this.opts.store.deleteSymbol(symbol);
    if (symbol !== this.symbol) return;
    this.buffer.clear();
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
    this.streams.close();
    void this.recorder.stop();
    this.release.stop();
    this.tapeUpdate.stop();
    this.listeners.clear();
  }

  private message(exchange: ExchangeId, symbol: string, parsed: Parsed): MessageVerdict {
    if (symbol !== this.symbol) return {};
    switch (parsed.kind) {
      case 'liquidations':
        for (const e of parsed.events) if (e.symbol === symbol) this.pending.push(e);
        this.scheduleFlush();
        return { malformedItems: parsed.malformed };
      case 'trade':
        this.exchanges.queue(exchange, [parsed.trade]);
        this.scheduleFlush();
        return {};
      case 'trades':
        this.exchanges.queue(exchange, parsed.trades);
        this.scheduleFlush();
        return { malformedItems: parsed.malformed };
      case 'mark':
        if (parsed.mark.symbol === symbol) {
          const { time, price } = parsed.mark;
          this.exchanges.setFigures(exchange, { symbol, time, markPrice: price, contracts: null, oiUsd: null });
          this.changed.figures = true;
        }
        this.scheduleFlush();
        return {};
      case 'figures':
        if (parsed.figures.symbol === symbol) {
          this.exchanges.setFigures(exchange, parsed.figures);
          this.changed.figures = true;
        }
        this.scheduleFlush();
        return {};
      case 'refused':
        return { refused: parsed.reason };
      case 'unlisted':
        return { unlisted: this.unlistedText(exchange, symbol, `it answered "${parsed.reason}"`) };
      case 'malformed':
        this.scheduleFlush(); // the count shows on the next frame
        return { malformed: parsed.reason };
      default:
        return {};
    }
  }

  /**
   * `exchange` does not list `symbol`, as its REST API said (Binance's streams of an unknown
   * symbol accept it and stay silent, so only REST can tell): its stream stops, saying `why`.
   */
  setUnlisted(exchange: ExchangeId, symbol: string, why: string): void {
    if (symbol !== this.symbol) return;
    this.streams.endUnlisted(exchange, this.unlistedText(exchange, symbol, why));
  }

  private unlistedText(exchange: ExchangeId, symbol: string, why: string): string {
    const label = this.sources.find((s) => s.id === exchange)?.label ?? exchange;
    return `${label} does not list ${symbol} (${why}); not asked again for this symbol`;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    (this.opts.frame ?? nextFrame)(() => {
      this.flushScheduled = false;
      this.flush();
      this.tapeUpdate.poke();
    });
  }


  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    // Recorded as new, also when the add's trim already dropped them again (older than all held).
    const fresh = pending.length ? this.merge(pending) : [];
    if (fresh.length) this.recorder.add(fresh);
    const grew = this.exchanges.flush();
    if (grew.length) this.changed.trades = true;
    if (grew.includes('binance')) this.s.liveTradesSince = this.exchanges.get('binance').tradesSince;
    if (this.changed.trades || this.changed.liquidations || this.changed.figures) this.release.poke();
  }

  /** Adds events to the buffer; marks the charts and the tape for an update when any was new. Returns the new ones. */
  private merge(events: readonly Liquidation[]): readonly Liquidation[] {
    const fresh = this.buffer.add(events);
    if (fresh.length === 0) return fresh;
    this.changed.liquidations = true;
    this.bump('tapeVersion');
    return fresh;
  }

  private released(): void {
    if (this.changed.trades) this.bump('tradesVersion');
    if (this.changed.liquidations) this.bump('chartVersion');
    if (this.changed.figures) this.s.modelFigures = this.exchanges.figures();
    Object.assign(this.changed, { trades: false, liquidations: false, figures: false });
    this.emit();
  }

  private bump(key: 'tapeVersion' | 'tradesVersion' | 'chartVersion'): void {
    this.s[key] += 1;
  }

  private emit(): void {
    this.tapeUpdate.ran();
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

/**
 * Unrecorded, the buffer is their only copy: it says how many it keeps (the newest; older ones
 * go). Events lost for good stay reported, also once the store works again.
 */
export function recordingError(text: string | null, lost: number): string | null {
  const failing = text && `Realised liquidations could not be recorded in this browser (${text}); the newest ${MEMORY_EVENTS.toLocaleString('en-US')} are kept in memory while this page is open.`;
  const gone = lost > 0 && `${lost.toLocaleString('en-US')} liquidations could not be recorded (the store failed for too long) and are lost.`;
  // A full store is the user's to fix, and the one failure that lasts: say how, before memory runs out.
  const full = text && /quota/i.test(text) && "This site's storage in the browser is full: free some in the Data view (delete cached months no longer needed, or export and delete older recordings); recording resumes by itself.";
  return [failing, full, gone].filter(Boolean).join(' ') || null;
}
