/**
 * Writes realised liquidations to the store in small batches, about once a second, one
 * transaction per batch: a crash loses at most the last second, a failed write keeps the
 * batch queued for the next try, and the store is pruned to its bounds once a minute.
 * While writes fail the queue keeps at least as many events as the page holds in memory,
 * so nothing is dropped that the page could still write; what a longer failure does drop is
 * counted and stays reported after writes work again.
 */
import type { Timers } from '../scheduling.ts';
import type { Liquidation } from './events.ts';
import type { LiquidationStore } from './liquidation-store.ts';

const RECORD_EVERY_MS = 1_000;
const RECORD_BATCH = 500;
const PRUNE_EVERY_MS = 60_000;

export class LiquidationRecorder {
  private queue: Liquidation[] = [];
  private writing: Promise<void> | null = null;
  private timer: unknown;
  private lastPrune = 0;
  private stopped = false;
  private dropped = 0;
  /** Symbols forgotten while a batch was being written: a failed batch is not put back for them. */
  private forgotten = new Set<string>();
  /** An unwritable store must not grow the queue without bound: what memory holds, plus the batch a failed write puts back. */
  private readonly maxQueue: number;

  constructor(
    private readonly store: LiquidationStore,
    private readonly timers: Timers,
    private readonly now: () => number,
    /** The most events the page holds in memory (the liquidation buffer's capacity). */
    memoryHolds: number,
    /** Called after each attempt: null when it worked, else the error's text; how many events were written. */
    private readonly report: (error: string | null, queued: number, written: number) => void,
  ) {
    this.maxQueue = memoryHolds + RECORD_BATCH;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Events dropped unwritten so far (the store failed for longer than the queue holds). */
  get lost(): number {
    return this.dropped;
  }

  add(events: readonly Liquidation[]): void {
    for (const e of events) this.queue.push(e);
    const over = this.queue.length - this.maxQueue;
    if (over > 0) {
      // Older than everything memory holds: gone, so counted.
      this.queue.splice(0, over);
      this.dropped += over;
    }
    this.soon();
  }

  /** Forgets what is queued for `symbol` (its records are being deleted). */
  drop(symbol: string): void {
    this.queue = this.queue.filter((e) => e.symbol !== symbol);
    if (this.writing) this.forgotten.add(symbol);
  }

  /** Writes everything queued now; `pruneSymbol` is kept within the store's bounds. */
  flush(pruneSymbol: string | null = null): Promise<void> {
    // A write running may be past its last batch (pruning): what was queued since is written after
    // it, by this call, not left for a beat that a closing page never gets.
    if (this.writing) return this.writing.then(() => (this.queue.length ? this.flush(pruneSymbol) : undefined));
    this.writing = this.write(pruneSymbol).finally(() => {
      this.writing = null;
      this.forgotten.clear();
      // Added after the write's last batch (while it pruned): their beat found it running.
      if (this.queue.length) this.soon();
    });
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
        // Out of the queue while written, so adds (and their trim) and drops meanwhile leave it alone.
        const batch = this.queue.splice(0, RECORD_BATCH);
        try {
          await this.store.add(batch);
        } catch (e) {
          this.queue.unshift(...batch.filter((x) => !this.forgotten.has(x.symbol)));
          throw e;
        }
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
