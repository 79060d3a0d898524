/**
 * Which profile files a source offers and which copy of each symbol-month-kind the engine
 * loads: pure functions over the manifest and the uploads in the cache.
 */
import type { CacheEntry } from '../data/cache.ts';
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

/** Symbols and months offered by the manifest and by uploads (a month counts when it has volume). */
export function catalogSymbols(manifest: Manifest | null, uploads: readonly CacheEntry[]): SymbolCatalog[] {
  const by = new Map<string, { months: Set<string>; synthetic: boolean }>();
  const add = (symbol: string, month: string, synthetic: boolean) => {
    const s = by.get(symbol) ?? { months: new Set<string>(), synthetic: false };
    s.months.add(month);
    s.synthetic ||= synthetic;
    by.set(symbol, s);
  };
  for (const f of manifest?.files ?? []) if (f.kind === 'volume') add(f.symbol, f.month, f.synthetic);
  for (const c of uploads) if (c.kind === 'volume') add(c.symbol, c.month, false);
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([symbol, s]) => ({ symbol, months: [...s.months].sort(), synthetic: s.synthetic }));
}

/**
 * For each symbol-month-kind, the copy to load: the newest upload, else the manifest's; the
 * manifest's where the user chose it for that month (`preferRemote`, keys "SYMBOL YYYY-MM").
 */
export function chooseCandidates(
  manifest: Manifest | null,
  uploads: readonly CacheEntry[],
  symbol: string,
  months: readonly string[],
  preferRemote: ReadonlySet<string>,
): Candidate[] {
  const out = new Map<string, Candidate>();
  const key = (m: string, k: string) => `${m} ${k}`;
  for (const entry of manifest ? selectEntries(manifest, { symbol, months }) : []) {
    out.set(key(entry.month, entry.kind), { symbol, month: entry.month, kind: entry.kind, sha256: entry.sha256, entry });
  }
  const mine = uploads.filter((u) => u.symbol === symbol && months.includes(u.month)).sort((a, b) => a.savedAt - b.savedAt);
  for (const u of mine) {
    if (out.has(key(u.month, u.kind)) && preferRemote.has(`${symbol} ${u.month}`)) continue;
    out.set(key(u.month, u.kind), { symbol, month: u.month, kind: u.kind, sha256: u.sha256, cached: u });
  }
  return [...out.values()];
}
