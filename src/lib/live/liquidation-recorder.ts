/**
 * Writes realised liquidations to the store in small batches, about once a second, one
 * transaction per batch: a crash loses at most the last second, a failed write keeps the
 * batch queued for the next try, and the store is pruned to its bounds once a minute.
 */
import type { Timers } from '../scheduling.ts';
import type { Liquidation } from './events.ts';
import type { LiquidationStore } from './liquidation-store.ts';

const RECORD_EVERY_MS = 1_000;
const RECORD_BATCH = 500;
const PRUNE_EVERY_MS = 60_000;
/** An unwritable store must not grow the queue without bound. */
const MAX_QUEUE = 50_000;

export class LiquidationRecorder {
  private queue: Liquidation[] = [];
  private writing: Promise<void> | null = null;
  private timer: unknown;
  private lastPrune = 0;
  private stopped = false;

  constructor(
    private readonly store: LiquidationStore,
    private readonly timers: Timers,
    private readonly now: () => number,
    /** Called after each attempt: null when it worked, else the error's text; how many events were written. */
    private readonly report: (error: string | null, queued: number, written: number) => void,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  add(events: readonly Liquidation[]): void {
    for (const e of events) this.queue.push(e);
    if (this.queue.length > MAX_QUEUE) this.queue.splice(0, this.queue.length - MAX_QUEUE);
    this.soon();
  }

  /** Forgets what is queued for `symbol` (its records are being deleted). */
  drop(symbol: string): void {
    this.queue = this.queue.filter((e) => e.symbol !== symbol);
  }

  /** Writes everything queued now; `pruneSymbol` is kept within the store's bounds. */
  flush(pruneSymbol: string | null = null): Promise<void> {
    this.writing ??= this.write(pruneSymbol).finally(() => (this.writing = null));
    return this.writing;
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    return this.flush();
  }

  private soon(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.flush(this.queue[0]?.symbol ?? null);
    }, RECORD_EVERY_MS);
  }

  private async write(pruneSymbol: string | null): Promise<void> {
    let written = 0;
    try {
      while (this.queue.length) {
        const batch = this.queue.slice(0, RECORD_BATCH);
        await this.store.add(batch);
        this.queue.splice(0, batch.length);
        written += batch.length;
      }
      const now = this.now();
      if (pruneSymbol && now - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now;
        await this.store.prune(pruneSymbol, now);
      }
      this.report(null, 0, written);
    } catch (e) {
      this.report(e instanceof Error ? e.message : String(e), this.queue.length, written);
      this.soon();
    }
  }
}
