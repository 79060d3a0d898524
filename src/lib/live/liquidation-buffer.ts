/**
 * The liquidations of one symbol held in memory for the tape and the charts: each event once
 * (two connections overlap while one replaces the other; the store's records come back on
 * load), in time order (new events are merged in, not re-sorted), the newest `limit` at least.
 * Trimmed in batches: once `limit + batch` are held, the oldest go down to `limit`, so the held
 * events change otherwise only by additions, and readers that keep sums (the heatmap's markers)
 * ask only for what was added since they last read (`since`) instead of starting again on every
 * add of a full buffer. The buffer never holds fewer than the newest `limit`, so it drops
 * nothing a one-by-one trim kept. What goes was recorded (the store keeps more,
 * liquidation-store.ts) or is still queued to be: the recorder queues at least `capacity`
 * events, so only a store failing for longer than that loses some, and the page counts them.
 */
import { liquidationKey, type Liquidation } from './events.ts';

/** Where a reader of `since` stands: the buffer's epoch and how many additions of it were read. */
export interface BufferCursor {
  epoch: number;
  read: number;
}

/** What a reader gets: every event held (`whole`: start again) or only those added since its cursor. */
export interface BufferChanges {
  whole: boolean;
  events: readonly Liquidation[];
  cursor: BufferCursor;
  /** Every event held, oldest first (a reader whose cells grew finds the ones it left out). Do not mutate. */
  held: readonly Liquidation[];
}

export class LiquidationBuffer {
  private events: Liquidation[] = [];
  private readonly seen = new Set<string>();
  /** Events added in this epoch, in arrival order; an epoch ends when events leave (clear, a trim). */
  private added: Liquidation[] = [];
  private epoch = 0;

  /** Holds the newest `limit` at least; trims back to them once `batch` more arrived (default a tenth). */
  constructor(
    private readonly limit: number,
    private readonly batch = Math.max(1, Math.round(limit / 10)),
  ) {}

  /** The most events held at once: `limit` plus a batch, just before a trim. */
  get capacity(): number {
    return this.limit + this.batch;
  }

  /** Oldest first. Do not mutate. */
  list(): readonly Liquidation[] {
    return this.events;
  }

  /** Adds the events not held yet; returns how many were new. */
  add(events: readonly Liquidation[]): number {
    const fresh: Liquidation[] = [];
    for (const e of events) {
      const key = liquidationKey(e);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      fresh.push(e);
    }
    if (!fresh.length) return 0;
    fresh.sort((a, b) => a.time - b.time);
    for (const e of fresh) this.added.push(e);
    const old = this.events;
    if (!old.length || old[old.length - 1].time <= fresh[0].time) for (const e of fresh) old.push(e);
    else this.events = mergeByTime(old, fresh);
    if (this.events.length > this.limit + this.batch) this.trim();
    return fresh.length;
  }

  /** The events added since `cursor`, or all of them when the reader must start again (new reader, events dropped). */
  since(cursor: BufferCursor | null): BufferChanges {
    const whole = !cursor || cursor.epoch !== this.epoch;
    const events = whole ? this.events : this.added.slice(cursor.read);
    return { whole, events, cursor: { epoch: this.epoch, read: this.added.length }, held: this.events };
  }

  /** The oldest go, down to `limit`: one new epoch per `batch` additions, not one per add. */
  private trim(): void {
    const drop = this.events.length - this.limit;
    for (let i = 0; i < drop; i++) this.seen.delete(liquidationKey(this.events[i]));
    this.events = this.events.slice(drop);
    this.newEpoch();
  }

  private newEpoch(): void {
    this.epoch += 1;
    this.added = [];
  }

  has(e: Liquidation): boolean {
    return this.seen.has(liquidationKey(e));
  }

  clear(): void {
    this.events = [];
    this.seen.clear();
    this.newEpoch();
  }
}

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
