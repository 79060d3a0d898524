/**
 * Whether a prepared view has anything to draw, and why not: one rule for the app (which says
 * so in place of the chart) and the command line (which exits 1).
 */
import type { Prepared } from './api.ts';

/** At least one selected exchange loaded an hour of profile (the lead's facts are NaN when none did). */
export const hasProfileData = (p: Prepared) => Number.isFinite(p.lastHour) || (p.exchanges ?? []).some((e) => Number.isFinite(e.lastHour));

/** Why nothing loaded: the files refused (a corrupt, missing or undownloadable file), else the months the source lacks. */
export function nothingLoadedWhy(p: Pick<Prepared, 'problems' | 'missing'>): string {
  return p.problems.join(' ') || `months missing from the source: ${p.missing.join(', ')}`;
}
