/**
 * One UTC day of a Bybit trade dump (docs/bybit.md) from the market model: one row per fill,
 * a taker's fills sharing its timestamp and side (and a whale sweeping a few price levels),
 * float-second timestamps, rows newest first, in 1 MB chunks.
 */
import { BYBIT_TRADES_HEADER } from '../archive/columns.ts';
import { AsciiWriter } from '../../../../tools/synth/ascii-writer.ts';
import type { MonthMarket } from '../../../../tools/synth/market.ts';
import { Rng } from '../../../../tools/synth/rng.ts';
import type { SymbolSpec } from '../../../../tools/synth/symbols.ts';
import { allocate } from '../../../../tools/synth/trades.ts';

const WHALE_SHARE = 0.0025;
const WHALE_MIN_USD = 400_000;
const WHALE_ALPHA = 1.4;
const WHALE_MAX_USD = 40_000_000;
const SIZE_SIGMA = 1.5;
const TICK_DIRECTIONS = ['PlusTick', 'ZeroPlusTick', 'MinusTick', 'ZeroMinusTick'];

/** Taker orders per minute of a month (the same split whichever day is drawn). */
export function takersPerMinute(market: MonthMarket, takers: number): Int32Array {
  return allocate(takers, market.activity);
}

/** Growable columns of the day's fills, oldest first. */
class Fills {
  n = 0;
  stamp = new Float64Array(1 << 16);
  ticks = new Float64Array(1 << 16);
  lots = new Float64Array(1 << 16);
  buy = new Uint8Array(1 << 16);

  push(stamp: number, ticks: number, lots: number, buy: boolean): void {
    if (this.n === this.stamp.length) {
      const grow = <T extends Float64Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.stamp = grow(this.stamp); this.ticks = grow(this.ticks); this.lots = grow(this.lots); this.buy = grow(this.buy);
    }
    this.stamp[this.n] = stamp; this.ticks[this.n] = ticks; this.lots[this.n] = lots; this.buy[this.n] = buy ? 1 : 0;
    this.n++;
  }
}

/** `units * 10^-decimals` as Python prints a float: trailing zeros dropped, at least one decimal. */
export function pyDecimal(units: number, decimals: number): string {
  const s = decimals === 0 ? `${units}.0` : `${Math.floor(units / 10 ** decimals)}.${String(units % 10 ** decimals).padStart(decimals, '0')}`;
  return s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '.0');
}

/** A float as Python's repr: the shortest round-trip digits, `.0` on whole numbers. */
function pyFloat(x: number): string {
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function uuid(rng: Rng): string {
  const hex = (n: number) => Math.floor(rng.next() * 16 ** n).toString(16).padStart(n, '0');
  return `${hex(8)}-${hex(4)}-5${hex(3)}-${(8 + Math.floor(rng.next() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
}

/** The day's rows, header first, newest first. `counts` from takersPerMinute. */
export function* bybitDayChunks(spec: SymbolSpec, market: MonthMarket, counts: Int32Array, day: string, seed: string): Generator<Buffer> {
  const rng = new Rng(`${seed}/${spec.symbol}/${day}/bybit-trades`);
  const first = (Date.parse(`${day}T00:00:00Z`) - market.start) / 60_000;
  let monthTakers = 0;
  let boostSum = 0;
  for (let i = 0; i < market.minutes; i++) { monthTakers += counts[i]; boostSum += counts[i] * market.whaleBoost[i]; }
  const whaleScale = monthTakers > 0 ? (WHALE_SHARE * monthTakers) / Math.max(boostSum, 1) : 0;
  const tickScale = 10 ** spec.tickDecimals;
  const qtyScale = 10 ** spec.qtyDecimals;
  const fills = new Fills();
  for (let i = first; i < first + 1440; i++) {
    const k = counts[i];
    if (!k) continue;
    // Arrival instants (1e-4 s units), sorted, and a Brownian bridge between the minute's anchors.
    const offsets = Array.from({ length: k }, () => Math.floor(rng.next() * 600_000)).sort((a, b) => a - b);
    const p0 = market.logPrice[i];
    const dp = market.logPrice[i + 1] - p0;
    const step = market.sigma[i] / Math.sqrt(k);
    let w = 0;
    for (const off of offsets) {
      const f = off / 600_000;
      w += step * rng.normal();
      const ticks = Math.max(1, Math.round(Math.exp(p0 + dp * f + w * (1 - f)) * tickScale));
      const whale = rng.next() < whaleScale * market.whaleBoost[i];
      const buy = rng.next() < (whale ? market.whaleBuyProb[i] : market.buyProb[i]);
      const notional = whale ? Math.min(WHALE_MAX_USD, rng.pareto(WHALE_MIN_USD, WHALE_ALPHA)) : spec.medianNotional * Math.exp(SIZE_SIGMA * rng.normal());
      let lots = Math.max(1, Math.round((notional / (ticks / tickScale)) * qtyScale));
      // A whale sweeps a few levels upward (buy) or downward (sell); each level fills against a few makers.
      const levels = whale ? 1 + Math.floor(rng.exp()) : 1;
      const stamp = (market.start + i * 60_000) * 10 + off;
      for (let l = 0; l < levels && lots > 0; l++) {
        const levelLots = l === levels - 1 ? lots : Math.max(1, Math.floor(lots / (levels - l)));
        lots -= levelLots;
        const makers = Math.min(levelLots, 1 + Math.floor(rng.exp() * Math.max(0.3, Math.log2(1 + notional / spec.medianNotional))));
        let left = levelLots;
        for (let m = 0; m < makers; m++) {
          const q = m === makers - 1 ? left : Math.max(1, Math.floor(left / (makers - m) * (0.5 + rng.next())));
          left -= q;
          fills.push(stamp, Math.max(1, ticks + (buy ? l : -l)), q, buy);
          if (left <= 0) break;
        }
      }
    }
  }
  // Tick directions in time order, then the rows newest first.
  const dir = new Uint8Array(fills.n);
  let last = 0;
  for (let j = 1; j < fills.n; j++) {
    const d = fills.ticks[j] - fills.ticks[j - 1];
    last = d > 0 ? 0 : d < 0 ? 2 : last === 0 || last === 1 ? 1 : 3;
    dir[j] = last;
  }
  const out = new AsciiWriter();
  out.text(BYBIT_TRADES_HEADER);
  for (let j = fills.n - 1; j >= 0; j--) {
    const stamp = fills.stamp[j];
    const price = fills.ticks[j] / tickScale;
    const size = fills.lots[j] / qtyScale;
    const size$ = pyDecimal(fills.lots[j], spec.qtyDecimals);
    out.text(`${pyDecimal(stamp, 4)},${spec.symbol},${fills.buy[j] ? 'Buy' : 'Sell'},${size$},${pyDecimal(fills.ticks[j], spec.tickDecimals)},`
      + `${TICK_DIRECTIONS[dir[j]]},${uuid(rng)},${pyFloat(size * price * 1e8)},${size$},${pyFloat(size * price)}\n`);
    if (out.full) yield out.take();
  }
  if (out.length > 0) yield out.take();
}
