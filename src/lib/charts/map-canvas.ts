/**
 * The Liquidation Map drawn on canvas by uPlot (loaded on demand by map-renderer.ts): a
 * redraw is a few milliseconds where Plotly's full-figure redraw took ~100. A new spec of the
 * same shape (same tiers and series, same layout) only replaces the data (setData) and keeps
 * the zoom; another shape builds the chart anew. Bars are stacked by drawing each tier's
 * stack top, the highest first, so the lower tiers paint over it. The hover is uPlot's live
 * legend below the plot (it never covers the axes): side, liq price ± half a step, and each
 * series' own value. Drag zooms (not on a phone: a finger scrolls), Shift + drag or the arrow
 * keys pan (map-pan.ts), a double click resets;
 * `data-zoom` on the chart element holds the x range zoomed to.
 */
import uPlot from 'uplot';
import { LONG_COLOUR, SHORT_COLOUR, stackedBars, type MapSpec } from './liquidation-map-figure.ts';
import { formatDecimals, formatUsd, formatUsdAmount, formatUsdCompact } from '../format.ts';
import { isNarrow, THEME } from './theme.ts';
import { enablePan } from './map-pan.ts';
import { canvasPng, canvasSnapshot, ChartZoom, rebuilt, type ZoomControl, drawNote, fitValues, mountChart, onPaper } from './canvas-chart.ts';
import './map-canvas.css';

interface Drawn {
  u: uPlot;
  /** The spec on screen (the hooks and the legend read it, so setData needs no rebuild). */
  spec: MapSpec;
  /** Raw values per uPlot series (the bars' data are stack tops). */
  raw: (number | null)[][];
  shape: string;
  /** The price range zoomed to, as `data-zoom`. */
  zoom: ChartZoom<'x'>;
  resize: ResizeObserver;
}

const charts = new WeakMap<HTMLElement, Drawn>();

// Formatters made once: toLocaleString with options builds one per call (tenths of a
// millisecond), and uPlot asks for every tick label on every draw, some twice.
/** An axis tick in USD (a wrapper: map() would pass the index as the digits). */
const usdTick = (v: number) => formatUsdCompact(v);
const priceText = (v: number) => formatDecimals(v, 2);
const priceTick = (v: number) => formatDecimals(v, 0);
const SIDES = ['long', 'short', 'long + short'];

/**
 * uPlot's aligned data: x with an empty point each side, a bin beyond the end bars (so they
 * show whole) and beyond the price (so its line is always in view), then the series.
 */
function aligned(spec: MapSpec): { data: uPlot.AlignedData; raw: (number | null)[][] } {
  const pad = <T>(ys: T[], empty: T) => [empty, ...ys, empty];
  const { x: xs, step, markPrice: p } = spec;
  const x = xs.length ? [Math.min(xs[0], p) - step, ...xs, Math.max(xs[xs.length - 1], p) + step] : [];
  const tops = stackedBars(spec).reverse();
  const raw = [x, ...[...spec.bars].reverse().map((b) => pad(b.y, 0)), ...spec.curves.map((c) => pad(c.y, null)), ...spec.realised.map((r) => pad(r.y, 0))];
  const data = [x, ...tops.map((t) => pad(t, 0)), ...raw.slice(1 + tops.length)] as uPlot.AlignedData;
  return { data, raw };
}

/** The whole price axis: the data's own x, padding bins included. */
function dataExtent(u: uPlot): { min: number; max: number } | null {
  const x = u.data[0];
  return x.length ? { min: x[0], max: x[x.length - 1] } : null;
}

const shapeOf = (spec: MapSpec, narrow: boolean) =>
  JSON.stringify([narrow, spec.xTitle, spec.bars.map((b) => [b.name, b.colour]), spec.curves.map((c) => c.name), spec.realised.map((r) => r.name)]);

/** The top padding holds the price label. */
const PAD_TOP = 22;

function options(d: () => Drawn, spec: MapSpec, narrow: boolean, width: number, height: number): uPlot.Options {
  const dpr = () => devicePixelRatio || 1;
  const font = `${narrow ? 11 : 12}px ${THEME.font}`;
  const axis = { stroke: THEME.text, font, labelFont: font, grid: { stroke: THEME.grid, width: 1 }, ticks: { stroke: THEME.grid, width: 1 } };
  const usdValue = (si: number) => (_u: uPlot, _v: number | null, _s: number, idx: number | null) => {
    const v = idx == null ? null : d().raw[si]?.[idx];
    return v == null || v === 0 ? '—' : formatUsdAmount(v);
  };
  const half = () => d().spec.step / 2;
  const zeroUp = (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max > 0 ? max * 1.05 : 1];
  const series: uPlot.Series[] = [
    {
      label: 'liq price',
      value: (_u, v, _s, idx) => {
        if (v == null || idx == null) return '—';
        const { spec: sp } = d();
        const side = sp.side[idx - 1];
        // The bar's height: every tier of the bin, so a trader need not add the rows below.
        const total = sp.bars.reduce((sum, b) => sum + (b.y[idx - 1] ?? 0), 0);
        return `${priceText(v)} ± ${priceText(half())}${side == null ? '' : ` (${SIDES[side]})`}${total > 0 ? ` · all tiers ${formatUsdAmount(total)}` : ''}`;
      },
    },
  ];
  let si = 1;
  for (const b of [...spec.bars].reverse()) {
    series.push({ label: b.name, fill: b.colour, stroke: b.colour, width: 0, paths: uPlot.paths.bars!({ size: [0.9, Infinity] }), points: { show: false }, value: usdValue(si++) });
  }
  for (const c of spec.curves) {
    series.push({ label: c.name, scale: 'y2', stroke: c.colour, width: 2, spanGaps: true, points: { show: false }, value: usdValue(si++) });
  }
  for (const r of spec.realised) {
    series.push({ label: r.name, scale: 'y3', stroke: r.colour, width: 1.5, fill: 'rgba(0,0,0,0)', paths: uPlot.paths.bars!({ size: [0.5, Infinity] }), points: { show: false }, value: usdValue(si++) });
  }
  return {
    width,
    height,
    class: 'map-uplot',
    padding: [PAD_TOP, narrow ? 4 : 12, 0, narrow ? 0 : 8],
    series,
    scales: { x: { time: false }, y: { range: zeroUp }, y2: { range: zeroUp }, y3: { range: zeroUp } },
    axes: [
      { ...axis, label: spec.xTitle, values: (_u, splits) => splits.map(priceTick) },
      { ...axis, scale: 'y', label: spec.yTitle, labelSize: narrow ? 18 : 24, size: fitValues, values: (_u, splits) => splits.map(usdTick) },
      { ...axis, scale: 'y2', side: 1, label: spec.y2Title, labelSize: narrow ? 18 : 24, size: fitValues, grid: { show: false }, values: (_u, splits) => splits.map(usdTick) },
    ],
    legend: { live: true },
    cursor: {
      points: { show: false },
      drag: { x: !narrow, y: false, setScale: !narrow },
      // The y crosshair would read a value of the first axis only.
      y: false,
    },
    hooks: {
      draw: [(u) => { drawPrice(u, d().spec, dpr()); drawNote(u, d().spec.note, dpr(), 'corner'); }],
      setScale: [(u, key) => d().zoom.onScale(u, key)],
    },
  };
}

/** The dotted price line and its "price $X" label above the plot. */
function drawPrice(u: uPlot, spec: MapSpec, dpr: number): void {
  const { ctx, bbox } = u;
  const x = Math.round(u.valToPos(spec.markPrice, 'x', true));
  if (!(x >= bbox.left && x <= bbox.left + bbox.width)) return;
  ctx.save();
  ctx.strokeStyle = THEME.priceLine;
  ctx.lineWidth = 1.5 * dpr;
  ctx.setLineDash([2 * dpr, 3 * dpr]);
  ctx.beginPath();
  ctx.moveTo(x, bbox.top);
  ctx.lineTo(x, bbox.top + bbox.height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = THEME.priceLine;
  ctx.font = `${12 * dpr}px ${THEME.font}`;
  ctx.textAlign = x < bbox.left + 60 * dpr ? 'left' : x > bbox.left + bbox.width - 60 * dpr ? 'right' : 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(`price ${formatUsd(spec.markPrice)}`, x, bbox.top - 4 * dpr);
  drawSides(ctx, bbox, x, dpr);
  ctx.restore();
}

/** The side text at the price line: bars are coloured by tier, so which side is which is said where it changes. */
const SIDE_LABELS = { long: '← longs', short: 'shorts →' } as const;

/**
 * "← longs" left of the price line and "shorts →" right of it, in the curves' colours, under
 * the synthetic note's row, each on a paper-coloured box (a tall bar may reach it); a side
 * too narrow for its text goes without.
 */
function drawSides(ctx: CanvasRenderingContext2D, bbox: uPlot.BBox, x: number, dpr: number): void {
  ctx.font = `600 ${11 * dpr}px ${THEME.font}`;
  ctx.textBaseline = 'middle';
  const y = bbox.top + 28 * dpr;
  const gap = 6 * dpr;
  const pad = 3 * dpr;
  const h = 16 * dpr;
  const side = (text: string, colour: string, left: boolean) => {
    const w = ctx.measureText(text).width;
    const from = left ? x - gap - w : x + gap;
    if (from - pad < bbox.left || from + w + pad > bbox.left + bbox.width) return;
    ctx.fillStyle = THEME.paper;
    ctx.fillRect(from - pad, y - h / 2, w + 2 * pad, h);
    ctx.fillStyle = colour;
    ctx.textAlign = 'left';
    ctx.fillText(text, from, y);
  };
  side(SIDE_LABELS.long, LONG_COLOUR, true);
  side(SIDE_LABELS.short, SHORT_COLOUR, false);
}

export async function draw(el: HTMLElement, spec: MapSpec, _full: boolean): Promise<void> {
  const narrow = isNarrow(el);
  const shape = shapeOf(spec, narrow);
  const { data, raw } = aligned(spec);
  const drawn = charts.get(el);
  if (drawn && drawn.shape === shape) {
    drawn.spec = spec;
    drawn.raw = raw;
    const zoom = drawn.zoom.ranges.x;
    drawn.zoom.settingData(() => {
      drawn.u.setData(data, !zoom);
      if (zoom) drawn.u.setScale('x', zoom);
    });
    return;
  }
  purge(el);
  const self = { spec, raw, shape, zoom: new ChartZoom(el, { x: 'data-zoom' }, dataExtent) } as unknown as Drawn;
  Object.assign(self, mountChart(el, (size) => new uPlot(options(() => self, spec, narrow, size.width, size.height), data, el), () => rebuilt(self.zoom, () => draw(el, self.spec, false), () => zoom(el))));
  charts.set(el, self);
  enablePan(self.u, 'Map plot');
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
  drawn.u.destroy();
  charts.delete(el);
}

/** The canvas over the paper colour with the legend's names below it, as one canvas. */
function composed(el: HTMLElement): HTMLCanvasElement | null {
  const drawn = charts.get(el);
  if (!drawn) return null;
  const src = drawn.u.ctx.canvas;
  const dpr = src.width / Math.max(drawn.u.width, 1);
  const entries = drawn.u.series.slice(1).map((s) => ({ label: String(s.label ?? ''), colour: String(typeof s.stroke === 'function' ? s.stroke(drawn.u, 0) : s.stroke) }));
  const measure = document.createElement('canvas').getContext('2d');
  if (!measure) return null;
  measure.font = `${12 * dpr}px ${THEME.font}`;
  // Lay the legend out in rows as wide as the chart.
  const rows: { label: string; colour: string; x: number }[][] = [[]];
  let x = 8 * dpr;
  for (const e of entries) {
    const w = 18 * dpr + measure.measureText(e.label).width + 16 * dpr;
    if (x + w > src.width && rows[rows.length - 1].length) { rows.push([]); x = 8 * dpr; }
    rows[rows.length - 1].push({ ...e, x });
    x += w;
  }
  const rowH = 20 * dpr;
  const paper = onPaper(src, rows.length * rowH + 4 * dpr);
  if (!paper) return null;
  const { canvas: out, ctx } = paper;
  ctx.font = `${12 * dpr}px ${THEME.font}`;
  ctx.textBaseline = 'middle';
  rows.forEach((row, r) => {
    const y = src.height + r * rowH + rowH / 2;
    for (const e of row) {
      ctx.fillStyle = e.colour;
      ctx.fillRect(e.x, y - 6 * dpr, 12 * dpr, 12 * dpr);
      ctx.fillStyle = THEME.text;
      ctx.fillText(e.label, e.x + 18 * dpr, y);
    }
  });
  return out;
}

export const png = async (el: HTMLElement): Promise<string> => canvasPng(composed(el));

/** A PNG of the chart for the next visit (lossless: thin text and lines stay sharp). */
export const snapshot = (el: HTMLElement) => canvasSnapshot(composed(el), el.clientWidth);
