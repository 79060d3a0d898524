/**
 * What the canvas charts (the map, map-canvas.ts; the heatmap, heatmap-canvas.ts) share: a y
 * axis as wide as its labels, the plot's size under its legend, and the drawn canvas as a PNG
 * for the export button and for the next visit, mounting a chart that follows its element's
 * size, the zoom as drawn (ChartZoom), the synthetic-data note, and uPlot's styles in the app's
 * dark theme (canvas-chart.css).
 */
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './canvas-chart.css';
import { isNarrow, THEME } from './theme.ts';

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

/**
 * The chart drawn anew in its other layout (a phone turned, a window narrowed) with the zoom it
 * had: what a link says is on screen stays on screen. `redraw` draws it afresh, `control` is the new chart's zoom.
 */
export function rebuilt<K extends string>(zoom: ChartZoom<K>, redraw: () => Promise<void>, control: () => ZoomControl | null): void {
  const kept: Record<string, Range | null> = { ...zoom.ranges };
  void redraw().then(() => control()?.set(kept));
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

export interface Range {
  min: number;
  max: number;
}

/** The event a chart element sends when its zoom changes; its detail: each axis's range, null where unzoomed. */
export const ZOOM_EVENT = 'chartzoom';
export type ZoomEvent = CustomEvent<Record<string, Range | null>>;

/** A drawn chart's zoom, read and set from outside (a link's zoom, zoom-link.ts). */
export interface ZoomControl {
  /** Each axis's zoom; null where the whole extent shows. */
  readonly ranges: Readonly<Record<string, Range | null>>;
  /** An axis's whole extent; null without data. */
  extent(key: string): Range | null;
  /** Zooms the axes given (null: the whole extent), as a drag would; reported as any zoom is. */
  set(ranges: Record<string, Range | null>): void;
}

/**
 * A chart's zoom per axis (uPlot scale key): the range zoomed to, or null on an axis showing its
 * whole extent. Read from uPlot's scales in its setScale hook, so it says what is on screen
 * whatever set it (a drag, a pan, a double click), and kept on the chart element as the axis's
 * attribute ("min,max"; tests read it), and each change is sent from the element as a
 * ZOOM_EVENT (a link keeps it: zoom-link.ts). New data is no zoom: what `settingData` runs
 * (setData and the scales set with it) is not read.
 */
export class ChartZoom<K extends string> {
  readonly ranges: Record<K, Range | null>;
  private setting = false;

  /** `attrs`: the element attribute of each axis; `extent`: an axis's whole extent (null: no data). */
  constructor(private readonly el: HTMLElement, private readonly attrs: Record<K, string>, private readonly extent: (u: uPlot, key: K) => Range | null) {
    this.ranges = Object.fromEntries(Object.keys(attrs).map((k) => [k, null])) as Record<K, Range | null>;
  }

  /** uPlot's setScale hook. */
  readonly onScale = (u: uPlot, key: string): void => {
    if (!this.setting && key in this.attrs) this.read(u, key as K);
  };

  /** Runs `set` (new data) without reading its scale changes as a zoom. */
  settingData(set: () => void): void {
    this.setting = true;
    try {
      set();
    } finally {
      this.setting = false;
    }
  }

  /** Reads every axis again (after new data whose extent moved). */
  sync(u: uPlot): void {
    for (const key of Object.keys(this.attrs) as K[]) this.read(u, key);
  }

  /** The zoom of the chart `u` as a ZoomControl. */
  control(u: uPlot): ZoomControl {
    return {
      ranges: this.ranges,
      extent: (key) => (key in this.attrs ? this.extent(u, key as K) : null),
      set: (ranges) => u.batch(() => {
        for (const [key, range] of Object.entries(ranges)) {
          const whole = key in this.attrs ? this.extent(u, key as K) : null;
          if (whole) u.setScale(key, range ?? whole);
        }
      }),
    };
  }

  /** The chart is gone: no zoom, no attributes (and nothing reported: the view keeps its zoom for the next chart). */
  clear(): void {
    for (const key of Object.keys(this.attrs) as K[]) {
      this.ranges[key] = null;
      this.el.removeAttribute(this.attrs[key]);
    }
  }

  private read(u: uPlot, key: K): void {
    const { min, max } = u.scales[key];
    const full = this.extent(u, key);
    const eps = full ? (full.max - full.min) * 1e-9 : 0;
    const zoom = !full || min == null || max == null || (min <= full.min + eps && max >= full.max - eps) ? null : { min, max };
    const was = this.ranges[key];
    this.ranges[key] = zoom;
    if (zoom) this.el.setAttribute(this.attrs[key], `${zoom.min},${zoom.max}`);
    else this.el.removeAttribute(this.attrs[key]);
    if (was?.min !== zoom?.min || was?.max !== zoom?.max) this.el.dispatchEvent(new CustomEvent(ZOOM_EVENT, { detail: { ...this.ranges } }));
  }
}
