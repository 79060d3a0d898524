/**
 * The heatmap's renderer: uPlot on canvas (heatmap-canvas.ts), loaded on demand in its own
 * small chunk (uPlot itself is shared with the map's), so the heatmap never loads Plotly.
 */
import { isHeatmapSpec } from './heatmap-figure.ts';
import { lazyRenderer } from './renderer.ts';

export const heatmapRenderer = lazyRenderer(isHeatmapSpec, () => import('./heatmap-canvas.ts'));
