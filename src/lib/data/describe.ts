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
