import { describe, expect, it } from 'vitest';
import { pannedRange, pinchedRange, zoomedRange } from '../../../src/lib/charts/x-range.ts';

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

describe('zoomedRange', () => {
  it('narrows or widens the range about its centre', () => {
    expect(zoomedRange(200, 600, 0.5, 0, 1000)).toEqual({ min: 300, max: 500 });
    expect(zoomedRange(300, 500, 2, 0, 1000)).toEqual({ min: 200, max: 600 });
  });
  it('stays inside the data, and is null once it would show all of it', () => {
    expect(zoomedRange(0, 200, 2, 0, 1000)).toEqual({ min: 0, max: 400 });
    expect(zoomedRange(900, 1000, 2, 0, 1000)).toEqual({ min: 800, max: 1000 });
    expect(zoomedRange(200, 700, 2, 0, 1000)).toBeNull();
    expect(zoomedRange(5, 5, 0.5, 0, 1000)).toBeNull();
  });
});

describe('pinchedRange', () => {
  it('spreading the fingers to twice their distance halves the range about the point between them', () => {
    // The value under the midpoint (a quarter across: 300) stays under it.
    expect(pinchedRange({ min: 200, max: 600 }, 100, 200, 0.25, 0.25, 0, 1000)).toEqual({ min: 250, max: 450 });
  });
  it('moves the range with the fingers as they pinch', () => {
    // 300 was a quarter across; the midpoint is now half across, so 300 sits in the middle.
    expect(pinchedRange({ min: 200, max: 600 }, 100, 200, 0.25, 0.5, 0, 1000)).toEqual({ min: 200, max: 400 });
  });
  it('stays inside the data, and is null once it would show all of it', () => {
    expect(pinchedRange({ min: 0, max: 200 }, 100, 200, 0.1, 0.9, 0, 1000)).toEqual({ min: 0, max: 100 });
    expect(pinchedRange({ min: 200, max: 600 }, 200, 50, 0.5, 0.5, 0, 1000)).toBeNull();
    expect(pinchedRange({ min: 200, max: 600 }, 200, 0, 0.5, 0.5, 0, 1000)).toBeNull();
  });
});
