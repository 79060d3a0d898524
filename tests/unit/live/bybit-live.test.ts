// Bybit's tickers (snapshot then deltas) and publicTrade (one item per fill) on the shapes of
// Bybit's v5 documentation: one-side open interest, deltas merged into the last snapshot,
// fills of one taker order grouped into one trade, and the hub keeping Bybit's figures and
// live rows beside Binance's, released to the models by the same sampling as Binance's mark.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from './until.ts';
import { bybitReader } from '../../../src/exchanges/bybit/live/bybit.ts';
import { bybitOneSideOi, parseBybitMessage } from '../../../src/exchanges/bybit/live/bybit-messages.ts';
import { FILL_HOLD_MS, fillGroupKey, groupFills, type Fill } from '../../../src/exchanges/bybit/archive/fills.ts';
import type { Parsed } from '../../../src/lib/live/events.ts';
import { ManualClock } from '../binance/manual-clock.ts';
import { LiveHub } from '../../../src/lib/live/live-hub.ts';
import { memoryLiquidationStore } from '../../../src/lib/live/liquidation-store.ts';
import { manualNetwork } from '../../../src/lib/live/network.ts';
import type { SocketLike } from '../../../src/lib/live/stream-connection.ts';
import { aggTrade, bybitFill, startStreamMock, type StreamMock } from '../../mock/stream-mock.ts';

// Bybit's documented tickers.BTCUSDT snapshot (linear), then two deltas holding only what changed.
const SNAPSHOT = JSON.stringify({
  topic: 'tickers.BTCUSDT', type: 'snapshot', cs: 24987956059, ts: 1673272861686,
  data: {
    symbol: 'BTCUSDT', tickDirection: 'PlusTick', price24hPcnt: '0.017103', lastPrice: '17216.00', prevPrice24h: '16926.50', highPrice24h: '17281.50',
    lowPrice24h: '16915.00', prevPrice1h: '17238.00', markPrice: '17217.33', indexPrice: '17227.36', openInterest: '68744.761',
    openInterestValue: '1183601235.91', turnover24h: '1570383121.943499', volume24h: '91705.276', nextFundingTime: '1673280000000',
    fundingRate: '-0.000212', bid1Price: '17215.50', bid1Size: '84.489', ask1Price: '17216.00', ask1Size: '83.020',
  },
});
const DELTA_BOOK = JSON.stringify({ topic: 'tickers.BTCUSDT', type: 'delta', cs: 24987956060, ts: 1673272861787, data: { symbol: 'BTCUSDT', bid1Price: '17215.00', bid1Size: '80.1' } });
const DELTA_OI = JSON.stringify({
  topic: 'tickers.BTCUSDT', type: 'delta', cs: 24987956061, ts: 1673272862000,
  data: { symbol: 'BTCUSDT', markPrice: '17220.00', openInterest: '68800', openInterestValue: '1184736000' },
});
// Bybit's documented publicTrade push (one fill).
const TRADE = '{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f43950-d8dd-5b31-9112-a178eb6023af","BT":false}]}';

describe('Bybit open interest, one side', () => {
  it('uses singleOpenInterest when present, else half of openInterest (both sides)', () => {
    expect(bybitOneSideOi({ openInterest: '52012.345', singleOpenInterest: '26000.5' })).toBe(26000.5);
    expect(bybitOneSideOi({ openInterest: '52012.345' })).toBe(26006.1725);
    expect(bybitOneSideOi({ openInterest: 'n/a' })).toBeNaN();
    expect(bybitOneSideOi({})).toBeNaN();
  });
});

describe('Bybit tickers', () => {
  it('a snapshot gives mark and one-side OI; a delta changes only what it carries, at its time', () => {
    const read = bybitReader();
    expect(read(SNAPSHOT)).toEqual({
      kind: 'figures', figures: { symbol: 'BTCUSDT', time: 1673272861686, markPrice: 17217.33, contracts: 68744.761 / 2, oiUsd: 1183601235.91 / 2 },
    });
    expect(read(DELTA_BOOK)).toEqual({
      kind: 'figures', figures: { symbol: 'BTCUSDT', time: 1673272861787, markPrice: 17217.33, contracts: 68744.761 / 2, oiUsd: 1183601235.91 / 2 },
    });
    expect(read(DELTA_OI)).toEqual({ kind: 'figures', figures: { symbol: 'BTCUSDT', time: 1673272862000, markPrice: 17220, contracts: 34400, oiUsd: 592368000 } });
  });

  it('a delta before any snapshot gives nothing yet; a new snapshot replaces the old fields', () => {
    const read = bybitReader();
    expect(read(DELTA_OI)).toEqual({ kind: 'control' });
    read(SNAPSHOT);
    const fresh = SNAPSHOT.replace('"openInterest":"68744.761"', '"openInterest":"100","singleOpenInterest":"40"').replace('"openInterestValue":"1183601235.91"', '"openInterestValue":"1721733"');
    expect(read(fresh)).toMatchObject({ kind: 'figures', figures: { contracts: 40, oiUsd: 1721733 * 0.4 } });
  });

  it('reports a ticker push without its data object or time', () => {
    expect(parseBybitMessage('{"topic":"tickers.BTCUSDT","type":"snapshot","data":[]}')).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('tickers.BTCUSDT') });
    expect(parseBybitMessage('{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT"}}')).toMatchObject({ kind: 'malformed' });
  });
});

describe('Bybit publicTrade', () => {
  it('the documented push is one taker buy', () => {
    expect(parseBybitMessage(TRADE)).toEqual({
      kind: 'trades', malformed: 0, trades: [{ time: 1672304486865, price: 16578.5, quantity: 0.001, takerSell: false, key: '20f43950-d8dd-5b31-9112-a178eb6023af' }],
    });
  });

  it('fills with the same time, side and price are one trade; a bad fill is counted and skipped', () => {
    const T = 1_791_391_082_312;
    const fills = [
      bybitFill({ side: 'Sell', price: 94_213.5, qty: 0.5, time: T, id: 'a' }),
      bybitFill({ side: 'Sell', price: 94_213.5, qty: 1.25, time: T, id: 'b' }),
      bybitFill({ side: 'Sell', price: 94_213.5, qty: 0.25, time: T, id: 'c' }),
      bybitFill({ side: 'Sell', price: 94_213, qty: 0.1, time: T, id: 'd' }),
      bybitFill({ side: 'Buy', price: 94_213.5, qty: 0.2, time: T, id: 'e' }),
      { T, s: 'BTCUSDT', S: 'Sell', v: '-1', p: '1', i: 'f' },
    ];
    const r = parseBybitMessage(JSON.stringify({ topic: 'publicTrade.BTCUSDT', type: 'snapshot', ts: T + 3, data: fills }));
    expect(r).toEqual({
      kind: 'trades', malformed: 1,
      trades: [
        { time: T, price: 94_213.5, quantity: 2, takerSell: true, key: 'a' },
        { time: T, price: 94_213, quantity: 0.1, takerSell: true, key: 'd' },
        { time: T, price: 94_213.5, quantity: 0.2, takerSell: false, key: 'e' },
      ],
    });
  });
});

describe('Bybit publicTrade across messages', () => {
  const T = 1_791_391_082_312;
  const push = (fills: object[], ts = T + 2) => JSON.stringify({ topic: 'publicTrade.BTCUSDT', type: 'snapshot', ts, data: fills });
  const reader = () => {
    const clock = new ManualClock();
    const later: Parsed[] = [];
    return { clock, later, read: bybitReader({ deliver: (p) => later.push(p), timers: clock }) };
  };

  it('an order whose fills straddle two messages is one trade; the trades before it are not held', () => {
    const { clock, later, read } = reader();
    // Message 1: a complete buy, then the first two fills of a sell order that goes on in message 2.
    const first = read(push([
      bybitFill({ side: 'Buy', price: 94_210, qty: 0.3, time: T - 5, id: 'b1' }),
      bybitFill({ side: 'Sell', price: 94_213.5, qty: 4, time: T, id: 's1' }),
      bybitFill({ side: 'Sell', price: 94_213.5, qty: 6, time: T, id: 's2' }),
    ]));
    expect(first).toEqual({ kind: 'trades', malformed: 0, trades: [{ time: T - 5, price: 94_210, quantity: 0.3, takerSell: false, key: 'b1' }] });
    // Message 2: the order's last fill, then a new order (held in turn).
    const second = read(push([
      bybitFill({ side: 'Sell', price: 94_213.5, qty: 2.5, time: T, id: 's3' }),
      bybitFill({ side: 'Buy', price: 94_215, qty: 0.1, time: T + 40, id: 'b2' }),
    ], T + 41));
    expect(second).toEqual({ kind: 'trades', malformed: 0, trades: [{ time: T, price: 94_213.5, quantity: 12.5, takerSell: true, key: 's1' }] });
    // No next message: the held order goes out after the wait, through the reader's later delivery.
    clock.advance(FILL_HOLD_MS - 1);
    expect(later).toEqual([]);
    clock.advance(1);
    expect(later).toEqual([{ kind: 'trades', malformed: 0, trades: [{ time: T + 40, price: 94_215, quantity: 0.1, takerSell: false, key: 'b2' }] }]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a message of another order releases the held one at once; a fill seen twice (two connections) counts once', () => {
    const { clock, later, read } = reader();
    const s1 = bybitFill({ side: 'Sell', price: 94_213.5, qty: 4, time: T, id: 's1' });
    const s2 = bybitFill({ side: 'Sell', price: 94_213.5, qty: 6, time: T, id: 's2' });
    expect(read(push([s1]))).toMatchObject({ trades: [] });
    expect(read(push([s1, s2]))).toMatchObject({ trades: [] }); // the overlap repeats s1: s2 joins the held order
    expect(read(push([s2]))).toMatchObject({ trades: [] }); // only seen fills: nothing new, the order still held
    const next = read(push([bybitFill({ side: 'Buy', price: 94_220, qty: 1, time: T + 7, id: 'b1' })], T + 8));
    expect(next).toMatchObject({ trades: [{ time: T, quantity: 10, takerSell: true, key: 's1' }] });
    clock.advance(FILL_HOLD_MS);
    expect(later).toMatchObject([{ kind: 'trades', trades: [{ key: 'b1', quantity: 1 }] }]);
  });
});

describe('groupFills', () => {
  it("gives what grouping by fillGroupKey gives: one trade per order, in the order of its first fill, orders interleaved or not", () => {
    let seed = 11;
    const random = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
    const fills: Fill[] = Array.from({ length: 400 }, (_, i) => ({ time: 1_000 + random(4), price: 94_000 + random(5) / 2, quantity: 1 + random(9), takerSell: random(2) === 1, fillId: `f${i}` }));
    // Runs of one order too (its fills one after another, as Bybit sends them).
    for (let i = 1; i < fills.length; i += 3) Object.assign(fills[i], { time: fills[i - 1].time, price: fills[i - 1].price, takerSell: fills[i - 1].takerSell });
    const byKey = new Map<string, { time: number; price: number; quantity: number; takerSell: boolean; key: string }>();
    for (const f of fills) {
      const k = fillGroupKey(f.time, f.takerSell, f.price);
      const t = byKey.get(k);
      if (t) t.quantity += f.quantity;
      else byKey.set(k, { time: f.time, price: f.price, quantity: f.quantity, takerSell: f.takerSell, key: f.fillId });
    }
    const grouped = groupFills(fills);
    expect(grouped).toEqual([...byKey.values()]);
    expect(grouped.length).toBeLessThan(fills.length);
  });
});

describe('LiveHub with Bybit tickers and trades', () => {
  let mock: StreamMock;
  let hub: LiveHub;
  afterEach(async () => {
    hub?.dispose();
    await mock?.close();
  });

  it('keeps Bybit figures and live rows per exchange, and releases both to the models sampled like Binance\u2019s', async () => {
    mock = await startStreamMock();
    hub = new LiveHub({
      store: memoryLiquidationStore(), streamBases: { binance: mock.binanceBase, bybit: mock.bybitBase },
      socket: (url) => new WebSocket(url) as unknown as SocketLike, network: manualNetwork(), frame: (fn) => setTimeout(fn, 16), recomputeMs: 1_000,
    });
    hub.setSymbol('BTCUSDT');
    const now = Date.now();
    hub.setProfileEnd('BTCUSDT', now - (now % 3_600_000) - 7_200_000);
    const v0 = hub.getState().tradesVersion;
    await until(() => mock.clients().some((c) => c.exchange === 'bybit' && c.streams.includes('publicTrade.BTCUSDT')));
    await until(() => hub.getState().streams.every((s) => s.state.status === 'connected'));
    mock.sendBybitTicker('BTCUSDT', 'snapshot', { markPrice: '95100.50', openInterest: '50000', openInterestValue: '4755025000' }, now - 500);
    mock.sendBybitTicker('BTCUSDT', 'delta', { openInterest: '50010', openInterestValue: '4756076005' }, now - 100);
    const fills = [0.5, 1.5, 3].map((qty, i) => bybitFill({ side: 'Sell', price: 95_100, qty, time: now - 1_000, id: `f${i}` }));
    mock.sendBybit('publicTrade.BTCUSDT', fills);
    mock.sendBybit('publicTrade.BTCUSDT', fills.slice(0, 1)); // the same fill again (two connections overlapping)
    mock.sendBinance('btcusdt@aggTrade', aggTrade({ id: 7, price: 95_000, qty: 0.01, time: now - 900, takerSell: false }));
    const bybit = await until(() => {
      const x = hub.getState().exchanges.bybit;
      return x?.figures?.contracts === 25_005 && x.trades === 1 ? x : null;
    });
    expect(bybit.figures).toEqual({ symbol: 'BTCUSDT', time: now - 100, markPrice: 95_100.5, contracts: 25_005, oiUsd: 4_756_076_005 / 2 });
    expect(bybit.tradesSince).toBe(now - 1_000);
    const rows = hub.liveRowsOf('bybit')!;
    expect(Array.from(rows.volume.quantity)).toEqual([5]);
    expect(Array.from(rows.volume.trades)).toEqual([1]);
    expect(Array.from(rows.volume.side)).toEqual([1]);
    await until(() => hub.getState().exchanges.binance?.trades === 1);
    expect(Array.from(hub.liveRows()!.volume.quantity)).toEqual([0.01]);
    expect(hub.getState().exchanges.binance?.figures).toBeNull(); // Bybit's mark is Bybit's alone
    // The models' sample: Bybit's merged ticker figures, and a trades release that names Bybit's rows too.
    const sampled = await until(() => hub.getState().modelFigures.bybit?.contracts === 25_005 ? hub.getState() : null);
    expect(sampled.modelFigures.bybit).toEqual(bybit.figures);
    expect(sampled.tradesVersion).toBeGreaterThan(v0);
    // A burst of deltas: the next sample is the last one merged.
    for (let i = 1; i <= 20; i++) mock.sendBybitTicker('BTCUSDT', 'delta', { markPrice: String(95_100 + i) }, now + i);
    const last = await until(() => (hub.getState().modelFigures.bybit?.markPrice === 95_120 ? hub.getState().modelFigures.bybit : null));
    expect(last).toEqual({ symbol: 'BTCUSDT', time: now + 20, markPrice: 95_120, contracts: 25_005, oiUsd: 4_756_076_005 / 2 });
  });
});
