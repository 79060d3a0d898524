/**
 * Ids seen lately, to drop what two overlapping connections both deliver (the overlap lasts
 * seconds, so a few thousand ids suffice). Shared by the live trades and Bybit's fill stream.
 */
export class RecentIds {
  private readonly seen = new Set<string>();

  constructor(private readonly limit = 5_000) {}

  /** True the first time `id` is seen among the last `limit`. */
  firstSight(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.limit) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}
