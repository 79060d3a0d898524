/**
 * The Binance public-archive naming contract (docs/binance.md), shared by the reader
 * (builder) and the writer (synth): which file is which symbol, kind and period.
 */

export type ArchiveKind = 'aggTrades' | 'metrics';
export type Granularity = 'monthly' | 'daily';

export interface ArchiveName {
  symbol: string;
  kind: ArchiveKind;
  granularity: Granularity;
  /** `YYYY-MM` for monthly files, `YYYY-MM-DD` for daily ones. */
  period: string;
  /** The calendar month the file belongs to. */
  month: string;
  /** `zip` or a bare `csv`. */
  format: 'zip' | 'csv';
}

const NAME_RE = /^([A-Z0-9]{2,20})-(aggTrades|metrics)-(\d{4}-(?:0[1-9]|1[0-2]))(-(?:0[1-9]|[12]\d|3[01]))?\.(zip|csv)$/;

/** Parses `BTCUSDT-aggTrades-2025-11.zip`, `BTCUSDT-metrics-2025-11-03.zip` or their `.csv`; null otherwise. */
export function parseArchiveName(fileName: string): ArchiveName | null {
  const m = NAME_RE.exec(fileName);
  if (!m) return null;
  const [, symbol, kind, month, day, format] = m;
  return {
    symbol,
    kind: kind as ArchiveKind,
    granularity: day ? 'daily' : 'monthly',
    period: day ? month + day : month,
    month,
    format: format as 'zip' | 'csv',
  };
}

/** `BTCUSDT-aggTrades-2025-11` (no extension). */
export function archiveStem(symbol: string, kind: ArchiveKind, period: string): string {
  return `${symbol}-${kind}-${period}`;
}

/** Binance's folder for a file: `data/futures/um/monthly/aggTrades/BTCUSDT`. */
export function archiveDir(symbol: string, kind: ArchiveKind, granularity: Granularity): string {
  return `data/futures/um/${granularity}/${kind}/${symbol}`;
}

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** First ms of a month and first ms of the next, UTC. */
export function monthBounds(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number);
  return [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)];
}

/** Every month from `from` to `to` inclusive (`YYYY-MM`). */
export function monthRange(from: string, to: string): string[] {
  if (!MONTH_RE.test(from) || !MONTH_RE.test(to)) throw new Error(`months must be YYYY-MM, got ${from} and ${to}`);
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  if (y * 12 + m > ty * 12 + tm) throw new Error(`--from ${from} is after --to ${to}`);
  while (y * 12 + m <= ty * 12 + tm) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** `YYYY-MM-DD` for every day of a month. */
export function daysOfMonth(month: string): string[] {
  const [start, end] = monthBounds(month);
  const out: string[] = [];
  for (let t = start; t < end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * The days of `month` that `days` (YYYY-MM-DD) cover, as `first..last` ranges joined by commas
 * (`2025-11-01..2025-11-10,2025-11-12..2025-11-28`); null when they cover the whole month.
 */
export function dayRanges(month: string, days: readonly string[]): string | null {
  const have = new Set(days);
  const all = daysOfMonth(month);
  if (all.every((d) => have.has(d))) return null;
  const ranges: string[] = [];
  let start: string | null = null;
  all.forEach((d, i) => {
    if (have.has(d)) start ??= d;
    if (start && (!have.has(all[i + 1]) || i === all.length - 1)) {
      ranges.push(`${start}..${d}`);
      start = null;
    }
  });
  return ranges.join(',');
}

/** `YYYY-MM-DD` of the UTC day that holds `ms`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM` of the UTC month that holds `ms`. */
export function utcMonth(ms: number): string {
  return utcDay(ms).slice(0, 7);
}

/** Start of the archive comment (zips) or sidecar file text (CSVs) liqmap's generator writes. */
export const SYNTHETIC_MARKER = 'liqmap-synthetic';

/** The default public archive host; every client takes its base URL as a setting. */
export const ARCHIVE_BASE_URL = 'https://data.binance.vision';

export type ArchiveFileId = Pick<ArchiveName, 'symbol' | 'kind' | 'granularity' | 'period'>;

/** A zip's path inside the archive (the same under its base URL and in a local copy of it). */
export function archivePath(name: ArchiveFileId): string {
  return `${archiveDir(name.symbol, name.kind, name.granularity)}/${archiveStem(name.symbol, name.kind, name.period)}.zip`;
}

/** URL of an archive file (and of its `.CHECKSUM` with `suffix = '.CHECKSUM'`) under a base URL. */
export function archiveUrl(base: string, name: ArchiveFileId, suffix = ''): string {
  return `${base.replace(/\/+$/, '')}/${archivePath(name)}${suffix}`;
}

/**
 * The sha256 in a `.CHECKSUM` file: `<64 hex>  <file name>` (the name may be absent). Returns the
 * lower-case hex, or null when the text is not such a line or names another file.
 */
export function parseChecksum(text: string, fileName?: string): string | null {
  const m = /^([0-9a-fA-F]{64})(?:\s+\*?(\S+))?\s*$/.exec(text.trim());
  if (!m) return null;
  if (fileName !== undefined && m[2] !== undefined && m[2] !== fileName) return null;
  return m[1].toLowerCase();
}
