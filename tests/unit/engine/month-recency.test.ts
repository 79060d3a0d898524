/** Which loaded months a bounded engine lets go: least recently prepared first, never a busy symbol's. */
import { describe, expect, it } from 'vitest';
import { MonthRecency, type MonthSize } from '../../../src/lib/engine/month-recency.ts';

const size = (symbol: string, month: string, bytes = 10): MonthSize => ({ exchange: 'binance', symbol, month, bytes });

describe('MonthRecency', () => {
  it('lets the least recently used months go until the rest fit, and no more', () => {
    const r = new MonthRecency();
    r.touch('binance', 'BTCUSDT', ['2025-10', '2025-11']);
    r.touch('binance', 'ETHUSDT', ['2025-11']);
    r.touch('binance', 'BTCUSDT', ['2025-11']);
    const sizes = [size('BTCUSDT', '2025-10'), size('BTCUSDT', '2025-11'), size('ETHUSDT', '2025-11'), size('SOLUSDT', '2025-11')];
    // SOLUSDT was never prepared (oldest), then BTCUSDT 2025-10, then ETHUSDT.
    expect(r.victims(sizes, 20, () => false).map((m) => `${m.symbol} ${m.month}`)).toEqual(['SOLUSDT 2025-11', 'BTCUSDT 2025-10']);
    expect(r.victims(sizes, 40, () => false)).toEqual([]);
  });

  it('never lets a busy symbol\'s month go, even past the bound', () => {
    const r = new MonthRecency();
    r.touch('binance', 'BTCUSDT', ['2025-11']);
    r.touch('binance', 'ETHUSDT', ['2025-11']);
    const sizes = [size('BTCUSDT', '2025-11'), size('ETHUSDT', '2025-11')];
    expect(r.victims(sizes, 10, (s) => s === 'BTCUSDT').map((m) => m.symbol)).toEqual(['ETHUSDT']);
    expect(r.victims(sizes, 0, () => true)).toEqual([]);
  });

  it('keeps exchanges apart: a Bybit month is its own', () => {
    const r = new MonthRecency();
    r.touch('bybit', 'BTCUSDT', ['2025-11']);
    r.touch('binance', 'BTCUSDT', ['2025-11']);
    const sizes = [{ ...size('BTCUSDT', '2025-11'), exchange: 'binance' as const }, { ...size('BTCUSDT', '2025-11'), exchange: 'bybit' as const }];
    expect(r.victims(sizes, 10, () => false).map((m) => m.exchange)).toEqual(['bybit']);
  });
});
