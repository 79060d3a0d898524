// The map's chart spec (pure): every series on one ascending x of bin centres, tiers stacked
// bottom-up, curves where they are defined, realised bars only when asked; and which saved
// specs the canvas renderer accepts.
import { describe, expect, it } from 'vitest';
import { isMapSpec, liquidationMapFigure, stackedBars } from '../../../src/lib/charts/liquidation-map-figure.ts';
import type { MapResult } from '../../../src/lib/model/types.ts';
import { tierColour } from '../../../src/lib/model/tiers.ts';

const f64 = (v: number[]) => Float64Array.from(v);
/** Longs at 90 and 95 (5x and 10x), shorts at 105 (10x), price 100, step 5. */
const result = {
  cells: { priceBin: f64([95, 90, 95, 105]), side: Uint8Array.from([0, 0, 0, 1]), leverage: f64([10, 5, 5, 10]), volumeUsd: f64([3, 1, 2, 4]) },
  curves: { longPrice: f64([95, 90]), longCum: f64([5, 6]), shortPrice: f64([105]), shortCum: f64([4]) },
} as unknown as MapResult;

describe('liquidation map spec', () => {
  it('puts every series on the ascending bin centres, tiers bottom-up with their colours', () => {
    const s = liquidationMapFigure(result, 100, 5, 'BTCUSDT');
    expect(s.x).toEqual([92.5, 97.5, 107.5]);
    expect(s.side).toEqual([0, 0, 1]);
    expect(s.bars.map((b) => [b.name, b.colour, b.y])).toEqual([['5x', tierColour(5), [1, 2, 0]], ['10x', tierColour(10), [0, 3, 4]]]);
    expect(s.curves.map((c) => [c.name, c.y])).toEqual([['cumulative longs', [6, 5, null]], ['cumulative shorts', [null, null, 4]]]);
    expect(stackedBars(s)).toEqual([[1, 2, 0], [1, 5, 4]]);
    expect([s.xTitle, s.markPrice, s.step, s.realised, s.note]).toEqual(['BTCUSDT liquidation price', 100, 5, [], '']);
    expect(liquidationMapFigure(result, 100, 5, 'BTCUSDT', null, true).note).toBe('synthetic data');
  });

  it('adds realised bins beside the estimate, on new x where the estimate has none', () => {
    const s = liquidationMapFigure(result, 100, 5, 'BTCUSDT', { priceBin: f64([95, 120]), long: f64([7, 0]), short: f64([0, 8]) });
    expect(s.x).toEqual([92.5, 97.5, 107.5, 122.5]);
    expect(s.realised.map((r) => [r.name, r.y])).toEqual([['realised longs (recorded)', [0, 7, 0, 0]], ['realised shorts (recorded)', [0, 0, 0, 8]]]);
    expect(s.side[3]).toBe(1); // no estimate there: the side of the price it is on
    expect(s.bars[0].y).toEqual([1, 2, 0, 0]);
  });

  it('puts the tape bin and the model bin at one x on a step whose division ties (150.42 / 0.02)', () => {
    const tie = {
      cells: { priceBin: f64([150.42]), side: Uint8Array.from([0]), leverage: f64([10]), volumeUsd: f64([3]) },
      curves: { longPrice: f64([150.42]), longCum: f64([3]), shortPrice: f64([]), shortCum: f64([]) },
    } as unknown as MapResult;
    const s = liquidationMapFigure(tie, 151, 0.02, 'SOLUSDT', { priceBin: f64([150.42]), long: f64([7]), short: f64([0]) });
    expect(s.x).toHaveLength(1);
    expect(s.x[0]).toBeCloseTo(150.43, 9);
    expect(s.realised[0].y).toEqual([7]);
  });

  it('is plain data a saved copy of which is accepted again; a Plotly figure of an older version is not', () => {
    const s = liquidationMapFigure(result, 100, 5, 'BTCUSDT');
    expect(isMapSpec(structuredClone(s))).toBe(true);
    expect(isMapSpec({ data: [{ type: 'bar', x: [1], y: [1] }], layout: {} })).toBe(false);
    expect(isMapSpec({ ...s, curves: [{ name: 'short', y: [1] }] })).toBe(false);
    expect(isMapSpec(null)).toBe(false);
  });
});
