/**
 * Plotly is loaded on demand, in the smallest of its own builds that draws the figure: the
 * basic build (bar, scatter: 1.2 MB) for the liquidation map, the full one (4.6 MB:
 * heatmap, candlestick) only when a figure needs it, since evaluating it holds the main
 * thread for seconds. Figures are plain data built by the *-figure.ts modules; this file
 * only hands them over, and remembers which build drew each element.
 */
import type { Datum, PlotlyStatic } from 'plotly.js-dist-min';

export interface Figure {
  data: Datum[];
  layout: Datum;
}

type Build = 'basic' | 'full';
const BASIC_TRACES = new Set(['bar', 'scatter']);
const builds = new Map<Build, Promise<PlotlyStatic>>();
const drewWith = new WeakMap<HTMLElement, Build>();

export function loadPlotly(build: Build = 'basic'): Promise<PlotlyStatic> {
  if (!builds.has(build)) {
    builds.set(build, (build === 'basic' ? import('plotly.js-basic-dist-min') : import('plotly.js-dist-min')).then((m) => m.default));
  }
  return builds.get(build)!;
}

export const buildFor = (figure: Figure): Build => (figure.data.every((t) => BASIC_TRACES.has(String(t.type ?? 'scatter'))) ? 'basic' : 'full');

/** The build that drew `el`; a chart that switches build is purged from the old one first. */
async function plotlyOf(el: HTMLElement): Promise<PlotlyStatic> {
  return loadPlotly(drewWith.get(el) ?? 'basic');
}

export const DARK_LAYOUT: Datum = {
  paper_bgcolor: '#0f1218',
  plot_bgcolor: '#0f1218',
  font: { color: '#d6dae3', family: 'system-ui, sans-serif', size: 12 },
  margin: { l: 64, r: 64, t: 24, b: 48 },
  hoverlabel: { bgcolor: '#1b2130', bordercolor: '#3a4357' },
  legend: { orientation: 'h', y: 1.08, x: 0 },
};

/**
 * A phone-sized chart: narrower margins and smaller type so the axes stay readable, and no
 * drag-to-zoom, so a finger scrolls the page and a tap shows the hover label.
 */
const NARROW_PX = 600;
const narrowLayout = (layout: Datum): Datum => ({
  margin: { ...((layout.margin ?? DARK_LAYOUT.margin) as Datum), l: 48, b: 40 },
  font: { ...(DARK_LAYOUT.font as Datum), size: 11 },
  // Below the plot: above it, a legend wrapped to several rows would cover the bars.
  legend: { orientation: 'h', x: 0, y: -0.14, yanchor: 'top', font: { size: 10 }, entrywidth: 0.5, entrywidthmode: 'fraction' },
  dragmode: false,
});

export const PLOT_CONFIG: Datum = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };

export async function drawFigure(el: HTMLElement, figure: Figure): Promise<void> {
  const build = buildFor(figure);
  const before = drewWith.get(el);
  if (before && before !== build) (await loadPlotly(before)).purge(el);
  const p = await loadPlotly(build);
  drewWith.set(el, build);
  const narrow = el.clientWidth > 0 && el.clientWidth < NARROW_PX ? narrowLayout(figure.layout) : {};
  await p.react(el, figure.data, { ...DARK_LAYOUT, ...figure.layout, ...narrow }, PLOT_CONFIG);
}

export async function figurePng(el: HTMLElement): Promise<string> {
  const p = await plotlyOf(el);
  return p.toImage(el, { format: 'png', width: el.clientWidth || 1200, height: el.clientHeight || 600 });
}

export async function purgeFigure(el: HTMLElement): Promise<void> {
  if (drewWith.has(el)) (await plotlyOf(el)).purge(el);
}
