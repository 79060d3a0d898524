/**
 * The heatmap's cells as one image: each cell's resting USD becomes a palette colour on a
 * sqrt scale (0..zmax), one RGBA pixel per cell. The canvas renderer (heatmap-canvas.ts) puts
 * it on an offscreen canvas and stretches it under the axes (nearest neighbour), so a redraw
 * costs one drawImage, not one coloured rectangle per cell. The colour bar is drawn from the
 * same palette and colour positions.
 */

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

/** The CSS colour of a colour position (0..1), for the colour bar. */
export function paletteCss(position: number): string {
  const i = Math.max(0, Math.min(LEVELS - 1, Math.round(position * (LEVELS - 1)))) * 3;
  return `rgb(${PALETTE_RGB[i]},${PALETTE_RGB[i + 1]},${PALETTE_RGB[i + 2]})`;
}

/**
 * The matrix (index t * bins + p) as RGBA pixels, `slots` wide and `bins` tall: column t goes
 * to pixel column slot[t] (a candle's place on the time axis, so a gap in the candles stays an
 * empty, transparent column), and price bin p to pixel row bins - 1 - p (images run top down,
 * prices bottom up).
 */
export function matrixPixels(matrix: Float32Array, slot: ArrayLike<number>, slots: number, bins: number, zmax: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(slots * bins * 4);
  for (let t = 0; t < slot.length; t++) {
    const base = t * bins;
    const x = slot[t];
    for (let p = 0; p < bins; p++) {
      const c = colourIndex(matrix[base + p], zmax) * 3;
      const at = ((bins - 1 - p) * slots + x) * 4;
      px[at] = PALETTE_RGB[c];
      px[at + 1] = PALETTE_RGB[c + 1];
      px[at + 2] = PALETTE_RGB[c + 2];
      px[at + 3] = 255;
    }
  }
  return px;
}

/** Colour bar ticks: value fractions of zmax, placed at their colour position sqrt(f). */
export const COLOUR_BAR_FRACTIONS = [0, 0.05, 0.25, 0.5, 1];
export const colourPosition = (fraction: number): number => Math.sqrt(fraction);
