/** Totals and cumulative curves from map cells (one point per bin after summing leverage). */
import type { Curves, MapCells, MapTotals } from './types.ts';

/** Sum cells over leverage into one volume per (side, bin); bins ascending. */
function sideBins(cells: MapCells, side: 0 | 1): { bins: Float64Array; volumes: Float64Array } {
  const byBin = new Map<number, number>();
  for (let i = 0; i < cells.side.length; i++) {
    if (cells.side[i] !== side) continue;
    byBin.set(cells.priceBin[i], (byBin.get(cells.priceBin[i]) ?? 0) + cells.volumeUsd[i]);
  }
  const bins = Float64Array.from(byBin.keys()).sort();
  return { bins, volumes: bins.map((b) => byBin.get(b)!) };
}

function runningSum(v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  let s = 0;
  for (let i = 0; i < v.length; i++) out[i] = s += v[i];
  return out;
}

/** Long: from the price downwards (bins descending); short: from the price upwards. */
export function curvesAndTotals(cells: MapCells): { curves: Curves; totals: MapTotals } {
  const long = sideBins(cells, 0);
  const short = sideBins(cells, 1);
  const longPrice = long.bins.slice().reverse();
  const longCum = runningSum(long.volumes.slice().reverse());
  const shortCum = runningSum(short.volumes);
  const longTotal = longCum.length ? longCum[longCum.length - 1] : 0;
  const shortTotal = shortCum.length ? shortCum[shortCum.length - 1] : 0;
  return {
    curves: { longPrice, longCum, shortPrice: short.bins, shortCum },
    totals: {
      long: longTotal,
      short: shortTotal,
      total: longTotal + shortTotal,
      longBins: long.bins.length,
      shortBins: short.bins.length,
    },
  };
}
