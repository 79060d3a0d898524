import { describe, expect, it } from 'vitest';
import {
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
});
