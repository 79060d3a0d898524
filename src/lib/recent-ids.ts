/**
 * Ids seen lately, to drop what two overlapping connections both deliver (the overlap lasts
 * seconds, so a few thousand ids suffice). Shared by the live trades and Bybit's fill stream.
 */
export class RecentIds {
  private readonly seen = new Set<string>();
  /**
   * The ids in the order first seen, a ring: the oldest is found here. Not the Set's first value:
   * after many deletes from its front a Set's iterator steps over the deleted slots, thousands
   * per call, which made every trade cost microseconds.
   */
  private readonly order: string[] = [];
  private oldest = 0;

  constructor(private readonly limit = 5_000) {}

  /** True the first time `id` is seen among the last `limit`. */
  firstSight(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.order.length < this.limit) {
      this.order.push(id);
      return true;
    }
    this.seen.delete(this.order[this.oldest]);
    this.order[this.oldest] = id;
    this.oldest = (this.oldest + 1) % this.limit;
    return true;
  }
}
