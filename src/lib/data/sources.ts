/**
 * When one symbol-month-kind is cached from two sources (a remote folder and an upload),
 * which copy is used: the one the user chose (by source), else the most recently saved.
 */
import type { CacheEntry } from './cache.ts';

type Keyed = Pick<CacheEntry, 'symbol' | 'month' | 'kind'>;

export const profileKey = (e: Keyed) => `${e.symbol} ${e.month} ${e.kind}`;

export interface SourceUse {
  key: string;
  used: CacheEntry;
  /** The other copies, most recent first. */
  alternatives: CacheEntry[];
}

/** `choices` maps a profileKey to the source the user picked ('upload' or 'remote:<url>'). */
export function chooseSources(entries: readonly CacheEntry[], choices: Readonly<Record<string, string>> = {}): SourceUse[] {
  const groups = new Map<string, CacheEntry[]>();
  for (const e of entries) groups.set(profileKey(e), [...(groups.get(profileKey(e)) ?? []), e]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, group]) => {
      const newestFirst = [...group].sort((a, b) => b.savedAt - a.savedAt || (a.sha256 < b.sha256 ? -1 : 1));
      const used = newestFirst.find((e) => e.source === choices[key]) ?? newestFirst[0];
      return { key, used, alternatives: newestFirst.filter((e) => e !== used) };
    });
}

/** Older copies that `entry` replaces: same symbol-month-kind, same source, other content. */
export function supersededBy(entries: readonly CacheEntry[], entry: CacheEntry): CacheEntry[] {
  return entries.filter((e) => profileKey(e) === profileKey(entry) && e.source === entry.source && e.sha256 !== entry.sha256);
}
