/**
 * Which profile files a source offers and which copy of each symbol-month-kind the engine
 * loads (the rule is copies.ts's): pure functions over the manifest and the user's copies.
 */
import type { CacheEntry } from '../data/cache.ts';
import { exchangeOf, isUserCopy, newestUserCopies, usedCopy } from '../data/copies.ts';
import { DEFAULT_EXCHANGE } from '../data/profile-schema.ts';
import type { ExchangeId } from '../live/events.ts';
import { selectEntries, type Manifest, type ManifestEntry } from '../data/manifest.ts';
import type { ProfileKind } from '../data/profile-schema.ts';
import type { SymbolCatalog } from './api.ts';

/** A profile file the engine can load: from the remote manifest or an upload in the cache. */
export interface Candidate {
  exchange: ExchangeId;
  symbol: string;
  month: string;
  kind: ProfileKind;
  sha256: string;
  entry?: ManifestEntry;
  cached?: CacheEntry;
}

/** Symbols and months offered by the manifest and by the user's copies (a month counts when it has volume). */
export function catalogSymbols(manifest: Manifest | null, cached: readonly CacheEntry[]): SymbolCatalog[] {
  const by = new Map<string, { months: Map<string, Set<ExchangeId>>; synthetic: boolean }>();
  const add = (e: { symbol: string; month: string; exchange?: ExchangeId }, synthetic: boolean) => {
    const s = by.get(e.symbol) ?? { months: new Map<string, Set<ExchangeId>>(), synthetic: false };
    s.months.set(e.month, (s.months.get(e.month) ?? new Set<ExchangeId>()).add(exchangeOf(e)));
    s.synthetic ||= synthetic;
    by.set(e.symbol, s);
  };
  for (const f of manifest?.files ?? []) if (f.kind === 'volume') add(f, f.synthetic);
  for (const c of cached) if (isUserCopy(c) && c.kind === 'volume') add(c, false);
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([symbol, s]) => {
      const months = [...s.months.keys()].sort();
      const binanceOnly = [...s.months.values()].every((e) => e.size === 1 && e.has(DEFAULT_EXCHANGE));
      const exchanges = Object.fromEntries(months.map((m) => [m, [...s.months.get(m)!].sort()]));
      return { symbol, months, ...(binanceOnly ? {} : { exchanges }), synthetic: s.synthetic };
    });
}

/** The months of `symbol` that `exchange` offers, ascending. */
export function exchangeMonths(catalog: SymbolCatalog | undefined, exchange: ExchangeId): string[] {
  return catalog ? catalog.months.filter((m) => (catalog.exchanges?.[m] ?? [DEFAULT_EXCHANGE]).includes(exchange)) : [];
}

/** For each symbol-month-kind of `months`, the copy to load (copies.ts's rule). */
export function chooseCandidates(
  manifest: Manifest | null,
  cached: readonly CacheEntry[],
  symbol: string,
  months: readonly string[],
  preferRemote: ReadonlySet<string>,
  exchange: ExchangeId = DEFAULT_EXCHANGE,
): Candidate[] {
  const out = new Map<string, Candidate>();
  const key = (m: string, k: string) => `${m} ${k}`;
  for (const entry of manifest ? selectEntries(manifest, { symbol, months, exchange }) : []) {
    out.set(key(entry.month, entry.kind), { exchange, symbol, month: entry.month, kind: entry.kind, sha256: entry.sha256, entry });
  }
  for (const u of newestUserCopies(cached).values()) {
    if (u.symbol !== symbol || exchangeOf(u) !== exchange || !months.includes(u.month)) continue;
    if (usedCopy(u, out.has(key(u.month, u.kind)), true, preferRemote) === 'upload') {
      out.set(key(u.month, u.kind), { exchange, symbol, month: u.month, kind: u.kind, sha256: u.sha256, cached: u });
    }
  }
  return [...out.values()];
}
