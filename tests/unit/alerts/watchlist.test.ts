// The watchlist runner: one symbol at a time, each at most once a minute, the nearest clusters per side.
import { describe, expect, it } from 'vitest';
import { nearOf, watchAge, WATCH_EVERY_MS, WatchlistRunner, type WatchRow } from '../../../src/lib/alerts/watchlist.ts';
import type { MapCells } from '../../../src/lib/model/types.ts';

const cells: MapCells = {
  priceBin: Float64Array.of(90, 95, 96, 105, 120),
  side: Uint8Array.of(0, 0, 0, 1, 1),
  leverage: Float64Array.of(10, 10, 10, 10, 10),
  volumeUsd: Float64Array.of(500, 300, 300, 50, 800),
};

describe('watchlist', () => {
  it('names the nearest cluster of each side: its nearest edge, size and distance', () => {
    const near = nearOf(cells, 1, 200, 100);
    expect(near.long).toEqual({ edge: 97, usd: 600, distancePct: 3 });
    expect(near.short).toEqual({ edge: 120, usd: 800, distancePct: 20 });
    expect(nearOf(cells, 1, 1000, 100)).toEqual({ long: null, short: null });
  });

  it('refreshes symbols one after the other, each at most once a minute; a failure is its row\'s error', async () => {
    let now = 1_000_000;
    const calls: string[] = [];
    let inFlight = 0;
    let most = 0;
    const rows: WatchRow[] = [];
    const runner = new WatchlistRunner({
      figures: async (s) => {
        calls.push(`figures ${s}`);
        if (s === 'BADUSDT') throw new Error('no such symbol');
        return { contracts: 1000, markPrice: 100 };
      },
      map: async (s) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        calls.push(`map ${s}`);
        return { cells, step: 1 };
      },
      ruleMinUsd: (s) => (s === 'ETHUSDT' ? 700 : null),
      now: () => now,
    }, (row) => rows.push(row));
    const first = runner.refresh(['BTCUSDT', 'ETHUSDT', 'BADUSDT']);
    await runner.refresh(['BTCUSDT']); // while one runs: nothing
    await first;
    expect(most).toBe(1);
    expect(calls).toEqual(['figures BTCUSDT', 'map BTCUSDT', 'figures ETHUSDT', 'map ETHUSDT', 'figures BADUSDT']);
    expect(rows.map((r) => [r.symbol, r.minUsd, r.near?.long?.usd ?? null, r.error])).toEqual([
      ['BTCUSDT', 1000, null, null], // 1 % of OI (100,000 USD): no long cluster reaches 1,000
      ['ETHUSDT', 700, null, null],
      ['BADUSDT', null, null, 'no such symbol'],
    ]);
    expect(rows[0].near?.short).toBeNull();
    now += WATCH_EVERY_MS - 1;
    await runner.refresh(['BTCUSDT']);
    expect(rows).toHaveLength(3);
    now += 1;
    await runner.refresh(['BTCUSDT']);
    expect(rows).toHaveLength(4);
  });

  it('a failed refresh keeps the last good figures and their age, with the failure beside them', async () => {
    let now = 1_000_000;
    let fail = false;
    const rows: WatchRow[] = [];
    const runner = new WatchlistRunner({
      figures: async () => { if (fail) throw new Error('Binance answered 503'); return { contracts: 1000, markPrice: 100 }; },
      map: async () => ({ cells, step: 1 }),
      ruleMinUsd: () => 200,
      now: () => now,
    }, (row) => rows.push(row));
    await runner.refresh(['BTCUSDT']);
    expect(watchAge(rows[0], now + 5_000)).toBe('5 s old');
    fail = true;
    now += WATCH_EVERY_MS;
    await runner.refresh(['BTCUSDT']);
    expect(rows[1]).toEqual({ ...rows[0], error: 'Binance answered 503' });
    // The age keeps counting from the good answer.
    expect(watchAge(rows[1], now + 30_000)).toBe('2 min old');
    expect(watchAge(undefined, now)).toBe('');
  });
});
