import { describe, expect, it } from 'vitest';
import { PALETTE_RGB, colourIndex, matrixPixels, paletteCss } from '../../../src/lib/charts/heatmap-image.ts';

describe('heatmap image', () => {
  it('colours on a sqrt scale: nothing is index 0, a quarter of zmax half way, zmax and above the top', () => {
    expect([colourIndex(0, 10), colourIndex(-1, 10), colourIndex(NaN, 10)]).toEqual([0, 0, 0]);
    expect(colourIndex(2.5, 10)).toBe(128);
    expect([colourIndex(10, 10), colourIndex(50, 10)]).toEqual([255, 255]);
    expect(PALETTE_RGB.length).toBe(256 * 3);
    expect(Array.from(PALETTE_RGB.subarray(0, 3))).toEqual([0x0d, 0x08, 0x29]);
    expect(Array.from(PALETTE_RGB.subarray(255 * 3))).toEqual([0xfd, 0xe7, 0x25]);
  });

  it('matrixPixels is one RGBA pixel per cell: price bins bottom up, each candle in its time slot, a gap transparent', () => {
    // 2 candles x 3 bins, index t * 3 + p; the second candle two slots after the first.
    const matrix = Float32Array.from([0, 10, 2.5, 10, 0, 0]);
    const px = matrixPixels(matrix, [0, 2], 3, 3, 10);
    expect(px.length).toBe(3 * 3 * 4);
    const colourAt = (x: number, y: number) => {
      const at = (y * 3 + x) * 4;
      return px[at + 3] === 0 ? -1 : [...Array(256).keys()].find((i) => [0, 1, 2].every((c) => PALETTE_RGB[i * 3 + c] === px[at + c]));
    };
    // Image rows top down: bin 2 = [2.5, _, 0], bin 1 = [10, _, 0], bin 0 = [0, _, 10]; the middle slot is a gap.
    expect([0, 1, 2].map((y) => [0, 1, 2].map((x) => colourAt(x, y)))).toEqual([[128, -1, 0], [255, -1, 0], [0, -1, 255]]);
  });

  it('paletteCss gives the palette\'s ends', () => {
    expect([paletteCss(0), paletteCss(1)]).toEqual(['rgb(13,8,41)', 'rgb(253,231,37)']);
  });
});
