/**
 * Plotly is loaded on demand (a dynamic import, so it never blocks the first paint), for the
 * audit only: the cartesian build (bar, scatter; 0.5 MB gzip), which the service worker
 * precaches. Figures are plain data built by the *-figure.ts modules; this file only hands
 * them over.
 */
import type { Datum, PlotlyStatic } from 'plotly.js-cartesian-dist-min';
import type { ChartRenderer } from './renderer.ts';
import { chartSnapshot } from './snapshot.ts';
import { isNarrow, THEME } from './theme.ts';

export interface Figure {
  data: Datum[];
  layout: Datum;
}

/** The trace types the cartesian build draws. */
const DRAWABLE = new Set(['bar', 'box', 'contour', 'heatmap', 'histogram', 'histogram2d', 'histogram2dcontour', 'image', 'pie', 'scatter', 'scatterternary', 'violin']);

/** False for a figure with a trace this build cannot draw (e.g. one saved by an older version). */
export const drawable = (figure: Figure): boolean =>
  figure.data.every((t) => !!t && DRAWABLE.has(String(t.type ?? 'scatter')));

/** A Plotly figure this build draws (a saved one may be damaged or from an older version). */
export const isFigure = (f: unknown): f is Figure =>
  !!f && typeof f === 'object' && Array.isArray((f as Figure).data) && typeof (f as Figure).layout === 'object' && drawable(f as Figure);

let plotly: Promise<PlotlyStatic> | undefined;
export function loadPlotly(): Promise<PlotlyStatic> {
  return (plotly ??= import('plotly.js-cartesian-dist-min').then((m) => m.default));
}

export const DARK_LAYOUT: Datum = {
  paper_bgcolor: THEME.paper,
  plot_bgcolor: THEME.paper,
  font: { color: THEME.text, family: THEME.font, size: 12 },
  margin: { l: 64, r: 64, t: 24, b: 48 },
  hoverlabel: { bgcolor: THEME.hoverBg, bordercolor: THEME.hoverBorder, font: { color: THEME.hoverText } },
  legend: { orientation: 'h', y: 1.08, x: 0 },
};

/** Each axis of the layout (xaxis, yaxis2, ...) with `extra` added. */
const eachAxis = (layout: Datum, extra: Datum): Datum =>
  Object.fromEntries(Object.entries(layout).filter(([k]) => /^[xy]axis\d*$/.test(k)).map(([k, v]) => [k, { ...(v as Datum), ...extra }]));

/**
 * A phone-sized chart: narrower margins (unless the figure sets its own) and smaller type so the axes stay readable, and no
 * drag-to-zoom, so a finger scrolls the page and a tap shows the hover label. The axes grow the
 * margins to fit their tick labels and titles (a fixed narrow margin put the titles over the labels).
 */
const narrowLayout = (layout: Datum): Datum => ({
  margin: { ...((layout.margin ?? DARK_LAYOUT.margin) as Datum), l: 48, b: 40 },
  ...layout,
  ...eachAxis(layout, { automargin: true }),
  font: { ...(DARK_LAYOUT.font as Datum), size: 11 },
  // At the foot of the chart, below the x axis's title (its margin grows to hold it): above the
  // plot, a legend wrapped to several rows would cover the bars.
  legend: { orientation: 'h', x: 0, yref: 'container', y: 0, yanchor: 'bottom', font: { size: 10 }, entrywidth: 0.5, entrywidthmode: 'fraction' },
  dragmode: false,
});

export const PLOT_CONFIG: Datum = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };

/**
 * On a phone-sized chart no mode bar: its zoom and pan buttons would undo the phone's no-drag
 * layout, its icons are too small to tap (under 24 px) and out of the keyboard's reach, and the
 * view's own Export PNG is beside it.
 */
const NARROW_CONFIG: Datum = { ...PLOT_CONFIG, displayModeBar: false };

/** A figure in the phone layout on a phone-sized chart, else as it is. */
export async function drawFigure(el: HTMLElement, figure: Figure): Promise<void> {
  const p = await loadPlotly();
  const narrow = isNarrow(el);
  await p.react(el, figure.data, { ...DARK_LAYOUT, ...(narrow ? narrowLayout(figure.layout) : figure.layout) }, narrow ? NARROW_CONFIG : PLOT_CONFIG);
}

export async function figurePng(el: HTMLElement): Promise<string> {
  const p = await loadPlotly();
  // At the screen's pixel density, as the canvas charts export: a phone's 1x picture would be blurred on the phone itself.
  return p.toImage(el, { format: 'png', width: el.clientWidth || 1200, height: el.clientHeight || 600, scale: devicePixelRatio || 1 });
}

export async function purgeFigure(el: HTMLElement): Promise<void> {
  // Plotly is loaded by then if anything was drawn; otherwise there is nothing to purge.
  if (plotly) (await plotly).purge(el);
}

/** The audit's renderer (ChartFrame's default). */
export const plotlyRenderer: ChartRenderer<Figure> = {
  accepts: isFigure,
  load: loadPlotly,
  draw: drawFigure,
  png: figurePng,
  snapshot: async (el) => chartSnapshot(el),
  purge: (el) => void purgeFigure(el),
  // The audit's zoom is Plotly's own and stays out of links.
  zoom: () => null,
};
