// The liquidation store (fake-indexeddb and memory), the tape's pure views, and the live partial profile.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeLiquidation, type Liquidation } from '../../../src/lib/live/events.ts';
import { idbLiquidationStore, memoryLiquidationStore, type LiquidationStore } from '../../../src/lib/live/liquidation-store.ts';
import { liquidationsCsv, tapePrice, tapeQuantity, tapeQuantityHeading, tapeTotals } from '../../../src/lib/live/tape.ts';
import { realisedByBin } from '../../../src/lib/live/realised-bins.ts';
import { LiveTradeProfile, sizeBucket } from '../../../src/lib/live/live-trades.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);
const ev = (minutesAgo: number, side: 'long' | 'short' = 'long', price = 95_000, qty = 0.5, symbol = 'BTCUSDT'): Liquidation =>
  makeLiquidation(NOW - minutesAgo * 60_000, minutesAgo % 2 ? 'bybit' : 'binance', symbol, side, price, qty);

const stores: [string, (limits?: { days: number; events: number }) => LiquidationStore][] = [
  ['IndexedDB', (limits) => idbLiquidationStore(new IDBFactory(), limits)],
  ['memory', (limits) => memoryLiquidationStore(limits)],
];

describe.each(stores)('liquidation store (%s)', (_name, make) => {
  it('keeps events per symbol in time order, once each, and refuses bad ones', async () => {
    const store = make();
    const a = [ev(30), ev(10, 'short'), ev(20), ev(5, 'long', 3000, 2, 'ETHUSDT')];
    await store.add(a);
    await store.add([ev(20), { ...ev(1), price: NaN }, { ...ev(2), side: 'up' as never }]); // a repeat and two bad ones
    const btc = await store.range('BTCUSDT', 0, Infinity);
    expect(btc.map((e) => (NOW - e.time) / 60_000)).toEqual([30, 20, 10]);
    expect(await store.range('BTCUSDT', NOW - 25 * 60_000, NOW, 1)).toEqual([ev(10, 'short')]);
    expect(await store.summary()).toEqual([
      { symbol: 'BTCUSDT', count: 3, first: NOW - 30 * 60_000, last: NOW - 10 * 60_000 },
      { symbol: 'ETHUSDT', count: 1, first: NOW - 5 * 60_000, last: NOW - 5 * 60_000 },
    ]);
    await store.deleteSymbol('BTCUSDT');
    expect(await store.range('BTCUSDT', 0, Infinity)).toEqual([]);
    expect((await store.summary()).map((s) => s.symbol)).toEqual(['ETHUSDT']);
  });

  it('is bounded: older than the day limit and beyond the event limit go, oldest first', async () => {
    const store = make({ days: 2, events: 3 });
    await store.add([ev(3 * 24 * 60), ev(60), ev(50), ev(40), ev(30), ev(20, 'long', 1, 1, 'ETHUSDT')]);
    await store.prune('BTCUSDT', NOW);
    const left = await store.range('BTCUSDT', 0, Infinity);
    expect(left.map((e) => (NOW - e.time) / 60_000)).toEqual([50, 40, 30]);
    expect((await store.range('ETHUSDT', 0, Infinity)).length).toBe(1); // other symbols untouched
  });
});

describe('liquidation store (IndexedDB)', () => {
  it('opens again after a failed open: blocked by another tab, then an error', async () => {
    const factory = new IDBFactory();
    // Another tab holds the old version open and does not let the upgrade through.
    const other = await new Promise<IDBDatabase>((resolve) => {
      const req = factory.open('liqmap-liquidations', 1);
      req.onsuccess = () => resolve(req.result);
    });
    let refuse = false;
    const opens = { open: (name: string, version?: number) => {
      if (!refuse) return factory.open(name, version);
      refuse = false;
      const req = { error: new DOMException('refused', 'UnknownError') } as unknown as IDBOpenDBRequest;
      setTimeout(() => req.onerror?.call(req, new Event('error')));
      return req;
    } } as unknown as IDBFactory;
    const store = idbLiquidationStore(opens);
    await expect(store.add([ev(3)])).rejects.toThrow('held open by another liqmap tab of an older version: reload or close that tab');
    other.close(); // the given-up open goes through now, and is closed again
    refuse = true;
    await expect(store.add([ev(2)])).rejects.toThrow('refused');
    await store.add([ev(1)]);
    expect(await store.range('BTCUSDT', 0, Infinity)).toEqual([ev(1)]);
  });
});

describe("liquidation store (IndexedDB): an older version's database", () => {
  it('events recorded by version 1 (one object store) are kept through the upgrade that adds the imported store', async () => {
    const factory = new IDBFactory();
    const old = ev(3);
    await new Promise<void>((resolve) => {
      const req = factory.open('liqmap-liquidations', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('events', { keyPath: ['symbol', 'time', 'exchange', 'side', 'price', 'quantity'] });
      req.onsuccess = () => {
        const tx = req.result.transaction('events', 'readwrite');
        tx.objectStore('events').put(old);
        tx.oncomplete = () => { req.result.close(); resolve(); };
      };
    });
    const store = idbLiquidationStore(factory);
    expect(await store.range('BTCUSDT', 0, Infinity)).toEqual([old]);
    expect(await store.addImported([old, ev(2)])).toEqual({ added: 1, duplicates: 1 });
    expect((await store.summary())[0].count).toBe(2);
  });
});

describe('liquidation store (IndexedDB): damaged records', () => {
  it('a record whose time is not a number (written by something else) neither hangs the summary nor hides the good ones', async () => {
    const factory = new IDBFactory();
    const store = idbLiquidationStore(factory);
    await store.add([ev(3), ev(2, 'short'), ev(1, 'long', 3000, 2, 'ETHUSDT')]);
    // Damaged records, put past the store's checks: a string time in BTCUSDT, and a symbol of nothing else.
    const db = await new Promise<IDBDatabase>((resolve) => { const req = factory.open('liqmap-liquidations'); req.onsuccess = () => resolve(req.result); });
    const tx = db.transaction('events', 'readwrite');
    tx.objectStore('events').put({ ...ev(4), time: 'yesterday' });
    tx.objectStore('events').put({ ...ev(4, 'long', 1, 1, 'DOGEUSDT'), time: 'never' });
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    db.close();
    const hung = new Promise((_, reject) => setTimeout(() => reject(new Error('the summary never finished')), 5_000));
    expect(await Promise.race([store.summary(), hung])).toEqual([
      { symbol: 'BTCUSDT', count: 2, first: NOW - 3 * 60_000, last: NOW - 2 * 60_000 },
      { symbol: 'ETHUSDT', count: 1, first: NOW - 60_000, last: NOW - 60_000 },
    ]);
    expect((await store.range('BTCUSDT', 0, Infinity)).length).toBe(2);
  });
});

describe('tape views', () => {
  it('totals per side for the last hour and 24 hours', () => {
    // Oldest first, as the buffer holds them: older than a day (many, skipped unread), the day, the hour.
    const old = Array.from({ length: 1_000 }, (_, i) => ev(48 * 60 - i));
    const t = tapeTotals([...old, ev(25 * 60), ev(24 * 60), ev(120), ev(30, 'short'), ev(10)], NOW);
    expect(t.hour).toEqual({ long: 47_500, short: 47_500, count: 2 });
    expect(t.day).toEqual({ long: 142_500, short: 47_500, count: 4 });
  });

  it('totals of the chosen exchanges only, as the picture beside them', () => {
    // ev() of an odd minute is Bybit's, of an even one Binance's.
    const events = [ev(120), ev(31, 'short'), ev(11), ev(10)];
    expect(tapeTotals(events, NOW, ['bybit'])).toEqual({ hour: { long: 47_500, short: 47_500, count: 2 }, day: { long: 47_500, short: 47_500, count: 2 } });
    expect(tapeTotals(events, NOW, ['binance']).day).toEqual({ long: 95_000, short: 0, count: 2 });
    expect(tapeTotals(events, NOW, ['binance', 'bybit'])).toEqual(tapeTotals(events, NOW));
  });

  it('USD per exact decimal price bin, by side', () => {
    const r = realisedByBin([ev(1, 'long', 4.3, 10), ev(2, 'short', 4.39, 10), ev(3, 'long', 4.2999, 1)], 0.1);
    expect(Array.from(r.priceBin)).toEqual([4.2, 4.3]);
    expect(Array.from(r.long)).toEqual([4.2999, 43]);
    expect(Array.from(r.short)).toEqual([0, 43.9]);
  });

  it("the tape's quantities: grouped, up to 6 decimals", () => {
    expect([0.118, 1234.5678901, 0.0000004, 12].map(tapeQuantity)).toEqual(['0.118', '1,234.56789', '0', '12']);
  });

  it("the tape's quantity column says its unit: the symbol's base asset", () => {
    expect(['BTCUSDT', '1000PEPEUSDT', 'XYZ', null].map(tapeQuantityHeading)).toEqual(['qty BTC', 'qty 1000PEPE', 'qty', 'qty']);
  });

  it("the tape's prices: a low-priced perp's significant digits, a dear one's cents", () => {
    expect([0.0001234, 0.012345, 97123.4, 97123.45, 1.23456789].map(tapePrice)).toEqual(['0.0001234', '0.012345', '97,123.4', '97,123.45', '1.23457']);
  });

  it('CSV: time,exchange,symbol,side,price,quantity,usd', () => {
    expect(liquidationsCsv([makeLiquidation(Date.UTC(2026, 0, 2, 3, 4, 5, 6), 'bybit', 'BTCUSDT', 'short', 94213.5, 0.118)])).toBe(
      'time,exchange,symbol,side,price,quantity,usd\n2026-01-02T03:04:05.006Z,bybit,BTCUSDT,short,94213.5,0.118,11117.193\n',
    );
  });
});

describe('live partial profile', () => {
  const HOUR = 3_600_000;
  const end = Date.UTC(2026, 10, 30, 10);
  it('aggregates trades after the profile hour like a volume profile, once per trade id', () => {
    const p = new LiveTradeProfile(end);
    p.add([
      { time: end + 30 * 60_000, price: 95_000, quantity: 1, takerSell: false, id: 1 }, // inside the last profile hour: skipped
      { time: end + HOUR + 1, price: 95_000, quantity: 10, takerSell: false, id: 2 },
      { time: end + HOUR + 2, price: 95_000, quantity: 10, takerSell: false, id: 3 },
      { time: end + HOUR + 2, price: 95_000, quantity: 10, takerSell: false, id: 3 }, // overlap duplicate
      { time: end + 2 * HOUR + 5, price: 95_010, quantity: 0.01, takerSell: true, id: 4 },
    ]);
    const rows = p.rows();
    const r = rows.volume;
    expect(r.hour.length).toBe(2);
    expect(Array.from(rows.candles.time)).toEqual([end + HOUR, end + 2 * HOUR]);
    expect([rows.candles.open[1], rows.candles.taker_buy_quote_volume[0], rows.candles.taker_buy_quote_volume[1], rows.candles.trades[0]]).toEqual([95_010, 1_900_000, 0, 2]);
    const i = Array.from(r.sizeMin).indexOf(500_000);
    expect([r.hour[i], r.price[i], r.side[i], r.notional[i], r.quantity[i], r.trades[i]]).toEqual([end + HOUR, 95_000, 0, 1_900_000, 20, 2]);
    // 1.9M per row but each trade was 950k: the bucket is the trade's, not the sum's.
    expect(sizeBucket(950_000)).toBe(500_000);
    expect(sizeBucket(950.1)).toBe(0);
    expect(p.since).toBe(end + HOUR + 1);
  });
});
