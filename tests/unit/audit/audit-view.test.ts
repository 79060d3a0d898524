// The Audit view's rules: which heatmap it uses, the span it reads, the exchange choice, how numbers read.
import { describe, expect, it } from 'vitest';
import { auditShown, auditSpan, auditWaiting, emptyAuditAdvice, formatRatio, formatRho, formatShare, ofExchanges, realisedChoiceOf } from '../../../src/lib/state/audit-view.ts';
import { DEFAULT_VIEW } from '../../../src/lib/state/view-state.ts';
import { makeLiquidation } from '../../../src/lib/live/events.ts';
import type { HeatmapShown } from '../../../src/lib/state/heatmap-controller.ts';
import type { HeatmapResult } from '../../../src/lib/model/types.ts';

const T = Date.UTC(2025, 10, 20);
const result = { times: Float64Array.of(T, T + 3_600_000), candleMinutes: 60 } as unknown as HeatmapResult;
const shown = { params: { symbol: 'BTCUSDT', rangeDays: 3 }, result, context: {} } as unknown as HeatmapShown;

describe('audit view rules', () => {
  it('uses the shown heatmap only when it is of the symbol and range asked', () => {
    expect(auditShown(shown, { ...DEFAULT_VIEW, view: 'audit', range: '3d' })).toBe(shown);
    expect(auditShown(shown, { ...DEFAULT_VIEW, view: 'audit', range: '7d' })).toBeNull();
    expect(auditShown(shown, { ...DEFAULT_VIEW, view: 'audit', range: '3d', symbol: 'ETHUSDT' })).toBeNull();
    expect(auditShown(null, DEFAULT_VIEW)).toBeNull();
    // Of the exchanges asked: Binance's heatmap is not Bybit's audit while Bybit's computes.
    expect(auditShown(shown, { ...DEFAULT_VIEW, view: 'audit', range: '3d', exchanges: ['bybit'] })).toBeNull();
    const bybit = { ...shown, params: { ...shown.params, exchanges: [{ id: 'bybit', oiUsd: 1, markPrice: 1 }] } } as unknown as HeatmapShown;
    expect(auditShown(bybit, { ...DEFAULT_VIEW, view: 'audit', range: '3d', exchanges: ['bybit'] })).toBe(bybit);
  });

  it("compares with the view's own exchanges' liquidations by default", () => {
    expect(realisedChoiceOf(['bybit'])).toBe('bybit');
    expect(realisedChoiceOf(['binance'])).toBe('binance');
    expect(realisedChoiceOf(['binance', 'bybit'])).toBe('all');
  });

  it('says what it waits for: the heatmap, then the recorded liquidations (a read, not a computation)', () => {
    expect(auditWaiting(false, '30d')).toBe('Computing the heatmap of the 30d range…');
    expect(auditWaiting(true, '30d')).toBe('Reading the recorded liquidations of this range…');
  });

  it('reads events from the first candle open to the last candle close (exclusive)', () => {
    expect(auditSpan(result)).toEqual({ from: T, to: T + 2 * 3_600_000 - 1 });
    expect(auditSpan({ ...result, times: new Float64Array(0) })).toBeNull();
  });

  it('keeps the chosen exchanges; numbers read with 2 decimals, one-decimal percent, 3 digits', () => {
    const a = makeLiquidation(T, 'binance', 'BTCUSDT', 'long', 100, 1);
    const b = makeLiquidation(T, 'bybit', 'BTCUSDT', 'long', 100, 1);
    expect(ofExchanges([a, b], 'bybit')).toEqual([b]);
    expect(ofExchanges([a, b], 'all')).toEqual([a, b]);
    expect([formatRho(0.7378), formatRho(null), formatShare(1 / 3), formatRatio(0.066666)]).toEqual(['0.74', '—', '33.3 %', '0.0667']);
    // No correlation either way reads 0.00 whatever the sign of what rounds to it.
    expect([formatRho(-0.004), formatRho(0.004), formatRho(-0.005), formatRho(-0.2)]).toEqual(['0.00', '0.00', '-0.01', '-0.20']);
  });

  it('with nothing to compare, says where the records are and what to do', () => {
    const span = { from: T, to: T + 2 * 3_600_000 - 1 };
    const bybit = makeLiquidation(T + 60_000, 'bybit', 'BTCUSDT', 'long', 100, 1);
    expect(emptyAuditAdvice('BTCUSDT', span, null, [], 'all')).toContain('keep liqmap open');
    expect(emptyAuditAdvice('BTCUSDT', span, { symbol: 'BTCUSDT', count: 1, first: bybit.time, last: bybit.time }, [bybit], 'binance'))
      .toBe('In this range only Bybit\'s liquidations are recorded (1): choose Bybit under "Realised liquidations of".');
    const at = (first: number, last: number) => emptyAuditAdvice('BTCUSDT', span, { symbol: 'BTCUSDT', count: 1200, first, last }, [], 'all');
    expect(at(span.to + 1, span.to + 1 + 9e6)).toBe(`The 1,200 liquidations of BTCUSDT kept in this browser (2025-11-20 02:00 UTC – 2025-11-20 04:30 UTC) are all after this range's last candle: the heatmap's data end at 2025-11-20 02:00 UTC. To audit them, get the months that cover them in the Data view (a profile source, or "Fetch from an exchange's archive").`);
    expect(at(T - 9e6, T - 1)).toContain('are all before this range: choose a longer range.');
    const one = emptyAuditAdvice('BTCUSDT', span, { symbol: 'BTCUSDT', count: 1, first: T - 1, last: T - 1 }, [], 'all');
    expect(one).toBe('The 1 liquidation of BTCUSDT kept in this browser (2025-11-19 23:59 UTC – 2025-11-19 23:59 UTC) is before this range: choose a longer range.');
    expect(at(T - 9e6, span.to + 1)).toContain('fall around this range, none in it');
  });
});
