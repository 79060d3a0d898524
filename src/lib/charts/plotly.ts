/**
 * Plotly is 4.8 MB: load it once, on first draw, so the controls paint before it arrives.
 * Figures are plain data built by the *-figure.ts modules; this file only hands them over.
 */
import type { Datum, PlotlyStatic } from 'plotly.js-dist-min';

export interface Figure {
  data: Datum[];
  layout: Datum;
}

let plotly: Promise<PlotlyStatic> | undefined;
export function loadPlotly(): Promise<PlotlyStatic> {
  plotly ??= import('plotly.js-dist-min').then((m) => m.default);
  return plotly;
}

export const DARK_LAYOUT: Datum = {
  paper_bgcolor: '#0f1218',
  plot_bgcolor: '#0f1218',
  font: { color: '#d6dae3', family: 'system-ui, sans-serif', size: 12 },
  margin: { l: 64, r: 64, t: 24, b: 48 },
  hoverlabel: { bgcolor: '#1b2130', bordercolor: '#3a4357' },
  legend: { orientation: 'h', y: 1.08, x: 0 },
};

export const PLOT_CONFIG: Datum = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };

export async function drawFigure(el: HTMLElement, figure: Figure): Promise<void> {
  const p = await loadPlotly();
  await p.react(el, figure.data, { ...DARK_LAYOUT, ...figure.layout }, PLOT_CONFIG);
}

export async function figurePng(el: HTMLElement): Promise<string> {
  const p = await loadPlotly();
  return p.toImage(el, { format: 'png', width: el.clientWidth || 1200, height: el.clientHeight || 600 });
}

export async function purgeFigure(el: HTMLElement): Promise<void> {
  (await loadPlotly()).purge(el);
}
