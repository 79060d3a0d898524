/**
 * The Liquidation Map as a chart spec for the canvas renderer (map-canvas.ts): bars per
 * liquidation price bin stacked by leverage tier (longs left of the price, shorts right), the
 * two cumulative curves on a second axis, realised liquidations on a third, and the current
 * price as a dotted line. Every series is aligned to one ascending x of bin centres, as uPlot
 * draws them. Pure: data in, plain data out (it is also what is saved for the next visit).
 */
import type { MapResult } from '../model/types.ts';
import { tierColour } from '../model/tiers.ts';
import { binIndex } from '../model/price-grid.ts';
import type { RealisedBins } from '../live/realised-bins.ts';

export const MAP_SPEC_KIND = 'liquidation-map/1';

export interface MapSeries {
  name: string;
  colour: string;
  /** One value per x; a bar series has 0 where it has nothing, a curve null. */
  y: (number | null)[];
}

export interface MapSpec {
  kind: typeof MAP_SPEC_KIND;
  symbol: string;
  markPrice: number;
  step: number;
  xTitle: string;
  yTitle: string;
  y2Title: string;
  /** Drawn in the plot's corner, so an exported or saved picture carries it ("synthetic data"). */
  note: string;
  /** Bin centres, ascending. */
  x: number[];
  /** Per x: 0 long, 1 short, 2 both (the hover's side). */
  side: number[];
  /** Leverage tiers, ascending: the first is the bottom of the stack. */
  bars: (MapSeries & { leverage: number })[];
  /** Cumulative longs below and shorts above the price. */
  curves: MapSeries[];
  /** Recorded liquidations per bin (outlined bars), empty when not shown. */
  realised: MapSeries[];
}

export const LONG_COLOUR = '#ff6384';
export const SHORT_COLOUR = '#26a69a';

export function liquidationMapFigure(result: MapResult, markPrice: number, step: number, symbol: string, realised?: RealisedBins | null, synthetic = false): MapSpec {
  const { cells, curves } = result;
  const half = step / 2;
  // One slot per bin: the model's cells and curves and the tape's bins are bin floors of this
  // step, so price-grid.ts's bin index names each exactly.
  const slots = new Map<number, number>();
  const keyOf = (floor: number) => binIndex(floor, step);
  const centres: number[] = [];
  const add = (floor: number) => {
    const k = keyOf(floor);
    if (!slots.has(k)) { slots.set(k, centres.length); centres.push(floor + half); }
  };
  cells.priceBin.forEach(add);
  curves.longPrice.forEach(add);
  curves.shortPrice.forEach(add);
  const withRealised = !!realised && realised.priceBin.length > 0;
  if (withRealised) realised.priceBin.forEach(add);
  const order = centres.map((_, i) => i).sort((a, b) => centres[a] - centres[b]);
  const at = new Int32Array(centres.length);
  order.forEach((slot, i) => { at[slot] = i; });
  const index = (floor: number) => at[slots.get(keyOf(floor))!];
  const n = centres.length;

  const leverages = [...new Set(cells.leverage)].sort((a, b) => a - b);
  const tierAt = new Map(leverages.map((l, i) => [l, i]));
  const bars = leverages.map((leverage) => ({ name: `${leverage}x`, leverage, colour: tierColour(leverage), y: new Array<number>(n).fill(0) }));
  const side = new Array<number>(n).fill(-1);
  for (let i = 0; i < cells.leverage.length; i++) {
    const j = index(cells.priceBin[i]);
    bars[tierAt.get(cells.leverage[i])!].y[j] += cells.volumeUsd[i];
    side[j] = side[j] === -1 || side[j] === cells.side[i] ? cells.side[i] : 2;
  }
  for (let j = 0; j < n; j++) if (side[j] === -1) side[j] = centres[order[j]] < markPrice ? 0 : 1;

  const curve = (name: string, colour: string, price: Float64Array, cum: Float64Array): MapSeries => {
    const y = new Array<number | null>(n).fill(null);
    price.forEach((p, i) => { y[index(p)] = cum[i]; });
    return { name, colour, y };
  };
  const realisedSeries = (name: string, colour: string, usd: Float64Array): MapSeries => {
    const y = new Array<number>(n).fill(0);
    realised!.priceBin.forEach((p, i) => { y[index(p)] += usd[i]; });
    return { name, colour, y };
  };
  return {
    kind: MAP_SPEC_KIND,
    symbol,
    markPrice,
    step,
    xTitle: `${symbol} liquidation price`,
    yTitle: 'Estimated liquidation volume (USD)',
    y2Title: 'Cumulative (USD)',
    note: synthetic ? 'synthetic data' : '',
    x: order.map((slot) => centres[slot]),
    side,
    bars,
    curves: [
      curve('cumulative longs', LONG_COLOUR, curves.longPrice, curves.longCum),
      curve('cumulative shorts', SHORT_COLOUR, curves.shortPrice, curves.shortCum),
    ],
    realised: withRealised
      ? [realisedSeries('realised longs (recorded)', LONG_COLOUR, realised.long), realisedSeries('realised shorts (recorded)', SHORT_COLOUR, realised.short)]
      : [],
  };
}

/** A spec this version draws: one saved by an older version (a Plotly figure) is not. */
export function isMapSpec(s: unknown): s is MapSpec {
  const m = s as MapSpec;
  const aligned = (list: unknown) => Array.isArray(list) && list.every((t: MapSeries) => !!t && typeof t.name === 'string' && Array.isArray(t.y) && t.y.length === m.x.length);
  return !!m && typeof m === 'object' && m.kind === MAP_SPEC_KIND && typeof m.note === 'string' && Array.isArray(m.x) && Array.isArray(m.side) && m.side.length === m.x.length
    && Number.isFinite(m.markPrice) && m.step > 0 && aligned(m.bars) && aligned(m.curves) && aligned(m.realised);
}

/** The bar tops of the stack, per tier (tier i's top is the sum of tiers 0..i). */
export function stackedBars(spec: MapSpec): number[][] {
  const tops: number[][] = [];
  let below = new Array<number>(spec.x.length).fill(0);
  for (const b of spec.bars) {
    below = below.map((v, j) => v + (b.y[j] ?? 0));
    tops.push(below);
  }
  return tops;
}
