// The map's realised bins kept from read to read: only what the buffer added since is summed, and
// after trims, out-of-order events and reads that fell behind every bin still equals a fresh sum.
import { describe, expect, it } from 'vitest';
import { makeLiquidation } from '../../../src/lib/live/events.ts';
import { LiquidationBuffer } from '../../../src/lib/live/liquidation-buffer.ts';
import { RealisedSums, realisedByBin, type RealisedBins } from '../../../src/lib/live/realised-bins.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);
const plain = (r: RealisedBins) => ({ priceBin: Array.from(r.priceBin), long: Array.from(r.long), short: Array.from(r.short) });

describe('RealisedSums', () => {
  it('after several trims and events out of order, every bin equals a sum from scratch, summing only what was added', () => {
    const buffer = new LiquidationBuffer(300, 40);
    const sums = new RealisedSums();
    const read: number[] = [];
    const feed = (c: Parameters<LiquidationBuffer['since']>[0]) => { const ch = buffer.since(c); read.push(ch.whole ? -ch.held.length : ch.events.length); return ch; };
    const [from, to] = [T0 + 2 * HOUR, T0 + 30 * HOUR];
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let now = T0;
    let trims = 0;
    for (let step = 0; step < 120; step++) {
      // Mostly newer than all held (live), some up to an hour late (another exchange), some far back (the store's records).
      const batch = Array.from({ length: 1 + Math.floor(random() * 9) }, () => {
        const r = random();
        now += Math.floor(random() * 300_000);
        const time = r < 0.7 ? now : r < 0.9 ? now - Math.floor(random() * HOUR) : T0 + Math.floor(random() * 40 * HOUR);
        return makeLiquidation(time, random() < 0.5 ? 'binance' : 'bybit', 'BTCUSDT', random() < 0.5 ? 'long' : 'short', 90_000 + Math.floor(random() * 2_000) / 10, 0.001 + Math.floor(random() * 500) / 1000);
      });
      const before = buffer.since(null).cursor.trims;
      buffer.add(batch);
      trims += buffer.since(null).cursor.trims - before;
      // Exactly: the same float additions in the same order.
      expect(plain(sums.read(feed, 100, from, to))).toEqual(plain(realisedByBin(buffer.list(), 100, from, to)));
    }
    expect(trims).toBeGreaterThan(3);
    // One sum over all held, then only the additions (never all held again).
    expect(read[0]).toBeLessThan(0);
    expect(read.slice(1).every((n) => n >= 0 && n < 10)).toBe(true);
    // Another step or window starts again.
    const again = sums.read(feed, 10, from, to);
    expect(read.at(-1)).toBe(-buffer.list().length);
    expect(plain(again)).toEqual(plain(realisedByBin(buffer.list(), 10, from, to)));
    expect(sums.read(feed, 10, from, to)).toBe(again); // nothing added: the same object
  });

  it("sums only the chosen exchanges' events, kept exactly as a fresh sum of them; another choice starts again", () => {
    const buffer = new LiquidationBuffer(60, 10);
    const sums = new RealisedSums();
    const feed = (c: Parameters<LiquidationBuffer['since']>[0]) => buffer.since(c);
    const [from, to] = [T0, T0 + 100 * HOUR];
    for (let k = 0; k < 30; k++) {
      buffer.add([0, 1, 2].map((i) => makeLiquidation(T0 + (3 * k + i) * 600_000, i === 1 ? 'binance' : 'bybit', 'BTCUSDT', i === 2 ? 'short' : 'long', 90_000 + k * 7 + i, 0.5 + i)));
      expect(plain(sums.read(feed, 10, from, to, ['bybit']))).toEqual(plain(realisedByBin(buffer.list(), 10, from, to, ['bybit'])));
    }
    const bybitOnly = plain(sums.read(feed, 10, from, to, ['bybit']));
    const binanceOnly = plain(sums.read(feed, 10, from, to, ['binance']));
    expect(binanceOnly).toEqual(plain(realisedByBin(buffer.list(), 10, from, to, ['binance'])));
    expect(binanceOnly.short.every((x) => x === 0)).toBe(true); // Binance's events here are all longs
    const both = plain(sums.read(feed, 10, from, to, ['binance', 'bybit']));
    expect(both).toEqual(plain(realisedByBin(buffer.list(), 10, from, to)));
    expect(bybitOnly).not.toEqual(both);
  });

  it('sums the window only, and equals a plain sum per bin', () => {
    const ev = (h: number, price: number, qty: number, side: 'long' | 'short' = 'long') => makeLiquidation(T0 + h * HOUR, 'binance', 'BTCUSDT', side, price, qty);
    const r = realisedByBin([ev(0, 100.5, 1), ev(1, 100.7, 2), ev(2, 101, 1, 'short'), ev(3, 100.1, 4), ev(5, 100.2, 9)], 1, T0 + HOUR, T0 + 3 * HOUR);
    expect(plain(r)).toEqual({ priceBin: [100, 101], long: [100.7 * 2 + 100.1 * 4, 0], short: [0, 101] });
  });
});
