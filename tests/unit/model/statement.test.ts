import { describe, expect, it } from 'vitest';
import { defaultCandleMinutes, heatmapStep, RANGE_CANDLE_DEFAULTS } from '../../../src/lib/model/candle-sizes.ts';
import { mapStatement } from '../../../src/lib/model/statement.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import type { MapParams, MapResult } from '../../../src/lib/model/types.ts';

const params: MapParams = {
  symbol: 'BTCUSDT', model: 'oi', windowDays: 30, step: 500, whaleThreshold: 500_000, split: 'taker',
  formula: 'exact', tiers: DEFAULT_TIERS.map((t) => ({ ...t })), mmr: 0.004, oiUsd: 8e9, markPrice: 95_000,
};
const empty = new Float64Array(0);
const result: MapResult = {
  cells: { priceBin: empty, side: new Uint8Array(0), leverage: empty, volumeUsd: empty },
  curves: { longPrice: empty, longCum: empty, shortPrice: empty, shortCum: empty },
  totals: { long: 0, short: 0, total: 0, longBins: 0, shortBins: 0 },
  window: { fromHour: Date.UTC(2025, 10, 1), toHour: Date.UTC(2025, 10, 30, 23), hours: 720, hoursWithData: 700 },
  entryNotional: 1e9, entryBuyNotional: 5e8, months: ['2025-10', '2025-11'], computeMs: 1,
};
const oi = { source: 'cached' as const, oiUsd: 8.1e9, markPrice: 95_000, time: Date.UTC(2025, 11, 1, 12), ageMs: 600_000 };

describe('model statement', () => {
  it('states every input models.md lists', () => {
    const s = mapStatement(params, result, oi, ['2025-11']);
    const byLabel = Object.fromEntries(s.lines.map((l) => [l.label, l.value]));
    expect(byLabel['Window']).toBe('30 d: 2025-11-01 00:00 UTC to 2025-11-30 23:00 UTC (700 of 720 hours have data)');
    expect(byLabel['Open interest']).toBe('$8.10 B (cached, 2025-12-01 12:00 UTC, 10 min old)');
    expect(byLabel['Leverage tiers']).toBe('5x 15% · 10x 30% · 25x 25% · 50x 20% · 100x 10%');
    expect(byLabel['Maintenance margin']).toMatch(/^0\.4%/);
    expect(byLabel['Profile months']).toBe('2025-10, 2025-11 (synthetic: 2025-11)');
    for (const label of ['Symbol', 'Whale threshold', 'Bin step', 'Mark price', 'Liquidation formula', 'Long/short split']) {
      expect(byLabel[label]).toBeTruthy();
    }
    expect(s.syntheticMonths).toEqual(['2025-11']);
  });
  it('labels the trades model as an overstatement', () => {
    expect(mapStatement({ ...params, model: 'trades' }, result, oi).lines[0].value).toMatch('overstates');
  });
});

describe('heatmap resolution', () => {
  it('range defaults as the UI shows them', () => {
    expect(RANGE_CANDLE_DEFAULTS.map((r) => `${r.label}:${r.candleMinutes}`)).toEqual([
      '12h:15', '24h:15', '3d:60', '7d:60', '30d:240', '90d:720', '180d:1440', '1y:1440',
    ]);
    expect(defaultCandleMinutes(2)).toBe(60);
    expect(defaultCandleMinutes(400)).toBe(1440);
  });
  it('price step keeps rows within the limit on a 1-2-5 scale', () => {
    expect(heatmapStep(76_000, 120_000)).toBe(200); // 44,000 / 300 = 147 -> 200: 221 rows
    expect(heatmapStep(2_500, 3_700)).toBe(5);
    const step = heatmapStep(99_999, 100_601, 3);
    expect(Math.floor(100_601 / step) - Math.floor(99_999 / step) + 1).toBeLessThanOrEqual(3);
  });
});
