/**
 * Pan for the canvas charts (the map's price axis, the heatmap's time axis): Shift + drag
 * moves the zoomed x range sideways (a plain drag zooms, as before), and the arrow keys do the
 * same when the plot has the keyboard focus; there + and − zoom about the centre and 0 shows
 * everything again, so a keyboard reaches what a drag and a double click do; on a touch
 * screen, fingers do (touch-zoom.ts). The range never leaves the data's own extent, so a pan
 * cannot lose the bars or the candles.
 */
import type uPlot from 'uplot';
import { enableTouchZoom } from './touch-zoom.ts';
import { panBy, resetZoom, zoomedRange } from './x-range.ts';

/** Share of the visible range one arrow key press moves. */
const KEY_STEP = 0.1;
/** How much wider one press of − shows (+ the inverse). */
const KEY_ZOOM = 2;

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
  over.setAttribute('aria-label', `${name}: + and − zoom, the arrow keys move a zoomed range (or Shift + drag), 0 shows it all`);
  over.addEventListener('keydown', (e) => {
    const { min, max } = u.scales.x;
    if (min == null || max == null || e.ctrlKey || e.metaKey || e.altKey) return;
    const x = u.data[0];
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') panBy(u, (e.key === 'ArrowLeft' ? -1 : 1) * KEY_STEP * (max - min));
    else if (e.key === '0') resetZoom(u);
    else if ((e.key === '+' || e.key === '=' || e.key === '-') && x.length) {
      const next = zoomedRange(min, max, e.key === '-' ? KEY_ZOOM : 1 / KEY_ZOOM, x[0], x[x.length - 1]);
      if (next) u.setScale('x', next);
      else resetZoom(u);
    } else return;
    e.preventDefault();
  });
  enableTouchZoom(u);
}
