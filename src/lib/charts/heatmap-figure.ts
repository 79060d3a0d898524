/**
 * The time x price heatmap as a Plotly figure: resting liquidation volume as a heatmap
 * (rows = price bins, columns = candles), the candles drawn over it (candle-traces.ts), the
 * current price as a horizontal line, and the last column as a side profile on a small second
 * x-axis.
 * Pure and typed-array based: no per-cell objects, so a year of candles stays cheap.
 */
import type { HeatmapResult } from '../model/types.ts';
import type { Figure } from './plotly.ts';
import { formatUsd } from '../format.ts';
import type { LiquidationMarkers } from '../live/tape.ts';
import { CANDLE_DOWN, CANDLE_UP, candleTraces } from './candle-traces.ts';

/** Realised liquidations as markers: area by USD, red = longs liquidated, green = shorts. */
function markerTrace(m: LiquidationMarkers): Record<string, unknown> {
  const top = m.usd.reduce((a, b) => (b > a ? b : a), 0);
  return {
    type: 'scatter', mode: 'markers', name: 'realised liquidations', x: m.time, y: m.price,
    customdata: m.usd.map((u, i) => [u, m.side[i], m.label[i]]),
    marker: {
      size: m.usd.map((u) => 4 + 20 * Math.sqrt(u / top)),
      color: m.side.map((s) => (s === 'long' ? CANDLE_DOWN : CANDLE_UP)),
      line: { color: '#f5f5f5', width: 0.5 }, opacity: 0.85,
    },
    hovertemplate: '%{x|%Y-%m-%d %H:%M:%S} UTC<br>%{customdata[1]}s liquidated (%{customdata[2]})<br>at %{y:,.2f}: %{customdata[0]:$,.4s}<extra></extra>',
  };
}

/** Cells above this percentile of the non-zero cells take the top colour. */
export const CLIP_PERCENTILE = 0.99;
/** A doji's body is this share of the price axis tall (~2 px on a 500 px plot). */
const DOJI_SHARE = 1 / 250;

/** Viridis-like stops on a 0..1 colour position; placed at value fraction position² (a sqrt scale). */
const PALETTE = ['#0d0829', '#3b0f70', '#5c2a8f', '#3e4a89', '#26828e', '#1f9e89', '#35b779', '#90d743', '#fde725'];

export interface HeatmapScale {
  /** Volume (USD) at the top of the colour scale. */
  zmax: number;
  /** The 99th percentile of this matrix's non-zero cells (0 when every cell is zero). */
  clip: number;
  /** True when zmax was kept from an earlier draw (lock scale). */
  locked: boolean;
}

export interface HeatmapFigureOptions {
  symbol: string;
  /** Marked as a horizontal line; NaN or 0 = not marked. */
  markPrice: number;
  /** Keep this zmax (lock scale) instead of the matrix's own percentile. */
  lockedZmax?: number;
  synthetic?: boolean;
  /** Realised liquidations to mark (time x price). */
  markers?: LiquidationMarkers | null;
}

/** A candle size for people: "15 min", "4 h", "1 d". */
export function candleLabel(minutes: number): string {
  return minutes >= 1440 ? `${minutes / 1440} d` : minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`;
}

/** The q-quantile (0..1) of the non-zero values, nearest rank; 0 when there are none. */
export function nonZeroPercentile(values: Float32Array, q: number): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 0) count++;
  if (count === 0) return 0;
  const nonZero = new Float32Array(count);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 0) nonZero[j++] = values[i];
  nonZero.sort();
  return nonZero[Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1))];
}

/** A sqrt colour scale as Plotly stops: value fraction v shows the palette colour at sqrt(v). */
export function sqrtColourscale(): [number, string][] {
  const last = PALETTE.length - 1;
  return PALETTE.map((colour, i) => [(i / last) ** 2, colour]);
}

export function heatmapScale(matrix: Float32Array, lockedZmax?: number): HeatmapScale {
  const clip = nonZeroPercentile(matrix, CLIP_PERCENTILE);
  if (lockedZmax !== undefined && lockedZmax > 0) return { zmax: lockedZmax, clip, locked: true };
  return { zmax: clip > 0 ? clip : 1, clip, locked: false };
}

/** z for Plotly: one Float32Array per price bin (row), one value per candle (column). */
export function transposeToRows(matrix: Float32Array, times: number, bins: number): Float32Array[] {
  const rows = Array.from({ length: bins }, () => new Float32Array(times));
  for (let t = 0; t < times; t++) {
    const base = t * bins;
    for (let p = 0; p < bins; p++) rows[p][t] = matrix[base + p];
  }
  return rows;
}

/** The resting volume of the last candle, by price bin: what rests now. */
export function lastColumn(result: HeatmapResult): Float32Array {
  const n = result.priceBins.length;
  const t = result.times.length;
  return t === 0 ? new Float32Array(n) : result.matrix.slice((t - 1) * n, t * n);
}

export function colourbarTitle(scale: HeatmapScale): string {
  const top = scale.locked ? `locked at ${formatUsd(scale.zmax)}` : `clipped at p99 ${formatUsd(scale.zmax)}`;
  return `Resting USD<br>sqrt scale<br>${top}`;
}

export function heatmapFigure(result: HeatmapResult, opts: HeatmapFigureOptions): { figure: Figure; scale: HeatmapScale } {
  const { times, priceBins, step } = result;
  const half = step / 2;
  const centres = priceBins.map((b) => b + half);
  const scale = heatmapScale(result.matrix, opts.lockedZmax);

  const heatmap = {
    type: 'heatmap',
    name: 'resting liquidations',
    x: times,
    y: centres,
    z: transposeToRows(result.matrix, times.length, priceBins.length),
    zmin: 0,
    zmax: scale.zmax,
    zsmooth: false,
    colorscale: sqrtColourscale(),
    colorbar: { title: { text: colourbarTitle(scale), side: 'top' }, tickformat: '$,.2s', x: 1.02, len: 0.9 },
    hovertemplate: `%{x|%Y-%m-%d %H:%M} UTC (${candleLabel(result.candleMinutes)} candle)<br>price %{y:,.2f} ± ${half}<br>resting %{z:$,.4s}<extra></extra>`,
  };
  const candles = candleTraces(result, {
    candleMs: result.candleMinutes * 60_000,
    minBodyHeight: priceBins.length * step * DOJI_SHARE,
    label: candleLabel(result.candleMinutes),
  });
  const profile = {
    type: 'bar',
    orientation: 'h',
    name: 'resting now',
    x: lastColumn(result),
    y: centres,
    xaxis: 'x2',
    yaxis: 'y',
    width: step * 0.9,
    marker: { color: '#fde725' },
    hovertemplate: `now: price %{y:,.2f} ± ${half}<br>resting %{x:$,.4s}<extra></extra>`,
  };

  const price = opts.markPrice;
  const marked = Number.isFinite(price) && price > 0;
  return {
    scale,
    figure: {
      data: [heatmap, ...candles, profile, ...(opts.markers?.time.length ? [markerTrace(opts.markers)] : [])],
      layout: {
        hovermode: 'closest',
        showlegend: false,
        margin: { l: 64, r: 110, t: 28, b: 48 },
        xaxis: { type: 'date', domain: [0, 0.8], gridcolor: '#1f2633', title: { text: 'Time (UTC)' } },
        xaxis2: { domain: [0.82, 0.98], anchor: 'y', tickformat: '$,.2s', gridcolor: '#1f2633', title: { text: 'Rests now' }, nticks: 3 },
        yaxis: { title: { text: `${opts.symbol} price` }, gridcolor: '#1f2633', tickformat: ',.0f' },
        shapes: marked
          ? [{ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 0.98, y0: price, y1: price, line: { color: '#f5f5f5', width: 1.2, dash: 'dot' } }]
          : [],
        annotations: [
          ...(marked ? [{ x: 0, xref: 'paper', xanchor: 'left', y: price, yref: 'y', yanchor: 'bottom', showarrow: false, text: `price ${formatUsd(price)}`, font: { color: '#f5f5f5' } }] : []),
          ...(opts.synthetic ? [{ x: 0.4, xref: 'paper', y: 1, yref: 'paper', yanchor: 'bottom', showarrow: false, text: 'SYNTHETIC DATA — not market data', font: { color: '#ffb454' } }] : []),
        ],
      },
    },
  };
}
