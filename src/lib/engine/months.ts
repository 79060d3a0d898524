/** Which profile months a view needs (UTC). Month arithmetic itself lives in archive/names.ts. */
import { monthRange } from '../archive/names.ts';

export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The months a window of `days` whose last hour starts at `lastHour` (epoch ms) touches. */
export function monthsForWindow(lastHour: number, days: number): string[] {
  return monthRange(monthOf(lastHour - days * 86_400_000 + 3_600_000), monthOf(lastHour));
}
