/**
 * The time x price heatmap drawn on canvas by uPlot (loaded on demand by heatmap-renderer.ts):
 * a redraw is a few milliseconds where Plotly's full-figure redraw took ~90. The cells are one
 * image (heatmap-image.ts: one pixel per cell, made once per matrix and colour top) stretched
 * under the axes with nearest-neighbour scaling; the candles, the realised-liquidation markers,
 * the price line, the side profile and the colour bar are drawn on the same canvas in uPlot's
 * draw hooks (heatmap-layers.ts; uPlot's own series draw nothing: they carry the read-out). A new spec of the same
 * shape only replaces the data (setData), and a live update of the same range keeps the zoom;
 * another shape builds anew. The hover read-out is uPlot's live legend below the plot (it never
 * covers the axes): the candle, the price row, its resting USD, the candle's OHLC and a hovered
 * marker's text; hovering the side profile reads out the last candle's row there (hoverProfile). Drag zooms time and price (not on a phone: a finger scrolls), Shift + drag or
 * the arrow keys pan the time (map-pan.ts), a double click resets; `data-zoom` and
 * `data-zoom-y` on the chart element hold the time and price ranges zoomed to. On a phone the
 * colour bar lies under the plot and the profile is folded away, so the cells get the width
 * (`data-layout` says which layout is drawn).
 */
import uPlot from 'uplot';
import './heatmap-canvas.css';
import { formatDecimals, formatUsdAmount } from '../format.ts';
import { cleanDecimal } from '../model/price-grid.ts';
import { candleOhlc, candleText, isLiveUpdate, markerText, rowAt, type HeatmapSpec } from './heatmap-figure.ts';
import { drawCandles, drawCells, drawColourBar, drawMarkers, drawPrice, drawProfile, hoveredMarker, PHONE_BAR, profileSpan, sideWidth } from './heatmap-layers.ts';
import { isNarrow, THEME } from './theme.ts';
import { enablePan } from './map-pan.ts';
import { canvasPng, canvasSnapshot, ChartZoom, rebuilt, type ZoomControl, drawNote, fitValues, mountChart, onPaper } from './canvas-chart.ts';

interface Drawn {
  u: uPlot;
  /** The spec on screen (the hooks and the legend read it, so setData needs no rebuild). */
  spec: HeatmapSpec;
  shape: string;
  wide: boolean;
  /** The time and price ranges zoomed to, as `data-zoom` and `data-zoom-y`. */
  zoom: ChartZoom<'x' | 'y'>;
  resize: ResizeObserver;
  /** The pointer is on the side profile: the read-out is of the last candle (hoverProfile). */
  onProfile: boolean;
  /** The cursor's height the legend was last written for. */
  legendTop: number | null;
}

const charts = new WeakMap<HTMLElement, Drawn>();

/** The top padding holds the synthetic-data note. */
const PAD_TOP = 22;

const DAY = 86_400_000;
/**
 * Time tick labels (24 h, UTC through tzDate): uPlot's table of [tick step (ms), format, the
 * first tick's and a new year's/day's second line...], as in its defaults but without am/pm.
 */
const TIME_TICKS: uPlot.Axis.Values = [
  [365 * DAY, '{YYYY}', null, null, null, null, null, null, 1],
  [28 * DAY, '{MMM}', '\n{YYYY}', null, null, null, null, null, 1],
  [DAY, '{MMM} {D}', '\n{YYYY}', null, null, null, null, null, 1],
  [3_600_000, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MMM} {D}', null, null, null, 1],
  [60_000, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MMM} {D}', null, null, null, 1],
];

const stepDecimals = (step: number) => {
  const s = String(cleanDecimal(step));
  const dot = s.indexOf('.');
  return dot < 0 || s.includes('e') ? 0 : Math.min(8, s.length - dot - 1);
};
const compactPrice = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

/** The full time range: every candle's whole slot. */
const xExtent = (s: HeatmapSpec) => ({ min: s.times[0] - s.candleMs / 2, max: s.times[s.times.length - 1] + s.candleMs / 2 });
const yExtent = (s: HeatmapSpec) => ({ min: s.yMin, max: s.yMax });

/** uPlot's aligned data: the candle times and, for each read-out series, the closes (they draw nothing). */
function aligned(spec: HeatmapSpec): uPlot.AlignedData {
  const c = spec.close;
  return [spec.times, c, c, c, c];
}

const shapeOf = (spec: HeatmapSpec, narrow: boolean, wide: boolean) => JSON.stringify([narrow, wide, spec.symbol]);

function options(d: () => Drawn, spec: HeatmapSpec, narrow: boolean, wide: boolean, width: number, height: number): uPlot.Options {
  const dpr = () => devicePixelRatio || 1;
  const font = `${narrow ? 11 : 12}px ${THEME.font}`;
  const axis = { stroke: THEME.text, font, labelFont: font, grid: { stroke: THEME.grid, width: 1 }, ticks: { stroke: THEME.grid, width: 1 } };
  const none = () => null;
  const readout = (label: string, value: (s: HeatmapSpec, u: uPlot, idx: number) => string): uPlot.Series => ({
    label, paths: none, points: { show: false }, stroke: THEME.text,
    value: (u, _v, _s, idx) => (idx == null ? '—' : value(d().spec, u, idx)),
  });
  const cursorRow = (s: HeatmapSpec, u: uPlot) => (u.cursor.top == null || u.cursor.top < 0 ? -1 : rowAt(s, u.posToVal(u.cursor.top, 'y')));
  return {
    width,
    height,
    ms: 1,
    tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC'),
    class: 'heatmap-uplot',
    padding: [PAD_TOP, wide ? (u) => sideWidth(u.width) : narrow ? 4 : 12, wide ? 0 : PHONE_BAR, narrow ? 0 : 8],
    series: [
      { label: 'candle', value: (_u, _v, _s, idx) => (idx == null ? '—' : candleText(d().spec, idx)) },
      readout('price', (s, u) => {
        const row = cursorRow(s, u);
        return row < 0 ? '—' : `${formatDecimals(cleanDecimal(s.priceBins[row] + s.step / 2), 8)} ± ${s.step / 2}`;
      }),
      readout('resting', (s, u, idx) => {
        const row = cursorRow(s, u);
        const v = row < 0 ? NaN : s.matrix[idx * s.priceBins.length + row];
        return !Number.isFinite(v) ? '—' : v > 0 ? formatUsdAmount(v) : '$0';
      }),
      readout('OHLC', (s, _u, idx) => candleOhlc(s, idx)),
      readout('realised', (s, u) => {
        const i = d().onProfile ? -1 : hoveredMarker(u, s);
        return i < 0 ? '—' : markerText(s, i);
      }),
    ],
    scales: {
      x: {
        time: true,
        // A reset (double click, new data) asks for the first to the last candle: widened by half
        // a candle each side so they show whole. A zoom or a pan inside keeps its own range.
        range: (_u, min, max) => {
          const full = xExtent(d().spec);
          return min <= full.min + d().spec.candleMs / 2 && max >= full.max - d().spec.candleMs / 2 ? [full.min, full.max] : [min, max];
        },
      },
      // Never ranged from the read-out series' data: the spec's extent, or a zoom.
      y: { auto: false, range: () => { const e = yExtent(d().spec); return [e.min, e.max]; } },
    },
    axes: [
      { ...axis, label: wide && !narrow ? 'Time (UTC)' : undefined, labelSize: 20, values: TIME_TICKS },
      {
        ...axis, label: narrow ? undefined : `${spec.symbol} price`, labelSize: 24, size: fitValues,
        values: (_u, splits) => (narrow ? splits.map((v) => compactPrice.format(v)) : splits.map((v) => formatDecimals(v, stepDecimals(d().spec.step)))),
      },
    ],
    legend: { live: true, markers: { show: false } },
    cursor: {
      points: { show: false },
      drag: { x: !narrow, y: !narrow, uni: 24, setScale: !narrow },
      // On the side profile, the last candle: what rests now is its column.
      dataIdx: (_u, _series, closest) => (d().onProfile ? d().spec.times.length - 1 : closest),
    },
    hooks: {
      // After the grid, before uPlot's series (which draw nothing): the cells cover the grid.
      drawAxes: [(u) => drawCells(u, d().spec)],
      draw: [(u) => {
        const { spec: s, wide: w } = d();
        drawCandles(u, s, dpr());
        drawMarkers(u, s, dpr());
        if (w) drawProfile(u, s, dpr());
        drawColourBar(u, s, w, dpr());
        drawPrice(u, s, w, dpr());
        drawNote(u, s.note, dpr(), 'above');
      }],
      setScale: [(u, key) => d().zoom.onScale(u, key)],
      // uPlot writes the legend when the candle under the cursor changes; the price row and the
      // marker read-outs change with its height too (they stayed those of the first row hovered).
      setLegend: [(u) => { d().legendTop = u.cursor.top ?? null; }],
      setCursor: [(u) => { if ((u.cursor.top ?? null) !== d().legendTop) u.setLegend({}); }],
    },
  };
}

/**
 * The side profile reads out as the cells do: on it, uPlot's cursor goes to the last candle (what
 * rests now is its column) at the pointer's height, so the crosshair marks the row across the
 * plot and the legend says its price and the USD resting there.
 */
function hoverProfile(u: uPlot, d: () => Drawn): void {
  const off = () => {
    if (!d().onProfile) return;
    d().onProfile = false;
    u.setCursor({ left: -10, top: -10 });
  };
  // Mouse events, not pointer events: they come after uPlot's own mouseleave of the plot, which hides the cursor.
  u.ctx.canvas.addEventListener('mousemove', (e) => {
    const plot = u.over.getBoundingClientRect();
    const left = e.clientX - plot.left;
    const top = e.clientY - plot.top;
    const span = profileSpan(u, plot.width);
    if (!d().wide || left < span.from || left > span.to || top < 0 || top > plot.height) return off();
    const s = d().spec;
    d().onProfile = true;
    u.setCursor({ left: Math.min(Math.max(u.valToPos(s.times[s.times.length - 1], 'x'), 0), plot.width), top });
  });
  u.ctx.canvas.addEventListener('mouseleave', off);
}

export async function draw(el: HTMLElement, spec: HeatmapSpec, full: boolean): Promise<void> {
  const narrow = isNarrow(el);
  const wide = !narrow || full;
  const shape = shapeOf(spec, narrow, wide);
  const drawn = charts.get(el);
  if (drawn && drawn.shape === shape) {
    // A live update (the same candles, the window moved on by a candle or so) keeps the zoom;
    // another range, candle size or bin step shows its whole picture.
    const same = isLiveUpdate(drawn.spec, spec);
    drawn.spec = spec;
    const zoomX = same ? drawn.zoom.ranges.x : null;
    const zoomY = same ? drawn.zoom.ranges.y : null;
    drawn.zoom.settingData(() => drawn.u.batch(() => {
      drawn.u.setData(aligned(spec), !zoomX);
      if (zoomX) drawn.u.setScale('x', zoomX);
      drawn.u.setScale('y', zoomY ?? yExtent(spec));
    }));
    drawn.zoom.sync(drawn.u);
    return;
  }
  purge(el);
  const self = { spec, shape, wide, onProfile: false, legendTop: null } as unknown as Drawn;
  self.zoom = new ChartZoom(el, { x: 'data-zoom', y: 'data-zoom-y' }, (_u, key) => (key === 'x' ? xExtent(self.spec) : yExtent(self.spec)));
  Object.assign(self, mountChart(el, (size) => new uPlot(options(() => self, spec, narrow, wide, size.width, size.height), aligned(spec), el), () => rebuilt(self.zoom, () => draw(el, self.spec, full), () => zoom(el))));
  charts.set(el, self);
  const { u } = self;
  enablePan(u, 'Heatmap plot');
  hoverProfile(u, () => self);
  // uPlot's double click resets the time; the price is reset here.
  u.over.addEventListener('dblclick', () => u.setScale('y', yExtent(self.spec)));
  el.setAttribute('data-layout', wide ? 'wide' : 'phone');
}

/** The drawn chart's zoom, or null when nothing is drawn. */
export function zoom(el: HTMLElement): ZoomControl | null {
  const drawn = charts.get(el);
  return drawn ? drawn.zoom.control(drawn.u) : null;
}

export function purge(el: HTMLElement): void {
  const drawn = charts.get(el);
  if (!drawn) return;
  drawn.resize.disconnect();
  drawn.zoom.clear();
  el.removeAttribute('data-layout');
  drawn.u.destroy();
  charts.delete(el);
}

/** The drawn canvas over the paper colour: everything but the hover read-out is on it. */
const composed = (el: HTMLElement) => {
  const drawn = charts.get(el);
  return drawn ? onPaper(drawn.u.ctx.canvas)?.canvas ?? null : null;
};

export const png = async (el: HTMLElement): Promise<string> => canvasPng(composed(el));

export const snapshot = (el: HTMLElement) => canvasSnapshot(composed(el), el.clientWidth);
