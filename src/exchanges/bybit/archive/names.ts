/**
 * Bybit's public data (docs/bybit.md): the daily trade dumps' names, paths and URLs, and the
 * open-interest REST request, shared by the builder, the browser importer and the generator.
 */
import { MONTH_RE } from '../../../lib/archive/names.ts';

/** The default hosts; every client takes its base URL as a setting. */
export const BYBIT_ARCHIVE_BASE_URL = 'https://public.bybit.com';
export const BYBIT_API_BASE_URL = 'https://api.bybit.com';

export interface BybitDumpName {
  symbol: string;
  /** `YYYY-MM-DD`, the UTC day the file holds. */
  day: string;
  month: string;
}

const DUMP_RE = /^([A-Z0-9]{2,20}?)(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\.csv\.gz$/;

/** Parses `BTCUSDT2025-11-03.csv.gz`; null otherwise. */
export function parseBybitDumpName(fileName: string): BybitDumpName | null {
  const m = DUMP_RE.exec(fileName);
  if (!m || !MONTH_RE.test(m[2].slice(0, 7))) return null;
  return { symbol: m[1], day: m[2], month: m[2].slice(0, 7) };
}

export function bybitDumpFileName(symbol: string, day: string): string {
  return `${symbol}${day}.csv.gz`;
}

/** A dump's path under the archive base (the same in a local copy): `trading/BTCUSDT/BTCUSDT2025-11-03.csv.gz`. */
export function bybitDumpPath(symbol: string, day: string): string {
  return `trading/${symbol}/${bybitDumpFileName(symbol, day)}`;
}

export function bybitDumpUrl(base: string, symbol: string, day: string): string {
  return `${base.replace(/\/+$/, '')}/${bybitDumpPath(symbol, day)}`;
}

/** Bybit answers at most this many OI records a page. */
export const BYBIT_OI_PAGE_LIMIT = 200;

/** One page of 5-minute open-interest history between two times (ms, inclusive), newest first. */
export function bybitOiUrl(apiBase: string, symbol: string, startTime: number, endTime: number, cursor = ''): string {
  const q = new URLSearchParams({
    category: 'linear', symbol, intervalTime: '5min', startTime: String(startTime), endTime: String(endTime),
    limit: String(BYBIT_OI_PAGE_LIMIT), cursor,
  });
  return `${apiBase.replace(/\/+$/, '')}/v5/market/open-interest?${q}`;
}

/**
 * Where the builder keeps one day's OI pages (the answers as received), so that a rebuild
 * needs no network: `open-interest/BTCUSDT/BTCUSDT-open-interest-2025-11-03.json`.
 */
export function bybitOiDayPath(symbol: string, day: string): string {
  return `open-interest/${symbol}/${bybitOiDayFileName(symbol, day)}`;
}

export function bybitOiDayFileName(symbol: string, day: string): string {
  return `${symbol}-open-interest-${day}.json`;
}

const OI_DAY_RE = /^([A-Z0-9]{2,20})-open-interest-(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\.json$/;

export function parseBybitOiDayName(fileName: string): BybitDumpName | null {
  const m = OI_DAY_RE.exec(fileName);
  return m ? { symbol: m[1], day: m[2], month: m[2].slice(0, 7) } : null;
}

/**
 * The gzip header's extra subfield (RFC 1952 FEXTRA, id `LQ`) in which liqmap's generator marks
 * a dump synthetic; real dumps have none. Its data starts with SYNTHETIC_MARKER.
 */
export const GZIP_MARK_ID = 'LQ';
