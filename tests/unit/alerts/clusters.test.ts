// Clusters of a map's cells and the alert rule: which clusters are due, once per hour.
import { describe, expect, it } from 'vitest';
import { clustersOf, distancePct, nearestClusters, type Cluster } from '../../../src/lib/alerts/clusters.ts';
import { ALERT_EVERY_MS, alertText, alertTitle, dueAlerts, ruleProblem, type AlertRule } from '../../../src/lib/alerts/alert-rules.ts';
import { loadAlertMemory, saveAlertMemory } from '../../../src/lib/alerts/alert-store.ts';
import type { MapCells } from '../../../src/lib/model/types.ts';

/** Cells from [price, side, usd] rows (leverage 10, or as given). */
const cells = (rows: [number, 0 | 1, number, number?][]): MapCells => ({
  priceBin: Float64Array.from(rows, (r) => r[0]),
  side: Uint8Array.from(rows, (r) => r[1]),
  leverage: Float64Array.from(rows, (r) => r[3] ?? 10),
  volumeUsd: Float64Array.from(rows, (r) => r[2]),
});

describe('clusters', () => {
  it('adjacent bins of one side whose total reaches $Y; a gap or a thin bin ends a run; leverages of a bin add up', () => {
    const c = cells([
      [90, 0, 40], [90, 0, 30, 25], [100, 0, 50], [110, 0, 20], // long run 90..120: 140
      [120, 0, 4], [130, 0, 100], // thin bin (4 < 5 % of 100) breaks: 130..140 alone: 100
      [150, 0, 60], [170, 0, 60], // a gap between: neither reaches 100
      [0.3, 1, 0], [200, 1, 99.9], [210, 1, 0.1], // short: 99.9 + a thin 0.1 = below 100
      [300, 1, 70], [310, 1, 30], // short run 300..320: 100
    ]);
    expect(clustersOf(c, 10, 100)).toEqual([
      { side: 'long', low: 90, high: 120, usd: 140, centre: (90 * 70 + 100 * 50 + 110 * 20) / 140 },
      { side: 'long', low: 130, high: 140, usd: 100, centre: 130 },
      { side: 'short', low: 300, high: 320, usd: 100, centre: 303 },
    ]);
    expect(clustersOf(c, 10, 1000)).toEqual([]);
  });

  it('exact decimal bins: 150.42 with a 0.02 step is its own bin next to 150.40', () => {
    const c = cells([[150.4, 0, 60], [150.42, 0, 60], [150.46, 0, 60]]);
    expect(clustersOf(c, 0.02, 100).map((x) => [x.low, x.high, x.usd])).toEqual([[150.4, 150.44, 120]]);
  });

  it('distance to the nearest edge in %, zero inside; the nearest cluster of each side', () => {
    const a: Cluster = { side: 'long', low: 90, high: 95, usd: 1, centre: 92 };
    const b: Cluster = { side: 'long', low: 70, high: 80, usd: 1, centre: 75 };
    const s: Cluster = { side: 'short', low: 105, high: 110, usd: 1, centre: 107 };
    expect(distancePct(a, 100)).toBeCloseTo(5, 12);
    expect(distancePct(s, 100)).toBeCloseTo(5, 12);
    expect(distancePct(a, 93)).toBe(0);
    expect(nearestClusters([b, a, s], 100)).toEqual({ long: a, short: s });
    expect(nearestClusters([b], 100)).toEqual({ long: b, short: null });
  });
});

describe('alert rule', () => {
  const rule: AlertRule = { symbol: 'BTCUSDT', withinPct: 1, minUsd: 100 };
  const near: Cluster = { side: 'long', low: 98_000, high: 99_100, usd: 500, centre: 98_500 };
  const far: Cluster = { side: 'short', low: 102_000, high: 103_000, usd: 500, centre: 102_500 };
  const T = Date.UTC(2026, 11, 6);

  it('fires for clusters within X % of the price, once per cluster per hour', () => {
    const first = dueAlerts(rule, [near, far], 100_000, [], T);
    expect(first).toMatchObject([{ symbol: 'BTCUSDT', side: 'long', low: 98_000, high: 99_100, usd: 500, price: 100_000, at: T }]);
    expect(first[0].distancePct).toBeCloseTo(0.9, 12);
    expect(dueAlerts(rule, [near, far], 99_900, first, T + 60_000)).toEqual([]);
    // The map moved the cluster by a bin: it overlaps the one alerted, so it is the same.
    expect(dueAlerts(rule, [{ ...near, low: 98_100, high: 99_200 }], 99_900, first, T + 60_000)).toEqual([]);
    expect(dueAlerts(rule, [near], 99_900, first, T + ALERT_EVERY_MS)).toHaveLength(1);
    expect(dueAlerts({ ...rule, minUsd: 501 }, [near], 100_000, [], T)).toEqual([]);
    expect(dueAlerts({ ...rule, symbol: 'ETHUSDT' }, [near], 100_000, first, T)).toHaveLength(1);
  });

  it('an alert names the exchanges of its map and mark (a Bybit view\'s is not read as Binance\'s); one kept from before has none', () => {
    const [bybit] = dueAlerts(rule, [near], 100_000, [], T, 'Bybit');
    expect(bybit.venue).toBe('Bybit');
    expect(alertText(bybit)).toMatch(/^BTCUSDT mark price 100,000 is .* \(Bybit\)$/);
    expect(alertTitle(bybit)).toBe(`liqmap: BTCUSDT (Bybit) near a ${bybit.side} cluster`);
    const [old] = dueAlerts(rule, [near], 100_000, [], T);
    expect('venue' in old).toBe(false);
    expect(alertText(old)).not.toContain('(');
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) } as Storage;
    saveAlertMemory({ rules: [rule], fired: [bybit, { ...old, venue: 7 } as never], watchlist: [] }, storage);
    expect(loadAlertMemory(storage, T + 1).fired).toEqual([bybit]);
  });

  it('refuses a rule without a sane distance or size', () => {
    expect(ruleProblem({ ...rule, withinPct: 0 })).toContain('distance');
    expect(ruleProblem({ ...rule, minUsd: NaN })).toContain('size');
    expect(dueAlerts({ ...rule, withinPct: -1 }, [near], 100_000, [], T)).toEqual([]);
  });

  it('settings kept in localStorage: bad entries dropped, alerts older than an hour forgotten', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) } as Storage;
    const fired = dueAlerts(rule, [near], 100_000, [], T);
    saveAlertMemory({ rules: [rule, { symbol: 'bad symbol', withinPct: 1, minUsd: 1 }], fired, watchlist: ['ETHUSDT', 'ETHUSDT', '<x>'] }, storage);
    expect(loadAlertMemory(storage, T + 1)).toEqual({ rules: [rule], fired, watchlist: ['ETHUSDT'] });
    expect(loadAlertMemory(storage, T + ALERT_EVERY_MS).fired).toEqual([]);
    data.set('liqmap.alerts', '{nope');
    expect(loadAlertMemory(storage, T)).toEqual({ rules: [], fired: [], watchlist: [] });
  });
});
