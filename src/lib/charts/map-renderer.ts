/**
 * The Liquidation Map's renderer: uPlot on canvas (map-canvas.ts), loaded on demand in its
 * own small chunk, so the first view a visitor sees never loads Plotly.
 */
import { isMapSpec } from './liquidation-map-figure.ts';
import { lazyRenderer } from './renderer.ts';

export const mapRenderer = lazyRenderer(isMapSpec, () => import('./map-canvas.ts'));
