// The Audit view's reads of the recorded liquidations: never two at once, the latest asked read last.
import { describe, expect, it } from 'vitest';
import { auditRecordsReader } from '../../../src/lib/state/audit-records.ts';
import { makeLiquidation, type Liquidation } from '../../../src/lib/live/events.ts';
import { memoryLiquidationStore, type LiquidationStore } from '../../../src/lib/live/liquidation-store.ts';

const T = Date.UTC(2025, 10, 20);

/** A store whose range reads wait until released, counting how many run at once. */
function slowStore(inner: LiquidationStore) {
  const waiting: (() => void)[] = [];
  const stats = { calls: 0, running: 0, most: 0 };
  const store: LiquidationStore = {
    ...inner,
    async range(symbol, from, to, limit) {
      stats.calls++;
      stats.most = Math.max(stats.most, ++stats.running);
      await new Promise<void>((resolve) => waiting.push(resolve));
      stats.running--;
      return inner.range(symbol, from, to, limit);
    },
  };
  const releaseAll = async () => {
    while (waiting.length || stats.running) {
      waiting.splice(0).forEach((go) => go());
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { store, stats, releaseAll };
}

describe('audit records reader', () => {
  it('requests made while a read runs (a second of recording each) collapse into one read of the latest span', async () => {
    const inner = memoryLiquidationStore();
    const events: Liquidation[] = [makeLiquidation(T + 60_000, 'binance', 'BTCUSDT', 'long', 100, 1), makeLiquidation(T + 7_200_000, 'bybit', 'BTCUSDT', 'short', 100, 2)];
    await inner.add(events);
    const { store, stats, releaseAll } = slowStore(inner);
    const read = auditRecordsReader(store);
    const answers = [read('a', 'BTCUSDT', T, T + 3_600_000)];
    await new Promise((r) => setTimeout(r, 0)); // the first read is running
    for (let i = 0; i < 5; i++) answers.push(read(`b${i}`, 'BTCUSDT', T, T + 9_000_000));
    await releaseAll();
    const got = await Promise.all(answers);
    expect(stats).toEqual({ calls: 2, running: 0, most: 1 });
    // The first read ran; its answer, superseded meanwhile, is not handed back either.
    expect(got.map((g) => g?.key ?? null)).toEqual([null, null, null, null, null, 'b4']);
    expect(got[5]!.list).toEqual(events);
    expect(got[5]!.recorded).toEqual({ symbol: 'BTCUSDT', count: 2, first: events[0].time, last: events[1].time });
  });

  it('a lone request gets its answer', async () => {
    const inner = memoryLiquidationStore();
    const e = makeLiquidation(T + 60_000, 'binance', 'BTCUSDT', 'long', 100, 1);
    await inner.add([e]);
    expect(await auditRecordsReader(inner)('a', 'BTCUSDT', T, T + 3_600_000)).toEqual({ key: 'a', list: [e], recorded: { symbol: 'BTCUSDT', count: 1, first: e.time, last: e.time } });
    expect((await auditRecordsReader(inner)('b', 'ETHUSDT', T, T + 3_600_000))!.recorded).toBeNull();
  });
});
