/**
 * The time x price heatmap as a Plotly figure: resting liquidation volume as one image of
 * the cells (rows = price bins, columns = candles; heatmap-image.ts) with the values in its
 * hover, the candles drawn over it (candle-traces.ts), the current price as a horizontal line,
 * the last column as a side profile on a small second x-axis, and a colour bar of the same
 * palette. A phone variant folds the profile away and lays the colour bar under the plot, so
 * the cells get the width.
 * Pure and typed-array based: no per-cell objects, so a year of candles stays cheap.
 */
import type { HeatmapResult } from '../model/types.ts';
import type { Figure } from './plotly.ts';
import { formatUsd } from '../format.ts';
import { SHORT, type MarkerCells } from '../model/marker-cells.ts';
import { cleanDecimal } from '../model/price-grid.ts';
import { CANDLE_DOWN, CANDLE_UP, candleTraces, utcMinute } from './candle-traces.ts';
import { COLOUR_BAR_FRACTIONS, colourBarImage, colourPosition, matrixImage } from './heatmap-image.ts';

type Trace = Record<string, unknown>;

/** The hidden linear twin of the time axis, in ms: the cells, the candles and the markers are drawn on it. */
const TWIN = 'x4';

/** Hover labels of a result, made once: each candle's time, and each row's price range (when first asked). */
interface ResultLabels {
  times: string[];
  rows: string[];
}
const labelsByResult = new WeakMap<HeatmapResult, ResultLabels>();
function resultLabels(r: HeatmapResult): ResultLabels {
  let labels = labelsByResult.get(r);
  if (!labels) labelsByResult.set(r, (labels = { times: Array.from(r.times, utcMinute), rows: [] }));
  return labels;
}
const rowRange = (r: HeatmapResult, row: number, labels: ResultLabels): string =>
  (labels.rows[row] ??= `between ${r.priceBins[row].toLocaleString('en-US')} and ${cleanDecimal(r.priceBins[row] + r.step).toLocaleString('en-US')}`);

/**
 * Hover text of a marker up to its USD (Plotly formats that at hover): its candle(s), side,
 * price (a single event's own, else its row's range) and count. Only cached labels and plain
 * number text: a tick relabels every marker.
 */
function markerText(r: HeatmapResult, m: MarkerCells, i: number, candle: string, labels: ResultLabels): string {
  const first = m.first[i];
  const last = m.last[i];
  const candles = first === last ? `${labels.times[first]} UTC (${candle} candle)` : `${labels.times[first]} to ${utcMinute(r.times[last] + r.candleMinutes * 60_000)} UTC (${last - first + 1} candles)`;
  const n = m.count[i];
  const price = n === 1 ? `at ${m.price[i]}` : rowRange(r, m.row[i], labels);
  return `${candles}<br>${m.side[i] === SHORT ? 'shorts' : 'longs'} liquidated ${price}: ${n === 1 ? '1 event' : `${n} events`}, `;
}

/**
 * Realised liquidations as one marker per cell and side (marker-cells.ts): area by USD, red =
 * longs liquidated, green = shorts. It sits on its cell's row and candle(s), longs a quarter
 * candle left of the centre and shorts right, so both sides of a cell stay visible.
 */
function markerTrace(r: HeatmapResult, m: MarkerCells): Trace {
  const kept = markerTraces.get(m);
  if (kept) return kept;
  const candleMs = r.candleMinutes * 60_000;
  const label = candleLabel(r.candleMinutes);
  const labels = resultLabels(r);
  let top = 0;
  for (let i = 0; i < m.size; i++) if (m.usd[i] > top) top = m.usd[i];
  const x = new Float64Array(m.size);
  const y = new Float64Array(m.size);
  const size = new Float64Array(m.size);
  const color: string[] = new Array(m.size);
  const text: string[] = new Array(m.size);
  for (let i = 0; i < m.size; i++) {
    const short = m.side[i] === SHORT;
    x[i] = (r.times[m.first[i]] + r.times[m.last[i]]) / 2 + (short ? 1 : -1) * candleMs / 4;
    y[i] = r.priceBins[m.row[i]] + r.step / 2;
    size[i] = 4 + 20 * Math.sqrt(m.usd[i] / top);
    color[i] = short ? CANDLE_UP : CANDLE_DOWN;
    text[i] = markerText(r, m, i, label, labels);
  }
  const trace = {
    type: 'scatter', mode: 'markers', name: 'realised liquidations', x, y, xaxis: TWIN, text, customdata: m.usd.slice(0, m.size),
    marker: { size, color, line: { color: '#f5f5f5', width: 0.5 }, opacity: 0.85 },
    hoverlabel: HOVER_LABEL,
    hovertemplate: '%{text}%{customdata:$,.4s}<extra></extra>',
  };
  markerTraces.set(m, trace);
  return trace;
}
/** A redraw for a new price only hands Plotly the very same marker trace. */
const markerTraces = new WeakMap<MarkerCells, Trace>();

/** Cells above this percentile of the non-zero cells take the top colour. */
export const CLIP_PERCENTILE = 0.99;
/** A doji's body is this share of the price axis tall (~2 px on a 500 px plot). */
const DOJI_SHARE = 1 / 250;

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
  /** Realised liquidations to mark, summed per cell of this result. */
  markers?: MarkerCells | null;
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
  return kthSmallest(nonZero, Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1)));
}

/**
 * The k-th smallest value (0-based) of `a`, which is reordered: quickselect, linear on average
 * where a sort of a year's cells is n log n (it ran on every new result).
 */
export function kthSmallest(a: Float32Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
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
  return `Resting USD, sqrt scale, ${top}`;
}

/** "$1.2M": short tick text for the colour bar. */
export function compactUsd(v: number): string {
  const [d, unit] = v >= 1e9 ? [1e9, 'B'] : v >= 1e6 ? [1e6, 'M'] : v >= 1e3 ? [1e3, 'k'] : [1, ''];
  return `$${Number((v / d).toPrecision(2))}${unit}`;
}

/** The colour bar: the palette strip on its own small axes (x3, y3), ticked in USD. */
function colourBar(scale: HeatmapScale, phone: boolean): { trace: Record<string, unknown>; axes: Record<string, unknown> } {
  // Image traces would otherwise keep square pixels (scaleanchor) and reverse the y-axis.
  const ticks = { scaleanchor: false, tickvals: COLOUR_BAR_FRACTIONS.map(colourPosition), ticktext: COLOUR_BAR_FRACTIONS.map((f) => compactUsd(f * scale.zmax)), range: [0, 1], fixedrange: true, showgrid: false, zeroline: false };
  const hidden = { scaleanchor: false, visible: false, fixedrange: true, range: [-0.5, 0.5] };
  const title = { text: colourbarTitle(scale), font: { size: 11 } };
  const trace = {
    type: 'image', name: 'colour scale', source: colourBarImage(!phone), xaxis: 'x3', yaxis: 'y3', hoverinfo: 'skip',
    ...(phone ? { x0: 0.5 / 256, dx: 1 / 256, y0: 0, dy: 1 } : { x0: 0, dx: 1, y0: 0.5 / 256, dy: 1 / 256 }),
  };
  const axes = phone
    ? { xaxis3: { ...ticks, domain: [0, 1], anchor: 'y3', side: 'bottom', title }, yaxis3: { ...hidden, domain: [0, 0.035], anchor: 'x3' } }
    : { xaxis3: { ...hidden, domain: [0.935, 0.955], anchor: 'y3' }, yaxis3: { ...ticks, domain: [0.05, 0.95], anchor: 'x3', side: 'right', title } };
  return { trace, axes };
}

const HOVER_LABEL = { bgcolor: '#1b2130', bordercolor: '#3a4357', font: { color: '#e6e9ef' } };
const GRID = '#1f2633';

/** What a result draws whatever the markers and the price line: the cells, the candles, the side profile. */
interface ResultLayers {
  zmax: number;
  cells: Trace[];
  candles: Trace[];
  profile: Trace;
}

/**
 * Built once per result and colour top: a live tick (new markers, a new price) redraws with the
 * very same image and arrays, so the PNG is not encoded again and Plotly sees unchanged traces.
 */
const layersByResult = new WeakMap<HeatmapResult, ResultLayers>();
const clipByResult = new WeakMap<HeatmapResult, number>();

/** heatmapScale of a result's matrix; its percentile (a sort of the non-zero cells) is taken once per result. */
export function resultScale(result: HeatmapResult, lockedZmax?: number): HeatmapScale {
  let clip = clipByResult.get(result);
  if (clip === undefined) clipByResult.set(result, (clip = nonZeroPercentile(result.matrix, CLIP_PERCENTILE)));
  if (lockedZmax !== undefined && lockedZmax > 0) return { zmax: lockedZmax, clip, locked: true };
  return { zmax: clip > 0 ? clip : 1, clip, locked: false };
}

function resultLayers(result: HeatmapResult, zmax: number): ResultLayers {
  const kept = layersByResult.get(result);
  if (kept?.zmax === zmax) return kept;
  const { times, priceBins, step } = result;
  const half = step / 2;
  const centres = priceBins.map((b) => b + half);
  const label = candleLabel(result.candleMinutes);
  const cells = times.length && priceBins.length ? [{
    type: 'image',
    name: 'resting liquidations',
    source: matrixImage(result.matrix, times.length, priceBins.length, zmax),
    // On a hidden linear twin of the time axis (x4): Plotly draws an image as one scaled picture
    // only on linear axes (on a date axis it paints every pixel). Pixel (row p, column t) is
    // centred on (times[t], centres[p]).
    xaxis: TWIN,
    x0: times[0], dx: result.candleMinutes * 60_000, y0: centres[0], dy: step,
    zsmooth: false,
    customdata: transposeToRows(result.matrix, times.length, priceBins.length),
    // The twin axis is linear, so the hover's time is text: one row of labels shared by every row.
    text: Array(priceBins.length).fill(resultLabels(result).times),
    hoverlabel: HOVER_LABEL,
    hovertemplate: `%{text} UTC (${label} candle)<br>price %{y:,.2f} ± ${half}<br>resting %{customdata:$,.4s}<extra></extra>`,
  }] : [];
  // On the twin too: it overlays the time axis, so its traces are drawn above those of x and
  // the candles would otherwise lie under the cells.
  const candles = candleTraces(result, {
    candleMs: result.candleMinutes * 60_000,
    minBodyHeight: priceBins.length * step * DOJI_SHARE,
    label,
  }).map((t) => ({ ...t, xaxis: TWIN }));
  const profile = {
    type: 'scatter', mode: 'lines', fill: 'tozerox', line: { shape: 'vhv', color: '#fde725', width: 1 }, fillcolor: 'rgba(253,231,37,0.55)',
    name: 'resting now', x: lastColumn(result), y: centres, xaxis: 'x2', yaxis: 'y',
    hovertemplate: `now: price %{y:,.2f} ± ${half}<br>resting %{x:$,.4s}<extra></extra>`,
  };
  const layers = { zmax, cells, candles, profile };
  layersByResult.set(result, layers);
  return layers;
}

export function heatmapFigure(result: HeatmapResult, opts: HeatmapFigureOptions): { figure: Figure; scale: HeatmapScale } {
  const { times } = result;
  const scale = resultScale(result, opts.lockedZmax);
  const { cells, candles, profile } = resultLayers(result, scale.zmax);
  const markers = opts.markers?.size ? [markerTrace(result, opts.markers)] : [];
  // Plotly makes the time axis's own subplot only for a trace on it; everything is drawn on its
  // twin, so one point that draws nothing keeps the axis, its grid and its drag area.
  const anchor = times.length ? [{ type: 'scatter', mode: 'none', name: 'time axis', x: [times[0]], y: [result.priceBins[0]], hoverinfo: 'skip' }] : [];
  const price = opts.markPrice;
  const marked = Number.isFinite(price) && price > 0;

  // The time axis and its twin start at the same fixed range; zoom and pan move them together.
  const candleMs = result.candleMinutes * 60_000;
  const span = times.length ? [times[0] - candleMs / 2, times[times.length - 1] + candleMs / 2] : undefined;
  const twin = { xaxis4: { type: 'linear', overlaying: 'x', visible: false, ...(span ? { range: span } : {}) } };

  const variant = (phone: boolean): Figure => {
    const bar = colourBar(scale, phone);
    return {
      data: [...anchor, ...cells, ...candles, phone ? { ...profile, visible: false } : profile, ...markers, bar.trace],
      layout: {
        hovermode: 'closest',
        showlegend: false,
        margin: phone ? { l: 40, r: 8, t: 28, b: 52 } : { l: 64, r: 72, t: 28, b: 48 },
        xaxis: { type: 'date', ...(span ? { range: span } : {}), domain: phone ? [0, 1] : [0, 0.78], gridcolor: GRID, title: { text: phone ? '' : 'Time (UTC)' } },
        xaxis2: { domain: [0.8, 0.91], anchor: 'y', tickformat: '$,.2s', gridcolor: GRID, title: { text: 'Rests now' }, nticks: 3, visible: !phone },
        yaxis: { title: { text: phone ? '' : `${opts.symbol} price` }, autorange: true, scaleanchor: false, gridcolor: GRID, tickformat: phone ? '.3~s' : ',.0f', domain: phone ? [0.2, 1] : [0, 1] },
        ...twin,
        ...bar.axes,
        shapes: marked
          ? [{ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: phone ? 1 : 0.91, y0: price, y1: price, line: { color: '#f5f5f5', width: 1.2, dash: 'dot' } }]
          : [],
        annotations: [
          ...(marked ? [{ x: 0, xref: 'paper', xanchor: 'left', y: price, yref: 'y', yanchor: 'bottom', showarrow: false, text: `price ${formatUsd(price)}`, font: { color: '#f5f5f5' } }] : []),
          ...(opts.synthetic ? [{ x: 0.4, xref: 'paper', y: 1, yref: 'paper', yanchor: 'bottom', showarrow: false, text: 'SYNTHETIC DATA — not market data', font: { color: '#ffb454' } }] : []),
        ],
      },
    };
  };
  return { scale, figure: { ...variant(false), phone: variant(true) } };
}
