import { describe, expect, it } from 'vitest';
import { atOrAbove, atOrBelow, binFloor, binIndex, binIndexSql, binFloorSql, surelyAbove, surelyBelow } from '../../../src/lib/model/price-grid.ts';
import { liqPrice } from '../../../src/lib/model/liquidation.ts';
import { DB_ENGINES } from '../../helpers/db-engines.ts';
import { num } from '../../../src/lib/db/db.ts';

describe('price grid: exact decimal bins', () => {
  it('puts edge prices in their own bin for decimal steps', () => {
    expect(Math.floor(0.3 / 0.1)).toBe(2); // the bug this module exists for
    expect(binIndex(0.3, 0.1)).toBe(3);
    expect(binIndex(4.3, 0.1)).toBe(43);
    expect(binIndex(150.42, 0.02)).toBe(7521);
    expect(binIndex(80, 0.2)).toBe(400);
    expect(binFloor(150.42, 0.02)).toBe(150.42);
    expect(binFloor(4.3, 0.1)).toBe(4.3);
  });

  it('keeps prices inside a bin in it', () => {
    expect(binIndex(150.43, 0.02)).toBe(7521);
    expect(binIndex(150.4399, 0.02)).toBe(7521);
    expect(binIndex(99_999.99, 10)).toBe(9999);
    expect(binIndex(100_000, 10)).toBe(10_000);
    expect(binIndex(0.00001234, 0.0000001)).toBe(123);
  });

  it('decides ties of computed liquidation prices on the decimal value', () => {
    const liq = liqPrice('exact', 'long', 83, 25, 0.004);
    expect(Math.abs(liq - 80)).toBeLessThan(1e-12);
    expect(binFloor(liq, 0.2)).toBe(80);
    expect(atOrAbove(liq, 80.0)).toBe(true); // consumed by a candle whose low is 80.00
    expect(atOrAbove(79.98, 80)).toBe(false);
    expect(atOrBelow(80.0000000000001, 80)).toBe(true);
    expect(atOrBelow(80.02, 80)).toBe(false);
    expect(atOrAbove(80, Infinity)).toBe(false); // no price since: nothing reached
    expect(atOrBelow(80, -Infinity)).toBe(false);
  });

  it("rules out by one comparison only prices the exact test rules out too, and keeps every tie", () => {
    const rnd = ((seed) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647))(7);
    for (const b of [80, 0.0123, 95_123.4, 1e-9, 7e7]) {
      for (let k = 0; k < 2000; k++) {
        // Within ±5e-11 of b: the tolerance (1e-11) and the cut (2e-11) both fall inside.
        const a = b * (1 + (rnd() - 0.5) * 1e-10);
        if (a < surelyBelow(b)) expect(atOrAbove(a, b)).toBe(false);
        if (a > surelyAbove(b)) expect(atOrBelow(a, b)).toBe(false);
      }
      expect(b * (1 - 0.5e-11)).toBeGreaterThanOrEqual(surelyBelow(b)); // a tie is never cut
      expect(atOrAbove(b * (1 - 0.5e-11), b)).toBe(true);
      expect(b * (1 + 0.5e-11)).toBeLessThanOrEqual(surelyAbove(b));
    }
    expect(surelyBelow(Infinity)).toBe(Infinity); // no price since: nothing reached either way
    expect([surelyBelow(NaN), surelyAbove(-Infinity)]).toEqual([-Infinity, Infinity]); // not positive: the exact test decides
  });

  it.each(DB_ENGINES)('gives the same bins in SQL as in TypeScript on $name', async ({ open }) => {
    const db = await open();
    const cases: [number, number][] = [[0.3, 0.1], [4.3, 0.1], [150.42, 0.02], [80, 0.2], [150.43, 0.02], [95_123.4, 10], [0.5, 0.5], [1.2345, 0.0005]];
    for (const [p, s] of cases) {
      const r = await db.query(`SELECT ${binIndexSql('$1::DOUBLE', s)} AS i, ${binFloorSql('$1::DOUBLE', s)} AS f`, [p]);
      expect([p, s, num(r, 'i')[0], num(r, 'f')[0]]).toEqual([p, s, binIndex(p, s), binFloor(p, s)]);
    }
  });
});
