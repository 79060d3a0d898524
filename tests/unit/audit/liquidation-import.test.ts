// Importing recorded liquidations from CSV: parsing, bad rows, duplicates, and last year's file kept past the age limit.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeLiquidation } from '../../../src/lib/live/events.ts';
import { idbLiquidationStore, memoryLiquidationStore, type LiquidationStore } from '../../../src/lib/live/liquidation-store.ts';
import { liquidationsCsv } from '../../../src/lib/live/tape.ts';
import { isLiquidationCsv, parseLiquidationCsv } from '../../../src/lib/audit/liquidation-csv.ts';
import { describeImport, importLiquidationFile } from '../../../src/lib/audit/liquidation-import.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 6, 12);
const LAST_YEAR = Date.UTC(2025, 10, 20, 8);
const a = makeLiquidation(LAST_YEAR, 'binance', 'BTCUSDT', 'long', 95_000.5, 0.25);
const b = makeLiquidation(LAST_YEAR + 60_000, 'bybit', 'BTCUSDT', 'short', 96_010, 1.5);
const c = makeLiquidation(LAST_YEAR + 120_000, 'binance', 'ETHUSDT', 'short', 3_100.25, 4);
const file = (name: string, text: string) => ({ name, text: async () => text });

describe('CSV parsing', () => {
  it('reads back what the export writes, ISO times or epoch ms, header recognised', () => {
    const text = liquidationsCsv([a, b]);
    expect(isLiquidationCsv(text)).toBe(true);
    expect(isLiquidationCsv('\uFEFFTime, Exchange,symbol,side,price,quantity,usd\r\n')).toBe(true);
    expect(isLiquidationCsv('time,price_bin,volume_usd\n')).toBe(false);
    expect(parseLiquidationCsv(text)).toEqual({ events: [a, { ...b, usd: 144_015 }], bad: [], repeated: 0 });
    const epoch = `time,exchange,symbol,side,price,quantity,usd\n${LAST_YEAR},binance,BTCUSDT,long,95000.5,0.25,23750.125\n`;
    expect(parseLiquidationCsv(epoch).events).toEqual([a]);
  });

  it('names each bad row by line and problem and keeps the rest; a repeated row counts once', () => {
    const lines = liquidationsCsv([a, b]).trim().split('\n');
    const text = [
      lines[0], lines[1],
      '2025-11-20 08:00,binance,BTCUSDT,long,1,1,1', // line 3: not ISO
      '2025-11-20T08:00:00.000Z,okx,BTCUSDT,long,1,1,1', // line 4
      '2025-11-20T08:00:00.000Z,binance,BTCUSDT,up,1,1,1', // line 5
      '2025-11-20T08:00:00.000Z,binance,BTCUSDT,long,abc,1,1', // line 6
      '2025-11-20T08:00:00.000Z,binance,BTCUSDT,long,100,2,300', // line 7: usd is not price x quantity
      '2025-11-20T08:00:00.000Z,binance,BTCUSDT,long', // line 8
      '', lines[2], lines[1], // line 11 repeats line 2
    ].join('\n');
    const r = parseLiquidationCsv(text);
    expect(r.events.map((e) => e.time)).toEqual([a.time, b.time]);
    expect(r.repeated).toBe(1);
    expect(r.bad.map((x) => x.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(r.bad[0].problem).toContain('"2025-11-20 08:00" is not an ISO UTC time');
    expect(r.bad[1].problem).toBe('unknown exchange okx');
    expect(r.bad[2].problem).toBe('side up is not long or short');
    expect(r.bad[3].problem).toBe('price "abc" is not a positive number');
    expect(r.bad[4].problem).toContain('usd 300 is not price × quantity');
    expect(r.bad[5].problem).toContain('4 fields, expected 7');
  });
});

const stores: [string, (limits?: { days: number; events: number }) => LiquidationStore][] = [
  ['IndexedDB', (limits) => idbLiquidationStore(new IDBFactory(), limits)],
  ['memory', (limits) => memoryLiquidationStore(limits)],
];

describe.each(stores)('import into the liquidation store (%s)', (_name, make) => {
  it('adds new events, skips those already recorded or imported, and says so', async () => {
    const store = make();
    const d = makeLiquidation(NOW - DAY, 'bybit', 'BTCUSDT', 'short', 96_010, 1.5);
    await store.add([d]); // recorded live
    const r = await importLiquidationFile(file('mine.csv', liquidationsCsv([a, d, c])), store, NOW);
    expect(r).toMatchObject({ added: 2, duplicates: 1, bad: [], symbols: ['BTCUSDT', 'ETHUSDT'], refused: null });
    expect(describeImport(r)).toBe('mine.csv (BTCUSDT, ETHUSDT): 2 imported, 1 skipped as already kept.');
    const again = await importLiquidationFile(file('mine.csv', liquidationsCsv([a, c])), store, NOW);
    expect([again.added, again.duplicates]).toEqual([0, 2]);
    await store.add([a]); // streamed again after its import: still once

    expect(await store.range('BTCUSDT', -Infinity, Infinity)).toEqual([a, d]);
    expect((await store.summary()).map((s) => [s.symbol, s.count])).toEqual([['BTCUSDT', 2], ['ETHUSDT', 1]]);
    const refused = await importLiquidationFile(file('other.csv', 'time,price_bin,volume_usd\n'), store, NOW);
    expect(describeImport(refused)).toBe('other.csv: not imported: its first line is not the header time,exchange,symbol,side,price,quantity,usd.');
  });

  it("last year's file stays past the day limit; recorded events still age out; the event bound drops the oldest of both", async () => {
    const store = make({ days: 90, events: 4 });
    const recent = [1, 2, 3].map((d) => makeLiquidation(NOW - d * DAY, 'binance', 'BTCUSDT', 'long', 90_000, 1));
    const old = makeLiquidation(NOW - 100 * DAY, 'binance', 'BTCUSDT', 'long', 90_000, 1);
    await store.add([old, ...recent]);
    const r = await importLiquidationFile(file('2025.csv', liquidationsCsv([a, b])), store, NOW);
    // Said, not left to be found missing: the recorded 100-day-old event and the imported a went.
    expect([r.added, r.dropped]).toEqual([2, 2]);
    expect(describeImport(r)).toBe('2025.csv (BTCUSDT): 2 imported, then the oldest 2 kept dropped to stay within the bounds per symbol (90 days of recording, 500,000 events).');
    await store.prune('BTCUSDT', NOW);
    // The recorded 100-day-old event aged out; of the five left (a, b, three recent) the bound keeps the newest four.
    expect((await store.range('BTCUSDT', -Infinity, Infinity)).map((e) => e.time)).toEqual([b.time, ...recent.map((e) => e.time).reverse()]);
    await store.prune('BTCUSDT', NOW + 365 * DAY);
    expect((await store.range('BTCUSDT', -Infinity, Infinity)).map((e) => e.time)).toEqual([b.time]);
    await store.deleteSymbol('BTCUSDT');
    expect(await store.summary()).toEqual([]);
  });
});
