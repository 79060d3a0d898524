// The heatmap's markers tick by tick: only what the buffer added since the last read is summed.
import { describe, expect, it } from 'vitest';
import { makeLiquidation, type Liquidation } from '../../../src/lib/live/events.ts';
import { LiquidationBuffer } from '../../../src/lib/live/liquidation-buffer.ts';
import { eventColumns, HeatmapMarkers } from '../../../src/lib/state/heatmap-markers.ts';
import { cellLayout, cellSums, withinBudget } from '../../../src/lib/model/marker-cells.ts';
import type { HeatmapResult } from '../../../src/lib/model/types.ts';

const HOUR = 3_600_000;
const result = (candles: number): HeatmapResult => ({
  times: Float64Array.from({ length: candles }, (_, i) => i * HOUR), priceBins: Float64Array.from([100, 110, 120]), step: 10, candleMinutes: 60,
} as HeatmapResult);
const liq = (time: number, price: number, qty: number, side: 'long' | 'short' = 'long'): Liquidation => makeLiquidation(time, 'binance', 'BTCUSDT', side, price, qty);

describe('HeatmapMarkers', () => {
  it('sums the events added since the last read; sums again the columns events were dropped from', () => {
    const buffer = new LiquidationBuffer(3, 1);
    const read: number[] = [];
    const feed = (c: Parameters<LiquidationBuffer['since']>[0]) => { const ch = buffer.since(c); read.push(ch.events.length); return ch; };
    const markers = new HeatmapMarkers();
    const r = result(2);
    buffer.add([liq(0, 105, 1), liq(10, 106, 2)]);
    const first = markers.read(r, feed);
    expect([first.size, first.usd[0], first.count[0]]).toEqual([1, 105 + 212, 2]);
    expect(markers.read(r, feed)).toBe(first); // nothing new: the same cells, nothing summed
    buffer.add([liq(HOUR, 115, 1, 'short')]);
    const second = markers.read(r, feed);
    expect([second.size, second.row[1], second.side[1], second.usd[1]]).toEqual([2, 1, 1, 115]);
    expect(read).toEqual([2, 0, 1]);
    expect(markers.read(result(2), feed).size).toBe(2); // a new result of the same candles and rows: the sums kept
    buffer.add([liq(20, 101, 1), liq(30, 101, 1)]); // a batch over the limit: the oldest go, their column is summed again
    const third = markers.read(result(2), feed);
    expect(read.slice(-2)).toEqual([0, 2]);
    expect(Array.from(third.count.subarray(0, third.size)).reduce((a, b) => a + b)).toBe(3);
    expect([third.size, third.usd[0], third.count[0]]).toEqual([2, 202, 2]); // liq(0) and liq(10) gone
  });

  it("marks only the chosen exchanges' events; another choice starts again", () => {
    const buffer = new LiquidationBuffer(100, 10);
    const markers = new HeatmapMarkers();
    const feed = (c: Parameters<LiquidationBuffer['since']>[0]) => buffer.since(c);
    const r = result(2);
    const bybit = (time: number, price: number, qty: number) => makeLiquidation(time, 'bybit', 'BTCUSDT', 'long', price, qty);
    buffer.add([liq(0, 105, 1), bybit(10, 106, 2)]);
    const only = markers.read(r, feed, undefined, ['bybit']);
    expect([only.size, only.usd[0], only.count[0]]).toEqual([1, 212, 1]);
    buffer.add([bybit(HOUR, 115, 1), liq(HOUR + 1, 116, 1)]);
    const next = markers.read(r, feed, undefined, ['bybit']);
    expect(Array.from(next.count.subarray(0, next.size))).toEqual([1, 1]);
    const all = markers.read(r, feed, undefined, ['binance', 'bybit']);
    expect(Array.from(all.count.subarray(0, all.size))).toEqual([2, 2]);
    expect(eventColumns(buffer.list(), 0, 4, ['binance']).usd).toEqual(Float64Array.from([105, 116]));
  });

  it("on a full buffer, sums each tick's events onto the cells and never starts again", () => {
    const buffer = new LiquidationBuffer(100, 10);
    buffer.add(Array.from({ length: 100 }, (_, i) => liq(i * 60_000, 101 + (i % 20), 1)));
    const read: { whole: boolean; n: number }[] = [];
    const feed = (c: Parameters<LiquidationBuffer['since']>[0]) => { const ch = buffer.since(c); read.push({ whole: ch.whole, n: ch.events.length }); return ch; };
    const markers = new HeatmapMarkers();
    const r = result(3);
    markers.read(r, feed);
    for (let tick = 0; tick < 20; tick++) {
      buffer.add([liq(2 * HOUR + tick * 60_000, 111, 1, 'short')]);
      const m = markers.read(r, feed);
      // The cells always hold exactly what the buffer holds (within the result's candles).
      expect(Array.from(m.count.subarray(0, m.size)).reduce((a, b) => a + b)).toBe(buffer.list().length);
    }
    // The first read: whole; every tick after only its one event, the trim's too.
    expect(read.map((x) => (x.whole ? `whole ${x.n}` : x.n)).join(' ')).toBe(`whole 100 ${'1 '.repeat(20).trim()}`);
  });

  it('after trims draws exactly what a sum from scratch of the held events draws', () => {
    const buffer = new LiquidationBuffer(200, 30);
    const markers = new HeatmapMarkers();
    const r = result(12);
    const layout = cellLayout(r);
    // Prices and sizes whose USD sums round: a subtraction of the dropped would drift.
    const at = (i: number) => liq(i * 97_000, 100.13 + ((i * 7) % 23) * 0.91, 0.013 * (1 + (i % 5)), i % 3 ? 'long' : 'short');
    let i = 0;
    buffer.add(Array.from({ length: 220 }, () => at(i++)));
    markers.read(r, (c) => buffer.since(c));
    for (let tick = 0; tick < 30; tick++) {
      buffer.add(Array.from({ length: 1 + (tick % 7) }, () => at(i++)));
      if (tick % 4 === 3) continue; // some ticks unread: a read may follow a trim and more additions
      const m = markers.read(r, (c) => buffer.since(c), 40);
      const scratch = withinBudget(cellSums(layout, eventColumns(buffer.list())), r.times.length, 40);
      expect(m.span).toBe(scratch.span);
      for (const k of ['first', 'row', 'side', 'usd', 'count', 'price'] as const) expect(Array.from(m[k].subarray(0, m.size))).toEqual(Array.from(scratch[k].subarray(0, scratch.size)));
    }
    expect(buffer.list()[0].time).toBeGreaterThan(100 * 97_000); // trims happened
  });

  it('keeps the span that fitted last tick, and draws what a search from one column would', () => {
    const buffer = new LiquidationBuffer(1_000);
    const markers = new HeatmapMarkers();
    const r = result(16);
    const spans: number[] = [];
    for (let tick = 0; tick < 40; tick++) {
      buffer.add(Array.from({ length: 3 }, (_, i) => liq(((tick * 7 + i * 5) % 16) * HOUR + tick, 101 + ((tick + i) % 3) * 10, 1, i % 2 ? 'short' : 'long')));
      const m = markers.read(r, (c) => buffer.since(c), 12);
      const scratch = withinBudget(cellSums(cellLayout(r), eventColumns(buffer.list())), 16, 12);
      expect([m.span, m.size]).toEqual([scratch.span, scratch.size]);
      spans.push(m.span);
    }
    expect(spans[0]).toBe(1);
    expect(spans.at(-1)).toBeGreaterThan(1);
    // Another budget: the search starts again from one column.
    expect(markers.read(r, (c) => buffer.since(c), 10_000).span).toBe(1);
  });

  it('a recompute that only adds candles keeps the sums and adds the held events after the old last candle; other rows start again', () => {
    const buffer = new LiquidationBuffer(1_000);
    const reads: string[] = [];
    const feed = (c: Parameters<LiquidationBuffer['since']>[0]) => { const ch = buffer.since(c); reads.push(ch.whole ? `whole ${ch.events.length}` : `${ch.events.length}`); return ch; };
    const markers = new HeatmapMarkers();
    buffer.add([liq(0, 105, 1), liq(HOUR, 115, 1), liq(2 * HOUR + 5, 101, 2), liq(3 * HOUR, 101, 4)]);
    const count = (m: ReturnType<HeatmapMarkers['read']>) => Array.from(m.count.subarray(0, m.size)).reduce((a, b) => a + b, 0);
    expect(count(markers.read(result(2), feed))).toBe(2); // candles 0 and 1; the later two wait
    buffer.add([liq(2 * HOUR + 9, 111, 1), liq(HOUR + 7, 106, 1)]);
    const three = markers.read(result(3), feed); // candle 2 added: its three events join, no re-read of all
    expect(count(three)).toBe(5);
    const scratch = withinBudget(cellSums(cellLayout(result(3)), eventColumns(buffer.list())), 3, 400);
    expect([three.size, Array.from(three.usd.subarray(0, three.size)).sort()]).toEqual([scratch.size, Array.from(scratch.usd.subarray(0, scratch.size)).sort()]);
    expect(count(markers.read(result(4), feed))).toBe(6);
    // Other rows (a wider price range): the cells' keys change, every held event is read again.
    const wider = { ...result(4), priceBins: Float64Array.from([90, 100, 110, 120]) } as HeatmapResult;
    expect(count(markers.read(wider, feed))).toBe(6);
    expect(reads).toEqual(['whole 4', '2', '0', 'whole 6']);
  });
});
