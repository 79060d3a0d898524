/**
 * The liquidations of one symbol held in memory for the tape and the charts: each event once
 * (two connections overlap while one replaces the other; the store's records come back on
 * load), in time order (new events are merged in, not re-sorted), the newest `limit` at least.
 * Whether an event is held is looked up by its time (a binary search, then the few events of
 * that same time compared field by field), not in a set of string keys: a full buffer's
 * ~110,000 key strings were a third of the page's heap, which every major GC marks.
 * Trimmed in batches: once `limit + batch` are held, the oldest go down to `limit`, so the held
 * events change otherwise only by additions and by a trim of the oldest, and readers that keep
 * sums (the heatmap's markers, the map's realised bins) ask only for what was added since they
 * last read (`since`) and, after a trim, the time of the newest event dropped, so they redo only
 * their oldest sums instead of starting again over every held event. The buffer never holds
 * fewer than the newest `limit`, so it drops nothing a one-by-one trim kept. What goes was recorded (the store keeps more,
 * liquidation-store.ts) or is still queued to be: the recorder queues at least `capacity`
 * events, so only a store failing for longer than that loses some, and the page counts them.
 */
import { firstFrom, sameEvent, type Liquidation } from './events.ts';

/** Where a reader of `since` stands: the buffer's epoch, how many additions of it were read and how many trims seen. */
export interface BufferCursor {
  epoch: number;
  read: number;
  trims: number;
}

/**
 * What a reader gets: every event held (`whole`: start again) or only those added since its
 * cursor. Some of those may have been trimmed since; `droppedThrough` (not whole, trimmed since
 * the cursor) is the time of the newest event trimmed: every event held at or before it is in
 * `held`, and nothing later was dropped.
 */
export interface BufferChanges {
  whole: boolean;
  events: readonly Liquidation[];
  cursor: BufferCursor;
  droppedThrough: number | null;
  /** Every event held, oldest first (a reader whose cells grew finds the ones it left out). Do not mutate; read it at once. */
  held: readonly Liquidation[];
}

/** Reads the held liquidations: all of them, or only those added since the cursor (the live hub's liquidationsSince). */
export type LiquidationFeed = (cursor: BufferCursor | null) => BufferChanges;

export class LiquidationBuffer {
  private events: Liquidation[] = [];
  /**
   * Events added in this epoch, in arrival order, from the addition numbered `base` on; an
   * epoch ends on clear. A trim forgets the additions before the previous trim (`mark`), so a
   * reader at most one batch behind still gets only what it missed.
   */
  private added: Liquidation[] = [];
  private base = 0;
  private mark = 0;
  private epoch = 0;
  private trims = 0;
  private droppedThrough = -Infinity;

  /** Holds the newest `limit` at least; trims back to them once `batch` more arrived (default a tenth). */
  constructor(
    private readonly limit: number,
    private readonly batch = Math.max(1, Math.round(limit / 10)),
  ) {}

  /** The most events held at once: `limit` plus a batch, just before a trim. */
  get capacity(): number {
    return this.limit + this.batch;
  }

  /** Oldest first. Do not mutate; read it at once (additions and trims change it in place). */
  list(): readonly Liquidation[] {
    return this.events;
  }

  /** Adds the events not held yet (each once); returns those, oldest first. */
  add(events: readonly Liquidation[]): Liquidation[] {
    const fresh: Liquidation[] = [];
    for (const e of inTimeOrder(events)) if (!this.has(e) && !endsWithSame(fresh, e)) fresh.push(e);
    if (!fresh.length) return fresh;
    for (const e of fresh) this.added.push(e);
    const old = this.events;
    if (!old.length || old[old.length - 1].time <= fresh[0].time) for (const e of fresh) old.push(e);
    else this.events = mergeByTime(old, fresh);
    if (this.events.length > this.limit + this.batch) this.trim();
    return fresh;
  }

  /** The events added since `cursor`, or all of them when the reader must start again (new reader, cleared, too far behind). */
  since(cursor: BufferCursor | null): BufferChanges {
    const whole = !cursor || cursor.epoch !== this.epoch || cursor.read < this.base;
    const events = whole ? this.events : this.added.slice(cursor.read - this.base);
    const droppedThrough = !whole && cursor.trims !== this.trims ? this.droppedThrough : null;
    return { whole, events, cursor: { epoch: this.epoch, read: this.base + this.added.length, trims: this.trims }, droppedThrough, held: this.events };
  }

  /** The oldest go, down to `limit`: once per `batch` additions, not once per add. */
  private trim(): void {
    const drop = this.events.length - this.limit;
    this.droppedThrough = Math.max(this.droppedThrough, this.events[drop - 1].time);
    // In place (appends are too): a copy would be a new ~100,000-slot array per trim for the GC.
    dropFirst(this.events, drop);
    this.trims += 1;
    dropFirst(this.added, this.mark - this.base);
    this.base = this.mark;
    this.mark = this.base + this.added.length;
  }

  private newEpoch(): void {
    this.epoch += 1;
    this.added = [];
    this.base = 0;
    this.mark = 0;
    this.droppedThrough = -Infinity;
  }

  has(e: Liquidation): boolean {
    const held = this.events;
    for (let i = firstFrom(held, e.time); i < held.length && held[i].time === e.time; i++) if (sameEvent(held[i], e)) return true;
    return false;
  }

  clear(): void {
    this.events = [];
    this.newEpoch();
  }
}

/** Whether `e` is among the events of its time at the end of `sorted` (oldest first). */
function endsWithSame(sorted: readonly Liquidation[], e: Liquidation): boolean {
  for (let i = sorted.length - 1; i >= 0 && sorted[i].time === e.time; i--) if (sameEvent(sorted[i], e)) return true;
  return false;
}

/** `events` oldest first: as they are when already in order (a stream's batch), else a sorted copy. */
function inTimeOrder(events: readonly Liquidation[]): readonly Liquidation[] {
  for (let i = 1; i < events.length; i++) if (events[i - 1].time > events[i].time) return [...events].sort((a, b) => a.time - b.time);
  return events;
}

/**
 * Removes the first `n` items of `list` where it is. A plain loop: V8 has no fast path for
 * copyWithin on plain arrays (~20x slower for 10,000 of 110,000 items).
 */
function dropFirst<T>(list: T[], n: number): void {
  const keep = list.length - n;
  for (let i = 0; i < keep; i++) list[i] = list[i + n];
  list.length = keep;
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
