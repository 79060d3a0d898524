/**
 * Pan for the canvas charts (the map's price axis, the heatmap's time axis): Shift + drag
 * moves the zoomed x range sideways (a plain drag zooms, as before), and the arrow keys do the
 * same when the plot has the keyboard focus. The range never leaves the data's own extent, so
 * a pan cannot lose the bars or the candles.
 */
import type uPlot from 'uplot';

/** Share of the visible range one arrow key press moves. */
const KEY_STEP = 0.1;

/** The x range moved by `delta` (price units), kept inside the data's extent. */
export function pannedRange(min: number, max: number, delta: number, lo: number, hi: number): { min: number; max: number } {
  const width = max - min;
  if (!(width > 0) || width >= hi - lo) return { min, max };
  const start = Math.min(Math.max(min + delta, lo), hi - width);
  return { min: start, max: start + width };
}

function panBy(u: uPlot, delta: number, from = { min: u.scales.x.min!, max: u.scales.x.max! }): void {
  const x = u.data[0];
  if (!x.length || from.min == null || from.max == null) return;
  u.setScale('x', pannedRange(from.min, from.max, delta, x[0], x[x.length - 1]));
}

/** `name` names the plot for a screen reader ("Map plot", "Heatmap plot": the chart's own). */
export function enablePan(u: uPlot, name: string): void {
  const over = u.over;
  // Capture on the element itself runs before uPlot's own mousedown (drag-to-zoom) listener.
  over.addEventListener('mousedown', (down) => {
    if (!down.shiftKey || down.button !== 0) return;
    down.stopImmediatePropagation();
    down.preventDefault();
    const from = { min: u.scales.x.min!, max: u.scales.x.max! };
    const perPx = (from.max - from.min) / over.clientWidth;
    const move = (e: MouseEvent) => panBy(u, -(e.clientX - down.clientX) * perPx, from);
    const up = () => { window.removeEventListener('mousemove', move); window.removeEventListener('mouseup', up); };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  }, { capture: true });
  over.tabIndex = 0;
  over.setAttribute('role', 'group');
  over.setAttribute('aria-label', `${name}: Shift + drag or the arrow keys move a zoomed range`);
  over.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const { min, max } = u.scales.x;
    if (min == null || max == null) return;
    e.preventDefault();
    panBy(u, (e.key === 'ArrowLeft' ? -1 : 1) * KEY_STEP * (max - min));
  });
}
