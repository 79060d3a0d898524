// The heatmap's markers tick by tick: only what the buffer added since the last read is summed.
import { describe, expect, it } from 'vitest';
import { makeLiquidation, type Liquidation } from '../../../src/lib/live/events.ts';
import { LiquidationBuffer } from '../../../src/lib/live/liquidation-buffer.ts';
import { HeatmapMarkers } from '../../../src/lib/state/heatmap-markers.ts';
import type { HeatmapResult } from '../../../src/lib/model/types.ts';

const HOUR = 3_600_000;
const result = (candles: number): HeatmapResult => ({
  times: Float64Array.from({ length: candles }, (_, i) => i * HOUR), priceBins: Float64Array.from([100, 110, 120]), step: 10, candleMinutes: 60,
} as HeatmapResult);
const liq = (time: number, price: number, qty: number, side: 'long' | 'short' = 'long'): Liquidation => makeLiquidation(time, 'binance', 'BTCUSDT', side, price, qty);

describe('HeatmapMarkers', () => {
  it('sums the events added since the last read; starts again for a new result or when events were dropped', () => {
    const buffer = new LiquidationBuffer(4);
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
    expect(markers.read(result(2), feed).size).toBe(2); // a new result: every held event again
    buffer.add([liq(20, 101, 1), liq(30, 101, 1)]); // over the limit: the oldest goes, the sums start again
    const third = markers.read(result(2), feed);
    expect(read.slice(-2)).toEqual([3, 4]);
    expect(Array.from(third.count.subarray(0, third.size)).reduce((a, b) => a + b)).toBe(4);
  });
});
