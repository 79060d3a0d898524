/**
 * The liquidations of one symbol held in memory for the tape and the charts: each event once
 * (two connections overlap while one replaces the other; the store's records come back on
 * load), in time order (new events are merged in, not re-sorted), at most `limit`, oldest
 * dropped first.
 */
import { liquidationKey, type Liquidation } from './events.ts';

export class LiquidationBuffer {
  private events: Liquidation[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

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
    const old = this.events;
    if (!old.length || old[old.length - 1].time <= fresh[0].time) for (const e of fresh) old.push(e);
    else this.events = mergeByTime(old, fresh);
    const n = this.events.length;
    if (n > this.limit) {
      for (const e of this.events.slice(0, n - this.limit)) this.seen.delete(liquidationKey(e));
      this.events = this.events.slice(n - this.limit);
    }
    return fresh.length;
  }

  has(e: Liquidation): boolean {
    return this.seen.has(liquidationKey(e));
  }

  clear(): void {
    this.events = [];
    this.seen.clear();
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
