import { beforeAll, describe, expect, it } from 'vitest';
import { num, type Db } from '../../../src/lib/db/db.ts';
import { openNodeDb } from '../../../src/lib/db/db-node.ts';
import {
  installModelMacros,
  liqLongExact,
  liqPrice,
  liqShortExact,
} from '../../../src/lib/model/liquidation.ts';

describe('liquidation price', () => {
  it('exact: equity equals maintenance margin at the liquidation price (bracket 2, with cum)', () => {
    // Isolated long, wallet Q*E/L: Q*E/L + Q*(liq - E) = m*Q*liq - cum (and mirrored for shorts).
    const [E, L, Q, m, cum] = [100_000, 10, 5, 0.005, 300];
    const long = liqLongExact(E, L, m, cum, Q);
    expect((Q * E) / L + Q * (long - E)).toBeCloseTo(m * Q * long - cum, 6);
    const short = liqShortExact(E, L, m, cum, Q);
    expect((Q * E) / L + Q * (E - short)).toBeCloseTo(m * Q * short - cum, 6);
  });

  it('reference approximation matches its published form and sits ~0.35 % away at 10x', () => {
    expect(liqPrice('reference', 'long', 100_000, 10, 0.004)).toBeCloseTo(90_040, 6);
    expect(liqPrice('reference', 'short', 100_000, 10, 0.004)).toBeCloseTo(109_960, 6);
    const gap = liqPrice('exact', 'long', 100_000, 10, 0.004) / 90_040 - 1;
    expect(gap).toBeGreaterThan(0.003);
    expect(gap).toBeLessThan(0.004);
  });

  describe('TS and SQL macros agree bit for bit', () => {
    let db: Db;
    beforeAll(async () => {
      db = await openNodeDb();
      await installModelMacros(db);
    });
    const cases: [number, number, number][] = [];
    for (const e of [0.0123, 1.7, 3_012.5, 97_345.1, 110_000]) {
      for (const l of [1, 2, 5, 10, 25, 50, 75, 100, 125]) for (const m of [0, 0.004, 0.0125, 0.1]) cases.push([e, l, m]);
    }
    for (const formula of ['exact', 'reference'] as const) {
      it(formula, async () => {
        const sql = `SELECT liq_long(e, l, m, ?) AS lo, liq_short(e, l, m, ?) AS sh
          FROM (SELECT unnest(?::DOUBLE[]) AS e, unnest(?::DOUBLE[]) AS l, unnest(?::DOUBLE[]) AS m)`;
        const col = (i: number) => `[${cases.map((c) => c[i]).join(',')}]`;
        const ref = formula === 'reference';
        const r = await db.query(sql, [ref, ref, col(0), col(1), col(2)]);
        expect(Array.from(num(r, 'lo'))).toEqual(cases.map(([e, l, m]) => liqPrice(formula, 'long', e, l, m)));
        expect(Array.from(num(r, 'sh'))).toEqual(cases.map(([e, l, m]) => liqPrice(formula, 'short', e, l, m)));
      });
    }
    it('exact with cum', async () => {
      const r = await db.query('SELECT liq_long_exact(?, ?, ?, ?, ?) AS lo, liq_short_exact(?, ?, ?, ?, ?) AS sh', [
        ...[100_000, 20, 0.0065, 1_500, 12],
        ...[100_000, 20, 0.0065, 1_500, 12],
      ]);
      expect(num(r, 'lo')[0]).toBe(liqLongExact(100_000, 20, 0.0065, 1_500, 12));
      expect(num(r, 'sh')[0]).toBe(liqShortExact(100_000, 20, 0.0065, 1_500, 12));
    });
  });
});
