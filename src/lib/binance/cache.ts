/** The last good live answer per symbol, kept so that the map stays useful offline. */
import { createStore, get, set, type UseStore } from 'idb-keyval';

export interface LiveRecord {
  symbol: string;
  /** Open interest in contracts. */
  contracts: number;
  markPrice: number;
  indexPrice: number;
  /** contracts * markPrice. */
  oiUsd: number;
  /** Binance's time of the open interest figure, epoch ms. */
  oiTime: number;
  /** Binance's time of the mark price, epoch ms. */
  priceTime: number;
  /** Local clock when the answer arrived, epoch ms. */
  receivedAt: number;
}

export interface LiveCache {
  get(symbol: string): Promise<LiveRecord | undefined>;
  set(symbol: string, record: LiveRecord): Promise<void>;
}

const NUMBER_FIELDS = ['contracts', 'markPrice', 'indexPrice', 'oiUsd', 'oiTime', 'priceTime', 'receivedAt'] as const;

/** Stored data may be from an older version or tampered with: check before trusting it. */
export function isLiveRecord(value: unknown): value is LiveRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.symbol === 'string' &&
    NUMBER_FIELDS.every((k) => typeof r[k] === 'number' && Number.isFinite(r[k])) &&
    (r.markPrice as number) > 0
  );
}

export function createMemoryLiveCache(): LiveCache {
  const records = new Map<string, LiveRecord>();
  return {
    get: async (symbol) => records.get(symbol),
    set: async (symbol, record) => void records.set(symbol, { ...record }),
  };
}

/**
 * IndexedDB cache in its own database ('liqmap-live', store 'figures'). The store is opened on
 * first use, so that constructing it never throws where IndexedDB is missing (private modes).
 */
export function createIdbLiveCache(store?: UseStore): LiveCache {
  let opened = store;
  const db = () => (opened ??= createStore('liqmap-live', 'figures'));
  return {
    async get(symbol) {
      const value: unknown = await get(symbol, db());
      return isLiveRecord(value) ? value : undefined;
    },
    set: (symbol, record) => set(symbol, record, db()),
  };
}
