import { expect, test } from 'vitest';
import { mapStatement } from '../../../src/lib/state/map-statement.ts';
import { heatmapStatement } from '../../../src/lib/state/heatmap-statement.ts';
import { mapRequest } from '../../../src/lib/state/map-controller.ts';
import { DEFAULT_VIEW } from '../../../src/lib/state/view-state.ts';
import { DEFAULT_TIERS } from '../../../src/lib/model/tiers.ts';
import type { HeatmapParams, HeatmapResult, MapParams, MapResult } from '../../../src/lib/model/types.ts';
import type { Prepared } from '../../../src/lib/engine/api.ts';
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
const params: MapParams = {
  symbol: 'BTCUSDT', model: 'oi', windowDays: 30, step: 500, whaleThreshold: 500_000, split: 'taker', formula: 'exact',
  tiers: DEFAULT_TIERS.map((t) => ({ ...t })), mmr: 0.004, oiUsd: 1e9, markPrice: 105_000,
};
const figures: UsedFigures = { source: 'cached', oiUsd: 1e9, contracts: 10_000, markPrice: 105_000, time: Date.UTC(2025, 11, 1), ageMs: 5 * 60_000 };
const value = (rows: { label: string; value: string }[], label: string) => rows.find((r) => r.label === label)?.value;

test('the statement gives totals as text and every input, with the OI source and its age', () => {
  const s = mapStatement(result, params, figures, null, false, true);
  expect(value(s.totals, 'Longs')).toBe('$431.25 M');
  expect(value(s.totals, 'Total')).toBe('$725.00 M');
  expect(value(s.totals, 'OI used')).toBe('$1.00 B');
  // In the base asset, as Coinglass and the exchanges state it.
  expect(value(s.inputs, 'Open interest')).toBe('10,000 BTC = $1.00 B');
  expect(value(mapStatement(result, { ...params, symbol: 'ETHUSDT' }, figures, null, false, true).inputs, 'Open interest')).toBe('10,000 ETH = $1.00 B');
  expect(value(s.inputs, 'OI source')).toBe('last good Binance answer (cached), as of 2025-12-01 00:00 UTC (5 min old)');
  expect(value(s.inputs, 'Window')).toBe('30 days: 2025-11-01 00:00 UTC – 2025-12-01 00:00 UTC (600 of 720 hours with data)');
  expect(value(s.inputs, 'Whale notional in window')).toBe('$4.00 B (25.0% taker buy)');
  expect(value(s.inputs, 'Tiers')).toBe('5x 15.0% · 10x 30.0% · 25x 25.0% · 50x 20.0% · 100x 10.0%');
  expect(value(s.inputs, 'Bin step')).toBe('500 USD (auto); entry price = bin lower edge');
  expect(s.warnings).toEqual(['Only 600 of the window\'s 720 hours have profile data.']);
});

test('synthetic data and a price far from the profile are warned about', () => {
  const prepared = { lastClose: 80_000 } as Prepared;
  const s = mapStatement({ ...result, window: { ...result.window, hoursWithData: 720 } }, params, figures, prepared, true, false);
  expect(s.warnings[0]).toContain('synthetic');
  expect(s.warnings[1]).toContain('more than 10% away');
  expect(value(s.inputs, 'Profile months')).toBe('2025-11 (synthetic)');
});

test('the statement states the params the chart used, not the controls: a refused tier edit changes nothing stated', () => {
  const prepared = { symbol: 'BTCUSDT', lastClose: 105_000 } as Prepared;
  const drawn = mapRequest(DEFAULT_VIEW, figures, prepared, false);
  expect(drawn.kind).toBe('compute');
  const edited = { ...DEFAULT_VIEW, tiers: DEFAULT_VIEW.tiers.map((t) => (t.leverage === 5 ? { ...t, weight: 0.25 } : t)) };
  const refused = mapRequest(edited, figures, prepared, false);
  expect(refused).toMatchObject({ kind: 'refused' });
  expect(refused.kind === 'refused' && refused.problems.join(' ')).toContain('sum to 1.1');
  // What stays shown is the drawn request's result, described by the drawn request's params.
  const p = drawn.kind === 'compute' ? drawn.params : params;
  expect(value(mapStatement(result, p, figures, prepared, false, true).inputs, 'Tiers')).toBe('5x 15.0% · 10x 30.0% · 25x 25.0% · 50x 20.0% · 100x 10.0%');
  expect(p.tiers).not.toBe(DEFAULT_VIEW.tiers); // a copy: later edits of the view cannot reach it
});

test('the heatmap statement says how much of the 30-day lookback was loaded', () => {
  const hp: HeatmapParams = { ...params, rangeDays: 30, candleMinutes: 240 };
  const r = {
    times: Float64Array.of(0), priceBins: Float64Array.of(1), matrix: Float32Array.of(1), resting: Float64Array.of(5),
    opened: Float64Array.of(1), closed: Float64Array.of(0), consumedLong: Float64Array.of(0), consumedShort: Float64Array.of(0),
    step: 500, candleMinutes: 240, computeMs: 1,
    inputs: { fromTime: 0, toTime: 0, candles: 1, oiSource: 'history', oiCoverage: 1, priorOi: true, oiStartUsd: 2e9, startDays: 12.5, startOpened: 2e9, startLiquidated: 5e8, fallbackScale: 1, months: ['2025-10', '2025-11'] },
  } as unknown as HeatmapResult;
  const s = heatmapStatement(r, hp, figures, 105_000, null, false);
  expect(value(s.inputs, 'Starting state')).toBe('positions opened in 12.5 days (of 30: no earlier data loaded) before the range: $2.00 B, of which $500.00 M reached before the range');
  expect(s.warnings).toContain('Only 12.5 of the 30 days before the range have profile data: the starting state holds only the positions opened in them.');
  // Of the 5 resting now, the last column's cells hold 1: the other 4 lie past the rows and the statement says so.
  expect(value(s.totals, 'Resting now')).toBe('$5.000');
  expect(value(s.inputs, 'Beyond the rows')).toBe("$4.000 of what rests now (80.0 %) liquidates at prices past the chart's rows: counted in Resting now, not drawn");
  const all = heatmapStatement({ ...r, matrix: Float32Array.of(5) }, hp, figures, 105_000, null, false);
  expect(value(all.inputs, 'Beyond the rows')).toBeUndefined();
});

test('a range that starts where the data start: the statement says the walk starts empty, not "0.0 days" and "$0.000"', () => {
  const hp: HeatmapParams = { ...params, rangeDays: 365, candleMinutes: 1440 };
  const r = {
    times: Float64Array.of(0), priceBins: Float64Array.of(1), matrix: Float32Array.of(1), resting: Float64Array.of(1),
    opened: Float64Array.of(1), closed: Float64Array.of(0), consumedLong: Float64Array.of(0), consumedShort: Float64Array.of(0),
    step: 500, candleMinutes: 1440, computeMs: 1,
    inputs: { fromTime: 0, toTime: 0, candles: 1, oiSource: 'history', oiCoverage: 1, priorOi: false, oiStartUsd: 2e9, startDays: 0, startOpened: 0, startLiquidated: 0, fallbackScale: 1, months: ['2025-08'] },
  } as unknown as HeatmapResult;
  const s = heatmapStatement(r, hp, figures, 105_000, null, false);
  expect(value(s.inputs, 'Starting state')).toBe('none: no profile data of the 30 days before the range is loaded, so the walk starts with no positions');
  expect(s.warnings).toContain('None of the 30 days before the range has profile data: the picture starts with no positions, so its first candles show only what opened in the range.');
  expect(s.warnings.join(' ')).not.toMatch(/0\.0 of the/);
});
