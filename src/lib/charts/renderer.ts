/**
 * What ChartFrame needs of a chart library: the map and the heatmap are drawn on canvas by uPlot
 * (map-canvas.ts, heatmap-canvas.ts), the audit by Plotly (plotly.ts). Each renderer loads its library on demand,
 * so a view never fetches the other's code.
 */

import type { ZoomControl } from './canvas-chart.ts';

/** An image of the drawn chart, shown on the next visit before any chart code is loaded. */
export type ChartPicture = { svg: string; width: number } | { image: Blob; width: number };

export interface ChartRenderer<S> {
  /** A spec this renderer draws (a saved one may come from an older version). */
  accepts(spec: unknown): spec is S;
  /** Starts loading the library (while the engine loads data), so the first draw waits less. */
  load(): Promise<unknown>;
  /** `full` draws the wide layout even on a phone. */
  draw(el: HTMLElement, spec: S, full: boolean): Promise<void>;
  /** The drawn chart as a PNG data URL (the export button). */
  png(el: HTMLElement): Promise<string>;
  /** The drawn chart as a picture for the next visit, or null when nothing is drawn. */
  snapshot(el: HTMLElement): Promise<ChartPicture | null>;
  purge(el: HTMLElement): void;
  /** The drawn chart's zoom (the canvas charts), or null: nothing drawn, or a chart without one. */
  zoom(el: HTMLElement): ZoomControl | null;
}

/**
 * The test hook: the spec last drawn into a chart element, as `element.chartSpec` (tests and
 * benches read what is drawn from it, whatever the library).
 */
export type SpecHolder = HTMLElement & { chartSpec?: unknown };

/** What a canvas chart module gives its renderer (map-canvas.ts, heatmap-canvas.ts). */
interface DrawingModule<S> {
  draw(el: HTMLElement, spec: S, full: boolean): Promise<void>;
  png(el: HTMLElement): Promise<string>;
  snapshot(el: HTMLElement): Promise<ChartPicture | null>;
  purge(el: HTMLElement): void;
  zoom(el: HTMLElement): ZoomControl | null;
}

/** A renderer whose drawing module is imported on first use, in a chunk of its own. */
export function lazyRenderer<S>(accepts: (spec: unknown) => spec is S, importModule: () => Promise<DrawingModule<S>>): ChartRenderer<S> {
  let module: Promise<DrawingModule<S>> | undefined;
  let loaded: DrawingModule<S> | undefined;
  const load = () => (module ??= importModule().then((m) => (loaded = m)));
  return {
    accepts,
    load,
    draw: async (el, spec, full) => (await load()).draw(el, spec, full),
    png: async (el) => (await load()).png(el),
    snapshot: async (el) => (module ? (await module).snapshot(el) : null),
    // Loaded by then if anything was drawn; otherwise there is nothing to purge.
    purge: (el) => void module?.then((m) => m.purge(el)),
    // Loaded by then if anything was drawn.
    zoom: (el) => loaded?.zoom(el) ?? null,
  };
}
