/**
 * Realised liquidations recorded in this browser, per symbol, for the tape, the charts and a
 * later accuracy audit. IndexedDB database 'liqmap-liquidations', one object store keyed by
 * [symbol, time, exchange, side, price, quantity]: the key orders a symbol's events by time
 * and makes a repeated event (two connections overlapping) one record. Bounded per symbol:
 * the last RECORD_DAYS days and at most RECORD_MAX_EVENTS events, oldest dropped first.
 * Each add is one transaction of already validated events, so a crash loses at most the
 * batch being written and a malformed event never reaches the store.
 */
import { liquidationProblem, type Liquidation } from './events.ts';

export const RECORD_DAYS = 90;
export const RECORD_MAX_EVENTS = 500_000;
const DAY = 86_400_000;
const DB_NAME = 'liqmap-liquidations';
const STORE = 'events';

export interface RecordedSymbol {
  symbol: string;
  count: number;
  first: number;
  last: number;
}

export interface LiquidationStore {
  /** False when nothing survives a reload (no IndexedDB): memory only. */
  readonly persistent: boolean;
  add(events: Liquidation[]): Promise<void>;
  /** Events of `symbol` with from <= time <= to, oldest first, at most `limit` (the newest ones). */
  range(symbol: string, from: number, to: number, limit?: number): Promise<Liquidation[]>;
  /** Drop what is older than RECORD_DAYS before `now` and beyond RECORD_MAX_EVENTS. */
  prune(symbol: string, now: number): Promise<void>;
  summary(): Promise<RecordedSymbol[]>;
  deleteSymbol(symbol: string): Promise<void>;
}

const keyOf = (e: Liquidation) => [e.symbol, e.time, e.exchange, e.side, e.price, e.quantity];
const valid = (events: Liquidation[]) => events.filter((e) => liquidationProblem(e) === null);

export function memoryLiquidationStore(limits = { days: RECORD_DAYS, events: RECORD_MAX_EVENTS }): LiquidationStore {
  const bySymbol = new Map<string, Map<string, Liquidation>>();
  const sorted = (symbol: string) => [...(bySymbol.get(symbol)?.values() ?? [])].sort((a, b) => a.time - b.time);
  return {
    persistent: false,
    async add(events) {
      for (const e of valid(events)) {
        let m = bySymbol.get(e.symbol);
        if (!m) bySymbol.set(e.symbol, (m = new Map()));
        m.set(keyOf(e).join('|'), { ...e });
      }
    },
    async range(symbol, from, to, limit = Infinity) {
      const inRange = sorted(symbol).filter((e) => e.time >= from && e.time <= to);
      return inRange.slice(Math.max(0, inRange.length - limit));
    },
    async prune(symbol, now) {
      const keep = sorted(symbol).filter((e) => e.time >= now - limits.days * DAY);
      const kept = keep.slice(Math.max(0, keep.length - limits.events));
      bySymbol.set(symbol, new Map(kept.map((e) => [keyOf(e).join('|'), e])));
    },
    async summary() {
      return [...bySymbol.keys()].sort().flatMap((symbol) => {
        const all = sorted(symbol);
        return all.length ? [{ symbol, count: all.length, first: all[0].time, last: all[all.length - 1].time }] : [];
      });
    },
    async deleteSymbol(symbol) {
      bySymbol.delete(symbol);
    },
  };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

const symbolRange = (symbol: string, from = -Infinity, to = Infinity) => IDBKeyRange.bound([symbol, from], [symbol, to, []]);

export function idbLiquidationStore(factory: IDBFactory = indexedDB, limits = { days: RECORD_DAYS, events: RECORD_MAX_EVENTS }): LiquidationStore {
  let opening: Promise<IDBDatabase> | undefined;
  const db = () =>
    (opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: ['symbol', 'time', 'exchange', 'side', 'price', 'quantity'] });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('the liquidation store is blocked by another tab upgrading it'));
    }));
  const tx = async (mode: IDBTransactionMode) => (await db()).transaction(STORE, mode);
  return {
    persistent: true,
    async add(events) {
      const good = valid(events);
      if (good.length === 0) return;
      const t = await tx('readwrite');
      const store = t.objectStore(STORE);
      for (const e of good) store.put({ ...e });
      await done(t);
    },
    async range(symbol, from, to, limit = Infinity) {
      const store = (await tx('readonly')).objectStore(STORE);
      const out: Liquidation[] = [];
      // Newest first, so a limit keeps the latest events; returned oldest first.
      await new Promise<void>((resolve, reject) => {
        const req = store.openCursor(symbolRange(symbol, from, to), 'prev');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const cursor = req.result;
          if (!cursor || out.length >= limit) return resolve();
          if (liquidationProblem(cursor.value as Liquidation) === null) out.push(cursor.value as Liquidation);
          cursor.continue();
        };
      });
      return out.reverse();
    },
    async prune(symbol, now) {
      const t = await tx('readwrite');
      const store = t.objectStore(STORE);
      store.delete(symbolRange(symbol, -Infinity, now - limits.days * DAY - 1));
      const counting = store.count(symbolRange(symbol));
      counting.onsuccess = () => {
        let excess = counting.result - limits.events;
        if (excess <= 0) return;
        const req = store.openKeyCursor(symbolRange(symbol));
        req.onsuccess = () => {
          const cursor = req.result;
          if (!cursor || excess-- <= 0) return;
          store.delete(cursor.primaryKey);
          cursor.continue();
        };
      };
      await done(t);
    },
    async summary() {
      // Fresh transactions per step: one must not stay open across awaits.
      const store = async () => (await tx('readonly')).objectStore(STORE);
      const out: RecordedSymbol[] = [];
      // Walk symbol by symbol: first key, last key and count of each, never every record.
      let lower: IDBKeyRange | null = null;
      for (;;) {
        const first = await request((await store()).openCursor(lower));
        if (!first) break;
        const symbol = (first.value as Liquidation).symbol;
        const last = await request((await store()).openCursor(symbolRange(symbol), 'prev'));
        const count = await request((await store()).count(symbolRange(symbol)));
        out.push({ symbol, count, first: (first.value as Liquidation).time, last: (last!.value as Liquidation).time });
        lower = IDBKeyRange.lowerBound([symbol, Infinity, []], true);
      }
      return out;
    },
    async deleteSymbol(symbol) {
      const t = await tx('readwrite');
      t.objectStore(STORE).delete(symbolRange(symbol));
      await done(t);
    },
  };
}

/** IndexedDB where the browser allows it, memory otherwise (the Data view says which). */
export function openLiquidationStore(): LiquidationStore {
  return typeof indexedDB === 'undefined' ? memoryLiquidationStore() : idbLiquidationStore();
}
