/**
 * The Liquidation Map's renderer: uPlot on canvas (map-canvas.ts), loaded on demand in its
 * own small chunk, so the first view a visitor sees never loads Plotly.
 */
import { isMapSpec, type MapSpec } from './liquidation-map-figure.ts';
import type { ChartRenderer } from './renderer.ts';

let canvas: Promise<typeof import('./map-canvas.ts')> | undefined;
const load = () => (canvas ??= import('./map-canvas.ts'));

export const mapRenderer: ChartRenderer<MapSpec> = {
  accepts: isMapSpec,
  load,
  draw: async (el, spec, full) => (await load()).draw(el, spec, full),
  png: async (el) => (await load()).png(el),
  snapshot: async (el) => (canvas ? (await canvas).snapshot(el) : null),
  // Loaded by then if anything was drawn; otherwise there is nothing to purge.
  purge: (el) => void canvas?.then((m) => m.purge(el)),
};
