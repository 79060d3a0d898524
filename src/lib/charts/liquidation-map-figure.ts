/**
 * The Liquidation Map as a Plotly figure: bars per liquidation price bin stacked by leverage
 * tier (longs left of the price, shorts right), the two cumulative curves on a second axis,
 * and the current price as a vertical line. Pure: data in, figure out.
 */
import type { MapResult } from '../model/types.ts';
import type { Figure } from './plotly.ts';
import { tierColour } from '../model/tiers.ts';
import { formatUsd } from '../format.ts';
import type { RealisedBins } from '../live/tape.ts';

/** Realised (recorded) liquidations per bin, drawn on their own axis beside the estimate. */
function realisedTraces(r: RealisedBins, step: number): Record<string, unknown>[] {
  const half = step / 2;
  const x = Array.from(r.priceBin, (p) => p + half);
  return (['long', 'short'] as const).map((side) => ({
    type: 'bar', name: `realised ${side}s (recorded)`, x, y: Array.from(r[side]), yaxis: 'y3', width: step * 0.5,
    marker: { color: 'rgba(0,0,0,0)', line: { color: side === 'long' ? '#ff6384' : '#26a69a', width: 1.5 } },
    hovertemplate: `realised ${side}s %{x:,.2f} ± ${half}<br>%{y:$,.3s}<extra></extra>`,
  }));
}

export function liquidationMapFigure(result: MapResult, markPrice: number, step: number, symbol: string, realised?: RealisedBins | null): Figure {
  const { cells, curves } = result;
  const leverages = [...new Set(cells.leverage)].sort((a, b) => a - b);
  const half = step / 2;
  const data: Record<string, unknown>[] = leverages.map((lev) => {
    const x: number[] = [];
    const y: number[] = [];
    const side: string[] = [];
    for (let i = 0; i < cells.leverage.length; i++) {
      if (cells.leverage[i] !== lev) continue;
      x.push(cells.priceBin[i] + half);
      y.push(cells.volumeUsd[i]);
      side.push(cells.side[i] === 0 ? 'long' : 'short');
    }
    return {
      type: 'bar', name: `${lev}x`, x, y, customdata: side, width: step * 0.9,
      marker: { color: tierColour(lev) },
      hovertemplate: `${lev}x %{customdata}<br>liq price %{x:,.2f} ± ${half}<br>%{y:$,.3s}<extra></extra>`,
    };
  });
  data.push(
    {
      type: 'scatter', mode: 'lines', name: 'cumulative longs', yaxis: 'y2',
      x: Array.from(curves.longPrice, (p) => p + half), y: Array.from(curves.longCum),
      line: { color: '#ff6384', width: 2 }, hovertemplate: 'longs below %{x:,.2f}: %{y:$,.4s}<extra></extra>',
    },
    {
      type: 'scatter', mode: 'lines', name: 'cumulative shorts', yaxis: 'y2',
      x: Array.from(curves.shortPrice, (p) => p + half), y: Array.from(curves.shortCum),
      line: { color: '#26a69a', width: 2 }, hovertemplate: 'shorts above %{x:,.2f}: %{y:$,.4s}<extra></extra>',
    },
  );
  const withRealised = !!realised && realised.priceBin.length > 0;
  if (withRealised) data.push(...realisedTraces(realised, step));
  return {
    data,
    layout: {
      ...(withRealised ? { yaxis3: { overlaying: 'y', side: 'left', position: 0, anchor: 'free', showgrid: false, tickformat: '$,.2s', rangemode: 'tozero', showticklabels: false, title: { text: '' } } } : {}),
      barmode: 'stack',
      bargap: 0,
      hovermode: 'closest',
      xaxis: { title: { text: `${symbol} liquidation price` }, gridcolor: '#1f2633', tickformat: ',.0f' },
      yaxis: { title: { text: 'Estimated liquidation volume (USD)' }, gridcolor: '#1f2633', tickformat: '$,.2s', rangemode: 'tozero' },
      yaxis2: { overlaying: 'y', side: 'right', showgrid: false, tickformat: '$,.2s', rangemode: 'tozero', title: { text: 'Cumulative (USD)' } },
      shapes: [
        { type: 'line', xref: 'x', yref: 'paper', x0: markPrice, x1: markPrice, y0: 0, y1: 1, line: { color: '#f5f5f5', width: 1.5, dash: 'dot' } },
      ],
      annotations: [
        { x: markPrice, xref: 'x', y: 1, yref: 'paper', yanchor: 'bottom', showarrow: false, text: `price ${formatUsd(markPrice)}`, font: { color: '#f5f5f5' } },
      ],
    },
  };
}
