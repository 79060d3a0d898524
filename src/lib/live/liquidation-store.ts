/**
 * Realised liquidations recorded in this browser, per symbol, for the tape, the charts and a
 * later accuracy audit. IndexedDB database 'liqmap-liquidations', one object store keyed by
 * [symbol, time, exchange, side, price, quantity]: the key orders a symbol's events by time
 * and makes a repeated event (two connections overlapping) one record. Bounded per symbol:
 * the last RECORD_DAYS days and at most RECORD_MAX_EVENTS events, oldest dropped first.
 * Each add is one transaction of already validated events, so a crash loses at most the
 * batch being written and a malformed event never reaches the store.
 * Imported events (a CSV recorded elsewhere, maybe last year) sit in a second object store of
 * the same key: the day limit is relative to today and does not apply to them; the event
 * limit counts both stores, oldest first. An event is kept once across both.
 */
import { liquidationProblem, type Liquidation } from './events.ts';

export const RECORD_DAYS = 90;
export const RECORD_MAX_EVENTS = 500_000;
const DAY = 86_400_000;
const DB_NAME = 'liqmap-liquidations';
const STORE = 'events';
const IMPORTED = 'imported';
const BOTH = [STORE, IMPORTED];
const KEY_PATH = ['symbol', 'time', 'exchange', 'side', 'price', 'quantity'];

export interface RecordedSymbol {
  symbol: string;
  count: number;
  first: number;
  last: number;
}

export interface ImportCounts {
  added: number;
  duplicates: number;
}

export interface LiquidationStore {
  /** False when nothing survives a reload (no IndexedDB): memory only. */
  readonly persistent: boolean;
  add(events: Liquidation[]): Promise<void>;
  /** Adds events from a file; those already kept (recorded or imported) are counted, not added again. */
  addImported(events: Liquidation[]): Promise<ImportCounts>;
  /** Events of `symbol` with from <= time <= to, oldest first, at most `limit` (the newest ones). */
  range(symbol: string, from: number, to: number, limit?: number): Promise<Liquidation[]>;
  /** Drop recorded events older than RECORD_DAYS before `now`, then beyond RECORD_MAX_EVENTS (both stores). */
  prune(symbol: string, now: number): Promise<void>;
  summary(): Promise<RecordedSymbol[]>;
  deleteSymbol(symbol: string): Promise<void>;
}

const keyOf = (e: Liquidation) => [e.symbol, e.time, e.exchange, e.side, e.price, e.quantity];
const valid = (events: Liquidation[]) => events.filter((e) => liquidationProblem(e) === null);

export function memoryLiquidationStore(limits = { days: RECORD_DAYS, events: RECORD_MAX_EVENTS }): LiquidationStore {
  const bySymbol = new Map<string, Map<string, { e: Liquidation; imported: boolean }>>();
  const entries = (symbol: string) => [...(bySymbol.get(symbol)?.values() ?? [])].sort((a, b) => a.e.time - b.e.time);
  const sorted = (symbol: string) => entries(symbol).map((x) => x.e);
  const put = (e: Liquidation, imported: boolean): boolean => {
    let m = bySymbol.get(e.symbol);
    if (!m) bySymbol.set(e.symbol, (m = new Map()));
    const key = keyOf(e).join('|');
    if (m.has(key)) return false;
    m.set(key, { e: { ...e }, imported });
    return true;
  };
  return {
    persistent: false,
    async add(events) {
      for (const e of valid(events)) put(e, false);
    },
    async addImported(events) {
      const good = valid(events);
      const added = good.filter((e) => put(e, true)).length;
      return { added, duplicates: good.length - added };
    },
    async range(symbol, from, to, limit = Infinity) {
      const inRange = sorted(symbol).filter((e) => e.time >= from && e.time <= to);
      return inRange.slice(Math.max(0, inRange.length - limit));
    },
    async prune(symbol, now) {
      const keep = entries(symbol).filter((x) => x.imported || x.e.time >= now - limits.days * DAY);
      const kept = keep.slice(Math.max(0, keep.length - limits.events));
      bySymbol.set(symbol, new Map(kept.map((x) => [keyOf(x.e).join('|'), x])));
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
  const db = (): Promise<IDBDatabase> => {
    if (opening) return opening;
    const attempt: Promise<IDBDatabase> = new Promise((resolve, reject) => {
      const req = factory.open(DB_NAME, 2);
      let failed = false;
      const fail = (error: unknown) => {
        failed = true;
        reject(error);
      };
      req.onupgradeneeded = () => {
        for (const name of BOTH) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath: KEY_PATH });
      };
      req.onsuccess = () => {
        // Blocked, then let through: the attempt was given up, a later one has its own connection.
        if (failed) return req.result.close();
        // Another tab upgrading the database: let it, and open again on the next use.
        req.result.onversionchange = () => { req.result.close(); opening = undefined; };
        resolve(req.result);
      };
      req.onerror = () => fail(req.error);
      // This open upgrades the database; a tab of an older liqmap holds it open and does not let go.
      req.onblocked = () => fail(new Error('the liquidation store is held open by another liqmap tab of an older version: reload or close that tab'));
    });
    // A failed open is not kept: the next use (the recorder's retry) opens again.
    attempt.catch(() => {
      if (opening === attempt) opening = undefined;
    });
    return (opening = attempt);
  };
  const tx = async (mode: IDBTransactionMode, names: string | string[] = BOTH) => (await db()).transaction(names, mode);
  return {
    persistent: true,
    async add(events) {
      const good = valid(events);
      if (good.length === 0) return;
      const t = await tx('readwrite');
      const store = t.objectStore(STORE);
      const imported = t.objectStore(IMPORTED);
      // An event imported earlier stays in the imported store (and is not aged out).
      for (const e of good) {
        const found = imported.count(keyOf(e));
        found.onsuccess = () => { if (found.result === 0) store.put({ ...e }); };
      }
      await done(t);
    },
    async addImported(events) {
      const good = valid(events);
      const unique = new Map(good.map((e) => [keyOf(e).join('|'), e]));
      const t = await tx('readwrite');
      let added = 0;
      // All lookups issued at once (one key each, so no two can race): kept in neither store -> put.
      for (const e of unique.values()) {
        const recorded = t.objectStore(STORE).count(keyOf(e));
        recorded.onsuccess = () => {
          if (recorded.result > 0) return;
          const imported = t.objectStore(IMPORTED).count(keyOf(e));
          imported.onsuccess = () => {
            if (imported.result > 0) return;
            t.objectStore(IMPORTED).put({ ...e });
            added++;
          };
        };
      }
      await done(t);
      return { added, duplicates: good.length - added };
    },
    async range(symbol, from, to, limit = Infinity) {
      const t = await tx('readonly');
      const newest = (name: string) => new Promise<Liquidation[]>((resolve, reject) => {
        const out: Liquidation[] = [];
        // Newest first, so a limit keeps the latest events; returned oldest first.
        const req = t.objectStore(name).openCursor(symbolRange(symbol, from, to), 'prev');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const cursor = req.result;
          if (!cursor || out.length >= limit) return resolve(out);
          if (liquidationProblem(cursor.value as Liquidation) === null) out.push(cursor.value as Liquidation);
          cursor.continue();
        };
      });
      const both = (await Promise.all(BOTH.map(newest))).flat().sort((a, b) => a.time - b.time);
      return both.slice(Math.max(0, both.length - limit));
    },
    async prune(symbol, now) {
      const t = await tx('readwrite');
      const finished = done(t);
      // Requests awaited inside the transaction: each continuation runs before it can commit.
      t.objectStore(STORE).delete(symbolRange(symbol, -Infinity, now - limits.days * DAY - 1));
      let excess = -limits.events;
      for (const name of BOTH) excess += await request(t.objectStore(name).count(symbolRange(symbol)));
      if (excess > 0) {
        // The oldest `excess` of each store, merged: the oldest of both go.
        const keys = await Promise.all(BOTH.map((name) => request(t.objectStore(name).getAllKeys(symbolRange(symbol), excess))));
        const oldest = BOTH.flatMap((name, i) => keys[i].map((key) => ({ name, key, time: (key as unknown[])[1] as number })))
          .sort((a, b) => a.time - b.time)
          .slice(0, excess);
        for (const o of oldest) t.objectStore(o.name).delete(o.key);
      }
      await finished;
    },
    async summary() {
      const bySymbol = new Map<string, RecordedSymbol>();
      for (const name of BOTH) {
        for (const s of await symbolSummaries(async () => (await tx('readonly', name)).objectStore(name))) {
          const had = bySymbol.get(s.symbol);
          bySymbol.set(s.symbol, had ? { symbol: s.symbol, count: had.count + s.count, first: Math.min(had.first, s.first), last: Math.max(had.last, s.last) } : s);
        }
      }
      return [...bySymbol.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
    },
    async deleteSymbol(symbol) {
      const t = await tx('readwrite');
      for (const name of BOTH) t.objectStore(name).delete(symbolRange(symbol));
      await done(t);
    },
  };
}

/** First time, last time and count of each symbol in one object store, never reading every record. */
async function symbolSummaries(store: () => Promise<IDBObjectStore>): Promise<RecordedSymbol[]> {
  // Fresh transactions per step: one must not stay open across awaits of other things.
  const out: RecordedSymbol[] = [];
  let lower: IDBKeyRange | null = null;
  for (;;) {
    const first = await request((await store()).openCursor(lower));
    if (!first) break;
    const symbol = (first.value as Liquidation).symbol;
    const last = await request((await store()).openCursor(symbolRange(symbol), 'prev'));
    const count = await request((await store()).count(symbolRange(symbol)));
    // A damaged record (its time not a number) is outside symbolRange: a symbol of only such records is not listed.
    // (Numbers sort first: when the symbol has good records, `first` is one.)
    if (last && count > 0) out.push({ symbol, count, first: (first.value as Liquidation).time, last: (last.value as Liquidation).time });
    // Past every key of the symbol, whatever its time: a damaged record's string time sorts after
    // [symbol, Infinity, []], and starting there again found the same symbol for ever.
    lower = IDBKeyRange.lowerBound(typeof symbol === 'string' ? [`${symbol}\u0000`] : [symbol, []], true);
  }
  return out;
}

/** IndexedDB where the browser allows it, memory otherwise (the Data view says which). */
export function openLiquidationStore(): LiquidationStore {
  return typeof indexedDB === 'undefined' ? memoryLiquidationStore() : idbLiquidationStore();
}
