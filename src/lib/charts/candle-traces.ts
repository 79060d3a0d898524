/**
 * Candles as the traces of Plotly's cartesian build, which has no candlestick: one `bar` trace
 * for the bodies (open to close, coloured by direction) and, per direction, the high-low wicks
 * as error bars of points at the lows. Hovering a body or a wick's low names the candle's time
 * and OHLC.
 */
export const CANDLE_UP = '#26a69a';
export const CANDLE_DOWN = '#ef5350';

/** The body's share of the candle's time slot (the rest is the gap between candles). */
const BODY_WIDTH = 0.7;

export interface CandleSeries {
  times: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
}

export interface CandleTraceOptions {
  /** One candle's length, ms: the body is BODY_WIDTH of it. */
  candleMs: number;
  /** A doji (open = close) is drawn this tall, centred on its price, so it stays visible. */
  minBodyHeight: number;
  /** e.g. "15 min", named in the hover label. */
  label: string;
}

type Trace = Record<string, unknown>;

/**
 * "2025-11-30 12:15": a time for the hover text. The candles lie on a linear axis of ms (the
 * heatmap's twin of its time axis), where Plotly's date formats in hovertemplate do not apply.
 */
export const utcMinute = (t: number): string => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

const isUp = (c: CandleSeries, i: number) => c.close[i] >= c.open[i];

/**
 * The wicks of the candles in one direction: a point at each low with an error bar up to its
 * high. Plotly draws each null-separated segment of a line as its own path with its own style,
 * which made the wicks half the cost of a year's redraw; error bars are one plain path each.
 */
function wickTrace(c: CandleSeries, up: boolean, hovertemplate: string): Trace {
  const x: number[] = [];
  const low: number[] = [];
  const span: number[] = [];
  const customdata: number[][] = [];
  const text: string[] = [];
  for (let i = 0; i < c.times.length; i++) {
    if (isUp(c, i) !== up) continue;
    x.push(c.times[i]);
    text.push(utcMinute(c.times[i]));
    low.push(c.low[i]);
    span.push(c.high[i] - c.low[i]);
    customdata.push([c.open[i], c.high[i], c.low[i], c.close[i]]);
  }
  const colour = up ? CANDLE_UP : CANDLE_DOWN;
  return {
    type: 'scatter', mode: 'none', name: up ? 'wicks up' : 'wicks down', x, y: low, customdata, text,
    error_y: { type: 'data', symmetric: false, array: span, arrayminus: span.map(() => 0), width: 0, thickness: 1, color: colour },
    hovertemplate,
  };
}

/** Wicks first, then bodies, so each body covers its own wick. */
export function candleTraces(c: CandleSeries, opts: CandleTraceOptions): Trace[] {
  const n = c.times.length;
  const base = new Float64Array(n);
  const height = new Float64Array(n);
  const colour: string[] = [];
  const customdata: number[][] = [];
  for (let i = 0; i < n; i++) {
    const o = c.open[i];
    const cl = c.close[i];
    const body = Math.abs(cl - o);
    const tall = Math.max(body, opts.minBodyHeight);
    base[i] = tall > body ? (o + cl) / 2 - tall / 2 : Math.min(o, cl);
    height[i] = tall;
    colour.push(isUp(c, i) ? CANDLE_UP : CANDLE_DOWN);
    customdata.push([o, c.high[i], c.low[i], cl]);
  }
  const hovertemplate =
    `%{text} UTC (${opts.label} candle)<br>open %{customdata[0]:,.2f}<br>high %{customdata[1]:,.2f}` +
    '<br>low %{customdata[2]:,.2f}<br>close %{customdata[3]:,.2f}<extra></extra>';
  const bodies = {
    type: 'bar', name: 'price', x: c.times, y: height, base, width: opts.candleMs * BODY_WIDTH, customdata,
    text: Array.from(c.times, utcMinute), textposition: 'none',
    marker: { color: colour, line: { width: 0 } }, hovertemplate,
  };
  return [wickTrace(c, true, hovertemplate), wickTrace(c, false, hovertemplate), bodies];
}
