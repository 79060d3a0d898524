/**
 * What the heatmap's canvas renderer (heatmap-canvas.ts) draws in uPlot's hooks, from the spec
 * and uPlot's scales: the cells as one image (heatmap-image.ts's palette, nearest neighbour),
 * the candles, the realised-liquidation markers (and which one the cursor is on), the price
 * line, the side profile of what rests now and the colour bar. Device pixels throughout.
 */
import type uPlot from 'uplot';
import { formatUsd } from '../format.ts';
import { cleanDecimal } from '../model/price-grid.ts';
import { SHORT } from '../model/marker-cells.ts';
import { colourTickUsd, type HeatmapSpec } from './heatmap-figure.ts';
import { matrixPixels, paletteCss } from './heatmap-image.ts';
import { CANDLE_DOWN, CANDLE_UP } from './candle-traces.ts';
import { THEME } from './theme.ts';
import { lowerBound } from '../model/segment-rows.ts';

/** The body's share of the candle's time slot (the rest is the gap between candles). */
const BODY_WIDTH = 0.7;
/** Wide layout, right of the cells: gap, profile, gap, colour bar, its tick labels, its title (CSS px). */
const SIDE = { gap: 14, barGap: 18, bar: 12, barText: 46, title: 16 };
const profileWidth = (width: number) => Math.max(50, Math.round(width * 0.11));
/** The side profile's span right of the plot (wide layout), in CSS px from the plot's left edge: `plotWidth` is the plot's. */
export const profileSpan = (u: uPlot, plotWidth: number) => ({ from: plotWidth + SIDE.gap, to: plotWidth + SIDE.gap + profileWidth(u.width) });
export const sideWidth = (width: number) => SIDE.gap + profileWidth(width) + SIDE.barGap + SIDE.bar + SIDE.barText + SIDE.title;
/** Phone layout: the colour bar, its tick labels and its title under the time axis (CSS px). */
export const PHONE_BAR = 52;
const PROFILE_COLOUR = '#fde725';
const PROFILE_FILL = 'rgba(253,231,37,0.55)';

/** The cells' image of a matrix at a colour top, made once: a live tick with the same matrix draws the same image. */
interface CellsImage { zmax: number; times: Float64Array; canvas: HTMLCanvasElement; slots: number }
const images = new WeakMap<Float32Array, CellsImage>();
/** More candle slots than this (a broken time axis) and each candle takes one column, gaps or not. */
const MAX_SLOTS = 20_000;

function cellsImage(s: HeatmapSpec): CellsImage | null {
  const kept = images.get(s.matrix);
  if (kept && kept.zmax === s.zmax && kept.times === s.times) return kept;
  const n = s.times.length;
  const bins = s.priceBins.length;
  if (!n || !bins) return null;
  let slots = Math.round((s.times[n - 1] - s.times[0]) / s.candleMs) + 1;
  const slot = new Int32Array(n);
  if (slots > MAX_SLOTS || slots < n) {
    slots = n;
    slot.forEach((_, t) => { slot[t] = t; });
  } else {
    for (let t = 0; t < n; t++) slot[t] = Math.min(slots - 1, Math.round((s.times[t] - s.times[0]) / s.candleMs));
  }
  const canvas = document.createElement('canvas');
  canvas.width = slots;
  canvas.height = bins;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.putImageData(new ImageData(matrixPixels(s.matrix, slot, slots, bins, s.zmax) as Uint8ClampedArray<ArrayBuffer>, slots, bins), 0, 0);
  const image = { zmax: s.zmax, times: s.times, canvas, slots };
  images.set(s.matrix, image);
  return image;
}

/** Clip to the plot area while `draw` runs. */
function clipped(u: uPlot, draw: (ctx: CanvasRenderingContext2D) => void): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  draw(ctx);
  ctx.restore();
}

/** The visible part of the cells' image, stretched onto the plot pixel for pixel (no smoothing). */
export function drawCells(u: uPlot, s: HeatmapSpec): void {
  const image = cellsImage(s);
  if (!image) return;
  const { bbox } = u;
  const bins = s.priceBins.length;
  const x0 = u.valToPos(s.times[0] - s.candleMs / 2, 'x', true);
  const x1 = u.valToPos(s.times[0] + (image.slots - 0.5) * s.candleMs, 'x', true);
  const yTop = u.valToPos(cleanDecimal(s.priceBins[bins - 1] + s.step), 'y', true);
  const yBottom = u.valToPos(s.priceBins[0], 'y', true);
  // Only the part in view: a deep zoom would otherwise stretch the whole image far off the canvas.
  const left = Math.max(x0, bbox.left);
  const right = Math.min(x1, bbox.left + bbox.width);
  const top = Math.max(yTop, bbox.top);
  const bottom = Math.min(yBottom, bbox.top + bbox.height);
  if (!(right > left && bottom > top)) return;
  const sx = ((left - x0) / (x1 - x0)) * image.slots;
  const sw = ((right - left) / (x1 - x0)) * image.slots;
  const sy = ((top - yTop) / (yBottom - yTop)) * bins;
  const sh = ((bottom - top) / (yBottom - yTop)) * bins;
  const { ctx } = u;
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image.canvas, sx, sy, sw, sh, left, top, right - left, bottom - top);
  ctx.restore();
}

/** First and last candle index within [min, max] (ms), widened by one each side. */
function visible(times: Float64Array, min: number, max: number): [number, number] {
  return [Math.max(0, lowerBound(times, min) - 1), Math.min(times.length - 1, lowerBound(times, max))];
}

/** Wicks, then bodies over them, one path per direction; a doji is at least a device pixel tall. */
export function drawCandles(u: uPlot, s: HeatmapSpec, dpr: number): void {
  if (!s.times.length) return;
  const [i0, i1] = visible(s.times, u.scales.x.min!, u.scales.x.max!);
  const half = Math.max(0.5 * dpr, ((u.valToPos(s.times[0] + s.candleMs, 'x', true) - u.valToPos(s.times[0], 'x', true)) * BODY_WIDTH) / 2);
  clipped(u, (ctx) => {
    for (const up of [true, false]) {
      const wicks = new Path2D();
      const bodies = new Path2D();
      for (let i = i0; i <= i1; i++) {
        const o = s.open[i];
        const c = s.close[i];
        if (c >= o !== up) continue;
        const x = u.valToPos(s.times[i], 'x', true);
        const wx = Math.round(x) + 0.5;
        wicks.moveTo(wx, u.valToPos(s.high[i], 'y', true));
        wicks.lineTo(wx, u.valToPos(s.low[i], 'y', true));
        const yTop = u.valToPos(Math.max(o, c), 'y', true);
        const yBottom = u.valToPos(Math.min(o, c), 'y', true);
        const h = Math.max(yBottom - yTop, dpr);
        bodies.rect(x - half, (yTop + yBottom) / 2 - h / 2, 2 * half, h);
      }
      ctx.strokeStyle = ctx.fillStyle = up ? CANDLE_UP : CANDLE_DOWN;
      ctx.lineWidth = dpr;
      ctx.stroke(wicks);
      ctx.fill(bodies);
    }
  });
}

/** Realised liquidations: circles, area by USD, red = longs liquidated, green = shorts. */
export function drawMarkers(u: uPlot, s: HeatmapSpec, dpr: number): void {
  const m = s.markers;
  if (!m?.size) return;
  clipped(u, (ctx) => {
    for (const short of [false, true]) {
      const dots = new Path2D();
      for (let i = 0; i < m.size; i++) {
        if ((m.side[i] === SHORT) !== short) continue;
        const x = u.valToPos(m.x[i], 'x', true);
        const y = u.valToPos(m.y[i], 'y', true);
        const r = (m.diameter[i] / 2) * dpr;
        dots.moveTo(x + r, y);
        dots.arc(x, y, r, 0, 2 * Math.PI);
      }
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = short ? CANDLE_UP : CANDLE_DOWN;
      ctx.fill(dots);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = THEME.priceLine;
      ctx.lineWidth = 0.5 * dpr;
      ctx.stroke(dots);
    }
  });
}

/** The marker under the cursor (the nearest whose circle holds it), or -1. */
export function hoveredMarker(u: uPlot, s: HeatmapSpec): number {
  const m = s.markers;
  const { left, top } = u.cursor;
  if (!m?.size || left == null || top == null || left < 0) return -1;
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < m.size; i++) {
    const dx = u.valToPos(m.x[i], 'x') - left;
    const dy = u.valToPos(m.y[i], 'y') - top;
    const d = dx * dx + dy * dy;
    const r = m.diameter[i] / 2 + 2;
    if (d <= r * r && d < bestD) { best = i; bestD = d; }
  }
  return best;
}

/** The dotted price line (across the profile too, in the wide layout) and its "price $X" label. */
export function drawPrice(u: uPlot, s: HeatmapSpec, wide: boolean, dpr: number): void {
  const p = s.markPrice;
  if (!(Number.isFinite(p) && p > 0)) return;
  const { ctx, bbox } = u;
  const y = Math.round(u.valToPos(p, 'y', true));
  if (!(y >= bbox.top && y <= bbox.top + bbox.height)) return;
  const right = wide ? bbox.left + profileSpan(u, bbox.width / dpr).to * dpr : bbox.left + bbox.width;
  ctx.save();
  ctx.strokeStyle = THEME.priceLine;
  ctx.lineWidth = 1.2 * dpr;
  ctx.setLineDash([2 * dpr, 3 * dpr]);
  ctx.beginPath();
  ctx.moveTo(bbox.left, y);
  ctx.lineTo(right, y);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.font = `${12 * dpr}px ${THEME.font}`;
  ctx.textAlign = 'left';
  const below = y - bbox.top < 16 * dpr;
  ctx.textBaseline = below ? 'top' : 'bottom';
  const text = `price ${formatUsd(p)}`;
  const at = y + (below ? 3 : -3) * dpr;
  // On paper: over a bright row or the candles the white label was unreadable.
  const box = { left: bbox.left + dpr, width: ctx.measureText(text).width + 6 * dpr, height: 15 * dpr };
  ctx.fillStyle = THEME.paper;
  ctx.fillRect(box.left, below ? at - dpr : at - box.height + dpr, box.width, box.height);
  ctx.fillStyle = THEME.priceLine;
  ctx.fillText(text, bbox.left + 4 * dpr, at);
  ctx.restore();
}

/** What rests now: the last column as steps from the profile's left edge, its top value and title below. */
export function drawProfile(u: uPlot, s: HeatmapSpec, dpr: number): void {
  const { ctx, bbox } = u;
  const span = profileSpan(u, bbox.width / dpr);
  const left = bbox.left + span.from * dpr;
  const width = (span.to - span.from) * dpr;
  const bins = s.priceBins.length;
  let top = 0;
  for (let p = 0; p < bins; p++) if (s.profile[p] > top) top = s.profile[p];
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, bbox.top, width, bbox.height);
  ctx.clip();
  ctx.strokeStyle = THEME.grid;
  ctx.lineWidth = dpr;
  ctx.strokeRect(left, bbox.top, width, bbox.height);
  if (top > 0) {
    const steps = new Path2D();
    steps.moveTo(left, u.valToPos(s.priceBins[0], 'y', true));
    for (let p = 0; p < bins; p++) {
      const x = left + (s.profile[p] / top) * width;
      steps.lineTo(x, u.valToPos(s.priceBins[p], 'y', true));
      steps.lineTo(x, u.valToPos(cleanDecimal(s.priceBins[p] + s.step), 'y', true));
    }
    steps.lineTo(left, u.valToPos(cleanDecimal(s.priceBins[bins - 1] + s.step), 'y', true));
    steps.closePath();
    ctx.fillStyle = PROFILE_FILL;
    ctx.fill(steps);
    ctx.strokeStyle = PROFILE_COLOUR;
    ctx.stroke(steps);
  }
  ctx.restore();
  ctx.save();
  ctx.fillStyle = THEME.text;
  ctx.font = `${11 * dpr}px ${THEME.font}`;
  ctx.textBaseline = 'top';
  const below = bbox.top + bbox.height + 6 * dpr;
  ctx.textAlign = 'left';
  ctx.fillText('$0', left, below);
  ctx.textAlign = 'right';
  ctx.fillText(colourTickUsd(top), left + width, below);
  ctx.textAlign = 'center';
  ctx.fillText('Rests now', left + width / 2, below + 16 * dpr);
  ctx.restore();
}

/** The colour bar's steps, made once (each draw would otherwise build 64 colour strings). */
const BAR_COLOURS = Array.from({ length: 64 }, (_, i) => paletteCss((i + 0.5) / 64));

/** The colour bar: upright right of the profile (wide) or lying under the time axis (phone), ticked in USD, titled with its scale. */
export function drawColourBar(u: uPlot, s: HeatmapSpec, wide: boolean, dpr: number): void {
  const { ctx, bbox } = u;
  const levels = BAR_COLOURS.length;
  ctx.save();
  ctx.font = `${(wide ? 11 : 10) * dpr}px ${THEME.font}`;
  ctx.fillStyle = THEME.text;
  if (wide) {
    const x = bbox.left + (profileSpan(u, bbox.width / dpr).to + SIDE.barGap) * dpr;
    const w = SIDE.bar * dpr;
    const top = bbox.top + bbox.height * 0.05;
    const h = bbox.height * 0.9;
    for (let i = 0; i < levels; i++) {
      ctx.fillStyle = BAR_COLOURS[i];
      ctx.fillRect(x, top + h - ((i + 1) / levels) * h, w, h / levels + 0.5);
    }
    ctx.fillStyle = THEME.text;
    ctx.textBaseline = 'middle';
    for (const t of s.colourTicks) ctx.fillText(t.label, x + w + 4 * dpr, top + h - t.position * h);
    ctx.translate(x + w + (SIDE.barText + SIDE.title / 2) * dpr, top + h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(s.scaleTitle, 0, 0, h);
  } else {
    const y = u.ctx.canvas.height - PHONE_BAR * dpr + 4 * dpr;
    const h = 10 * dpr;
    const left = bbox.left;
    const w = bbox.width;
    for (let i = 0; i < levels; i++) {
      ctx.fillStyle = BAR_COLOURS[i];
      ctx.fillRect(left + (i / levels) * w, y, w / levels + 0.5, h);
    }
    ctx.fillStyle = THEME.text;
    ctx.textBaseline = 'top';
    s.colourTicks.forEach((t, i) => {
      ctx.textAlign = i === 0 ? 'left' : i === s.colourTicks.length - 1 ? 'right' : 'center';
      ctx.fillText(t.label, left + t.position * w, y + h + 3 * dpr);
    });
    ctx.textAlign = 'left';
    ctx.fillText(s.scaleTitle, left, y + h + 18 * dpr, w);
  }
  ctx.restore();
}
