/**
 * The simulated market of one symbol on a one-minute grid: a regime-switching log price
 * (ranges, trends, sharp moves), trading activity, taker imbalance, where whales trade, and
 * open interest. Trades (trades.ts) and OI rows (metrics.ts) are drawn from it, so a month
 * looks the same at any trade count, and months join up because the simulation runs
 * continuously from ORIGIN_MONTH.
 */
import { monthBounds, monthRange } from '../../src/lib/archive/names.ts';
import { Rng } from './rng.ts';
import type { SymbolSpec } from './symbols.ts';

export const ORIGIN_MONTH = '2019-09';
const MINUTE = 60_000;
/** Typical one-minute standard deviation of log price for BTC (about 2 % a day). */
const BASE_SIGMA = 0.00055;

type RegimeKind = 'range' | 'trend' | 'shock';

interface State {
  logp: number;
  oiLog: number;
  kind: RegimeKind;
  left: number;
  /** Drift per minute (trend, shock). */
  drift: number;
  /** Range centre and half width (log price). */
  center: number;
  halfWidth: number;
  /** Minutes of breakout left after a range ended in a trend or a shock. */
  breakoutLeft: number;
  lastDirection: number;
}

/** One month of minutes. Index i is the minute starting at `start + i * 60 000`. */
export interface MonthMarket {
  month: string;
  start: number;
  minutes: number;
  /** Log price at the start of each minute, and one more for the end of the month. */
  logPrice: Float64Array;
  /** Within-minute volatility (log units). */
  sigma: Float64Array;
  /** Relative trading activity (trade arrivals are proportional to it). */
  activity: Float64Array;
  /** Probability that an ordinary taker trade is a buy. */
  buyProb: Float64Array;
  /** Relative chance that a trade is a whale trade (range edges, breakouts, shocks). */
  whaleBoost: Float64Array;
  /** Probability that a whale trade is a buy. */
  whaleBuyProb: Float64Array;
  /** Open interest (contracts) at the start of each minute. */
  openInterest: Float64Array;
}

function hourWeight(hour: number): number {
  // US and European sessions are busier than the Asian night.
  return 0.7 + 0.6 * Math.exp(-((hour - 14.5) ** 2) / 18) + 0.25 * Math.exp(-((hour - 2) ** 2) / 8);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export class MarketModel {
  private readonly sigma: number;
  private readonly logCenter: number;
  private readonly logBaseOi: number;
  /** State at the start of each simulated month. */
  private readonly starts = new Map<string, State>();
  private readonly cache = new Map<string, MonthMarket>();

  constructor(private readonly spec: SymbolSpec, private readonly seed: string) {
    this.sigma = BASE_SIGMA * spec.volatility;
    this.logCenter = Math.log(spec.centerPrice);
    this.logBaseOi = Math.log(spec.baseOiUsd / spec.centerPrice);
    const rng = new Rng(`${seed}/${spec.symbol}/origin`);
    this.starts.set(ORIGIN_MONTH, {
      logp: this.logCenter + 0.1 * rng.normal(),
      oiLog: this.logBaseOi,
      kind: 'range',
      left: 600,
      drift: 0,
      center: this.logCenter,
      halfWidth: this.sigma * 40,
      breakoutLeft: 0,
      lastDirection: 1,
    });
  }

  month(month: string): MonthMarket {
    const hit = this.cache.get(month);
    if (hit) return hit;
    if (month < ORIGIN_MONTH) throw new Error(`the generator starts at ${ORIGIN_MONTH}; ${month} is earlier`);
    // Walk from the latest known month start up to this month, keeping only the boundaries.
    const months = monthRange(ORIGIN_MONTH, month);
    let i = months.length - 1;
    while (!this.starts.has(months[i])) i--;
    let result: MonthMarket | null = null;
    for (; i < months.length; i++) {
      const state = { ...this.starts.get(months[i])! };
      result = this.simulate(months[i], state);
      this.starts.set(nextMonth(months[i]), state);
    }
    if (this.cache.size > 6) this.cache.clear();
    this.cache.set(month, result!);
    return result!;
  }

  private nextRegime(s: State, rng: Rng): void {
    const was = s.kind;
    const u = rng.next();
    let next: RegimeKind;
    if (was === 'range') next = u < 0.55 ? 'trend' : u < 0.7 ? 'shock' : 'range';
    else if (was === 'trend') next = u < 0.6 ? 'range' : u < 0.8 ? 'shock' : 'trend';
    else next = u < 0.7 ? 'range' : 'trend';
    // Far from the symbol's usual level, moves lean back towards it.
    const pullUp = clamp(0.5 - 1.5 * (s.logp - this.logCenter), 0.15, 0.85);
    s.kind = next;
    if (next === 'range') {
      s.left = Math.round(rng.between(6, 72) * 60);
      s.center = s.logp + 0.3 * this.sigma * rng.normal();
      s.halfWidth = this.sigma * rng.between(25, 70);
      s.drift = 0;
    } else if (next === 'trend') {
      s.left = Math.round(rng.between(3, 36) * 60);
      const dir = rng.next() < pullUp ? 1 : -1;
      s.drift = (dir * rng.between(0.015, 0.06) * this.spec.volatility) / 1440;
      s.lastDirection = dir;
    } else {
      s.left = Math.round(rng.between(10, 60));
      const dir = rng.next() < 0.6 ? s.lastDirection : rng.next() < pullUp ? 1 : -1;
      s.drift = (dir * rng.between(0.02, 0.07) * this.spec.volatility) / s.left;
      s.lastDirection = dir;
    }
    s.breakoutLeft = was === 'range' && next !== 'range' ? 45 : 0;
  }

  private simulate(month: string, s: State): MonthMarket {
    const [start, end] = monthBounds(month);
    const n = (end - start) / MINUTE;
    const rng = new Rng(`${this.seed}/${this.spec.symbol}/${month}/market`);
    const m: MonthMarket = {
      month, start, minutes: n,
      logPrice: new Float64Array(n + 1), sigma: new Float64Array(n), activity: new Float64Array(n),
      buyProb: new Float64Array(n), whaleBoost: new Float64Array(n), whaleBuyProb: new Float64Array(n),
      openInterest: new Float64Array(n),
    };
    const sig = this.sigma;
    for (let i = 0; i < n; i++) {
      if (s.left <= 0) this.nextRegime(s, rng);
      s.left--;
      m.logPrice[i] = s.logp;
      m.openInterest[i] = Math.exp(s.oiLog);
      const t = start + i * MINUTE;
      const weekday = (Math.floor(t / 86_400_000) + 4) % 7; // 1970-01-01 was a Thursday
      const weekend = weekday === 0 || weekday === 6 ? 0.7 : 1;
      let sigma = sig;
      let regimeActivity = 1;
      let boost = 1;
      let whaleBuy = 0.5;
      const before = s.logp;
      if (s.kind === 'range') {
        sigma = sig * 0.9;
        s.logp += 0.004 * (s.center - s.logp) + sigma * rng.normal();
        const edge = (s.logp - s.center) / s.halfWidth;
        // Price is rejected at the range edges, where large orders absorb it.
        if (edge > 1) s.logp = s.center + s.halfWidth * (1 - 0.5 * (edge - 1));
        if (edge < -1) s.logp = s.center - s.halfWidth * (1 - 0.5 * (-edge - 1));
        regimeActivity = 0.8;
        if (Math.abs(edge) > 0.75) {
          boost = 6;
          whaleBuy = edge < 0 ? 0.85 : 0.15;
        }
      } else if (s.kind === 'trend') {
        sigma = sig * 1.1;
        s.logp += s.drift + sigma * rng.normal();
        regimeActivity = 1.2;
        boost = 1.5;
        whaleBuy = s.drift > 0 ? 0.7 : 0.3;
      } else {
        sigma = sig * 3;
        s.logp += s.drift + sigma * rng.normal();
        regimeActivity = 3;
        boost = 8;
        whaleBuy = s.drift > 0 ? 0.8 : 0.2;
      }
      if (s.breakoutLeft > 0) {
        s.breakoutLeft--;
        boost = Math.max(boost, 10);
        whaleBuy = s.lastDirection > 0 ? 0.85 : 0.15;
      }
      s.logp += (this.logCenter - s.logp) / 200_000;
      const r = s.logp - before;
      m.sigma[i] = sigma;
      m.activity[i] = hourWeight(Math.floor((t % 86_400_000) / 3_600_000)) * weekend * regimeActivity
        * (0.5 + Math.abs(r) / sig) * Math.exp(0.3 * rng.normal());
      m.buyProb[i] = 0.5 + 0.4 * Math.tanh(r / sig);
      m.whaleBoost[i] = boost;
      m.whaleBuyProb[i] = whaleBuy;
      // Open interest builds with activity and in trends, and is flushed out in sharp moves.
      s.oiLog += 0.00003 * (m.activity[i] - 1) + (this.logBaseOi - s.oiLog) / 20_000
        + (s.kind === 'shock' ? -0.0012 : 0) + 0.0002 * rng.normal();
    }
    m.logPrice[n] = s.logp;
    return m;
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
