/**
 * The map's key levels: the largest peaks of predicted liquidation volume on each side, as a
 * ladder in price order — shorts above the price, longs below — each with its distance from
 * the price, the way a trader reads an order book. A peak is the bin holding the most of what
 * is left on its side, widened over the adjacent bins holding at least PEAK_SHARE of it; its
 * bins are then taken, and the next peak is looked for among the rest. Bins are exact (price-grid.ts).
 */
import { distancePct } from '../alerts/clusters.ts';
import { binIndex, cleanDecimal } from '../model/price-grid.ts';
import type { MapCells } from '../model/types.ts';

/** Peaks listed per side: the largest. */
export const KEY_LEVELS_PER_SIDE = 5;
/** An adjacent bin joins a peak when it holds at least this share of the peak's bin. */
export const PEAK_SHARE = 0.5;

export type LevelSide = 'long' | 'short';

export interface KeyLevel {
  side: LevelSide;
  /** Lower edge of the lowest bin, upper edge of the highest. */
  low: number;
  high: number;
  usd: number;
  /** From the price to the level's nearest edge, % of the price (0 inside it, NaN without a price). */
  distancePct: number;
  /** Share of its side's total USD. */
  sideShare: number;
}

export interface KeyLevels {
  /** Highest price first, so the ladder reads top-down: shorts, the price, longs. */
  shorts: KeyLevel[];
  longs: KeyLevel[];
}

export function keyLevels(cells: MapCells, step: number, price: number): KeyLevels {
  return { shorts: sideLevels(cells, step, price, 'short'), longs: sideLevels(cells, step, price, 'long') };
}

function sideLevels(cells: MapCells, step: number, price: number, side: LevelSide): KeyLevel[] {
  if (!(step > 0)) return [];
  const code = side === 'long' ? 0 : 1;
  const perBin = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < cells.priceBin.length; i++) {
    if (cells.side[i] !== code || !(cells.volumeUsd[i] > 0)) continue;
    const k = binIndex(cells.priceBin[i], step);
    perBin.set(k, (perBin.get(k) ?? 0) + cells.volumeUsd[i]);
    total += cells.volumeUsd[i];
  }
  const bySize = [...perBin].sort((a, b) => b[1] - a[1]);
  const taken = new Set<number>();
  const out: KeyLevel[] = [];
  for (const [peak, peakUsd] of bySize) {
    if (out.length === KEY_LEVELS_PER_SIDE) break;
    if (taken.has(peak)) continue;
    const joins = (k: number) => !taken.has(k) && (perBin.get(k) ?? 0) >= peakUsd * PEAK_SHARE;
    let lo = peak;
    let hi = peak;
    while (joins(lo - 1)) lo--;
    while (joins(hi + 1)) hi++;
    let usd = 0;
    for (let k = lo; k <= hi; k++) {
      usd += perBin.get(k) ?? 0;
      taken.add(k);
    }
    const low = cleanDecimal(lo * step);
    const high = cleanDecimal((hi + 1) * step);
    out.push({ side, low, high, usd, distancePct: price > 0 ? distancePct({ low, high }, price) : NaN, sideShare: usd / total });
  }
  return out.sort((a, b) => b.high - a.high);
}

