import { describe, expect, it } from 'vitest';
import { candleOhlc, candleText, colourTickUsd, heatmapFigure, isHeatmapSpec, isLiveUpdate, kthSmallest, markerText, nonZeroPercentile, resultScale, rowAt, rowRange, volumeRows, type HeatmapSpec } from '../../../src/lib/charts/heatmap-figure.ts';
import type { HeatmapResult } from '../../../src/lib/model/types.ts';
import { cellLayout, cellSums, LONG, SHORT, withinBudget } from '../../../src/lib/model/marker-cells.ts';

/** 3 candles x 4 price rows with known cells; matrix index t * 4 + p. */
function result(matrix: number[] = [0, 1, 2, 0, 0, 5, 6, 7, 8, 0, 10, 11]): HeatmapResult {
  const times = Float64Array.from([0, 3_600_000, 7_200_000]);
  const zeros = new Float64Array(3);
  return {
    times,
    priceBins: Float64Array.from([100, 110, 120, 130]),
    matrix: Float32Array.from(matrix),
    // An up candle, a doji and a down candle.
    open: Float64Array.from([115, 118, 121]),
    high: Float64Array.from([119, 125, 127]),
    low: Float64Array.from([111, 116, 119]),
    close: Float64Array.from([118, 118, 120]),
    resting: zeros, opened: zeros, closed: zeros, consumedLong: zeros, consumedShort: zeros,
    step: 10,
    candleMinutes: 60,
    inputs: { fromTime: 0, toTime: 7_200_000, candles: 3, oiSource: 'history', oiCoverage: 1, priorOi: false,
      oiStartUsd: NaN,
      startDays: 30,
      startOpened: 0,
      startLiquidated: 0, fallbackScale: 1, months: ['1970-01'] },
    computeMs: 1,
  };
}

/** 3 candles x 40 rows from 100 (step 10): volume only in rows 10..14 (200..250), wicks 210..240. */
function fortyRows() {
  const bins = 40;
  const matrix = new Array(3 * bins).fill(0);
  matrix[0 * bins + 12] = 1;
  matrix[1 * bins + 10] = 2;
  matrix[2 * bins + 14] = 3;
  const r = {
    ...result(), priceBins: Float64Array.from({ length: bins }, (_, i) => 100 + 10 * i), matrix: Float32Array.from(matrix),
    open: Float64Array.from([215, 220, 225]), high: Float64Array.from([230, 235, 240]), low: Float64Array.from([210, 212, 214]), close: Float64Array.from([220, 225, 230]),
  };
  return { bins, matrix, r };
}

const spec = (r: HeatmapResult, opts: Partial<Parameters<typeof heatmapFigure>[1]> = {}): HeatmapSpec =>
  heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120, ...opts }).figure;

describe('heatmapFigure', () => {
  it('hands on the result\'s own arrays: the cells, the candles and the rows, with their sizes and times', () => {
    const r = result();
    const s = spec(r);
    expect(s.matrix).toBe(r.matrix);
    for (const k of ['times', 'priceBins', 'open', 'high', 'low', 'close'] as const) expect(s[k]).toBe(r[k]);
    expect([s.step, s.candleMs, s.candleLabel]).toEqual([10, 3_600_000, '1 h']);
    expect(s.kind).toBe('liquidation-heatmap/1');
    // Volume in every row (100..140), the wicks (111..127) and the price (120) inside: every row
    // (the margin stops at the grid's ends: beyond them there is nothing to draw).
    expect([s.yMin, s.yMax]).toEqual([100, 140]);
    // Wicks beyond the rows (90, 150): those and a margin of a row.
    const wide = spec({ ...result(), high: Float64Array.from([119, 150, 127]), low: Float64Array.from([90, 116, 119]) });
    expect([wide.yMin, wide.yMax]).toEqual([80, 160]);
  });

  it('fits the price axis to the rows that hold volume, the wicks and the price, not the empty rows', () => {
    const { bins, matrix, r } = fortyRows();
    // 200..250, a margin of max(one row, 3 %) each side: the empty rows 100..190 and 260..490 are not shown.
    const fitted = spec(r, { markPrice: 226 });
    expect([fitted.yMin, fitted.yMax]).toEqual([190, 260]);
    // A wick or the price beyond the volume widens it; 3 % of a 400 span is more than a row.
    const wick = spec({ ...r, high: Float64Array.from([230, 235, 600]) }, { markPrice: 226 });
    expect([wick.yMin, wick.yMax]).toEqual([200 - 12, 600 + 12]);
    const price = spec(r, { markPrice: 180 });
    expect([price.yMin, price.yMax]).toEqual([170, 260]);
    // No price marked: the volume and the wicks only.
    expect([spec(r, { markPrice: NaN }).yMin, spec(r, { markPrice: 0 }).yMax]).toEqual([190, 260]);
    // Volume up to the top row: the axis ends there.
    const top = spec({ ...r, matrix: Float32Array.from(matrix, (v, i) => (i === 2 * bins + bins - 1 ? 1 : v)) }, { markPrice: 226 });
    expect([top.yMin, top.yMax]).toEqual([190, 500]);
    // Nothing at all (no volume, no candles, no price): every row.
    const empty = spec({ ...r, times: new Float64Array(0), matrix: new Float32Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0) }, { markPrice: NaN });
    expect([empty.yMin, empty.yMax]).toEqual([100, 500]);
  });

  it('fits the price axis to the realised-liquidation markers too: a marker outside the volume and the wicks is never off screen', () => {
    const { r } = fortyRows();
    const marks = (price: number[]) => withinBudget(cellSums(cellLayout(r), { time: price.map(() => 3_600_000), price, usd: price.map(() => 1e4), side: price.map(() => LONG) }), 3, 10);
    expect([spec(r, { markPrice: 226 }).yMin, spec(r, { markPrice: 226 }).yMax]).toEqual([190, 260]);
    // Markers in rows 3 (130..140) and 30 (400..410), in no volume row and past every wick:
    // 130..410 and a margin of a row (3 % of 280 is less).
    const outside = spec(r, { markPrice: 226, markers: marks([135, 404]) });
    expect([outside.yMin, outside.yMax]).toEqual([120, 420]);
    expect(Array.from(outside.markers!.y).every((y) => y > outside.yMin && y < outside.yMax)).toBe(true);
    // One inside what is shown anyway changes nothing; one in the grid's first row ends the axis there.
    const inside = spec(r, { markPrice: 226, markers: marks([222]) });
    expect([inside.yMin, inside.yMax]).toEqual([190, 260]);
    expect(spec(r, { markPrice: 226, markers: marks([101]) }).yMin).toBe(100);
  });

  it('finds the lowest and highest rows holding volume in any column', () => {
    // 4 columns x 6 rows: row 1 only in the last column, row 4 only in the first.
    const m = Float32Array.from([0, 0, 0, 0, 5, 0, /**/ 0, 0, 3, 0, 0, 0, /**/ 0, 0, 0, 0, 0, 0, /**/ 0, 2, 0, 0, 0, 0]);
    expect(volumeRows(m, 6)).toEqual({ lo: 1, hi: 4 });
    expect(volumeRows(new Float32Array(12), 6)).toEqual({ lo: -1, hi: -1 });
    expect(volumeRows(Float32Array.from([0, 0, 7, 0]), 4)).toEqual({ lo: 2, hi: 2 });
    expect(volumeRows(new Float32Array(0), 0)).toEqual({ lo: -1, hi: -1 });
  });

  it('clips the colour scale at the 99th percentile of non-zero cells, stated on the colour bar', () => {
    // 199 cells of 1 and one outlier of 1000: p99 of the non-zero cells is 1, not 1000.
    const cells = new Array(200).fill(1);
    cells[57] = 1000;
    const r = { ...result(), times: new Float64Array(50), priceBins: Float64Array.from([1, 2, 3, 4]), matrix: Float32Array.from(cells) };
    const { figure, scale } = heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120 });
    expect(scale.zmax).toBe(1);
    expect(figure.zmax).toBe(1);
    expect(figure.scaleTitle).toContain('sqrt');
    expect(figure.scaleTitle).toContain('p99');
    expect(figure.colourTicks.at(-1)).toEqual({ position: 1, label: '$1' });
    // sqrt scale: a quarter of zmax sits half way up the bar.
    expect(figure.colourTicks.find((t) => t.label === '$0.25')!.position).toBe(0.5);
  });

  it('writes short colour bar ticks', () => {
    expect([0, 0.25, 1_234_567, 25_000, 12_345_678, 3.2e9].map(colourTickUsd)).toEqual(['$0', '$0.25', '$1.2M', '$25K', '$12M', '$3.2B']);
  });

  it('nonZeroPercentile ignores zeros and uses nearest rank', () => {
    expect(nonZeroPercentile(Float32Array.from([0, 0, 3, 1, 2, 0]), 0.5)).toBe(2);
    expect(nonZeroPercentile(Float32Array.from([0, 4, 0]), 0.99)).toBe(4);
    expect(nonZeroPercentile(new Float32Array(5), 0.99)).toBe(0);
  });

  it('lock scale keeps the given zmax whatever the new matrix holds, and says so', () => {
    const first = resultScale(result());
    expect(first.locked).toBe(false);
    const bigger = result([0, 100, 200, 0, 0, 500, 600, 700, 800, 0, 1000, 1100]);
    const locked = heatmapFigure(bigger, { symbol: 'BTCUSDT', markPrice: 120, lockedZmax: first.zmax });
    expect(locked.scale.zmax).toBe(first.zmax);
    expect(locked.figure.scaleTitle).toContain('locked');
    expect(heatmapFigure(bigger, { symbol: 'BTCUSDT', markPrice: 120 }).scale.zmax).not.toBe(first.zmax);
  });

  it('brightness divides the top of the scale, over the percentile or a locked top, and the titles say by what', () => {
    const r = result([0, 100, 200, 0, 0, 500, 600, 700, 800, 0, 1000, 1100]);
    const plain = resultScale(r);
    const bright = heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120, brightness: 4 });
    expect(bright.scale.zmax).toBe(plain.zmax / 4);
    expect(bright.scale.base).toBe(plain.zmax);
    expect(bright.figure.zmax).toBe(plain.zmax / 4);
    expect(bright.figure.scaleTitle).toContain('p99 ÷ 4');
    const dim = heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120, brightness: 0.5 });
    expect(dim.scale.zmax).toBe(plain.zmax * 2);
    expect(dim.figure.scaleTitle).toContain('p99 × 2');
    // On a locked scale the locked top is divided, and the lock keeps the top before brightness.
    const locked = heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120, lockedZmax: 5000, brightness: 2 });
    expect(locked.scale).toMatchObject({ zmax: 2500, base: 5000, locked: true, brightness: 2 });
    expect(locked.figure.scaleTitle).toContain('locked ÷ 2');
    // A nonsense brightness is none.
    expect(resultScale(r, undefined, 0).zmax).toBe(plain.zmax);
    expect(heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120 }).figure.scaleTitle).toContain('clipped at p99');
  });

  it('a redraw of the same result for a new price reuses its profile and markers', () => {
    const r = result();
    const markers = withinBudget(cellSums(cellLayout(r), { time: [3_600_000], price: [118], usd: [5e4], side: [LONG] }), 3, 10);
    const first = spec(r, { markers });
    const moved = spec(r, { markPrice: 126, markers });
    expect(moved.markPrice).toBe(126);
    expect(moved.profile).toBe(first.profile);
    expect(moved.markers).toBe(first.markers);
    expect(Array.from(first.markers!.y)).toEqual([115]);
    expect(spec(r).markers).toBeNull();
  });

  it('one marker per cell and side: on its row\'s centre and its candle, longs left and shorts right, area by USD, text with count, USD and price', () => {
    const r = result();
    const H = 3_600_000;
    // Two longs in the 110 row of the second candle, one short in the same cell, one long in another candle.
    const sums = cellSums(cellLayout(r), { time: [H, H + 60_000, H + 120_000, 2 * H], price: [112, 119.5, 113.25, 131], usd: [3e5, 1e5, 4e5, 1e4], side: [LONG, LONG, SHORT, LONG] });
    const s = spec(r, { markers: withinBudget(sums, 3, 10) });
    const m = s.markers!;
    expect(Array.from(m.x)).toEqual([H - H / 4, H + H / 4, 2 * H - H / 4]);
    expect(Array.from(m.y)).toEqual([115, 115, 135]);
    expect(Array.from(m.diameter)).toEqual([24, 24, 4 + 20 * Math.sqrt(1e4 / 4e5)]);
    expect(Array.from(m.side)).toEqual([LONG, SHORT, LONG]);
    expect(Array.from(m.usd)).toEqual([4e5, 4e5, 1e4]);
    expect([0, 1, 2].map((i) => markerText(s, i))).toEqual([
      '1970-01-01 01:00 UTC (1 h candle): longs liquidated between 110 and 120: 2 events, $400,000',
      '1970-01-01 01:00 UTC (1 h candle): shorts liquidated at 113.25: 1 event, $400,000',
      '1970-01-01 02:00 UTC (1 h candle): longs liquidated at 131: 1 event, $10,000',
    ]);
    // Over the budget the candles merge (here all three: rows and sides never merge), and the text names their span.
    const merged = spec(r, { markers: withinBudget(sums, 3, 2) });
    expect(markerText(merged, 0)).toBe('1970-01-01 00:00 to 1970-01-01 03:00 UTC (3 candles): longs liquidated between 110 and 120: 2 events, $400,000');
    expect(merged.markers!.x[0]).toBe(H - H / 4);
  });

  it('the side profile is the last matrix column (what rests now)', () => {
    expect(Array.from(spec(result()).profile)).toEqual([8, 0, 10, 11]);
  });

  it('the read-out names the candle, its OHLC and the price row by price-grid.ts\'s bins', () => {
    const s = spec(result());
    expect(candleText(s, 1)).toBe('1970-01-01 01:00 UTC (1 h candle)');
    expect(candleOhlc(s, 2)).toBe('open 121.00 · high 127.00 · low 119.00 · close 120.00');
    expect([rowAt(s, 100), rowAt(s, 109.99), rowAt(s, 110), rowAt(s, 139.9), rowAt(s, 140), rowAt(s, 99.9), rowAt(s, NaN)]).toEqual([0, 0, 1, 3, -1, -1, -1]);
    expect(rowRange(s, 2)).toBe('120 to 130');
    // An edge price in decimal steps lands in its own row (0.3 / 0.1 is 2.9999999999999996 in binary).
    const fine = spec({ ...result(), priceBins: Float64Array.from([0.1, 0.2, 0.3, 0.4]), step: 0.1 });
    expect(rowAt(fine, 0.3)).toBe(2);
  });

  it('a live update (same candles, the window moved on) keeps the zoom; another range or step does not', () => {
    const r = result();
    const s = spec(r);
    const H = 3_600_000;
    const shifted = spec({ ...r, times: Float64Array.from([H, 2 * H, 3 * H]) });
    expect(isLiveUpdate(s, spec(r, { markPrice: 130 }))).toBe(true);
    expect(isLiveUpdate(s, shifted)).toBe(true);
    // Another range of the same candle size starts earlier; another candle size or step is another picture.
    expect(isLiveUpdate(shifted, s)).toBe(false);
    // A shorter range of the same candles ends where the longer one does.
    const long = spec({ ...r, times: Float64Array.from({ length: 30 }, (_, i) => i * H), open: new Float64Array(30), high: new Float64Array(30), low: new Float64Array(30), close: new Float64Array(30), matrix: new Float32Array(120) });
    const short = spec({ ...r, times: Float64Array.from({ length: 10 }, (_, i) => (20 + i) * H), open: new Float64Array(10), high: new Float64Array(10), low: new Float64Array(10), close: new Float64Array(10), matrix: new Float32Array(40) });
    expect(isLiveUpdate(long, short)).toBe(false);
    expect(isLiveUpdate(s, spec({ ...r, candleMinutes: 15 }))).toBe(false);
    expect(isLiveUpdate(s, spec({ ...r, step: 5 }))).toBe(false);
  });

  it('labels synthetic data and keeps the price to mark', () => {
    expect(spec(result(), { synthetic: true }).note).toContain('SYNTHETIC');
    expect(spec(result()).note).toBe('');
    expect(spec(result()).markPrice).toBe(120);
  });

  it('accepts its own spec, also as IndexedDB clones it, and refuses a Plotly figure of an older version or a damaged one', () => {
    const r = result();
    const s = spec(r, { markers: withinBudget(cellSums(cellLayout(r), { time: [0], price: [101], usd: [1], side: [SHORT] }), 3, 10) });
    expect(isHeatmapSpec(s)).toBe(true);
    expect(isHeatmapSpec(structuredClone(s))).toBe(true);
    expect(isHeatmapSpec(spec(r))).toBe(true);
    expect(isHeatmapSpec({ data: [{ type: 'image', source: 'data:image/png;base64,' }], layout: {} })).toBe(false);
    expect(isHeatmapSpec({ ...s, matrix: new Float32Array(5) })).toBe(false);
    expect(isHeatmapSpec({ ...s, close: [1, 2, 3] })).toBe(false);
    expect(isHeatmapSpec({ ...s, markers: { ...s.markers!, size: 2 } })).toBe(false);
    expect(isHeatmapSpec(null)).toBe(false);
  });
});

describe('kthSmallest', () => {
  it('is the k-th value of the sorted array, ties and all, for every k', () => {
    const values = [5, 1, 4, 4, 9, 0.5, 4, 7, 2, 2, 8, 3, 6, 1];
    const sorted = [...values].sort((a, b) => a - b);
    for (let k = 0; k < values.length; k++) expect(kthSmallest(Float32Array.from(values), k)).toBe(sorted[k]);
    let seed = 7;
    const random = Float32Array.from({ length: 5000 }, () => ((seed = (seed * 48271) % 2147483647) % 1000) / 10);
    const order = Float32Array.from(random).sort();
    for (const k of [0, 1, 2499, 4950, 4999]) expect(kthSmallest(Float32Array.from(random), k)).toBe(order[k]);
  });
});
