/** Words for the Data view: sizes and where a cached file came from. */
import { BUILT_SOURCE, UPLOAD_SOURCE, type CacheEntry } from './cache.ts';
import { kindRank } from './offer.ts';

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

/** 'upload', 'remote:<sample manifest>' or 'remote:<url>' as a reader would say it. */
export function sourceLabel(source: string, sampleManifestUrl: string): string {
  if (source === UPLOAD_SOURCE) return 'your upload';
  if (source === BUILT_SOURCE) return 'built in this browser';
  const url = source.replace(/^remote:/, '');
  if (url === sampleManifestUrl) return 'bundled sample';
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname.replace(/\/manifest\.json$/, '/')}`;
  } catch {
    return url;
  }
}

/**
 * The cache list's order, the offer's: exchange, symbol, month, then volume, candles, oi; the
 * newest copy first. (By symbol alone, one month's Binance and Bybit files interleaved.)
 */
export function cacheListOrder(a: CacheEntry, b: CacheEntry): number {
  return (a.exchange ?? 'binance').localeCompare(b.exchange ?? 'binance') || a.symbol.localeCompare(b.symbol)
    || a.month.localeCompare(b.month) || kindRank(a.kind) - kindRank(b.kind) || b.savedAt - a.savedAt;
}

/**
 * What deleting `entries` costs, by where they came from: a source's files come back when
 * viewed, but uploads and months built here are gone until the user gives them again.
 */
export function deletionCost(entries: readonly Pick<CacheEntry, 'source'>[]): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const uploads = entries.filter((e) => e.source === UPLOAD_SOURCE).length;
  const built = entries.filter((e) => e.source === BUILT_SOURCE).length;
  const downloaded = entries.length - uploads - built;
  return [
    downloaded && `${count(downloaded, 'file from a source downloads', 'files from a source download')} again when viewed`,
    uploads && `${count(uploads, 'upload', 'uploads')} must be uploaded again`,
    built && `${count(built, 'file built in this browser', 'files built in this browser')} must be built again from the exchange's archive`,
  ].filter(Boolean).join('; ') + '.';
}

/**
 * The Data view's name for the user's copies of a month that the source also has: "your
 * upload", "your build" for a month built here from the exchange's archive (not uploaded), or
 * both.
 */
export function userCopyName(copies: readonly Pick<CacheEntry, 'source'>[]): string {
  const built = copies.filter((c) => c.source === BUILT_SOURCE).length;
  if (built === 0) return 'your upload';
  return built === copies.length ? 'your build' : 'your uploads and builds';
}
/** One such copy's tag beside its kind in the offer. */
export const userCopyBadge = (copy: Pick<CacheEntry, 'source'>) => (copy.source === BUILT_SOURCE ? 'built' : 'upload');
