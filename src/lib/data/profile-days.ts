/**
 * Reading `liqmap.days` (docs/profiles.md; written with archive/names.ts dayRanges): the ranges
 * (`2025-11-01..2025-11-10,2025-11-12..2025-11-28`) and the days they miss.
 */

const DAY_MS = 86_400_000;
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The ranges of a `liqmap.days` value, or null when it is not one. */
export function parseDays(text: string): [string, string][] | null {
  const out: [string, string][] = [];
  for (const part of text.split(',')) {
    const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(part.trim());
    if (!m || m[1] > m[2] || Number.isNaN(dayMs(m[1])) || Number.isNaN(dayMs(m[2]))) return null;
    out.push([m[1], m[2]]);
  }
  return out.length ? out : null;
}

/** Days of `month` from its first day to the last covered day that the ranges do not cover. */
export function missingDays(month: string, ranges: readonly [string, string][]): string[] {
  if (!ranges.length) return [];
  const end = dayMs(ranges[ranges.length - 1][1]);
  const covered = (t: number) => ranges.some(([a, b]) => t >= dayMs(a) && t <= dayMs(b));
  const out: string[] = [];
  for (let t = dayMs(`${month}-01`); t <= end; t += DAY_MS) if (!covered(t)) out.push(dayOf(t));
  return out;
}
