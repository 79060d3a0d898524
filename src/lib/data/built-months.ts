/** Months built in this browser from daily files say which days they miss. */
import type { CacheEntry } from '../data/cache.ts';
import { missingDays, parseDays } from './profile-days.ts';

export interface PartialMonth {
  month: string;
  /** `liqmap.days` as stored. */
  days: string;
  /** Days from the month's first to its last covered day that have no data. */
  missing: string[];
}

/** The partial months among the volume files a view loads. */
export function partialMonths(candidates: readonly { kind: string; cached?: CacheEntry }[]): PartialMonth[] {
  const out: PartialMonth[] = [];
  for (const c of candidates) {
    const days = c.kind === 'volume' ? c.cached?.days : undefined;
    const ranges = days ? parseDays(days) : null;
    if (days && ranges) out.push({ month: c.cached!.month, days, missing: missingDays(c.cached!.month, ranges) });
  }
  return out.sort((a, b) => a.month.localeCompare(b.month));
}
