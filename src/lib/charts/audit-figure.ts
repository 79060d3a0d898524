/**
 * The audit as a Plotly figure: per candle of the recorded period, the predicted USD (what the
 * heatmap walk consumed) as bars and the realised USD (recorded liquidations) as lines with
 * markers on their own axis on the right, longs and shorts in the candles' colours. Realised
 * is usually a small fraction of predicted (the stream shows a sample), so one shared axis
 * would flatten it; the ratio is in the statistics beside the chart.
 */
import type { AuditCandles } from '../model/audit.ts';
import { candleLabel } from './heatmap-figure.ts';
import { CANDLE_DOWN, CANDLE_UP } from './candle-traces.ts';
import type { Figure } from './plotly.ts';

const iso = (times: Float64Array) => Array.from(times, (t) => new Date(t).toISOString());

export function auditFigure(c: AuditCandles, o: { symbol: string; candleMinutes: number }): Figure {
  const x = iso(c.times);
  const candle = `${candleLabel(o.candleMinutes)} candle`;
  const bar = (name: string, y: Float64Array, color: string) => ({
    type: 'bar', name, x, y: Array.from(y), marker: { color, opacity: 0.45 },
    hovertemplate: `%{x|%Y-%m-%d %H:%M} UTC (${candle})<br>${name}: %{y:$,.4s}<extra></extra>`,
  });
  const line = (name: string, y: Float64Array, color: string) => ({
    type: 'scatter', mode: 'lines+markers', name, x, y: Array.from(y), yaxis: 'y2', line: { color, width: 1.5 }, marker: { color, size: 5 },
    hovertemplate: `%{x|%Y-%m-%d %H:%M} UTC (${candle})<br>${name}: %{y:$,.4s}<extra></extra>`,
  });
  return {
    data: [
      bar('predicted longs', c.predictedLong, CANDLE_DOWN),
      bar('predicted shorts', c.predictedShort, CANDLE_UP),
      line('realised longs', c.realisedLong, CANDLE_DOWN),
      line('realised shorts', c.realisedShort, CANDLE_UP),
    ],
    layout: {
      barmode: 'group',
      xaxis: { type: 'date', title: { text: `${o.symbol}: ${candle}s of the recorded period (UTC)` } },
      yaxis: { title: { text: 'predicted USD (walk consumed)' }, rangemode: 'tozero', tickformat: '$,.3s' },
      yaxis2: { title: { text: 'realised USD (recorded)' }, overlaying: 'y', side: 'right', rangemode: 'tozero', tickformat: '$,.3s', showgrid: false },
    },
  };
}
