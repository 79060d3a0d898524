import { describe, expect, it } from 'vitest';
import { pannedRange } from '../../../src/lib/charts/map-pan.ts';

describe('pannedRange', () => {
  it('moves the range by the delta, keeping its width', () => {
    expect(pannedRange(100, 200, 30, 0, 1000)).toEqual({ min: 130, max: 230 });
    expect(pannedRange(100, 200, -30, 0, 1000)).toEqual({ min: 70, max: 170 });
  });
  it('stops at either end of the data', () => {
    expect(pannedRange(100, 200, -500, 0, 1000)).toEqual({ min: 0, max: 100 });
    expect(pannedRange(800, 900, 500, 0, 1000)).toEqual({ min: 900, max: 1000 });
  });
  it('leaves a range as wide as the data (not zoomed) or empty as it is', () => {
    expect(pannedRange(0, 1000, 50, 0, 1000)).toEqual({ min: 0, max: 1000 });
    expect(pannedRange(5, 5, 50, 0, 1000)).toEqual({ min: 5, max: 5 });
  });
});
