/**
 * Profile files kept across visits, keyed by their sha256 (content-addressed), behind one small
 * interface: IndexedDB (idb-keyval) when the browser allows it, memory otherwise (private mode:
 * the app then says nothing is kept). Each file is two records, its bytes and its index entry;
 * both are written in one transaction and the bytes deleted last, so no tab ever sees an entry
 * without its bytes.
 */
import { createStore, del, get, getMany, keys, promisifyRequest, type UseStore } from 'idb-keyval';
import { sha256Hex } from './hash.ts';
import { DEFAULT_EXCHANGE, type ProfileKind } from './profile-schema.ts';
import type { ExchangeId } from '../live/events.ts';

export interface CacheInfo {
  /** 'remote:<manifest url>', 'upload' or 'built'. */
  source: string;
  symbol: string;
  month: string;
  kind: ProfileKind;
  /** The profile's `liqmap.exchange`; absent (entries kept before exchanges) means binance. */
  exchange?: ExchangeId;
  fileName: string;
  /** `liqmap.days` of a month built from daily files. */
  days?: string;
}

export interface CacheEntry extends CacheInfo {
  sha256: string;
  bytes: number;
  /** epoch ms */
  savedAt: number;
}

export interface CacheEstimate {
  entries: number;
  bytes: number;
  /** From navigator.storage.estimate(), when the browser tells. */
  usage?: number;
  quota?: number;
}

export interface ProfileCache {
  /** False for the in-memory cache: nothing survives a reload. */
  readonly persistent: boolean;
  get(sha256: string): Promise<Uint8Array | undefined>;
  /**
   * Store bytes whose sha256 the caller computed (checked again here). Throws QuotaExceeded when
   * full. Every writer names the exchange (the entry keeps it only when not Binance): an entry
   * without it is Binance's, and Binance's next copy of that symbol-month-kind replaces it.
   */
  put(sha256: string, bytes: Uint8Array, info: CacheInfo & { exchange: ExchangeId }): Promise<CacheEntry>;
  delete(sha256: string): Promise<void>;
  list(): Promise<CacheEntry[]>;
  estimate(): Promise<CacheEstimate>;
}

/** The browser refused to store more; what was cached before is intact. */
export class QuotaExceeded extends Error {
  override readonly name = 'QuotaExceeded';
  constructor(readonly fileName: string) {
    super(`not enough browser storage to keep ${fileName}`);
  }
}

export const remoteSource = (manifestUrl: string) => `remote:${manifestUrl}`;
export const UPLOAD_SOURCE = 'upload';
/** Profiles the importer built in this browser from Binance archive files. */
export const BUILT_SOURCE = 'built';

export interface CacheOptions {
  now?: () => number;
}

function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || (e as { code?: number })?.code === 22;
}

async function checkedEntry(sha256: string, bytes: Uint8Array, info: CacheInfo, now: () => number): Promise<CacheEntry> {
  if ((await sha256Hex(bytes)) !== sha256) throw new Error(`${info.fileName}: bytes do not match sha256 ${sha256}`);
  const { source, symbol, month, kind, fileName, days, exchange } = info;
  // Binance entries stay as they were; another exchange is named.
  const named = exchange && exchange !== DEFAULT_EXCHANGE ? { exchange } : {};
  return { source, symbol, month, kind, ...named, fileName, ...(days ? { days } : {}), sha256, bytes: bytes.length, savedAt: now() };
}

async function totals(cache: ProfileCache): Promise<CacheEstimate> {
  const list = await cache.list();
  return { entries: list.length, bytes: list.reduce((s, e) => s + e.bytes, 0) };
}

/**
 * A cache in memory; `quotaBytes` makes it refuse to grow past a size (as browsers do);
 * `maxBytes` makes it let the least recently used files go instead (a long-running server).
 */
export function memoryCache(options: CacheOptions & { quotaBytes?: number; maxBytes?: number } = {}): ProfileCache {
  const now = options.now ?? Date.now;
  // In order of use, the least recent first (a get moves a file to the end).
  const files = new Map<string, { bytes: Uint8Array; entry: CacheEntry }>();
  const cache: ProfileCache = {
    persistent: false,
    async get(sha256) {
      const f = files.get(sha256);
      if (f && options.maxBytes !== undefined) {
        files.delete(sha256);
        files.set(sha256, f);
      }
      return f?.bytes;
    },
    async put(sha256, bytes, info) {
      const entry = await checkedEntry(sha256, bytes, info, now);
      const used = [...files.values()].reduce((s, f) => s + (f.entry.sha256 === sha256 ? 0 : f.bytes.length), 0);
      if (options.quotaBytes !== undefined && used + bytes.length > options.quotaBytes) throw new QuotaExceeded(info.fileName);
      files.delete(sha256);
      files.set(sha256, { bytes: bytes.slice(), entry });
      if (options.maxBytes !== undefined) {
        let total = used + bytes.length;
        for (const [sha, f] of files) {
          if (total <= options.maxBytes || sha === sha256) break;
          files.delete(sha);
          total -= f.bytes.length;
        }
      }
      return entry;
    },
    async delete(sha256) {
      files.delete(sha256);
    },
    async list() {
      return [...files.values()].map((f) => f.entry);
    },
    estimate: () => totals(cache),
  };
  return cache;
}

const bytesKey = (sha: string) => `bytes:${sha}`;
const entryKey = (sha: string) => `entry:${sha}`;

/** A cache in IndexedDB (database 'liqmap', store 'files' unless `store` is given). */
export function idbCache(options: CacheOptions & { store?: UseStore } = {}): ProfileCache {
  const now = options.now ?? Date.now;
  const store = options.store ?? createStore('liqmap', 'files');
  const cache: ProfileCache = {
    persistent: true,
    async get(sha256) {
      const bytes = await get<Uint8Array>(bytesKey(sha256), store);
      return bytes instanceof Uint8Array ? bytes : undefined;
    },
    async put(sha256, bytes, info) {
      const entry = await checkedEntry(sha256, bytes, info, now);
      // One transaction (one commit) for both records: they are written together or not at all.
      try {
        await store('readwrite', (s) => {
          try {
            s.put(bytes, bytesKey(sha256));
            s.put(entry, entryKey(sha256));
          } catch (e) {
            s.transaction.abort();
            throw e;
          }
          return promisifyRequest(s.transaction);
        });
      } catch (e) {
        throw isQuotaError(e) ? new QuotaExceeded(info.fileName) : e;
      }
      return entry;
    },
    async delete(sha256) {
      await del(entryKey(sha256), store);
      await del(bytesKey(sha256), store);
    },
    async list() {
      const all = new Set((await keys(store)).map(String));
      const shas = [...all].filter((k) => k.startsWith('entry:') && all.has(bytesKey(k.slice(6)))).map((k) => k.slice(6));
      return (await getMany<CacheEntry>(shas.map(entryKey), store)).filter((e): e is CacheEntry => e !== undefined);
    },
    async estimate() {
      const own = await totals(cache);
      const storage = (globalThis.navigator as Navigator | undefined)?.storage;
      const browser = storage?.estimate ? await storage.estimate().catch(() => ({})) : {};
      return { ...own, ...browser };
    },
  };
  return cache;
}

/** IndexedDB when it works here, else memory (e.g. private mode). */
export async function openProfileCache(options: CacheOptions = {}): Promise<ProfileCache> {
  if (typeof indexedDB === 'undefined') return memoryCache(options);
  try {
    const cache = idbCache(options);
    await cache.get('probe');
    return cache;
  } catch {
    return memoryCache(options);
  }
}
