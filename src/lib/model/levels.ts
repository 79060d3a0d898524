/**
 * The levels core (docs/models.md): from whale notional per entry bin with its taker split, the
 * levels every model places: entry bin x tier x side, each at its liquidation price and in the
 * bin that holds it. The map (Models 1 and 2) and the heatmap walk (Model 3) both build on this;
 * nothing else computes a liquidation price, a side split or a liquidation bin.
 */
import { liqPrice } from './liquidation.ts';
import { binIndex, cleanDecimal } from './price-grid.ts';
import type { Formula, Split, Tier } from './types.ts';

export const LONG = 0;
export const SHORT = 1;
export type Side = typeof LONG | typeof SHORT;

/** What turns an entry price into levels. */
export interface LevelRules {
  tiers: readonly Tier[];
  mmr: number;
  formula: Formula;
}

/** Levels of a list of entry prices, index (entry * tiers + tier) * 2 + side. */
export interface LevelTable {
  tiers: readonly Tier[];
  /** Liquidation price of each level. */
  liq: Float64Array;
  /** Index of the `step` bin that holds it (binIndex). */
  liqBin: Float64Array;
}

export function levelIndex(entry: number, tier: number, side: Side, tierCount: number): number {
  return (entry * tierCount + tier) * 2 + side;
}

/** Price of entry bin `index` for `step`: its lower edge, as decimal (docs/models.md, Model 1 step 5). */
export function entryPrice(index: number, step: number): number {
  return cleanDecimal(index * step);
}

export function levelTable(entryPrices: ArrayLike<number>, rules: LevelRules, step: number): LevelTable {
  const nt = rules.tiers.length;
  const liq = new Float64Array(entryPrices.length * nt * 2);
  const liqBin = new Float64Array(liq.length);
  // Leverages read once: the tiers come from params (their objects' shapes vary by caller).
  const leverage = rules.tiers.map((t) => t.leverage);
  for (let e = 0; e < entryPrices.length; e++) {
    for (let k = 0; k < nt; k++) {
      const long = levelIndex(e, k, LONG, nt);
      liq[long] = liqPrice(rules.formula, 'long', entryPrices[e], leverage[k], rules.mmr);
      liqBin[long] = binIndex(liq[long], step);
      const short = levelIndex(e, k, SHORT, nt);
      liq[short] = liqPrice(rules.formula, 'short', entryPrices[e], leverage[k], rules.mmr);
      liqBin[short] = binIndex(liq[short], step);
    }
  }
  return { tiers: rules.tiers, liq, liqBin };
}

/** Share of an entry's volume that opened longs: taker buys over all, or one half. */
export function longShare(buy: number, sell: number, split: Split): number {
  const all = buy + sell;
  return split === 'even' || !(all > 0) ? 0.5 : buy / all;
}
