/**
 * Models 1 (`oi`) and 2 (`trades`) on the levels core: whale notional per entry bin in, map
 * cells (liquidation bin x side x leverage) out. Pure typed-array math; SQL only aggregated the
 * entry bins (map.ts).
 */
import { levelIndex, levelTable, longShare, LONG, SHORT, entryPrice, type LevelRules, type LevelTable, type Side } from './levels.ts';
import { atOrAbove, atOrBelow } from './price-grid.ts';
import type { MapCells, MapModel, Split } from './types.ts';

/** Whale notional per entry bin of the map's step: bin index (binIndex), taker buy and sell USD. */
export interface EntryBins {
  index: Float64Array;
  buy: Float64Array;
  sell: Float64Array;
}

export interface MapLevelParams extends LevelRules {
  step: number;
  split: Split;
  oiUsd: number;
  markPrice: number;
}

/** Still ahead of the price: a long below it, a short above it (a tie counts as reached). */
export function ahead(side: Side, liq: number, markPrice: number): boolean {
  return side === LONG ? !atOrAbove(liq, markPrice) : !atOrBelow(liq, markPrice);
}

/**
 * A model's levels, chosen once per compute: the sums, by the tiers the model counts, and how
 * one exchange's entry bins are added into them (several exchanges add into one).
 */
export interface MapLevels {
  sums: CellSums;
  add: (entries: EntryBins, p: MapLevelParams) => void;
}

export function mapLevels(model: MapModel, p: Pick<MapLevelParams, 'step' | 'tiers'>): MapLevels {
  if (model === 'oi') {
    const sums = new CellSums(p.step, p.tiers);
    return { sums, add: (entries, own) => addOiLevels(entries, own, sums) };
  }
  const sums = new CellSums(p.step, tradeTiers(p.tiers));
  return { sums, add: (entries, own) => addTradesLevels(entries, own, sums) };
}

/** One exchange's cells by `model`: through mapLevels, which owns the tiers each model counts. */
function oneExchangeCells(model: MapModel, entries: EntryBins, p: MapLevelParams): MapCells {
  const levels = mapLevels(model, p);
  levels.add(entries, p);
  return levels.sums.cells();
}

/** Model 1: OI x the bin's share of whale notional, split by side, over tiers by weight. */
export const oiMapCells = (entries: EntryBins, p: MapLevelParams): MapCells => oneExchangeCells('oi', entries, p);

/** Model 1's levels of one exchange added into `sums` (several exchanges add into one). */
function addOiLevels(entries: EntryBins, p: MapLevelParams, sums: CellSums): void {
  const table = entryLevels(entries, p);
  const whale = entries.buy.reduce((s, b, i) => s + b + entries.sell[i], 0);
  if (!(whale > 0)) return;
  for (let e = 0; e < entries.index.length; e++) {
    const oiBin = (p.oiUsd * (entries.buy[e] + entries.sell[e])) / whale;
    const share = longShare(entries.buy[e], entries.sell[e], p.split);
    p.tiers.forEach((tier, k) => {
      for (const side of [LONG, SHORT] as const) {
        const i = levelIndex(e, k, side, p.tiers.length);
        if (!ahead(side, table.liq[i], p.markPrice)) continue;
        sums.add(side, k, table.liqBin[i], oiBin * (side === LONG ? share : 1 - share) * tier.weight);
      }
    });
  }
}

/**
 * Model 2: each side's whale notional is a position of its own, split equally over the k tiers
 * whose level is still ahead of the price (tiers of weight 0 are not tiers here).
 */
export const tradesMapCells = (entries: EntryBins, p: MapLevelParams): MapCells => oneExchangeCells('trades', entries, p);

/** Model 2 counts only tiers of weight > 0: its CellSums are made with these. */
const tradeTiers = (tiers: LevelRules['tiers']) => tiers.filter((t) => t.weight > 0);

/** Model 2's levels of one exchange added into `sums`, over the tiers they were made with (tradeTiers). */
function addTradesLevels(entries: EntryBins, p: Omit<MapLevelParams, 'oiUsd' | 'split'>, sums: CellSums): void {
  const { tiers } = sums;
  const table = entryLevels(entries, { ...p, tiers });
  for (let e = 0; e < entries.index.length; e++) {
    for (const side of [LONG, SHORT] as const) {
      const notional = side === LONG ? entries.buy[e] : entries.sell[e];
      if (!(notional > 0)) continue;
      const kept = tiers.map((_, k) => levelIndex(e, k, side, tiers.length)).filter((i) => ahead(side, table.liq[i], p.markPrice));
      for (const i of kept) sums.add(side, (i >> 1) % tiers.length, table.liqBin[i], notional / kept.length);
    }
  }
}

function entryLevels(entries: EntryBins, p: LevelRules & { step: number }): LevelTable {
  return levelTable(Array.from(entries.index, (b) => entryPrice(b, p.step)), p, p.step);
}

/**
 * Sums by (side, tier, liquidation bin); cells come out by side, bin, then leverage. Several
 * exchanges add into one, so their sum is sorted and laid out once.
 */
export class CellSums {
  private readonly sums = new Map<number, number>();
  private readonly tierCount: number;
  constructor(private readonly step: number, readonly tiers: LevelRules['tiers']) {
    this.tierCount = tiers.length;
  }

  add(side: Side, tier: number, bin: number, usd: number): void {
    if (!(usd > 0)) return;
    const key = (bin * 2 + side) * this.tierCount + tier;
    this.sums.set(key, (this.sums.get(key) ?? 0) + usd);
  }

  cells(): MapCells {
    const { tiers } = this;
    const rows = [...this.sums].map(([key, usd]) => {
      const tier = ((key % this.tierCount) + this.tierCount) % this.tierCount;
      const rest = (key - tier) / this.tierCount;
      const side = (((rest % 2) + 2) % 2) as Side;
      return { side, bin: (rest - side) / 2, leverage: tiers[tier].leverage, usd };
    });
    rows.sort((a, b) => a.side - b.side || a.bin - b.bin || a.leverage - b.leverage);
    return {
      priceBin: Float64Array.from(rows, (r) => entryPrice(r.bin, this.step)),
      side: Uint8Array.from(rows, (r) => r.side),
      leverage: Float64Array.from(rows, (r) => r.leverage),
      volumeUsd: Float64Array.from(rows, (r) => r.usd),
    };
  }
}
