/**
 * What the Data view lists per symbol-month: the source's files (with sizes and whether they
 * are cached) beside the user's copies, and which copy is used (copies.ts decides, as for the
 * engine).
 */
import type { CacheEntry } from './cache.ts';
import { exchangeOf, monthKey, newestUserCopies, usedCopy } from './copies.ts';
import type { ExchangeId } from '../live/events.ts';
import type { ManifestEntry } from './manifest.ts';
import { PROFILE_KINDS } from './profile-schema.ts';

/** A manifest entry as the catalog reports it. */
export type OfferedFile = Pick<ManifestEntry, 'exchange' | 'symbol' | 'month' | 'kind' | 'path' | 'bytes' | 'sha256'>;

export interface KindOffer {
  kind: string;
  remote?: { path: string; bytes: number; cached: boolean };
  /** The newest upload (or build) of this symbol-month-kind. */
  upload?: CacheEntry;
  used: 'upload' | 'remote';
}

export interface MonthOffer {
  exchange: ExchangeId;
  symbol: string;
  month: string;
  kinds: KindOffer[];
  /** Bytes of the copies in use. */
  bytes: number;
  /** Some kind exists both remotely and as an upload: the user may choose which is used. */
  uploadOverRemote: boolean;
}

/** Volume, candles, oi: the order files of a month are listed in (the offer, the cache list). */
export const kindRank = (k: string) => (PROFILE_KINDS as readonly string[]).indexOf(k);

export function offerTable(files: readonly OfferedFile[], cached: readonly CacheEntry[], preferRemote: ReadonlySet<string> = new Set()): MonthOffer[] {
  const cachedShas = new Set(cached.map((e) => e.sha256));
  const uploads = newestUserCopies(cached);
  const months = new Map<string, { exchange: ExchangeId; symbol: string; month: string; kinds: Map<string, KindOffer> }>();
  const slot = (e: Pick<CacheEntry, 'symbol' | 'month' | 'kind' | 'exchange'>): KindOffer => {
    const m = months.get(monthKey(e)) ?? { exchange: exchangeOf(e), symbol: e.symbol, month: e.month, kinds: new Map<string, KindOffer>() };
    months.set(monthKey(e), m);
    const k = m.kinds.get(e.kind) ?? { kind: e.kind, used: 'remote' };
    m.kinds.set(e.kind, k);
    return k;
  };
  for (const f of files) slot(f).remote = { path: f.path, bytes: f.bytes, cached: cachedShas.has(f.sha256) };
  for (const u of uploads.values()) slot(u).upload = u;
  for (const m of months.values()) {
    for (const k of m.kinds.values()) {
      const e = { exchange: m.exchange, symbol: m.symbol, month: m.month, kind: k.kind };
      k.used = usedCopy(e, !!k.remote, !!k.upload, preferRemote) === 'upload' ? 'upload' : 'remote';
    }
  }
  return [...months.values()]
    .sort((a, b) => a.exchange.localeCompare(b.exchange) || a.symbol.localeCompare(b.symbol) || (a.month < b.month ? -1 : 1))
    .map(({ exchange, symbol, month, kinds }) => {
      const list = [...kinds.values()].sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
      return {
        exchange,
        symbol,
        month,
        kinds: list,
        bytes: list.reduce((s, k) => s + (k.used === 'upload' ? k.upload!.bytes : k.remote!.bytes), 0),
        uploadOverRemote: list.some((k) => k.upload && k.remote),
      };
    });
}
