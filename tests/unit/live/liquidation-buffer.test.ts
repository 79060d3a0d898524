// The in-memory liquidations: each once, in time order, the newest `limit` at least, trimmed in
// batches so that a full buffer's readers go on adding (one new epoch per batch, not per add).
import { describe, expect, it } from 'vitest';
import { liquidationKey, makeLiquidation, sameEvent, type Liquidation } from '../../../src/lib/live/events.ts';
import { LiquidationBuffer, type BufferCursor } from '../../../src/lib/live/liquidation-buffer.ts';

const liq = (time: number, qty = 1): Liquidation => makeLiquidation(time, 'binance', 'BTCUSDT', 'long', 100, qty);
const times = (b: LiquidationBuffer) => b.list().map((e) => e.time);

describe('LiquidationBuffer', () => {
  it('trims the oldest down to the limit once a batch more arrived; readers add between trims', () => {
    const buffer = new LiquidationBuffer(10, 3);
    buffer.add(Array.from({ length: 10 }, (_, i) => liq(i)));
    let cursor: BufferCursor | null = buffer.since(null).cursor;
    const reads: string[] = [];
    for (let t = 10; t < 17; t++) {
      buffer.add([liq(t)]);
      const ch = buffer.since(cursor);
      cursor = ch.cursor;
      const dropped = ch.droppedThrough === null ? '' : ` dropped through ${ch.droppedThrough}`;
      reads.push(ch.whole ? `whole ${ch.events.length}` : `added ${ch.events.map((e) => e.time).join(',')}${dropped}`);
    }
    // Full at 10: three more are added to the readers' sums, the fourth trims back to the newest 10:
    // readers get it and the newest time dropped, and go on adding.
    expect(reads).toEqual(['added 10', 'added 11', 'added 12', 'added 13 dropped through 3', 'added 14', 'added 15', 'added 16']);
    expect(times(buffer)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(buffer.capacity).toBe(13); // the most it held, just before the trim
  });

  it('gives a reader that missed a trim what was added since, and one further behind everything', () => {
    const buffer = new LiquidationBuffer(4, 2);
    buffer.add([liq(0), liq(1), liq(2), liq(3)]);
    const behind = buffer.since(null).cursor;
    buffer.add([liq(4), liq(5), liq(6)]); // trims 0..2
    const once = buffer.since(behind);
    expect([once.whole, once.events.map((e) => e.time), once.droppedThrough]).toEqual([false, [4, 5, 6], 2]);
    buffer.add([liq(7), liq(8), liq(9)]); // trims again: `behind` is two trims back
    expect(buffer.since(behind).whole).toBe(true);
    const next = buffer.since(once.cursor);
    expect([next.whole, next.events.map((e) => e.time), next.droppedThrough]).toEqual([false, [7, 8, 9], 5]);
    buffer.clear();
    expect(buffer.since(next.cursor).whole).toBe(true);
  });

  it('forgets what it dropped (a copy sent again is taken) and never what it holds', () => {
    const buffer = new LiquidationBuffer(2, 1);
    expect(buffer.add([liq(1), liq(2), liq(3)])).toHaveLength(3);
    expect(buffer.add([liq(4)])).toHaveLength(1); // four held: over 2 + 1, back to the newest two
    expect(times(buffer)).toEqual([3, 4]);
    expect([buffer.has(liq(1)), buffer.has(liq(3))]).toEqual([false, true]);
    expect(buffer.add([liq(3), liq(4)])).toHaveLength(0);
    expect(buffer.add([liq(1)])).toHaveLength(1);
    expect(times(buffer)).toEqual([1, 3, 4]);
  });

  it('tells events apart by every field of the key, also within one batch and at one time', () => {
    const buffer = new LiquidationBuffer(100);
    const short = makeLiquidation(5, 'binance', 'BTCUSDT', 'short', 100, 1);
    const bybit = makeLiquidation(5, 'bybit', 'BTCUSDT', 'long', 100, 1);
    const dearer = makeLiquidation(5, 'binance', 'BTCUSDT', 'long', 101, 1);
    // Out of order, the same event twice (two connections) and once more as a copy.
    const fresh = buffer.add([liq(9), liq(5), short, liq(5), bybit, { ...liq(5) }, dearer, liq(5, 2)]);
    expect(fresh.map((e) => `${e.time} ${e.exchange} ${e.side} ${e.price} ${e.quantity}`)).toEqual([
      '5 binance long 100 1', '5 binance short 100 1', '5 bybit long 100 1', '5 binance long 101 1', '5 binance long 100 2', '9 binance long 100 1',
    ]);
    expect(buffer.add([{ ...short }, { ...dearer }, liq(9)])).toHaveLength(0);
    expect([buffer.has(short), buffer.has(makeLiquidation(5, 'bybit', 'BTCUSDT', 'short', 100, 1))]).toEqual([true, false]);
  });

  it('tells events apart as liquidationKey does: same key, same event (fields kept apart: 101 & 0.01 is not 10 & 10.01)', () => {
    const pairs: [Liquidation, Liquidation][] = [
      [makeLiquidation(5, 'binance', 'BTCUSDT', 'long', 101, 0.01), makeLiquidation(5, 'binance', 'BTCUSDT', 'long', 10, 10.01)],
      [makeLiquidation(5, 'binance', 'BTCUSDT', 'long', 100, 1), makeLiquidation(5, 'binance', 'BTCUSDT', 'long', 100, 1)],
      [makeLiquidation(5, 'binance', 'BTCUSDT', 'long', 100, 1), makeLiquidation(5, 'bybit', 'BTCUSDT', 'long', 100, 1)],
      [makeLiquidation(5, 'binance', 'BTCUSDT', 'long', 100, 1), makeLiquidation(6, 'binance', 'BTCUSDT', 'long', 100, 1)],
      [makeLiquidation(5, 'binance', 'BTCUSDT', 'long', 100, 1), makeLiquidation(5, 'binance', 'BTCUSDT', 'short', 100, 1)],
    ];
    expect(pairs.map(([a, b]) => [sameEvent(a, b), liquidationKey(a) === liquidationKey(b)])).toEqual([[false, false], [true, true], [false, false], [false, false], [false, false]]);
  });

  it('holds at every step the newest `limit` events a one-by-one trim would hold, whatever the order they come in', () => {
    const limit = 50;
    const buffer = new LiquidationBuffer(limit);
    const all: number[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let step = 0; step < 200; step++) {
      const batch = Array.from({ length: 1 + Math.floor(random() * 8) }, () => liq(Math.floor(random() * 5_000), 1 + Math.floor(random() * 3)));
      buffer.add(batch);
      all.push(...batch.map((e) => e.time * 10 + e.quantity));
      const held = new Set(buffer.list().map((e) => e.time * 10 + e.quantity));
      const newest = [...new Set(all)].sort((a, b) => a - b).slice(-limit);
      // Ties in time may keep either copy; only events strictly newer than the limit's oldest are certain.
      expect(newest.filter((k) => Math.floor(k / 10) > Math.floor(newest[0] / 10)).every((k) => held.has(k))).toBe(true);
      expect(buffer.list().length).toBeLessThanOrEqual(buffer.capacity);
      expect(times(buffer)).toEqual([...times(buffer)].sort((a, b) => a - b));
    }
  });
});
