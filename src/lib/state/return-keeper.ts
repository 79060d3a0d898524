/**
 * When a chart's figure and image are kept for the next visit (ChartFrame): the figure of a new
 * view state at once; while live ticks redraw the same view, at most every KEEP_EVERY_MS, the
 * newest then; and the newest at once when the page is hidden (it may not come back). Each keep
 * clones the figure into IndexedDB (megabytes for a year's heatmap) and walks the chart for its
 * image: a live view kept on every redraw wrote that much every few seconds, all day. A return
 * shows the kept figure marked with its time and recomputes it at once, so a minute's age costs
 * nothing.
 */
export const KEEP_EVERY_MS = 60_000;

export interface KeeperClock {
  now(): number;
  later(run: () => void, ms: number): number;
  cancel(id: number): void;
}

const realClock: KeeperClock = {
  now: () => Date.now(),
  later: (run, ms) => setTimeout(run, ms) as unknown as number,
  cancel: (id) => clearTimeout(id),
};

export class ReturnKeeper<T> {
  private last: { key: string; at: number } | null = null;
  private pending: { key: string; item: T } | null = null;
  private timer: number | null = null;

  /** `keep(key, item, hidden)`: keeps `item` for view state `key`; `hidden`: the page is being hidden, do it now. */
  constructor(
    private readonly keep: (key: string, item: T, hidden: boolean) => void,
    private readonly clock: KeeperClock = realClock,
    private readonly every = KEEP_EVERY_MS,
  ) {}

  /** A newly drawn figure of view state `key`. */
  offer(key: string, item: T): void {
    this.pending = { key, item };
    const last = this.last;
    const wait = last && last.key === key ? last.at + this.every - this.clock.now() : 0;
    if (wait <= 0) return this.fire(false);
    this.timer ??= this.clock.later(() => { this.timer = null; this.fire(false); }, wait);
  }

  /** The page is being hidden: the newest figure not kept yet is kept now. */
  flush(): void {
    this.fire(true);
  }

  /** The chart is gone: nothing more is kept. */
  stop(): void {
    this.pending = null;
    this.clearTimer();
  }

  private fire(hidden: boolean): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.clearTimer();
    this.last = { key: p.key, at: this.clock.now() };
    this.keep(p.key, p.item, hidden);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.cancel(this.timer);
    this.timer = null;
  }
}
