import { expect, test } from 'vitest';
import { mapStatement } from '../../../src/lib/state/statement.ts';
import { DEFAULT_VIEW } from '../../../src/lib/state/view-state.ts';
import type { MapParams, MapResult } from '../../../src/lib/model/types.ts';
import type { UsedFigures } from '../../../src/lib/state/used-figures.ts';

const result: MapResult = {
  cells: { priceBin: new Float64Array(), side: new Uint8Array(), leverage: new Float64Array(), volumeUsd: new Float64Array() },
  curves: { longPrice: new Float64Array(), longCum: new Float64Array(), shortPrice: new Float64Array(), shortCum: new Float64Array() },
  totals: { long: 431_250_000, short: 293_750_000, total: 725_000_000, longBins: 3, shortBins: 4 },
  window: { fromHour: Date.UTC(2025, 10, 1), toHour: Date.UTC(2025, 10, 30, 23), hours: 720, hoursWithData: 600 },
  entryNotional: 4e9,
  entryBuyNotional: 1e9,
  months: ['2025-11'],
  computeMs: 3,
};
const params = { step: 500, markPrice: 105_000 } as MapParams;
const figures: UsedFigures = { source: 'cached', oiUsd: 1e9, contracts: 10_000, markPrice: 105_000, time: Date.UTC(2025, 11, 1), ageMs: 5 * 60_000 };

test('the statement gives totals as text and every input, with the OI source and its age', () => {
  const s = mapStatement(DEFAULT_VIEW, result, params, figures, null, false);
  const value = (rows: { label: string; value: string }[], label: string) => rows.find((r) => r.label === label)?.value;
  expect(value(s.totals, 'Longs')).toBe('$431.25 M');
  expect(value(s.totals, 'Total')).toBe('$725.00 M');
  expect(value(s.totals, 'OI used')).toBe('$1.00 B');
  expect(value(s.inputs, 'OI source')).toBe('last good Binance answer (cached), as of 2025-12-01 00:00 UTC (5 min old)');
  expect(value(s.inputs, 'Window')).toBe('30 days: 2025-11-01 00:00 UTC – 2025-12-01 00:00 UTC (600 of 720 hours with data)');
  expect(value(s.inputs, 'Whale notional in window')).toBe('$4.00 B (25.0% taker buy)');
  expect(value(s.inputs, 'Tiers')).toBe('5x 15.0% · 10x 30.0% · 25x 25.0% · 50x 20.0% · 100x 10.0%');
  expect(s.warnings).toEqual(['Only 600 of the window\'s 720 hours have profile data.']);
});

test('synthetic data and a price far from the profile are warned about', () => {
  const prepared = { lastClose: 80_000 } as Parameters<typeof mapStatement>[4];
  const s = mapStatement(DEFAULT_VIEW, { ...result, window: { ...result.window, hoursWithData: 720 } }, params, figures, prepared, true);
  expect(s.warnings[0]).toContain('synthetic');
  expect(s.warnings[1]).toContain('more than 10% away');
  expect(s.inputs.find((r) => r.label === 'Profile months')?.value).toBe('2025-11 (synthetic)');
});
