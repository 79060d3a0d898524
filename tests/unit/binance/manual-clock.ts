/** A hand-driven clock and timer queue for LiveFigures tests: time moves only on advance(). */
import type { Timers } from '../../../src/lib/scheduling.ts';

export class ManualClock implements Timers {
  private nextId = 1;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();

  constructor(public time = 1_750_000_000_000) {}

  readonly now = (): number => this.time;

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.queue.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.queue.delete(handle as number);
  };

  /** Moves time forward, firing due timers in time order (each at its own time). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.queue.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.queue.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].fn();
    }
    this.time = end;
  }

  get pendingTimers(): number {
    return this.queue.size;
  }
}
