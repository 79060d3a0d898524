/**
 * An independent implementation of Model 3 (docs/models.md), written from the text alone for
 * tests: plain objects, no code shared with src/lib/model, and every price decision (bins, rows,
 * "price reached the level") made exactly on rationals (BigInt), not on doubles. Slow and simple.
 */
import type { Formula, Split, Tier } from '../../../src/lib/model/types.ts';

/** A rational n / d with d > 0. */
interface Q { n: bigint; d: bigint }

function q(x: number): Q {
  // Prices and steps are decimals: their shortest round-trip string is the decimal meant.
  const s = String(x);
  if (/e/i.test(s)) return q(Number(x.toFixed(20)));
  const [int, frac = ''] = s.split('.');
  return { n: BigInt(int + frac), d: 10n ** BigInt(frac.length) };
}
const mul = (a: Q, b: Q): Q => ({ n: a.n * b.n, d: a.d * b.d });
const div = (a: Q, b: Q): Q => (b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n });
const add = (a: Q, b: Q): Q => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const sub = (a: Q, b: Q): Q => add(a, { n: -b.n, d: b.d });
const cmp = (a: Q, b: Q): number => { const x = a.n * b.d - b.n * a.d; return x < 0n ? -1 : x > 0n ? 1 : 0; };
const ONE: Q = { n: 1n, d: 1n };
/** floor(a / step) */
function floorDiv(a: Q, step: Q): bigint {
  const r = div(a, step);
  const f = r.n / r.d;
  return r.n < 0n && f * r.d !== r.n ? f - 1n : f;
}
const toNumber = (a: Q) => Number(a.n) / Number(a.d);

function liq(formula: Formula, side: 'long' | 'short', entry: Q, leverage: number, mmr: Q): Q {
  const invL: Q = { n: 1n, d: BigInt(leverage) };
  if (formula === 'reference') {
    const k = side === 'long' ? add(sub(ONE, invL), mul(mmr, invL)) : sub(add(ONE, invL), mul(mmr, invL));
    return mul(entry, k);
  }
  return side === 'long' ? div(mul(entry, sub(ONE, invL)), sub(ONE, mmr)) : div(mul(entry, add(ONE, invL)), add(ONE, mmr));
}

export interface ReferenceInput {
  candles5: { time: number; open: number; high: number; low: number; close: number }[];
  /** Whale volume rows (size_min >= threshold already applied). */
  volume: { hour: number; priceBin: number; side: 'buy' | 'sell'; notional: number }[];
  oi: { time: number; usd: number }[];
  rangeDays: number;
  candleMinutes: number;
  step: number;
  tiers: Tier[];
  mmr: number;
  formula: Formula;
  split: Split;
  currentOiUsd: number;
}

export interface ReferenceOutput {
  times: number[];
  /** Lower edges of the rows. */
  rows: number[];
  /** [candle][row] resting USD. */
  matrix: number[][];
  resting: number[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

export function model3Reference(inp: ReferenceInput): ReferenceOutput {
  const C = inp.candleMinutes * 60_000;
  const step = q(inp.step);
  const mmr = q(inp.mmr);
  // Candles of C minutes from the 5-minute ones; the range ends with the candle holding the last one.
  const byCandle = new Map<number, { time: number; open: number; high: number; low: number; close: number; first: number; last: number }>();
  for (const c of [...inp.candles5].sort((a, b) => a.time - b.time)) {
    const t = Math.floor(c.time / C) * C;
    const k = byCandle.get(t);
    if (!k) byCandle.set(t, { time: t, open: c.open, high: c.high, low: c.low, close: c.close, first: c.time, last: c.time });
    else Object.assign(k, { high: Math.max(k.high, c.high), low: Math.min(k.low, c.low), close: c.close, last: c.time });
  }
  const lastTime = Math.max(...inp.candles5.map((c) => c.time));
  const count = Math.round((inp.rangeDays * 1440) / inp.candleMinutes);
  const T0 = Math.floor(lastTime / C) * C - (count - 1) * C;
  const candles = [...byCandle.values()].filter((c) => c.time >= T0).sort((a, b) => a.time - b.time);

  // Rows.
  const minLow = q(Math.min(...candles.map((c) => c.low)));
  const maxHigh = q(Math.max(...candles.map((c) => c.high)));
  const minL = Math.min(...inp.tiers.map((t) => t.leverage));
  const loA = mul(minLow, { n: 1n, d: 2n });
  const loB = liq(inp.formula, 'long', minLow, minL, mmr);
  const hiA = mul(maxHigh, { n: 3n, d: 2n });
  const hiB = liq(inp.formula, 'short', maxHigh, minL, mmr);
  const firstRow = floorDiv(cmp(loA, loB) > 0 ? loA : loB, step);
  const lastRow = floorDiv(cmp(hiA, hiB) < 0 ? hiA : hiB, step);
  const nRows = Number(lastRow - firstRow) + 1;
  const rowOfBin = (b: bigint) => (b >= firstRow && b <= lastRow ? Number(b - firstRow) : -1);

  // Whale entries per hour and entry bin.
  const entries = new Map<number, Map<bigint, { buy: number; sell: number }>>();
  for (const v of inp.volume) {
    const bin = floorDiv(q(v.priceBin), step);
    const hour = entries.get(v.hour) ?? new Map();
    entries.set(v.hour, hour);
    const e = hour.get(bin) ?? { buy: 0, sell: 0 };
    hour.set(bin, e);
    e[v.side] += v.notional;
  }

  // OI per candle end; OI0.
  const oiSorted = [...inp.oi].sort((a, b) => a.time - b.time);
  const oiEnd: (number | null)[] = candles.map((c) => {
    const inside = oiSorted.filter((o) => o.time >= c.time && o.time < c.time + C);
    return inside.length ? inside[inside.length - 1].usd : null;
  });
  const coverage = oiEnd.filter((x) => x !== null).length / candles.length;
  const history = coverage >= 0.9;
  for (let i = 1; i < oiEnd.length; i++) if (oiEnd[i] === null) oiEnd[i] = oiEnd[i - 1];
  const firstOi = oiEnd.find((x) => x !== null) ?? null;
  for (let i = 0; i < oiEnd.length && oiEnd[i] === null; i++) oiEnd[i] = firstOi;
  const before = oiSorted.filter((o) => o.time < T0 && o.time >= T0 - C);
  const oi0 = before.length ? before[before.length - 1].usd : (oiEnd[0] as number);

  // Levels: key entryBin|tier|side.
  const levels = new Map<string, { liq: Q; size: number }>();
  const open = (bin: bigint, side: 'long' | 'short', usd: number, alive: (l: Q) => boolean = () => true) => {
    if (rowOfBin(bin) < 0) return;
    inp.tiers.forEach((t, k) => {
      const l = liq(inp.formula, side, mul({ n: bin, d: 1n }, step), t.leverage, mmr);
      if (!alive(l)) return;
      const key = `${bin}|${k}|${side}`;
      const level = levels.get(key) ?? { liq: l, size: 0 };
      level.size += usd * t.weight;
      levels.set(key, level);
    });
  };
  const share = (buy: number, sell: number) => (inp.split === 'even' || buy + sell === 0 ? 0.5 : buy / (buy + sell));

  // Starting state: the 30 days before T0.
  const startHours = [...entries.keys()].filter((h) => h >= T0 - 30 * DAY && h < T0);
  let w30 = 0;
  for (const h of startHours) for (const e of entries.get(h)!.values()) w30 += e.buy + e.sell;
  const scale = history ? (w30 > 0 ? oi0 / w30 : 0) : 1;
  for (const h of startHours) {
    const after = inp.candles5.filter((c) => c.time >= h + HOUR && c.time < T0);
    const low = after.length ? q(Math.min(...after.map((c) => c.low))) : null;
    const high = after.length ? q(Math.max(...after.map((c) => c.high))) : null;
    for (const [bin, e] of entries.get(h)!) {
      const usd = (e.buy + e.sell) * scale;
      const s = share(e.buy, e.sell);
      open(bin, 'long', usd * s, (l) => !(low && cmp(l, low) >= 0));
      open(bin, 'short', usd * (1 - s), (l) => !(high && cmp(l, high) <= 0));
    }
  }

  // Walk.
  const matrix: number[][] = [];
  const resting: number[] = [];
  let prevOi = oi0;
  for (const [i, c] of candles.entries()) {
    for (const [key, level] of levels) {
      const long = key.endsWith('long');
      if (long ? cmp(level.liq, q(c.low)) >= 0 : cmp(level.liq, q(c.high)) <= 0) levels.delete(key);
    }
    const hours = C >= HOUR ? Array.from({ length: C / HOUR }, (_, k) => c.time + k * HOUR) : [Math.floor(c.time / HOUR) * HOUR];
    const part = C >= HOUR ? 1 : C / HOUR;
    const mine = new Map<bigint, { buy: number; sell: number }>();
    for (const h of hours) {
      for (const [bin, e] of entries.get(h) ?? []) {
        const m = mine.get(bin) ?? { buy: 0, sell: 0 };
        mine.set(bin, m);
        m.buy += e.buy * part;
        m.sell += e.sell * part;
      }
    }
    let buy = 0;
    let sell = 0;
    for (const e of mine.values()) { buy += e.buy; sell += e.sell; }
    const dOi = history ? (oiEnd[i] as number) - prevOi : buy + sell;
    if (history) prevOi = oiEnd[i] as number;
    if (dOi > 0) {
      const s = share(buy, sell);
      if (buy + sell === 0) {
        const bin = floorDiv(q(c.close), step);
        open(bin, 'long', dOi / 2);
        open(bin, 'short', dOi / 2);
      } else {
        for (const [bin, e] of mine) {
          const usd = (dOi * (e.buy + e.sell)) / (buy + sell);
          open(bin, 'long', usd * s);
          open(bin, 'short', usd * (1 - s));
        }
      }
    } else if (dOi < 0) {
      const f = Math.min(1, -dOi / (prevOi - dOi));
      for (const level of levels.values()) level.size *= 1 - f;
    }
    const column = new Array<number>(nRows).fill(0);
    let total = 0;
    for (const level of levels.values()) {
      total += level.size;
      const r = rowOfBin(floorDiv(level.liq, step));
      if (r >= 0) column[r] += level.size;
    }
    matrix.push(column);
    resting.push(total);
  }
  if (!history) {
    const last = resting[resting.length - 1];
    const k = last > 0 ? inp.currentOiUsd / last : 0;
    for (let i = 0; i < matrix.length; i++) {
      matrix[i] = matrix[i].map((x) => x * k);
      resting[i] *= k;
    }
  }
  return {
    times: candles.map((c) => c.time),
    rows: Array.from({ length: nRows }, (_, r) => toNumber(mul({ n: firstRow + BigInt(r), d: 1n }, step))),
    matrix,
    resting,
  };
}
