/**
 * The x range of the canvas charts (the map's price, the heatmap's time) as keys, a pan, a
 * pinch or a reset move it: always inside the data's own extent, so nothing can lose the bars
 * or the candles; null where a range would show all of the data (the whole picture, unzoomed).
 */
import type uPlot from 'uplot';

/**
 * The x range `factor` times as wide about its centre (below 1: zoomed in), kept inside the
 * data's extent; null once it would hold all of the data (the whole picture, unzoomed).
 */
export function zoomedRange(min: number, max: number, factor: number, lo: number, hi: number): { min: number; max: number } | null {
  const width = (max - min) * factor;
  if (!(width > 0) || width >= hi - lo) return null;
  const start = Math.min(Math.max((min + max) / 2 - width / 2, lo), hi - width);
  return { min: start, max: start + width };
}

/** The x range moved by `delta` (price units), kept inside the data's extent. */
export function pannedRange(min: number, max: number, delta: number, lo: number, hi: number): { min: number; max: number } {
  const width = max - min;
  if (!(width > 0) || width >= hi - lo) return { min, max };
  const start = Math.min(Math.max(min + delta, lo), hi - width);
  return { min: start, max: start + width };
}

/**
 * Moves the chart's x range by `delta` from `from` (by default the range on screen), inside the
 * data's extent; unzoomed, or already at the edge, there is nothing to move and nothing redraws.
 */
export function panBy(u: uPlot, delta: number, from = { min: u.scales.x.min!, max: u.scales.x.max! }): void {
  const x = u.data[0];
  if (!x.length || from.min == null || from.max == null) return;
  const next = pannedRange(from.min, from.max, delta, x[0], x[x.length - 1]);
  if (next.min !== u.scales.x.min || next.max !== u.scales.x.max) u.setScale('x', next);
}

/**
 * The x range after a pinch: the value under the fingers' first midpoint (`from` at `mid0`,
 * as a share of the plot's width) stays under their midpoint now (`mid1`), the width scaled by
 * how far apart they were over how far they are. Null once it would show all of the data.
 */
export function pinchedRange(from: { min: number; max: number }, spread0: number, spread1: number, mid0: number, mid1: number, lo: number, hi: number): { min: number; max: number } | null {
  const width = (from.max - from.min) * (spread0 / Math.max(spread1, 1));
  if (!(width > 0) || width >= hi - lo) return null;
  const anchor = from.min + mid0 * (from.max - from.min);
  const start = Math.min(Math.max(anchor - mid1 * width, lo), hi - width);
  return { min: start, max: start + width };
}

/** Back to the whole picture, as a double click does (the chart's own reset: the heatmap's fitted price axis too). */
export function resetZoom(u: uPlot): void {
  u.over.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
}
