/**
 * The engine worker's API as the UI sees it (through comlink). Everything heavy happens
 * behind it; results come back as typed arrays.
 */
import type { HeatmapParams, HeatmapResult, MapParams, MapResult } from '../model/types.ts';
import type { CacheEntry, CacheEstimate } from '../data/cache.ts';
import type { OfferedFile } from '../data/offer.ts';
import type { LiveRows } from '../live/live-trades.ts';
import type { LiveLoad } from './live-rows.ts';
import type { PartialMonth } from '../data/built-months.ts';
import type { ExchangeId } from '../live/events.ts';
import type { BuiltColumns } from '../data/built-columns.ts';

export interface Progress {
  phase: 'manifest' | 'download' | 'decode' | 'load' | 'compute';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  file?: string;
}

export interface SymbolCatalog {
  symbol: string;
  /** Months offered by the source or uploaded, ascending YYYY-MM (any exchange). */
  months: string[];
  /** Per month, the exchanges that offer it (absent: binance only; catalog.ts exchangeMonths). */
  exchanges?: Record<string, ExchangeId[]>;
  synthetic: boolean;
}

/** One file the remote manifest lists (what the Data view shows, with its size). */
export type CatalogFile = OfferedFile;

export interface Catalog {
  /** 'sample' or the manifest URL. */
  source: string;
  symbols: SymbolCatalog[];
  /** Every file the manifest lists (none when it could not be read); uploads are in the cache report. */
  files: CatalogFile[];
  /** Plain-text problems with the source (bad manifest entries, refused files). */
  problems: string[];
  /** False when the browser keeps nothing (no IndexedDB, e.g. private mode): memory only. */
  persistent: boolean;
}

/** What one exchange of a several-exchange view has loaded; `absent` says why it has nothing. */
export interface PreparedExchange {
  id: ExchangeId;
  months: string[];
  missing: string[];
  lastClose: number;
  lastOi: Prepared['lastOi'];
  /** Start of its last profile hour (NaN when absent): its live trades begin after it. */
  lastHour: number;
  absent?: string;
}

/** What a view has loaded for a symbol (several exchanges: the first one with data, and `exchanges`). */
export interface Prepared {
  symbol: string;
  months: string[];
  /** Months the view needed that the source does not have, or whose files did not load. */
  missing: string[];
  /**
   * Those of `missing` the source does offer: a download failed (offline, the host down) or a
   * file was refused; `problems` names the files. Absent: not known (a kept first picture).
   */
  unloaded?: string[];
  firstHour: number;
  lastHour: number;
  synthetic: boolean;
  /** Close of the latest candle, the fallback price when no live or manual price exists. */
  lastClose: number;
  /** Latest OI record of the profile (metrics), the fallback when Binance gave nothing yet. */
  lastOi: { time: number; contracts: number; usd: number } | null;
  /** Plain-text problems with files that were refused while preparing. */
  problems: string[];
  /** Months built from daily files only, with the days they miss. */
  partial?: PartialMonth[];
  /** Set when the view named its exchanges: each one's months, fallback figures, or why it has none. */
  exchanges?: PreparedExchange[];
}

export type ProgressListener = (p: Progress) => void;

/** The verdict on one uploaded file. `message` is plain text naming the file. */
export type UploadVerdict =
  | { ok: true; file: string; symbol: string; month: string; kind: string; rows: number; message: string }
  | { ok: false; file: string; message: string };

export interface CacheReport {
  entries: CacheEntry[];
  estimate: CacheEstimate;
  /** False when IndexedDB is unavailable: nothing survives a reload. */
  persistent: boolean;
  /** Plain-text refusals of files this session (failed downloads, bad sha256, bad content), newest first. */
  refused: string[];
}

export interface EngineApi {
  /** Resolves once the engine worker answers (its code loaded); rejects with why it could not start. */
  start(): Promise<void>;
  /** `preferRemote`: months ("SYMBOL YYYY-MM") for which the source's copy is used over an upload. */
  openSource(source: string, allowedHosts: string[], onProgress?: ProgressListener, preferRemote?: string[]): Promise<Catalog>;
  /** The catalog again (after uploads, deletions or a copy choice), without fetching the manifest. */
  catalog(preferRemote?: string[]): Promise<Catalog>;
  /** `exchanges`: the selected exchanges, binance when absent (a Binance-only view is as before). */
  prepare(symbol: string, days: number, onProgress?: ProgressListener, exchanges?: ExchangeId[]): Promise<Prepared>;
  computeMap(params: MapParams): Promise<MapResult>;
  computeHeatmap(params: HeatmapParams): Promise<HeatmapResult>;
  /** Live trades of `exchange` (binance when absent) after its profile's last hour, as its month 'live' (engine/live-rows.ts). */
  loadLiveRows(symbol: string, rows: LiveRows, exchange?: ExchangeId): Promise<LiveLoad>;
  /** Validate, cache and load uploaded profile files; a refused file changes nothing. */
  upload(files: { name: string; bytes: Uint8Array }[], onProgress?: ProgressListener): Promise<UploadVerdict[]>;
  cacheReport(): Promise<CacheReport>;
  /**
   * The columns of profiles built in this browser, checked while their bytes are encoded
   * (storeBuilt follows); `[]` drops columns never stored. They come over another channel than
   * storeBuilt, so their order is not guaranteed: bytes that come first are read in full.
   */
  checkBuilt(built: BuiltColumns[]): Promise<void>;
  /** Cache and load profiles built in this browser from archive files (a refused file changes nothing). */
  storeBuilt(files: { name: string; bytes: Uint8Array }[]): Promise<UploadVerdict[]>;
  /** Remove cached files by sha256 (their loaded months stay until the next reload). */
  deleteCached(sha256s: string[]): Promise<void>;
}

/**
 * The worker as the page talks to it: the engine, and `ready`, answered by the worker's own
 * script before the engine code is loaded. The browser holds the page's first calls until it
 * has seen the worker start, which takes a turn of the page's thread: once `ready` answers,
 * calls reach the worker even while that thread is busy (evaluating the chart code).
 */
export interface EngineWorker extends EngineApi {
  ready(): Promise<void>;
}
