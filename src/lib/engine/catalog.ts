/**
 * Which profile files a source offers and which copy of each symbol-month-kind the engine
 * loads (the rule is copies.ts's): pure functions over the manifest and the user's copies.
 */
import type { CacheEntry } from '../data/cache.ts';
import { isUserCopy, newestUserCopies, usedCopy } from '../data/copies.ts';
import { selectEntries, type Manifest, type ManifestEntry } from '../data/manifest.ts';
import type { ProfileKind } from '../data/profile-schema.ts';
import type { SymbolCatalog } from './api.ts';

/** A profile file the engine can load: from the remote manifest or an upload in the cache. */
export interface Candidate {
  symbol: string;
  month: string;
  kind: ProfileKind;
  sha256: string;
  entry?: ManifestEntry;
  cached?: CacheEntry;
}

/** Symbols and months offered by the manifest and by the user's copies (a month counts when it has volume). */
export function catalogSymbols(manifest: Manifest | null, cached: readonly CacheEntry[]): SymbolCatalog[] {
  const by = new Map<string, { months: Set<string>; synthetic: boolean }>();
  const add = (symbol: string, month: string, synthetic: boolean) => {
    const s = by.get(symbol) ?? { months: new Set<string>(), synthetic: false };
    s.months.add(month);
    s.synthetic ||= synthetic;
    by.set(symbol, s);
  };
  for (const f of manifest?.files ?? []) if (f.kind === 'volume') add(f.symbol, f.month, f.synthetic);
  for (const c of cached) if (isUserCopy(c) && c.kind === 'volume') add(c.symbol, c.month, false);
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([symbol, s]) => ({ symbol, months: [...s.months].sort(), synthetic: s.synthetic }));
}

/** For each symbol-month-kind of `months`, the copy to load (copies.ts's rule). */
export function chooseCandidates(
  manifest: Manifest | null,
  cached: readonly CacheEntry[],
  symbol: string,
  months: readonly string[],
  preferRemote: ReadonlySet<string>,
): Candidate[] {
  const out = new Map<string, Candidate>();
  const key = (m: string, k: string) => `${m} ${k}`;
  for (const entry of manifest ? selectEntries(manifest, { symbol, months }) : []) {
    out.set(key(entry.month, entry.kind), { symbol, month: entry.month, kind: entry.kind, sha256: entry.sha256, entry });
  }
  for (const u of newestUserCopies(cached).values()) {
    if (u.symbol !== symbol || !months.includes(u.month)) continue;
    if (usedCopy(u, out.has(key(u.month, u.kind)), true, preferRemote) === 'upload') {
      out.set(key(u.month, u.kind), { symbol, month: u.month, kind: u.kind, sha256: u.sha256, cached: u });
    }
  }
  return [...out.values()];
}
