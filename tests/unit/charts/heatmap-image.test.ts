import { describe, expect, it } from 'vitest';
import { unzlibSync } from 'fflate';
import { PALETTE_RGB, colourIndex, matrixImage } from '../../../src/lib/charts/heatmap-image.ts';
import { palettePng } from '../../../src/lib/charts/png.ts';

/** The chunks of a PNG by type (an independent reader: length, type, data, CRC). */
function chunks(png: Uint8Array): Map<string, Uint8Array> {
  expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(png.buffer, png.byteOffset);
  const out = new Map<string, Uint8Array>();
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.set(type, png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return out;
}

const fromDataUrl = (url: string) => Uint8Array.from(atob(url.split(',')[1]), (c) => c.charCodeAt(0));

describe('heatmap image', () => {
  it('palettePng writes the size, the palette and one filter byte plus the indices per row', () => {
    const png = chunks(palettePng(Uint8Array.from([0, 1, 2, 2, 1, 0]), 3, 2, Uint8Array.from([0, 0, 0, 255, 0, 0, 0, 255, 0])));
    const header = new DataView(png.get('IHDR')!.buffer, png.get('IHDR')!.byteOffset);
    expect([header.getUint32(0), header.getUint32(4), png.get('IHDR')![8], png.get('IHDR')![9]]).toEqual([3, 2, 8, 3]);
    expect(Array.from(png.get('PLTE')!)).toEqual([0, 0, 0, 255, 0, 0, 0, 255, 0]);
    expect(Array.from(unzlibSync(png.get('IDAT')!))).toEqual([0, 0, 1, 2, 0, 2, 1, 0]);
    expect(png.has('IEND')).toBe(true);
  });

  it('refuses indices that do not fill the image', () => {
    expect(() => palettePng(new Uint8Array(5), 3, 2, PALETTE_RGB)).toThrow(/5 pixels for 3 x 2/);
  });

  it('colours on a sqrt scale: nothing is index 0, a quarter of zmax half way, zmax and above the top', () => {
    expect([colourIndex(0, 10), colourIndex(-1, 10), colourIndex(NaN, 10)]).toEqual([0, 0, 0]);
    expect(colourIndex(2.5, 10)).toBe(128);
    expect([colourIndex(10, 10), colourIndex(50, 10)]).toEqual([255, 255]);
    expect(PALETTE_RGB.length).toBe(256 * 3);
    expect(Array.from(PALETTE_RGB.subarray(0, 3))).toEqual([0x0d, 0x08, 0x29]);
    expect(Array.from(PALETTE_RGB.subarray(255 * 3))).toEqual([0xfd, 0xe7, 0x25]);
  });

  it('matrixImage is one pixel per cell: row r is price bin r, column t is candle t', () => {
    // 2 candles x 3 bins, index t * 3 + p.
    const matrix = Float32Array.from([0, 10, 2.5, 10, 0, 0]);
    const png = chunks(fromDataUrl(matrixImage(matrix, 2, 3, 10)));
    const header = new DataView(png.get('IHDR')!.buffer, png.get('IHDR')!.byteOffset);
    expect([header.getUint32(0), header.getUint32(4)]).toEqual([2, 3]);
    // Rows: bin 0 = [0, 10], bin 1 = [10, 0], bin 2 = [2.5, 0].
    expect(Array.from(unzlibSync(png.get('IDAT')!))).toEqual([0, 0, 255, 0, 255, 0, 0, 128, 0]);
  });
});
