/** The inputs and outputs of liqmap's models (../shared/design/models.md). Pure data, no DOM. */

export type Formula = 'exact' | 'reference';
/** How an entry bin's volume is split between longs and shorts. */
export type Split = 'taker' | 'even';
export type MapModel = 'oi' | 'trades';

export interface Tier {
  leverage: number;
  weight: number;
}

export interface MapParams {
  symbol: string;
  model: MapModel;
  /** Lookback in whole days, ending with the latest hour present in the loaded profiles. */
  windowDays: number;
  /** Price bin step in USD for entry and liquidation bins. */
  step: number;
  /** Whale threshold in USD notional: one of the profile's size bucket edges. */
  whaleThreshold: number;
  split: Split;
  formula: Formula;
  tiers: Tier[];
  /** Maintenance margin rate m (e.g. 0.004). */
  mmr: number;
  /** Open interest in USD (contracts * mark price). Used by model `oi`. */
  oiUsd: number;
  /** Current mark price: long levels kept below it, short levels above it. */
  markPrice: number;
}

/** One row per non-zero (liquidation bin, side, leverage) cell. side: 0 = long, 1 = short. */
export interface MapCells {
  priceBin: Float64Array;
  side: Uint8Array;
  leverage: Float64Array;
  volumeUsd: Float64Array;
}

/** Cumulative curves, one point per bin after summing over leverage. */
export interface Curves {
  longPrice: Float64Array; // descending from the current price
  longCum: Float64Array;
  shortPrice: Float64Array; // ascending from the current price
  shortCum: Float64Array;
}

export interface MapTotals {
  long: number;
  short: number;
  total: number;
  longBins: number;
  shortBins: number;
}

export interface WindowSpan {
  /** First and last whole UTC hour (epoch ms, hour start) that the window covers. */
  fromHour: number;
  toHour: number;
  hours: number;
}

export interface MapResult {
  cells: MapCells;
  curves: Curves;
  totals: MapTotals;
  window: WindowSpan;
  /** Whale notional in the window (V of models.md) and its taker-buy part. */
  entryNotional: number;
  entryBuyNotional: number;
  /** Wall time the model query took, ms (reported, never asserted). */
  computeMs: number;
}
