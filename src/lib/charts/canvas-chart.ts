/**
 * What the canvas charts (the map, map-canvas.ts; the heatmap, heatmap-canvas.ts) share: a y
 * axis as wide as its labels, the plot's size under its legend, and the drawn canvas as a PNG
 * for the export button and for the next visit, mounting a chart that follows its element's
 * size, the synthetic-data note, and uPlot's styles in the app's dark theme.
 */
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './map-canvas.css';
import { NARROW_PX, THEME } from './theme.ts';

/** A y axis as wide as its longest tick label (uPlot's fixed default cuts "$275M" on a phone). */
export const fitValues: uPlot.Axis.Size = (u, values, axisIdx, cycleNum) => {
  const axis = u.axes[axisIdx];
  if (cycleNum > 1) return (axis as { _size?: number })._size ?? 40;
  const longest = (values ?? []).reduce((a, v) => (v.length > a.length ? v : a), '');
  u.ctx.font = (axis.font as unknown as [string])[0];
  return Math.ceil((axis.ticks?.size ?? 10) + (axis.gap ?? 5) + u.ctx.measureText(longest).width / (devicePixelRatio || 1));
};

/** The plot's size: the element's, less the legend below it. */
export function plotSize(el: HTMLElement, u?: uPlot): { width: number; height: number } {
  const legend = u?.root.querySelector<HTMLElement>('.u-legend')?.offsetHeight ?? 0;
  return { width: Math.max(el.clientWidth, 200), height: Math.max(el.clientHeight - legend - 4, 200) };
}

/** A copy of the chart's canvas over the paper colour, `extraHeight` device px taller (for a legend drawn below). */
export function onPaper(src: HTMLCanvasElement, extraHeight = 0): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } | null {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  canvas.width = src.width;
  canvas.height = src.height + extraHeight;
  ctx.fillStyle = THEME.paper;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(src, 0, 0);
  return { canvas, ctx };
}

/** A PNG of the chart for the next visit (lossless: thin text and lines stay sharp). */
export async function canvasSnapshot(canvas: HTMLCanvasElement | null, width: number): Promise<{ image: Blob; width: number } | null> {
  if (!canvas) return null;
  const image = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
  return image ? { image, width } : null;
}

/** The chart as a PNG data URL (the export button). */
export function canvasPng(canvas: HTMLCanvasElement | null): string {
  if (!canvas) throw new Error('nothing is drawn');
  return canvas.toDataURL('image/png');
}

/** A chart element narrower than the phone width: the phone layout. */
export const isNarrow = (el: HTMLElement): boolean => el.clientWidth > 0 && el.clientWidth < NARROW_PX;

/**
 * A uPlot chart made by `make` at the element's size, then fitted under its legend (whose
 * height is known once it is in the page), and kept at the element's size; when the element
 * crosses the phone width the layout changes and `rebuild` is called instead.
 */
export function mountChart(el: HTMLElement, make: (size: { width: number; height: number }) => uPlot, rebuild: () => void): { u: uPlot; resize: ResizeObserver } {
  const narrow = isNarrow(el);
  const u = make(plotSize(el));
  const resize = new ResizeObserver(() => {
    if (el.clientWidth > 0 && isNarrow(el) !== narrow) return rebuild();
    const next = plotSize(el, u);
    if (next.width !== u.width || next.height !== u.height) u.setSize(next);
  });
  const fitted = plotSize(el, u);
  if (fitted.height !== u.height) u.setSize(fitted);
  resize.observe(el);
  return { u, resize };
}

/** The spec's note ("synthetic data") in the warning colour: in the plot's top left corner, or centred above the plot. */
export function drawNote(u: uPlot, note: string, dpr: number, where: 'corner' | 'above'): void {
  if (!note) return;
  const { ctx, bbox } = u;
  ctx.save();
  ctx.font = `600 ${12 * dpr}px ${THEME.font}`;
  ctx.fillStyle = THEME.note;
  if (where === 'corner') {
    ctx.textBaseline = 'top';
    ctx.fillText(note, bbox.left + 6 * dpr, bbox.top + 4 * dpr);
  } else {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(note, bbox.left + bbox.width / 2, bbox.top - 4 * dpr);
  }
  ctx.restore();
}
