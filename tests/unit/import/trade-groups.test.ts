import { describe, expect, it } from 'vitest';
import { TradeGroups, CANDLE_MS } from '../../../src/lib/import/trade-groups.ts';
import { binIndex, cleanDecimal } from '../../../src/lib/model/price-grid.ts';
import { SIZE_EDGES } from '../../../src/lib/data/profile-schema.ts';

interface Trade { id: number; price: number; quantity: number; time: number; sell: boolean }

/** The volume rows the slow, obvious way: grouped by a text key, sorted by the builder's order. */
function reference(trades: Trade[], start: number, step: number) {
  const groups = new Map<string, { hour: number; bin: number; sell: boolean; size: number; notional: number; quantity: number; trades: number }>();
  for (const t of trades) {
    const n = t.price * t.quantity;
    let size = 0;
    while (size < SIZE_EDGES.length - 1 && n >= SIZE_EDGES[size + 1]) size++;
    const hour = Math.floor((t.time - start) / 3_600_000);
    const bin = binIndex(t.price, step);
    const key = `${hour} ${bin} ${t.sell} ${size}`;
    const g = groups.get(key) ?? { hour, bin, sell: t.sell, size, notional: 0, quantity: 0, trades: 0 };
    g.notional += n;
    g.quantity += t.quantity;
    g.trades++;
    groups.set(key, g);
  }
  const rows = [...groups.values()].sort((a, b) => a.hour - b.hour || a.bin - b.bin || Number(a.sell) - Number(b.sell) || a.size - b.size);
  return {
    hour: rows.map((g) => start + g.hour * 3_600_000),
    price_bin: rows.map((g) => cleanDecimal(g.bin * step)),
    side: rows.map((g) => (g.sell ? 'sell' : 'buy')),
    size_min: rows.map((g) => SIZE_EDGES[g.size]),
    notional: rows.map((g) => Math.round(g.notional * 1e6) / 1e6),
    quantity: rows.map((g) => Math.round(g.quantity * 1e9) / 1e9),
    trades: rows.map((g) => g.trades),
  };
}

function trades(count: number, far: number): { g: TradeGroups; list: Trade[] } {
  const g = new TradeGroups('2025-02', 0.01);
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const list: Trade[] = [];
  for (let i = 0; i < count; i++) {
    // Every 50th trade `far` higher: the rows' sort keys past 2^32 (1e4: not radix sorted) or, with the slot, past 2^53 (2e8).
    const price = far && i % 50 === 0 ? far + Math.floor(rnd() * 100) : Math.round((50 + rnd() * 10) * 100) / 100;
    const t = { id: i, price, quantity: Math.round(rnd() ** 3 * 500_000) / 100 + 0.01, time: g.start + Math.floor((i / count) * 27 * 86_400_000), sell: rnd() < 0.5 };
    list.push(t);
    g.add(t.id, t.price, t.quantity, t.time, t.sell);
  }
  return { g, list };
}

describe('TradeGroups', () => {
  it.each([0, 1e4, 2e8])('volume rows in the builder order, as grouped the obvious way (some prices up by %d)', (far) => {
    const { g, list } = trades(20_000, far);
    const v = g.volume();
    const want = reference(list, g.start, 0.01);
    expect(want.hour.length).toBeGreaterThan(1000);
    // The first differing row of each column (a failing toEqual of thousands of rows takes minutes to print).
    expect(Object.keys(v).sort()).toEqual(Object.keys(want).sort());
    for (const [k, rows] of Object.entries(want) as [string, unknown[]][]) {
      const got = Array.from(v[k as keyof typeof v] as ArrayLike<unknown>);
      const at = got.findIndex((x, i) => !Object.is(x, rows[i]));
      expect({ column: k, rows: got.length, first: at < 0 ? null : { row: at, got: got[at], want: rows[at] } }).toEqual({ column: k, rows: rows.length, first: null });
    }
  });

  it('candles only where there were trades, opened and closed by the first and last id', () => {
    const g = new TradeGroups('2025-02', 0.01);
    g.add(5, 10, 1, g.start + 10, false);
    g.add(3, 12, 2, g.start + 20, true);
    g.add(9, 11, 1, g.start + 3 * CANDLE_MS + 1, false);
    const c = g.candles();
    expect(Array.from(c.time)).toEqual([g.start, g.start + 3 * CANDLE_MS]);
    expect([...c.open, ...c.close, ...c.high, ...c.low]).toEqual([12, 11, 10, 11, 12, 11, 10, 11]);
    expect(Array.from(c.volume)).toEqual([3, 1]);
    expect(Array.from(c.quote_volume)).toEqual([34, 11]);
    expect(Array.from(c.taker_buy_quote_volume)).toEqual([10, 11]);
    expect(Array.from(c.trades)).toEqual([2, 1]);
  });
});
