/** The inputs and outputs of liqmap's models (docs/models.md). Pure data, no DOM. */
import type { ExchangeId } from '../live/events.ts';

export type { ExchangeId };

export type Formula = 'exact' | 'reference';
/** How an entry bin's volume is split between longs and shorts. */
export type Split = 'taker' | 'even';
export type MapModel = 'oi' | 'trades';

export interface Tier {
  leverage: number;
  weight: number;
}

/** The settings every model shares. */
export interface ModelSettings {
  symbol: string;
  /** Whale threshold in USD notional: one of the profile's size bucket edges. */
  whaleThreshold: number;
  split: Split;
  formula: Formula;
  tiers: Tier[];
  /** Maintenance margin rate m (e.g. 0.004). */
  mmr: number;
}

/** One selected exchange with its own one-side OI (USD) and mark price. */
export interface ExchangeFigures {
  id: ExchangeId;
  oiUsd: number;
  markPrice: number;
}

/** What one exchange of a result used (models/exchanges.ts); `missing` says why it was left out. */
export interface ExchangeInputs extends ExchangeFigures {
  months: string[];
  missing?: string;
  /** The map's window on this exchange: its own last `windowDays`, to its own last profile hour. */
  window?: WindowSpan;
}

export interface MapParams extends ModelSettings {
  model: MapModel;
  /** Lookback in whole days, ending with the latest hour present in the loaded profiles. */
  windowDays: number;
  /** Price bin step in USD for entry and liquidation bins. */
  step: number;
  /** Open interest in USD (contracts * mark price). Used by model `oi`. */
  oiUsd: number;
  /** Current mark price: long levels kept below it, short levels above it. */
  markPrice: number;
  /** Several exchanges summed, each with its own figures; absent: binance with oiUsd and markPrice. */
  exchanges?: ExchangeFigures[];
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
  /** How many of those hours have any profile row for the symbol (any size bucket). */
  hoursWithData: number;
}

export interface MapResult {
  cells: MapCells;
  curves: Curves;
  totals: MapTotals;
  window: WindowSpan;
  /** Whale notional in the window (V of docs/models.md) and its taker-buy part. */
  entryNotional: number;
  entryBuyNotional: number;
  /** Profile months (YYYY-MM) that rows in the window came from, ascending. */
  months: string[];
  /** Wall time the model query took, ms (reported, never asserted). */
  computeMs: number;
  /** Set when the request named its exchanges: each one's inputs, missing ones included. */
  exchanges?: ExchangeInputs[];
}

/** A leverage tier with its colour for charts. */
export interface TierStyle {
  leverage: number;
  colour: string;
}

/** Candle sizes the heatmap supports, minutes. */
export type CandleMinutes = 5 | 15 | 60 | 240 | 720 | 1440;

export interface HeatmapParams extends ModelSettings {
  /** Range in days, ending with the latest candle present for the symbol (0.5 = 12 h). */
  rangeDays: number;
  candleMinutes: CandleMinutes;
  /** Current open interest in USD: sizes the fallback when there is no OI history. */
  oiUsd: number;
  /** Price row step (also the entry bin step); picked by heatmapStep() when omitted. */
  step?: number;
  /** Upper bound on price rows when the step is picked automatically. */
  maxRows?: number;
  /** Several exchanges summed on one grid, each with its own OI; absent: binance with oiUsd. */
  exchanges?: ExchangeFigures[];
  /** The price rows' [low, high] when given (the union of several exchanges' spans); else the range's own. */
  span?: [number, number];
}

/** Where the heatmap's open interest came from. */
export type HeatmapOiSource = 'history' | 'fallback';

export interface HeatmapInputs {
  /** Open times (epoch ms) of the first and last candle, and the number of candles. */
  fromTime: number;
  toTime: number;
  candles: number;
  oiSource: HeatmapOiSource;
  /** Share of candles with at least one OI record (0..1); history is used when >= 0.9. */
  oiCoverage: number;
  /** Whether an OI record before the first candle gave the OI at the range start. */
  priorOi: boolean;
  /** OI in USD at the range start (OI0) that sized the starting state; NaN without OI history. */
  oiStartUsd: number;
  /** Days of the 30-day lookback before the range that had profile data (30 = all). */
  startDays: number;
  /** USD the lookback opened, and the part price reached before the range (the rest rests at T0). */
  startOpened: number;
  startLiquidated: number;
  /** Fallback only: factor applied to whale notional so the final resting total equals current OI. */
  fallbackScale: number;
  months: string[];
  /** Set when the request named its exchanges: each one's inputs and OI source, missing ones included. */
  /** `candles`: where this exchange has only some of the drawn (first exchange's) candles, how many. */
  exchanges?: (ExchangeInputs & { oiSource?: HeatmapOiSource; oiStartUsd?: number; candles?: { shared: number; of: number } })[];
}

/** The time x price view: a dense matrix, rows = candles (time-major), columns = price bins. */
export interface HeatmapResult {
  times: Float64Array;
  /** Lower edges of the price rows, ascending, `step` apart. */
  priceBins: Float64Array;
  /** times.length * priceBins.length resting USD volumes, index t * priceBins.length + p. */
  matrix: Float32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Per candle, USD: resting after the candle, opened, closed, liquidated longs and shorts. */
  resting: Float64Array;
  opened: Float64Array;
  closed: Float64Array;
  consumedLong: Float64Array;
  consumedShort: Float64Array;
  step: number;
  candleMinutes: CandleMinutes;
  inputs: HeatmapInputs;
  computeMs: number;
}
