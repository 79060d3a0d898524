/**
 * What the Data view lists per symbol-month: the source's files (with sizes and whether they
 * are cached) beside uploads, and which copy the engine uses. The rule mirrors the engine's
 * `candidates`: the newest upload of a symbol-month-kind wins over the manifest's file, unless
 * the user chose the source's copy for that month (`preferRemote`, keys "SYMBOL YYYY-MM").
 */
import type { CacheEntry } from './cache.ts';
import { UPLOAD_SOURCE } from './cache.ts';
import type { ManifestEntry } from './manifest.ts';
import { PROFILE_KINDS } from './profile-schema.ts';

/** A manifest entry as the catalog reports it. */
export type OfferedFile = Pick<ManifestEntry, 'symbol' | 'month' | 'kind' | 'path' | 'bytes' | 'sha256'>;

export interface KindOffer {
  kind: string;
  remote?: { path: string; bytes: number; cached: boolean };
  /** The newest upload of this symbol-month-kind. */
  upload?: CacheEntry;
  used: 'upload' | 'remote';
}

export interface MonthOffer {
  symbol: string;
  month: string;
  kinds: KindOffer[];
  /** Bytes of the copies in use. */
  bytes: number;
  /** Some kind exists both remotely and as an upload: the user may choose which is used. */
  uploadOverRemote: boolean;
}

const kindRank = (k: string) => (PROFILE_KINDS as readonly string[]).indexOf(k);

export function offerTable(files: readonly OfferedFile[], cached: readonly CacheEntry[], preferRemote: ReadonlySet<string> = new Set()): MonthOffer[] {
  const cachedShas = new Set(cached.map((e) => e.sha256));
  const months = new Map<string, { symbol: string; month: string; kinds: Map<string, KindOffer> }>();
  const slot = (symbol: string, month: string, kind: string): KindOffer => {
    const key = `${symbol} ${month}`;
    const m = months.get(key) ?? { symbol, month, kinds: new Map<string, KindOffer>() };
    months.set(key, m);
    const k = m.kinds.get(kind) ?? { kind, used: 'remote' };
    m.kinds.set(kind, k);
    return k;
  };
  for (const f of files) slot(f.symbol, f.month, f.kind).remote = { path: f.path, bytes: f.bytes, cached: cachedShas.has(f.sha256) };
  for (const u of cached) {
    if (u.source !== UPLOAD_SOURCE) continue;
    const k = slot(u.symbol, u.month, u.kind);
    if (!k.upload || u.savedAt > k.upload.savedAt) k.upload = u;
    k.used = k.remote && preferRemote.has(`${u.symbol} ${u.month}`) ? 'remote' : 'upload';
  }
  return [...months.values()]
    .sort((a, b) => (a.symbol === b.symbol ? (a.month < b.month ? -1 : 1) : a.symbol < b.symbol ? -1 : 1))
    .map(({ symbol, month, kinds }) => {
      const list = [...kinds.values()].sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
      return {
        symbol,
        month,
        kinds: list,
        bytes: list.reduce((s, k) => s + (k.used === 'upload' ? k.upload!.bytes : k.remote!.bytes), 0),
        uploadOverRemote: list.some((k) => k.upload && k.remote),
      };
    });
}
