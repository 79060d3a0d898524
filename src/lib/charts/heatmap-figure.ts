/**
 * The time x price heatmap as a chart spec for the canvas renderer (heatmap-canvas.ts):
 * resting liquidation volume per cell (rows = price bins, columns = candles), the candles, the
 * current price, the last column as a side profile, the colour scale, and the realised
 * liquidations as one marker per cell and side. Pure and typed-array based: it hands on the
 * result's own arrays (no copy, no per-cell objects), so a year of candles stays cheap and a
 * live tick that only moves the price or adds markers builds almost nothing. The spec is also
 * what is saved for the next visit (IndexedDB clones typed arrays as they are).
 */
import type { HeatmapResult } from '../model/types.ts';
import { formatUsd, formatUsdCompact, utcMinute } from '../format.ts';
import { SHORT, type MarkerCells } from '../model/marker-cells.ts';
import { binIndex, cleanDecimal } from '../model/price-grid.ts';
import { COLOUR_BAR_FRACTIONS, colourPosition } from './heatmap-image.ts';

export const HEATMAP_SPEC_KIND = 'liquidation-heatmap/1';

/** Realised liquidations, one marker per cell and side (model/marker-cells.ts), ready to draw. */
export interface HeatmapMarkers {
  size: number;
  /** Centre time (ms): longs a quarter candle left of their candle(s)' centre, shorts right. */
  x: Float64Array;
  /** Centre price: the middle of the marker's row. */
  y: Float64Array;
  /** Diameter in CSS px: area by USD. */
  diameter: Float64Array;
  side: Uint8Array;
  usd: Float64Array;
  count: Uint32Array;
  first: Int32Array;
  last: Int32Array;
  row: Int32Array;
  /** The single event's price, NaN for a group. */
  price: Float64Array;
}

export interface HeatmapSpec {
  kind: typeof HEATMAP_SPEC_KIND;
  symbol: string;
  /** Marked as a horizontal line; NaN or 0 = not marked. */
  markPrice: number;
  /** Drawn above the plot, so an exported or saved picture carries it. */
  note: string;
  /** Candle open times (ms, ascending, possibly with gaps); a cell and its candle are centred on it. */
  times: Float64Array;
  candleMs: number;
  /** "15 min": the candle size named in the read-out. */
  candleLabel: string;
  /** Price bin lower edges, ascending, `step` apart. */
  priceBins: Float64Array;
  step: number;
  /** Resting USD, index t * bins + p. */
  matrix: Float32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Volume at the top colour, and the colour bar's title and ticks (colour position 0..1). */
  zmax: number;
  scaleTitle: string;
  colourTicks: { position: number; label: string }[];
  /** What rests now: the last column, by price bin. */
  profile: Float32Array;
  /**
   * The price axis shown on open and on reset (fittedPrices): the rows that hold volume, every
   * wick, the markers' rows and the price line, with a margin; a zoom stays inside it.
   */
  yMin: number;
  yMax: number;
  markers: HeatmapMarkers | null;
}

/** Cells above this percentile of the non-zero cells take the top colour. */
export const CLIP_PERCENTILE = 0.99;

/**
 * The brightness a user may choose: the top of the colour scale divided by it, so that at 4x the
 * levels a quarter of the percentile's size take the top colour (faint clusters show), at 0.5x
 * only those twice its size (the largest stand out).
 */
export const BRIGHTNESS_STEPS = [0.25, 0.5, 1, 2, 4, 8] as const;
export type Brightness = (typeof BRIGHTNESS_STEPS)[number];
export const brightnessLabel = (b: number): string => `${b}x`;

export interface HeatmapScale {
  /** Volume (USD) at the top of the colour scale. */
  zmax: number;
  /** The 99th percentile of this matrix's non-zero cells (0 when every cell is zero). */
  clip: number;
  /** True when zmax was kept from an earlier draw (lock scale). */
  locked: boolean;
  /** The top before the brightness (the percentile or the locked top): what lock scale keeps. */
  base: number;
  /** zmax = base / brightness: above 1 faint levels show brighter (more cells take the top colour). */
  brightness: number;
}

export interface HeatmapFigureOptions {
  symbol: string;
  /** Marked as a horizontal line; NaN or 0 = not marked. */
  markPrice: number;
  /** Keep this top (lock scale, a scale's `base`) instead of the matrix's own percentile. */
  lockedZmax?: number;
  /** Divides the top of the colour scale (1 = the percentile or the locked top as it is). */
  brightness?: number;
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

/** The resting volume of the last candle, by price bin: what rests now. */
export function lastColumn(result: HeatmapResult): Float32Array {
  const n = result.priceBins.length;
  const t = result.times.length;
  return t === 0 ? new Float32Array(n) : result.matrix.slice((t - 1) * n, t * n);
}

export function colourbarTitle(scale: HeatmapScale): string {
  const from = scale.locked ? 'locked' : 'p99';
  const top = scale.brightness === 1 ? `${scale.locked ? 'locked at' : 'clipped at p99'} ${formatUsd(scale.zmax)}` : `${from} ${brightnessFactor(scale.brightness)} = ${formatUsd(scale.zmax)}`;
  return `Resting USD, sqrt scale, ${top}`;
}

/** How a brightness changes the top of the scale: "÷ 4" (brighter), "× 2" (dimmer), '' at 1. */
export function brightnessFactor(brightness: number): string {
  return brightness === 1 ? '' : brightness > 1 ? `÷ ${brightness}` : `× ${1 / brightness}`;
}

/** The colour bar's tick text: two significant digits ("$1.2M"), narrow beside the cells. */
export const colourTickUsd = (v: number): string => formatUsdCompact(v, 2);

const clipByResult = new WeakMap<HeatmapResult, number>();

/** The colour scale of a result's matrix; its percentile is taken once per result. */
export function resultScale(result: HeatmapResult, lockedZmax?: number, brightness = 1): HeatmapScale {
  let clip = clipByResult.get(result);
  if (clip === undefined) clipByResult.set(result, (clip = nonZeroPercentile(result.matrix, CLIP_PERCENTILE)));
  const locked = lockedZmax !== undefined && lockedZmax > 0;
  const base = locked ? lockedZmax : clip > 0 ? clip : 1;
  const b = brightness > 0 && Number.isFinite(brightness) ? brightness : 1;
  return { zmax: base / b, clip, locked, base, brightness: b };
}

/**
 * The lowest and highest rows holding volume in any column ({ lo: -1, hi: -1 } when none). Each
 * column is read only below and above the rows found so far, so a wide band costs little.
 */
export function volumeRows(matrix: Float32Array, bins: number): { lo: number; hi: number } {
  let lo = bins;
  let hi = -1;
  const columns = bins > 0 ? matrix.length / bins : 0;
  for (let t = 0; t < columns; t++) {
    const base = t * bins;
    for (let p = 0; p < lo; p++) if (matrix[base + p] > 0) { lo = p; break; }
    for (let p = bins - 1; p > hi; p--) if (matrix[base + p] > 0) { hi = p; break; }
  }
  return hi < 0 ? { lo: -1, hi: -1 } : { lo, hi };
}

/** The price axis's margin beyond what it must show: this share of its span, at least one row. */
export const PRICE_MARGIN = 0.03;

/** What a result gives whatever the price, the markers and the colour top, made once per result. */
interface ResultParts {
  profile: Float32Array;
  /** The prices that must be in view: the rows holding volume and every wick (empty: lo > hi). */
  lo: number;
  hi: number;
  /** Every row: the axis's bounds unless a wick or the price lies beyond. */
  gridLo: number;
  gridHi: number;
}
const partsByResult = new WeakMap<HeatmapResult, ResultParts>();
function resultParts(r: HeatmapResult): ResultParts {
  let parts = partsByResult.get(r);
  if (parts) return parts;
  const bins = r.priceBins.length;
  const rows = volumeRows(r.matrix, bins);
  let lo = rows.lo < 0 ? Infinity : r.priceBins[rows.lo];
  let hi = rows.hi < 0 ? -Infinity : cleanDecimal(r.priceBins[rows.hi] + r.step);
  for (let i = 0; i < r.times.length; i++) {
    if (r.low[i] < lo) lo = r.low[i];
    if (r.high[i] > hi) hi = r.high[i];
  }
  const gridLo = bins ? r.priceBins[0] : 0;
  const gridHi = bins ? cleanDecimal(r.priceBins[bins - 1] + r.step) : 1;
  partsByResult.set(r, (parts = { profile: lastColumn(r), lo, hi, gridLo, gridHi }));
  return parts;
}

/**
 * The price axis shown on open and on reset: the rows that hold volume, every wick, the rows of
 * the realised-liquidation markers (never hidden) and the price (when marked), widened by
 * PRICE_MARGIN (at least a row) each side but not past the grid's first or last row unless a
 * wick or the price lies beyond it (there is nothing to draw there), not the empty rows the
 * grid has beyond them. With none of these, every row.
 */
function fittedPrices(parts: ResultParts, step: number, markPrice: number, marked: MarkedPrices | null): { yMin: number; yMax: number } {
  let { lo, hi } = parts;
  if (marked) {
    lo = Math.min(lo, marked.lo);
    hi = Math.max(hi, marked.hi);
  }
  if (markPrice > 0 && Number.isFinite(markPrice)) {
    lo = Math.min(lo, markPrice);
    hi = Math.max(hi, markPrice);
  }
  const { gridLo, gridHi } = parts;
  if (!(hi >= lo)) [lo, hi] = [gridLo, gridHi];
  const margin = Math.max(step, (hi - lo) * PRICE_MARGIN);
  return { yMin: lo < gridLo ? lo - margin : Math.max(gridLo, lo - margin), yMax: hi > gridHi ? hi + margin : Math.min(gridHi, hi + margin) };
}

/** Marker diameters: 4 px for the least, 24 px for the most USD, by area. */
const MIN_DIAMETER = 4;
const MAX_EXTRA = 20;

/**
 * Realised liquidations as one marker per cell and side: on its cell's row and candle(s),
 * longs a quarter candle left of the centre and shorts right, so both sides of a cell stay
 * visible. Made once per set of cells (a redraw for a new price hands on the same markers).
 */
function markerSpec(r: HeatmapResult, m: MarkerCells): MarkerParts {
  const kept = markersByCells.get(m);
  if (kept && kept.result === r) return kept;
  const candleMs = r.candleMinutes * 60_000;
  const n = m.size;
  let top = 0;
  let rowLo = Infinity;
  let rowHi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (m.usd[i] > top) top = m.usd[i];
    rowLo = Math.min(rowLo, m.row[i]);
    rowHi = Math.max(rowHi, m.row[i]);
  }
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const diameter = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const short = m.side[i] === SHORT;
    x[i] = (r.times[m.first[i]] + r.times[m.last[i]]) / 2 + (short ? 1 : -1) * candleMs / 4;
    y[i] = r.priceBins[m.row[i]] + r.step / 2;
    diameter[i] = MIN_DIAMETER + MAX_EXTRA * Math.sqrt(m.usd[i] / top);
  }
  const markers: HeatmapMarkers = {
    size: n, x, y, diameter,
    side: m.side.slice(0, n), usd: m.usd.slice(0, n), count: m.count.slice(0, n),
    first: m.first.slice(0, n), last: m.last.slice(0, n), row: m.row.slice(0, n), price: m.price.slice(0, n),
  };
  const parts: MarkerParts = { result: r, markers, prices: { lo: r.priceBins[rowLo], hi: cleanDecimal(r.priceBins[rowHi] + r.step) } };
  markersByCells.set(m, parts);
  return parts;
}
/** The bottom of the lowest and the top of the highest marker row (markers are never empty). */
interface MarkedPrices {
  lo: number;
  hi: number;
}
interface MarkerParts {
  result: HeatmapResult;
  markers: HeatmapMarkers;
  prices: MarkedPrices;
}
const markersByCells = new WeakMap<MarkerCells, MarkerParts>();

export function heatmapFigure(result: HeatmapResult, opts: HeatmapFigureOptions): { figure: HeatmapSpec; scale: HeatmapScale } {
  const scale = resultScale(result, opts.lockedZmax, opts.brightness);
  const parts = resultParts(result);
  const marked = opts.markers?.size ? markerSpec(result, opts.markers) : null;
  const { yMin, yMax } = fittedPrices(parts, result.step, opts.markPrice, marked?.prices ?? null);
  const figure: HeatmapSpec = {
    kind: HEATMAP_SPEC_KIND,
    symbol: opts.symbol,
    markPrice: opts.markPrice,
    note: opts.synthetic ? 'SYNTHETIC DATA — not market data' : '',
    times: result.times,
    candleMs: result.candleMinutes * 60_000,
    candleLabel: candleLabel(result.candleMinutes),
    priceBins: result.priceBins,
    step: result.step,
    matrix: result.matrix,
    open: result.open,
    high: result.high,
    low: result.low,
    close: result.close,
    zmax: scale.zmax,
    scaleTitle: colourbarTitle(scale),
    colourTicks: COLOUR_BAR_FRACTIONS.map((f) => ({ position: colourPosition(f), label: colourTickUsd(f * scale.zmax) })),
    profile: parts.profile,
    yMin,
    yMax,
    markers: marked?.markers ?? null,
  };
  return { scale, figure };
}

const isNumbers = (a: unknown, n: number, kind: typeof Float64Array | typeof Float32Array) => a instanceof kind && a.length === n;

/** A spec this version draws: one saved by an older version (a Plotly figure) or damaged is not. */
export function isHeatmapSpec(s: unknown): s is HeatmapSpec {
  const h = s as HeatmapSpec;
  if (!h || typeof h !== 'object' || h.kind !== HEATMAP_SPEC_KIND || typeof h.note !== 'string' || typeof h.symbol !== 'string') return false;
  if (!(h.times instanceof Float64Array) || !(h.priceBins instanceof Float64Array) || !(h.step > 0) || !(h.candleMs > 0) || !(h.zmax > 0)) return false;
  const t = h.times.length;
  const b = h.priceBins.length;
  const m = h.markers;
  const markersOk = m === null || (!!m && typeof m === 'object' && m.size >= 0
    && [m.x, m.y, m.diameter, m.usd, m.price].every((a) => isNumbers(a, m.size, Float64Array))
    && [m.side, m.count, m.first, m.last, m.row].every((a) => ArrayBuffer.isView(a) && (a as Uint8Array).length === m.size));
  return isNumbers(h.matrix, t * b, Float32Array) && isNumbers(h.profile, b, Float32Array)
    && [h.open, h.high, h.low, h.close].every((a) => isNumbers(a, t, Float64Array))
    && Number.isFinite(h.yMin) && Number.isFinite(h.yMax) && h.yMax > h.yMin && typeof h.scaleTitle === 'string' && Array.isArray(h.colourTicks)
    && markersOk;
}

/**
 * Whether `next` is a live update of `prev` (a zoom is kept): the same candle size and bin step,
 * about as many candles, the first within prev's (the window moved on by a candle or so).
 * Another range starts elsewhere, or has other or many fewer candles.
 */
export function isLiveUpdate(prev: HeatmapSpec, next: HeatmapSpec): boolean {
  const n = prev.times.length;
  return prev.candleMs === next.candleMs && prev.step === next.step && n > 0 && next.times.length > 0
    && next.times[0] >= prev.times[0] && next.times[0] <= prev.times[n - 1]
    && Math.abs(next.times.length - n) <= Math.max(2, n / 10);
}

/** The row (price bin index) holding `price`, or -1 outside the rows; price-grid.ts decides the bin. */
export function rowAt(spec: HeatmapSpec, price: number): number {
  if (!spec.priceBins.length || !Number.isFinite(price)) return -1;
  const row = binIndex(price, spec.step) - binIndex(spec.priceBins[0], spec.step);
  return row >= 0 && row < spec.priceBins.length ? row : -1;
}

/** "95,000 to 95,010": a row's price range. */
export function rowRange(spec: HeatmapSpec, row: number): string {
  const lo = spec.priceBins[row];
  return `${lo.toLocaleString('en-US')} to ${cleanDecimal(lo + spec.step).toLocaleString('en-US')}`;
}

/** "2025-11-30 12:15 UTC (15 min candle)": the candle of column t. */
export function candleText(spec: HeatmapSpec, t: number): string {
  return `${utcMinute(spec.times[t])} UTC (${spec.candleLabel} candle)`;
}

// Made once: toLocaleString with options builds a formatter per call, four per cursor move.
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ohlc = (v: number) => twoDecimals.format(v);

/** "open 95,000.00 · high … · low … · close …" of column t. */
export function candleOhlc(spec: HeatmapSpec, t: number): string {
  return `open ${ohlc(spec.open[t])} · high ${ohlc(spec.high[t])} · low ${ohlc(spec.low[t])} · close ${ohlc(spec.close[t])}`;
}

/**
 * What a marker stands for: its candle(s), side, price (a single event's own, else its row's
 * range), count and USD. Made only when hovered, so a live tick builds no text.
 */
export function markerText(spec: HeatmapSpec, i: number): string {
  const m = spec.markers!;
  const first = m.first[i];
  const last = m.last[i];
  const candles = first === last ? candleText(spec, first) : `${utcMinute(spec.times[first])} to ${utcMinute(spec.times[last] + spec.candleMs)} UTC (${last - first + 1} candles)`;
  const n = m.count[i];
  const price = n === 1 ? `at ${m.price[i]}` : `between ${rowRange(spec, m.row[i]).replace(' to ', ' and ')}`;
  return `${candles}: ${m.side[i] === SHORT ? 'shorts' : 'longs'} liquidated ${price}: ${n === 1 ? '1 event' : `${n} events`}, ${formatUsd(m.usd[i])}`;
}
