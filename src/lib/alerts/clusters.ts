/**
 * Predicted liquidation clusters of a map: per side, runs of adjacent price bins (exact
 * decimal bins, price-grid.ts) that each hold at least CLUSTER_BIN_SHARE of $Y, whose total
 * reaches $Y. A thin bin breaks a run, so a map with volume in every bin still shows its
 * dense bands as separate clusters instead of one band across the whole side.
 */
import { binIndex, cleanDecimal } from '../model/price-grid.ts';
import type { MapCells } from '../model/types.ts';
import type { LiquidatedSide } from '../live/events.ts';

/** A bin holding less than this share of the cluster size breaks a cluster. */
export const CLUSTER_BIN_SHARE = 1 / 20;

export interface Cluster {
  side: LiquidatedSide;
  /** Lower edge of the lowest bin and upper edge of the highest bin. */
  low: number;
  high: number;
  usd: number;
  /** USD-weighted mean of the bins' lower edges. */
  centre: number;
}

/** The clusters of at least `minUsd` in `cells` (bins `step` wide), lowest price first per side. */
export function clustersOf(cells: MapCells, step: number, minUsd: number): Cluster[] {
  if (!(step > 0) || !(minUsd > 0)) return [];
  const out: Cluster[] = [];
  for (const [sideCode, side] of [[0, 'long'], [1, 'short']] as const) {
    const perBin = new Map<number, number>();
    for (let i = 0; i < cells.priceBin.length; i++) {
      if (cells.side[i] !== sideCode) continue;
      const k = binIndex(cells.priceBin[i], step);
      perBin.set(k, (perBin.get(k) ?? 0) + cells.volumeUsd[i]);
    }
    const dense = [...perBin].filter(([, usd]) => usd >= minUsd * CLUSTER_BIN_SHARE).sort((a, b) => a[0] - b[0]);
    let run: [number, number][] = [];
    const close = () => {
      const usd = run.reduce((s, [, u]) => s + u, 0);
      if (run.length && usd >= minUsd) {
        out.push({
          side, usd,
          low: cleanDecimal(run[0][0] * step),
          high: cleanDecimal((run[run.length - 1][0] + 1) * step),
          centre: run.reduce((s, [k, u]) => s + k * step * u, 0) / usd,
        });
      }
      run = [];
    };
    for (const bin of dense) {
      if (run.length && bin[0] !== run[run.length - 1][0] + 1) close();
      run.push(bin);
    }
    close();
  }
  return out;
}

/** Distance from `price` to the nearest edge of the cluster, in % of the price (0 inside it). */
export function distancePct(c: Pick<Cluster, 'low' | 'high'>, price: number): number {
  const gap = price < c.low ? c.low - price : price > c.high ? price - c.high : 0;
  return (gap / price) * 100;
}

/** The nearest cluster of each side to `price` (null where a side has none). */
export function nearestClusters(clusters: readonly Cluster[], price: number): Record<LiquidatedSide, Cluster | null> {
  const best: Record<LiquidatedSide, Cluster | null> = { long: null, short: null };
  for (const c of clusters) {
    const b = best[c.side];
    if (!b || distancePct(c, price) < distancePct(b, price)) best[c.side] = c;
  }
  return best;
}

/** A cluster's identity for "at most one alert per cluster per hour": its side and edges. */
export const clusterKey = (symbol: string, c: Cluster): string => `${symbol}|${c.side}|${c.low}|${c.high}`;
