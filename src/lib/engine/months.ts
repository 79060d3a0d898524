/** Calendar arithmetic on YYYY-MM month keys (UTC), for choosing which profiles a view needs. */

export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Epoch ms of the first instant after `month`. */
export function monthEnd(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y, m, 1);
}

/** Months from `first` to `last` inclusive, ascending. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > last) break;
    out.push(key);
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}

/** The months a window of `days` whose last hour starts at `lastHour` (epoch ms) touches. */
export function monthsForWindow(lastHour: number, days: number): string[] {
  return monthRange(monthOf(lastHour - days * 86_400_000 + 3_600_000), monthOf(lastHour));
}
