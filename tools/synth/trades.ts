/**
 * aggTrades CSV text for one symbol-month, drawn from the market model, yielded in chunks of
 * about 1 MB so that a 50 M-trade month is never held in memory.
 */
import { headerLine } from '../../src/lib/archive/csv-columns.ts';
import { Rng } from './rng.ts';
import type { MonthMarket } from './market.ts';
import type { SymbolSpec } from './symbols.ts';
import { ORIGIN_MONTH } from './market.ts';
import { AsciiWriter } from './ascii-writer.ts';

export const AGG_TRADES_HEADER = headerLine('aggTrades');

/** Share of trades that are whale trades (Pareto-sized, from $400k), on average over a month. */
const WHALE_SHARE = 0.0025;
const COMMA = 44;
const WHALE_MIN_USD = 400_000;
const WHALE_ALPHA = 1.4;
const WHALE_MAX_USD = 40_000_000;
/** Spread of ordinary trade sizes (log-normal sigma). */
const SIZE_SIGMA = 1.5;
/** agg_trade_id space per month: months never overlap below this many trades. */
export const MAX_TRADES_PER_MONTH = 200_000_000;

export interface TradeOptions {
  spec: SymbolSpec;
  market: MonthMarket;
  seed: string;
  trades: number;
  header: boolean;
}

/** Splits `total` over minutes in proportion to weights, exactly (systematic rounding). */
export function allocate(total: number, weights: Float64Array): Int32Array {
  let sum = 0;
  for (const w of weights) sum += w;
  const counts = new Int32Array(weights.length);
  let cum = 0;
  let prev = 0;
  for (let i = 0; i < weights.length; i++) {
    cum += weights[i];
    const upto = i === weights.length - 1 ? total : Math.floor((total * cum) / sum);
    counts[i] = upto - prev;
    prev = upto;
  }
  return counts;
}

function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number);
  const [oy, om] = ORIGIN_MONTH.split('-').map(Number);
  return (y - oy) * 12 + (m - om);
}

export function* aggTradeChunks(o: TradeOptions): Generator<Buffer> {
  const { spec, market } = o;
  if (o.trades > MAX_TRADES_PER_MONTH) throw new Error(`at most ${MAX_TRADES_PER_MONTH} trades per month`);
  const rng = new Rng(`${o.seed}/${spec.symbol}/${market.month}/trades`);
  const counts = allocate(o.trades, market.activity);
  // Whale chance per trade: WHALE_SHARE on average, concentrated where the model boosts it.
  let boostSum = 0;
  for (let i = 0; i < market.minutes; i++) boostSum += counts[i] * market.whaleBoost[i];
  const whaleScale = o.trades > 0 ? (WHALE_SHARE * o.trades) / Math.max(boostSum, 1) : 0;
  const tickScale = 10 ** spec.tickDecimals;
  const qtyScale = 10 ** spec.qtyDecimals;
  let aggId = 1_000_000_000 + monthIndex(market.month) * MAX_TRADES_PER_MONTH;
  let tradeId = 3 * aggId;
  const out = new AsciiWriter();
  if (o.header) out.text(AGG_TRADES_HEADER);
  let gaps = new Float64Array(1024);
  let walk = new Float64Array(1024);
  for (let i = 0; i < market.minutes; i++) {
    const k = counts[i];
    if (k === 0) continue;
    if (gaps.length < k + 1) { gaps = new Float64Array(2 * k + 1); walk = new Float64Array(2 * k + 1); }
    // Arrival times from exponential gaps; price as a Brownian bridge between minute anchors.
    let g = 0;
    let w = 0;
    const step = market.sigma[i] / Math.sqrt(k);
    for (let j = 0; j < k; j++) {
      g += rng.exp();
      gaps[j] = g;
      w += step * rng.normal();
      walk[j] = w;
    }
    g += rng.exp();
    const t0 = market.start + i * 60_000;
    const p0 = market.logPrice[i];
    const dp = market.logPrice[i + 1] - p0;
    const whaleP = whaleScale * market.whaleBoost[i];
    for (let j = 0; j < k; j++) {
      const f = gaps[j] / g;
      const time = t0 + Math.floor(60_000 * f);
      const logp = p0 + dp * f + walk[j] - f * w;
      const ticks = Math.max(1, Math.round(Math.exp(logp) * tickScale));
      const price = ticks / tickScale;
      let buy: boolean;
      let notional: number;
      if (rng.next() < whaleP) {
        buy = rng.next() < market.whaleBuyProb[i];
        notional = Math.min(WHALE_MAX_USD, rng.pareto(WHALE_MIN_USD, WHALE_ALPHA));
      } else {
        buy = rng.next() < market.buyProb[i];
        notional = spec.medianNotional * Math.exp(SIZE_SIGMA * rng.normal());
      }
      const lots = Math.max(1, Math.round((notional / price) * qtyScale));
      const fills = 1 + Math.floor(rng.exp() * Math.max(0.3, Math.log2(1 + notional / spec.medianNotional)));
      out.uint(aggId); out.byte(COMMA);
      out.fixed(ticks, spec.tickDecimals); out.byte(COMMA);
      out.fixed(lots, spec.qtyDecimals); out.byte(COMMA);
      out.uint(tradeId); out.byte(COMMA);
      out.uint(tradeId + fills - 1); out.byte(COMMA);
      out.uint(time); out.byte(COMMA);
      out.text(buy ? 'false\n' : 'true\n');
      aggId++;
      tradeId += fills;
      if (out.full) yield out.take();
    }
  }
  if (out.length > 0) yield out.take();
}
