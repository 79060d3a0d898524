/**
 * The heatmap's renderer: uPlot on canvas (heatmap-canvas.ts), loaded on demand in its own
 * small chunk (uPlot itself is shared with the map's), so the heatmap never loads Plotly.
 */
import { isHeatmapSpec, type HeatmapSpec } from './heatmap-figure.ts';
import type { ChartRenderer } from './renderer.ts';

let canvas: Promise<typeof import('./heatmap-canvas.ts')> | undefined;
const load = () => (canvas ??= import('./heatmap-canvas.ts'));

export const heatmapRenderer: ChartRenderer<HeatmapSpec> = {
  accepts: isHeatmapSpec,
  load,
  draw: async (el, spec, full) => (await load()).draw(el, spec, full),
  png: async (el) => (await load()).png(el),
  snapshot: async (el) => (canvas ? (await canvas).snapshot(el) : null),
  // Loaded by then if anything was drawn; otherwise there is nothing to purge.
  purge: (el) => void canvas?.then((m) => m.purge(el)),
};
