/**
 * One aggTrades CSV, streamed: each line is checked and its trade added to the month's groups.
 * Bad lines are counted as the builder counts them: lines that do not parse (wrong column count,
 * a value that is not a number or boolean) and rows with an empty or non-positive value.
 */
import { booleanAt, decimalAt, LineSplitter, POW10, textAt } from './csv-fields.ts';
import type { TradeGroups } from './trade-groups.ts';
import type { BadLine } from './bad-lines.ts';

export const AGG_TRADES_HEADER = 'agg_trade_id';
const COLUMNS = ['agg_trade_id', 'price', 'quantity', 'first_trade_id', 'last_trade_id', 'transact_time', 'is_buyer_maker'];
const SHOWN = 5;


export interface AggTradesStats {
  rows: number;
  rejected: number;
  firstRejects: BadLine[];
  invalid: number;
  invalidLines: number[];
  header: boolean;
  /** The first trade outside the file's period (ms), when there is one. */
  outside: number | null;
}

/** Gives the month's groups once the price step is known (from the first price), else null. */
export type GroupsFor = (firstPrice: number) => TradeGroups;

/** A numeric field: 0 when empty (emptiness is judged from the positions), NaN when not a number. */
function field(b: Uint8Array, a: number, z: number): number {
  return a === z ? 0 : decimalAt(b, a, z);
}

export class AggTradesFile {
  readonly stats: AggTradesStats = { rows: 0, rejected: 0, firstRejects: [], invalid: 0, invalidLines: [], header: false, outside: null };
  private readonly splitter: LineSplitter;
  private groups: TradeGroups | null = null;
  private readonly commas = new Int32Array(8);
  /** A trade's numbers for TradeGroups.addTrade (id, price, quantity, time). */
  private readonly trade = new Float64Array(4);

  /** `from`..`to` (ms, end exclusive) is the file's period: its month or its day. */
  constructor(private readonly groupsFor: GroupsFor, private readonly from: number, private readonly to: number) {
    this.splitter = new LineSplitter((b, s, e, n) => this.line(b, s, e, n), (b, s) => this.plainLine(b, s));
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  end(): AggTradesStats {
    this.splitter.end();
    return this.stats;
  }

  /** Lines seen so far (for progress). */
  get lines(): number {
    return this.splitter.lines;
  }

  private reject(line: number, message: string): void {
    const st = this.stats;
    if (st.rejected++ < SHOWN) st.firstRejects.push({ line, message });
  }

  private invalid(line: number): void {
    const st = this.stats;
    if (st.invalid++ < SHOWN) st.invalidLines.push(line);
  }

  /** Names the first value of a rejected line that is not a number. */
  private rejectNumber(b: Uint8Array, s: number, n: number): void {
    const c = this.commas;
    for (let f = 0; f < 6; f++) {
      const a = f === 0 ? s : c[f - 1] + 1;
      if (Number.isNaN(field(b, a, c[f]))) {
        this.reject(n, `${COLUMNS[f]} "${textAt(b, a, c[f])}" is not a number`);
        return;
      }
    }
  }

  /**
   * The archive's usual line (six plain unsigned decimals, the used ones of at most 15 digits, none empty, then
   * true or false, then the newline) in one pass over its bytes, numbers as decimalAt makes them;
   * returns the newline's index, or -1 to send the line down the general path (found by its
   * newline, every odd case judged there, with the same numbers).
   */
  private plainLine(b: Uint8Array, s: number): number {
    const t = this.trade;
    let i = s;
    // (x >>> 0) <= 9: a digit in one unsigned comparison (c - 48 below zero wraps far above 9).
    for (let f = 0; f < 6; f++) {
      const start = i;
      let d = b[i] - 48;
      if (f === 3 || f === 4) {
        // The trade ids are checked, not used: digits with at most one dot, as the general path takes them.
        while (d >>> 0 <= 9) d = b[++i] - 48;
        let digits = i - start;
        if (d === -2) {
          const from = ++i;
          d = b[i] - 48;
          while (d >>> 0 <= 9) d = b[++i] - 48;
          digits += i - from;
        }
        if (d !== -4 || digits === 0) return -1;
        i++;
        continue;
      }
      // Two digits a step: the chain of dependent multiply-adds through m (the loop's critical
      // path) is half as long. Exact either way: m stays an integer below 2^53.
      let m = 0;
      for (; d >>> 0 <= 9; d = b[i] - 48) {
        const e = b[i + 1] - 48;
        if (e >>> 0 > 9) { m = m * 10 + d; d = e; i++; break; }
        m = m * 100 + (d * 10 + e);
        i += 2;
      }
      const whole = i - start;
      let frac = 0;
      if (d === -2) {
        const from = ++i;
        d = b[i] - 48;
        for (; d >>> 0 <= 9; d = b[i] - 48) {
          const e = b[i + 1] - 48;
          if (e >>> 0 > 9) { m = m * 10 + d; d = e; i++; break; }
          m = m * 100 + (d * 10 + e);
          i += 2;
        }
        frac = i - from;
      }
      // -4: a comma (44 - 48).
      if (d !== -4 || whole + frac === 0 || whole + frac > 15) return -1;
      i++;
      t[f === 5 ? 3 : f] = frac ? m / POW10[frac] : m;
    }
    let sell: boolean;
    if (b[i] === 116 && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101) { sell = true; i += 4; }
    else if (b[i] === 102 && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101) { sell = false; i += 5; }
    else return -1;
    if (b[i] === 13) i++;
    if (b[i] !== 10) return -1;
    const price = t[1];
    if (!(price > 0) || !(t[2] > 0)) return -1;
    this.groups ??= this.groupsFor(price);
    const time = t[3];
    if (time < this.from || time >= this.to) this.stats.outside ??= time;
    else {
      this.groups.addTrade(t, sell);
      this.stats.rows++;
    }
    return i;
  }

  private line(b: Uint8Array, s: number, e: number, n: number): void {
    if (e === s) return;
    if (n === 1 && textAt(b, s, Math.min(e, s + AGG_TRADES_HEADER.length)) === AGG_TRADES_HEADER) {
      this.stats.header = true;
      return;
    }
    const commas = this.commas;
    let found = 0;
    // A plain loop: fields are a few bytes long, shorter than a native indexOf call costs.
    for (let i = s; i < e; i++) {
      if (b[i] !== 44) continue;
      if (found === 7) { found++; break; }
      commas[found++] = i;
    }
    if (found !== 6) {
      this.reject(n, `expected 7 comma-separated values, found ${found > 7 ? 'more' : found + 1}`);
      return;
    }
    const c0 = commas[0], c1 = commas[1], c2 = commas[2], c3 = commas[3], c4 = commas[4], c5 = commas[5];
    const id = field(b, s, c0);
    const price = field(b, c0 + 1, c1);
    const quantity = field(b, c1 + 1, c2);
    const firstId = field(b, c2 + 1, c3);
    const lastId = field(b, c3 + 1, c4);
    const time = field(b, c4 + 1, c5);
    // x !== x: NaN, a value that is not a number.
    if (id !== id || price !== price || quantity !== quantity || firstId !== firstId || lastId !== lastId || time !== time) {
      this.rejectNumber(b, s, n);
      return;
    }
    const sell = c5 + 1 === e ? -2 : booleanAt(b, c5 + 1, e);
    if (sell === -1) {
      this.reject(n, `is_buyer_maker "${textAt(b, c5 + 1, e)}" is not true or false`);
      return;
    }
    if (!this.groups && price > 0) this.groups = this.groupsFor(price);
    if (s === c0 || c0 + 1 === c1 || c1 + 1 === c2 || c4 + 1 === c5 || sell === -2 || !(price > 0) || !(quantity > 0)) {
      this.invalid(n);
      return;
    }
    if (time < this.from || time >= this.to) {
      this.stats.outside ??= time;
      return;
    }
    this.groups!.add(id, price, quantity, time, sell === 1);
    this.stats.rows++;
  }
}
