/**
 * What the models read: one symbol's loaded profile months as typed columns, kept by the
 * engine's profile table (data/profile-table.ts). Segments come in month order ('live', the
 * streamed partial profile, last), and rows within a segment in time order (volume: by hour,
 * then price_bin), so aggregations walk them front to back without sorting.
 */

/** side: 0 = taker buy, 1 = taker sell (BUY / SELL). */
export const BUY = 0;
export const SELL = 1;

export interface VolumeColumns {
  hour: Float64Array;
  priceBin: Float64Array;
  side: Uint8Array;
  /** The size bucket's lower edge (USD notional), as the file holds it. */
  sizeMin: Float64Array;
  notional: Float64Array;
}

/** 5-minute candles: what the models read of a candles profile. */
export interface OhlcColumns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

export interface OiColumns {
  time: Float64Array;
  contracts: Float64Array;
  usd: Float64Array;
}

export interface Segment<C> {
  month: string;
  columns: C;
}

/**
 * A symbol's data at one moment. A new object whenever any month or the live rows of the
 * symbol change, so results derived from it may be kept on it (WeakMap) without invalidation.
 */
export interface SymbolData {
  symbol: string;
  volume: readonly Segment<VolumeColumns>[];
  candles: readonly Segment<OhlcColumns>[];
  oi: readonly Segment<OiColumns>[];
}

/** The month label of the streamed partial profile. */
export const LIVE_MONTH = 'live';
