/**
 * The heatmap's cells as one image: each cell's resting USD becomes a palette index on a
 * sqrt scale (0..zmax), and the matrix becomes a PNG with one pixel per cell (png.ts). Plotly
 * stretches it under the axes (an `image` trace), so a redraw costs one image, not one
 * coloured rectangle per cell. The colour bar is drawn the same way from the same palette.
 */
import { palettePng, pngDataUrl } from './png.ts';

/** Viridis-like stops, evenly spaced on the colour position sqrt(value / zmax). */
const PALETTE = ['#0d0829', '#3b0f70', '#5c2a8f', '#3e4a89', '#26828e', '#1f9e89', '#35b779', '#90d743', '#fde725'];
const LEVELS = 256;

/** 256 RGB triplets interpolated between the stops: index i shows colour position i / 255. */
export const PALETTE_RGB: Uint8Array = (() => {
  const stops = PALETTE.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  const out = new Uint8Array(LEVELS * 3);
  for (let i = 0; i < LEVELS; i++) {
    const at = (i / (LEVELS - 1)) * (stops.length - 1);
    const lo = Math.min(stops.length - 2, Math.floor(at));
    const f = at - lo;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(stops[lo][c] * (1 - f) + stops[lo + 1][c] * f);
  }
  return out;
})();

/** The palette index of a value: sqrt scale, 0 for nothing, the top colour from zmax up. */
export function colourIndex(value: number, zmax: number): number {
  if (!(value > 0) || !(zmax > 0)) return 0;
  return Math.round((LEVELS - 1) * Math.sqrt(Math.min(1, value / zmax)));
}

/**
 * The matrix (index t * bins + p) as a PNG data URL, `times` pixels wide and `bins` tall.
 * Image row r is price bin r: Plotly draws row 0 at y0, the lowest price, on an upright axis.
 */
export function matrixImage(matrix: Float32Array, times: number, bins: number, zmax: number): string {
  const indices = new Uint8Array(times * bins);
  for (let t = 0; t < times; t++) {
    const base = t * bins;
    for (let p = 0; p < bins; p++) indices[p * times + t] = colourIndex(matrix[base + p], zmax);
  }
  return pngDataUrl(palettePng(indices, times, bins, PALETTE_RGB));
}

const colourBars = new Map<boolean, string>();
/** The palette as a strip: upright (1 x 256, lowest first) or lying (256 x 1); encoded once, the same string every draw. */
export function colourBarImage(upright: boolean): string {
  let url = colourBars.get(upright);
  if (url === undefined) {
    const ramp = Uint8Array.from({ length: LEVELS }, (_, i) => i);
    colourBars.set(upright, (url = pngDataUrl(palettePng(ramp, upright ? 1 : LEVELS, upright ? LEVELS : 1, PALETTE_RGB))));
  }
  return url;
}

/** Colour bar ticks: value fractions of zmax, placed at their colour position sqrt(f). */
export const COLOUR_BAR_FRACTIONS = [0, 0.05, 0.25, 0.5, 1];
export const colourPosition = (fraction: number): number => Math.sqrt(fraction);
