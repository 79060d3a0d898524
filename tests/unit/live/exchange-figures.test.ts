// The live panel's rows per exchange: Binance's OI from REST with its streamed mark, Bybit's
// mark and one-side OI from its tickers, each with its age, and the live trades counted.
import { describe, expect, it } from 'vitest';
import { exchangeFigureRows } from '../../../src/lib/live/exchange-figures.ts';
import type { LiveHubState } from '../../../src/lib/live/live-hub-types.ts';
import type { StreamState } from '../../../src/lib/live/stream-types.ts';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const state = {} as StreamState;
const streams = [{ exchange: 'binance', label: 'Binance', state }, { exchange: 'bybit', label: 'Bybit', state }] as LiveHubState['streams'];

describe('exchangeFigureRows', () => {
  it('says what each exchange has, and "no figures yet" where nothing came', () => {
    const rows = exchangeFigureRows('BTCUSDT', { streams, exchanges: {} }, null, NOW);
    expect(rows.map((r) => [r.label, r.mark, r.oi, r.age, r.trades])).toEqual([
      ['Binance', '—', '—', 'no figures yet', 'none yet'],
      ['Bybit', '—', '—', 'no figures yet', 'none yet'],
    ]);
  });

  it('Binance: REST OI and the streamed mark, ages apart; Bybit: its tickers figures and trades', () => {
    const exchanges: LiveHubState['exchanges'] = {
      binance: { figures: { symbol: 'BTCUSDT', time: NOW - 1_000, markPrice: 95_010, contracts: null, oiUsd: null }, tradesSince: null, trades: 0, tradesVersion: 0 },
      bybit: { figures: { symbol: 'BTCUSDT', time: NOW - 3_000, markPrice: 95_100.5, contracts: 25_005, oiUsd: 1 }, tradesSince: NOW - 125 * 60_000, trades: 1_204, tradesVersion: 3 },
    };
    const [binance, bybit] = exchangeFigureRows('BTCUSDT', { streams, exchanges }, { contracts: 80_000, markPrice: 94_000, time: NOW - 240_000 }, NOW);
    expect(binance).toMatchObject({ mark: '$95,010', oi: '80,000 BTC', age: 'mark 1 s, OI 4 min old' });
    expect(bybit).toMatchObject({ mark: '$95,100.5', oi: '25,005 BTC', age: '3 s old', trades: '1,204 since 09:55 UTC' });
    // Counted in the view's symbol's base asset.
    expect(exchangeFigureRows('ETHUSDT', { streams, exchanges: {} }, { contracts: 1_500_000.25, markPrice: 3_000, time: NOW }, NOW)[0].oi).toBe('1,500,000.25 ETH');
  });
});
