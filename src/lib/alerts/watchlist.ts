/**
 * The watchlist: a few symbols, each with its mark price, OI, and the nearest predicted long and
 * short cluster of its latest map. Rows are refreshed one symbol at a time (the engine computes
 * one thing at a time and the open view must not wait long) and each at most once a minute
 * (the REST figures count against Binance's limits). A failed refresh keeps the row's last good
 * answer, with its age and the failure beside it.
 */
import type { MapCells } from '../model/types.ts';
import { clustersOf, distancePct, nearestClusters } from './clusters.ts';
import type { LiquidatedSide } from '../live/events.ts';
import { formatAge } from '../format.ts';

export const WATCH_EVERY_MS = 60_000;
/** Without an alert rule, a cluster must hold this share of the symbol's OI (USD) to be named. */
export const DEFAULT_CLUSTER_OI_SHARE = 0.01;

export interface NearCluster {
  /** The cluster's edge nearest the price. */
  edge: number;
  usd: number;
  distancePct: number;
}

export interface WatchRow {
  symbol: string;
  markPrice: number | null;
  oiUsd: number | null;
  near: Record<LiquidatedSide, NearCluster | null> | null;
  /** The cluster size the row looked for. */
  minUsd: number | null;
  /** When the figures shown were answered (the last good refresh). */
  at: number | null;
  /** Why the latest refresh failed; the figures shown, if any, are the last good ones. */
  error: string | null;
}

/** How old the row's figures are, ticking with `now`; empty before the first answer. */
export function watchAge(row: WatchRow | undefined, now: number): string {
  return row?.at == null ? '' : `${formatAge(now - row.at)} old`;
}

export interface WatchFigures {
  contracts: number;
  markPrice: number;
}

export interface WatchDeps {
  figures(symbol: string): Promise<WatchFigures>;
  /** The symbol's map at these figures (prepared first). */
  map(symbol: string, f: WatchFigures): Promise<{ cells: MapCells; step: number }>;
  /** The symbol's alert cluster size, if it has a rule. */
  ruleMinUsd(symbol: string): number | null;
  now(): number;
}

/** The nearest cluster of each side at `price`, with its nearest edge and distance. */
export function nearOf(cells: MapCells, step: number, minUsd: number, price: number): Record<LiquidatedSide, NearCluster | null> {
  const best = nearestClusters(clustersOf(cells, step, minUsd), price);
  const near = (side: LiquidatedSide): NearCluster | null => {
    const c = best[side];
    if (!c) return null;
    return { edge: Math.abs(c.low - price) < Math.abs(c.high - price) ? c.low : c.high, usd: c.usd, distancePct: distancePct(c, price) };
  };
  return { long: near('long'), short: near('short') };
}

export class WatchlistRunner {
  private readonly last = new Map<string, number>();
  /** The last good row per symbol: what a failed refresh still shows. */
  private readonly good = new Map<string, WatchRow>();
  private running = false;

  constructor(private readonly deps: WatchDeps, private readonly onRow: (row: WatchRow, map: { cells: MapCells; step: number } | null) => void) {}

  /** Refreshes the symbols due (one at a time); a call while one runs does nothing. */
  async refresh(symbols: readonly string[]): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const symbol of symbols) {
        const now = this.deps.now();
        if (now - (this.last.get(symbol) ?? -Infinity) < WATCH_EVERY_MS) continue;
        this.last.set(symbol, now);
        await this.refreshOne(symbol);
      }
    } finally {
      this.running = false;
    }
  }

  private async refreshOne(symbol: string): Promise<void> {
    const row: WatchRow = { symbol, markPrice: null, oiUsd: null, near: null, minUsd: null, at: null, error: null };
    try {
      const f = await this.deps.figures(symbol);
      Object.assign(row, { markPrice: f.markPrice, oiUsd: f.contracts * f.markPrice });
      const map = await this.deps.map(symbol, f);
      const minUsd = this.deps.ruleMinUsd(symbol) ?? f.contracts * f.markPrice * DEFAULT_CLUSTER_OI_SHARE;
      Object.assign(row, { near: nearOf(map.cells, map.step, minUsd, f.markPrice), minUsd, at: this.deps.now() });
      this.good.set(symbol, row);
      this.onRow(row, map);
    } catch (e) {
      this.onRow({ ...(this.good.get(symbol) ?? row), error: e instanceof Error ? e.message : String(e) }, null);
    }
  }
}
