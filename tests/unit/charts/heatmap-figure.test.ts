import { describe, expect, it } from 'vitest';
import { compactUsd, heatmapFigure, kthSmallest, nonZeroPercentile, resultScale, transposeToRows } from '../../../src/lib/charts/heatmap-figure.ts';
import type { Figure } from '../../../src/lib/charts/plotly.ts';
import { CANDLE_DOWN, CANDLE_UP } from '../../../src/lib/charts/candle-traces.ts';
import type { HeatmapResult } from '../../../src/lib/model/types.ts';
import { cellLayout, cellSums, LONG, SHORT, withinBudget } from '../../../src/lib/model/marker-cells.ts';

type Trace = Record<string, unknown>;

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

function traces(r: HeatmapResult, lockedZmax?: number): Trace[] {
  return heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120, lockedZmax }).figure.data as Trace[];
}
const byName = (data: Trace[], name: string) => data.find((t) => t.name === name)!;

describe('heatmapFigure', () => {
  it('the cells are one image, one pixel per cell, with the transposed matrix as the hover values', () => {
    const r = result();
    const cells = byName(traces(r), 'resting liquidations');
    expect(cells.type).toBe('image');
    expect(String(cells.source)).toMatch(/^data:image\/png;base64,/);
    const rows = cells.customdata as Float32Array[];
    expect(rows).toHaveLength(4);
    for (let p = 0; p < 4; p++) for (let t = 0; t < 3; t++) expect(rows[p][t]).toBe(r.matrix[t * 4 + p]);
    expect(Array.from(rows[1])).toEqual([1, 5, 0]);
  });

  it('pixels sit on the candle times and price bin centres; the hover names time, price band and volume', () => {
    const h = byName(traces(result()), 'resting liquidations');
    expect([h.x0, h.dx, h.y0, h.dy]).toEqual([0, 3_600_000, 105, 10]);
    expect(h.xaxis).toBe('x4');
    expect(h.hovertemplate).toContain('%{text} UTC');
    expect((h.text as string[][]).map((row) => row[1])).toEqual(Array(4).fill('1970-01-01 01:00'));
    expect(h.hovertemplate).toContain('± 5');
    expect(h.hovertemplate).toContain('%{customdata:$');
  });

  it('clips the colour scale at the 99th percentile of non-zero cells, stated on the colour bar', () => {
    // 199 cells of 1 and one outlier of 1000: p99 of the non-zero cells is 1, not 1000.
    const cells = new Array(200).fill(1);
    cells[57] = 1000;
    const r = { ...result(), times: new Float64Array(50), priceBins: Float64Array.from([1, 2, 3, 4]), matrix: Float32Array.from(cells) };
    const { figure, scale } = heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120 });
    expect(scale.zmax).toBe(1);
    const bar = (figure.layout as { yaxis3: { title: { text: string }; ticktext: string[]; tickvals: number[] } }).yaxis3;
    expect(bar.title.text).toContain('sqrt');
    expect(bar.title.text).toContain('p99');
    expect(bar.ticktext.at(-1)).toBe('$1');
    // sqrt scale: a quarter of zmax sits half way up the bar.
    expect(bar.tickvals[bar.ticktext.indexOf('$0.25')]).toBe(0.5);
  });

  it('compactUsd writes short colour bar ticks', () => {
    expect([compactUsd(0), compactUsd(1_234_567), compactUsd(25_000), compactUsd(3.2e9)]).toEqual(['$0', '$1.2M', '$25k', '$3.2B']);
  });

  it('the phone variant gives the cells the full width: the side profile hidden, the colour bar under the plot', () => {
    const { figure } = heatmapFigure(result(), { symbol: 'BTCUSDT', markPrice: 120 });
    const phone = figure.phone as Figure;
    const layout = phone.layout as { xaxis: { domain: number[] }; xaxis3: { domain: number[]; side: string }; yaxis: { domain: number[] }; yaxis3: { domain: number[] } };
    expect(layout.xaxis.domain).toEqual([0, 1]);
    expect(byName(phone.data as Trace[], 'resting now').visible).toBe(false);
    expect(layout.xaxis3.domain).toEqual([0, 1]);
    expect(layout.yaxis3.domain[1]).toBeLessThan(layout.yaxis.domain[0]);
    expect((figure.layout as { xaxis: { domain: number[] } }).xaxis.domain[1]).toBeLessThan(1);
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
    expect((locked.figure.layout as { yaxis3: { title: { text: string } } }).yaxis3.title.text).toContain('locked');
    expect(heatmapFigure(bigger, { symbol: 'BTCUSDT', markPrice: 120 }).scale.zmax).not.toBe(first.zmax);
  });

  it('a redraw of the same result with new markers or price reuses its cells, candles and profile; a new colour top re-encodes', () => {
    const r = result();
    const first = heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120 }).figure.data as Trace[];
    const markers = withinBudget(cellSums(cellLayout(r), { time: [3_600_000], price: [118], usd: [5e4], side: [LONG] }), 3, 10);
    const again = heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 125, markers }).figure.data as Trace[];
    for (const name of ['resting liquidations', 'price', 'resting now']) expect(byName(again, name)).toBe(byName(first, name));
    expect(byName(again, 'realised liquidations')).toMatchObject({ y: Float64Array.from([115]), xaxis: 'x4' });
    // A new price only: the very same marker trace.
    const moved = heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 126, markers }).figure.data as Trace[];
    expect(byName(moved, 'realised liquidations')).toBe(byName(again, 'realised liquidations'));
    const locked = heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120, lockedZmax: 1 }).figure.data as Trace[];
    expect(byName(locked, 'resting liquidations').source).not.toBe(byName(first, 'resting liquidations').source);
  });

  it('one marker per cell and side: on its row\'s centre and its candle, longs left and shorts right, area by USD, hover with count, USD and price', () => {
    const r = result();
    const H = 3_600_000;
    // Two longs in the 110 row of the second candle, one short in the same cell, one long in another candle.
    const sums = cellSums(cellLayout(r), { time: [H, H + 60_000, H + 120_000, 2 * H], price: [112, 119.5, 113.25, 131], usd: [3e5, 1e5, 4e5, 1e4], side: [LONG, LONG, SHORT, LONG] });
    const m = byName(heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120, markers: withinBudget(sums, 3, 10) }).figure.data as Trace[], 'realised liquidations');
    expect(Array.from(m.x as Float64Array)).toEqual([H - H / 4, H + H / 4, 2 * H - H / 4]);
    expect(Array.from(m.y as Float64Array)).toEqual([115, 115, 135]);
    const marker = m.marker as { size: Float64Array; color: string[] };
    expect(Array.from(marker.size)).toEqual([24, 24, 4 + 20 * Math.sqrt(1e4 / 4e5)]);
    expect(marker.color).toEqual([CANDLE_DOWN, CANDLE_UP, CANDLE_DOWN]);
    // The USD follows the text, formatted by Plotly at hover.
    expect(m.hovertemplate).toBe('%{text}%{customdata:$,.4s}<extra></extra>');
    expect(Array.from(m.customdata as Float64Array)).toEqual([4e5, 4e5, 1e4]);
    expect(m.text).toEqual([
      '1970-01-01 01:00 UTC (1 h candle)<br>longs liquidated between 110 and 120: 2 events, ',
      '1970-01-01 01:00 UTC (1 h candle)<br>shorts liquidated at 113.25: 1 event, ',
      '1970-01-01 02:00 UTC (1 h candle)<br>longs liquidated at 131: 1 event, ',
    ]);
    // Over the budget the candles merge (here all three: rows and sides never merge), and the hover names their span.
    const merged = byName(heatmapFigure(r, { symbol: 'BTCUSDT', markPrice: 120, markers: withinBudget(sums, 3, 2) }).figure.data as Trace[], 'realised liquidations');
    expect((merged.text as string[])[0]).toBe('1970-01-01 00:00 to 1970-01-01 03:00 UTC (3 candles)<br>longs liquidated between 110 and 120: 2 events, ');
    expect(Array.from(merged.x as Float64Array)[0]).toBe(H - H / 4);
  });

  it('the side profile is the last matrix row (what rests now), on the second x-axis', () => {
    const profile = byName(traces(result()), 'resting now');
    expect(Array.from(profile.x as Float32Array)).toEqual([8, 0, 10, 11]);
    expect(Array.from(profile.y as Float64Array)).toEqual([105, 115, 125, 135]);
    expect(profile.xaxis).toBe('x2');
  });

  it('draws the cells, then the wicks, the candle bodies over them (all on the time axis\'s twin, above its own subplot), the side profile and the colour bar', () => {
    expect(traces(result()).map((t) => `${t.type}:${t.name}`)).toEqual(['scatter:time axis', 'image:resting liquidations', 'scatter:wicks up', 'scatter:wicks down', 'bar:price', 'scatter:resting now', 'image:colour scale']);
  });

  it('candle bodies run from open to close on the heatmap axes; a doji keeps a visible height, centred on its price', () => {
    const r = result();
    const body = byName(traces(r), 'price');
    // On the cells' twin axis, so drawn above the cells.
    expect(body.xaxis).toBe('x4');
    expect(Array.from(body.x as Float64Array)).toEqual([0, 3_600_000, 7_200_000]);
    // Up 115 -> 118; doji at 118 (4 rows of 10 = 40 on the axis, / 250 = 0.16 tall); down 121 -> 120.
    const base = Array.from(body.base as Float64Array);
    const height = Array.from(body.y as Float64Array);
    expect(base[0]).toBe(115);
    expect(height[0]).toBe(3);
    expect(height[1]).toBeCloseTo(0.16, 10);
    expect(base[1] + height[1] / 2).toBeCloseTo(118, 10);
    expect(base[2]).toBe(120);
    expect(height[2]).toBe(1);
    expect((body.marker as { color: string[] }).color).toEqual([CANDLE_UP, CANDLE_UP, CANDLE_DOWN]);
    // 70% of the 1 h candle slot wide.
    expect(body.width).toBe(0.7 * 3_600_000);
  });

  it('wicks are one point per candle and direction at its low, with an error bar up to its high', () => {
    const data = traces(result());
    const up = byName(data, 'wicks up');
    const down = byName(data, 'wicks down');
    expect(up.mode).toBe('none');
    expect(up.x).toEqual([0, 3_600_000]);
    expect(up.y).toEqual([111, 116]);
    expect(up.error_y).toMatchObject({ type: 'data', symmetric: false, array: [8, 9], arrayminus: [0, 0], width: 0, color: CANDLE_UP });
    expect(down.x).toEqual([7_200_000]);
    expect(down.y).toEqual([119]);
    expect(down.error_y).toMatchObject({ array: [8], arrayminus: [0], color: CANDLE_DOWN });
  });

  it('hovering a body or a wick\'s low names the candle time and its open, high, low and close', () => {
    const data = traces(result());
    const body = byName(data, 'price');
    expect(body.customdata).toEqual([[115, 119, 111, 118], [118, 125, 116, 118], [121, 127, 119, 120]]);
    // The time as text: on the linear twin axis, a date format of x would not apply.
    expect(body.hovertemplate).toContain('%{text} UTC (1 h candle)');
    expect(body.text).toEqual(['1970-01-01 00:00', '1970-01-01 01:00', '1970-01-01 02:00']);
    expect(body.textposition).toBe('none');
    for (const [i, name] of ['open', 'high', 'low', 'close'].entries()) expect(body.hovertemplate).toContain(`${name} %{customdata[${i}]`);
    const down = byName(data, 'wicks down');
    expect(down.customdata).toEqual([[121, 127, 119, 120]]);
    expect(down.text).toEqual(['1970-01-01 02:00']);
    expect(down.hovertemplate).toBe(body.hovertemplate);
  });

  it('marks the current price with a horizontal line and labels synthetic data', () => {
    const { figure } = heatmapFigure(result(), { symbol: 'BTCUSDT', markPrice: 120, synthetic: true });
    const layout = figure.layout as { shapes: { y0: number; y1: number }[]; annotations: { text: string }[] };
    expect(layout.shapes).toHaveLength(1);
    expect(layout.shapes[0].y0).toBe(120);
    expect(layout.shapes[0].y1).toBe(120);
    expect(layout.annotations.map((a) => a.text).join(' ')).toContain('SYNTHETIC');
  });

  it('transposeToRows handles an empty matrix', () => {
    expect(transposeToRows(new Float32Array(0), 0, 3).map((r) => r.length)).toEqual([0, 0, 0]);
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
