/**
 * Which copy of a symbol-month-kind is used when the source lists it and the user uploaded (or
 * built) one too: the one rule, called by the engine (what it loads) and the Data view (what it
 * shows as used). The newest upload wins over the source's file, unless the user chose the
 * source's copy for that month.
 */
import type { CacheEntry } from './cache.ts';
import { DEFAULT_EXCHANGE } from './profile-schema.ts';
import type { ExchangeId } from '../live/events.ts';

type Keyed = Pick<CacheEntry, 'symbol' | 'month' | 'kind' | 'exchange'>;

/** The exchange of an entry, a candidate or a manifest file (binance when it names none). */
export const exchangeOf = (e: { exchange?: ExchangeId }): ExchangeId => e.exchange ?? DEFAULT_EXCHANGE;

/** Binance's keys stay as they were (saved copy choices keep working); another exchange leads. */
const exchangePrefix = (e: { exchange?: ExchangeId }) => (exchangeOf(e) === DEFAULT_EXCHANGE ? '' : `${exchangeOf(e)} `);

/** "[exchange ]SYMBOL YYYY-MM kind": one profile file's identity, whatever its copy. */
export const profileKey = (e: Keyed) => `${exchangePrefix(e)}${e.symbol} ${e.month} ${e.kind}`;

/** "[exchange ]SYMBOL YYYY-MM": the unit of the user's copy choice. */
export const monthKey = (e: Pick<Keyed, 'symbol' | 'month' | 'exchange'>) => `${exchangePrefix(e)}${e.symbol} ${e.month}`;

/** The copy used for a symbol-month-kind that has an upload, a source file, or both. */
export function usedCopy(e: Pick<Keyed, 'symbol' | 'month' | 'exchange'>, hasSourceFile: boolean, hasUpload: boolean, preferSource: ReadonlySet<string>): 'upload' | 'source' {
  return hasUpload && !(hasSourceFile && preferSource.has(monthKey(e))) ? 'upload' : 'source';
}

/** A copy the user made (uploaded or built in this browser), not one downloaded from a source. */
export const isUserCopy = (e: Pick<CacheEntry, 'source'>) => !e.source.startsWith('remote:');

/** The newest user copy of each symbol-month-kind among cached `entries` (profileKey -> entry). */
export function newestUserCopies(entries: readonly CacheEntry[]): Map<string, CacheEntry> {
  const out = new Map<string, CacheEntry>();
  for (const e of entries) {
    if (!isUserCopy(e)) continue;
    const kept = out.get(profileKey(e));
    if (!kept || e.savedAt > kept.savedAt) out.set(profileKey(e), e);
  }
  return out;
}

/** Older copies that `entry` replaces: same symbol-month-kind, same source, other content. */
export function supersededBy(entries: readonly CacheEntry[], entry: CacheEntry): CacheEntry[] {
  return entries.filter((e) => profileKey(e) === profileKey(entry) && e.source === entry.source && e.sha256 !== entry.sha256);
}

/**
 * The cached file of each symbol-month-kind that the charts use, given the current source's
 * files and the user's copies: the used upload, or the source's file when this browser keeps
 * it. A source file not downloaded yet has no entry here.
 */
export function usedCachedCopies(
  sourceFiles: readonly Pick<CacheEntry, 'symbol' | 'month' | 'kind' | 'sha256' | 'exchange'>[],
  cached: readonly CacheEntry[],
  preferSource: ReadonlySet<string>,
): CacheEntry[] {
  const bySha = new Map(cached.map((e) => [e.sha256, e]));
  const source = new Map(sourceFiles.map((f) => [profileKey(f), f]));
  const uploads = newestUserCopies(cached);
  const out: CacheEntry[] = [];
  for (const key of new Set([...source.keys(), ...uploads.keys()])) {
    const file = source.get(key);
    const upload = uploads.get(key);
    const pick = usedCopy((file ?? upload)!, file !== undefined, upload !== undefined, preferSource) === 'upload' ? upload : file && bySha.get(file.sha256);
    if (pick) out.push(pick);
  }
  return out;
}
