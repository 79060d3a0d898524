/** Runs `fn` soon after a poke, but never twice within `everyMs` (trailing: the last poke is never lost). */
import type { Timers } from '../scheduling.ts';

export class Throttle {
  private timer: unknown;
  private last = -Infinity;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly everyMs: number,
    private readonly fn: () => void,
  ) {}

  poke(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.last + this.everyMs - this.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.ran();
      this.fn();
    }, wait);
  }

  /** `fn` just ran by another path (counts as a run). */
  ran(): void {
    this.last = this.now();
  }

  stop(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
