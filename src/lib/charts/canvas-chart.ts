/**
 * What the canvas charts (the map, map-canvas.ts; the heatmap, heatmap-canvas.ts) share: a y
 * axis as wide as its labels, the plot's size under its legend, and the drawn canvas as a PNG
 * for the export button and for the next visit, and uPlot's styles in the app's dark theme.
 */
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './map-canvas.css';
import { THEME } from './theme.ts';

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
