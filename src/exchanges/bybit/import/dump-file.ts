/**
 * One Bybit trade dump's CSV (docs/bybit.md), streamed: columns found by header name, each row
 * checked as the builder checks it, fills grouped into trades (same timestamp, side and price).
 * `trades()` gives them in the order candles use: time, buys before sells, a sweep's levels in
 * the taker's direction.
 */
import { bybitHeaderProblem, headerNames } from '../archive/columns.ts';
import { fillGroupKey } from '../archive/fills.ts';
import type { BadLine } from '../../../lib/import/bad-lines.ts';
import { decimalAt, LineSplitter, textAt } from '../../../lib/import/csv-fields.ts';
import { InputProblem } from '../../../lib/import/read-input.ts';

export interface BybitTrade {
  /** Float seconds, as the file has it. */
  ts: number;
  sell: boolean;
  price: number;
  quantity: number;
}

export interface DumpStats {
  rows: number;
  rejected: number;
  firstRejects: BadLine[];
  invalid: number;
  invalidLines: number[];
  /** A row's time outside the file's day (ms). */
  outside: number | null;
  otherSymbol: string | null;
  /** Price of the first data row (the month's price step comes from the first day's). */
  firstPrice: number | null;
}

const SHOWN = 5;

export class BybitDumpFile {
  readonly stats: DumpStats = { rows: 0, rejected: 0, firstRejects: [], invalid: 0, invalidLines: [], outside: null, otherSymbol: null, firstPrice: null };
  private readonly splitter = new LineSplitter((b, s, e, n) => this.line(b, s, e, n));
  private cols: { count: number; ts: number; symbol: number; side: number; size: number; price: number } | null = null;
  private readonly groups = new Map<string, BybitTrade>();
  private readonly ends: Int32Array = new Int32Array(64);

  constructor(private readonly name: string, private readonly symbol: string, private readonly from: number, private readonly to: number) {}

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  end(): DumpStats {
    this.splitter.end();
    if (!this.cols) throw new InputProblem(`${this.name}: the file is empty`);
    return this.stats;
  }

  trades(): BybitTrade[] {
    const list = [...this.groups.values()];
    return list.sort((a, b) => a.ts - b.ts || Number(a.sell) - Number(b.sell) || (a.sell ? b.price - a.price : a.price - b.price));
  }

  private reject(line: number, message: string): void {
    if (this.stats.rejected++ < SHOWN) this.stats.firstRejects.push({ line, message });
  }

  private line(b: Uint8Array, s: number, e: number, n: number): void {
    if (!this.cols) {
      const names = headerNames(textAt(b, s, e));
      const problem = bybitHeaderProblem(names);
      if (problem) throw new InputProblem(`${this.name}: ${problem} (header: ${names.join(',').slice(0, 160)})`);
      const at = (k: string) => names.indexOf(k);
      this.cols = { count: names.length, ts: at('timestamp'), symbol: at('symbol'), side: at('side'), size: at('size'), price: at('price') };
      return;
    }
    if (e === s) return;
    const c = this.cols;
    const ends = this.ends;
    let found = 0;
    for (let i = s; i < e && found < ends.length; i++) if (b[i] === 44) ends[found++] = i;
    if (found !== c.count - 1) return this.reject(n, `expected ${c.count} comma-separated values, found ${found + 1}`);
    const start = (k: number) => (k === 0 ? s : ends[k - 1] + 1);
    const stop = (k: number) => (k === c.count - 1 ? e : ends[k]);
    const num = (k: number) => (start(k) === stop(k) ? Number.NaN : decimalAt(b, start(k), stop(k)));
    const ts = num(c.ts);
    const size = num(c.size);
    const price = num(c.price);
    for (const [k, v] of [[c.ts, ts], [c.size, size], [c.price, price]] as const) {
      if (v !== v && start(k) !== stop(k)) return this.reject(n, `"${textAt(b, start(k), stop(k))}" is not a number`);
    }
    if (this.stats.firstPrice === null && price > 0) this.stats.firstPrice = price;
    const sym = textAt(b, start(c.symbol), stop(c.symbol));
    if (sym !== this.symbol) {
      this.stats.otherSymbol ??= sym || '(none)';
      return;
    }
    const side = textAt(b, start(c.side), stop(c.side));
    if (!(ts > 0) || !(price > 0) || !(size > 0) || (side !== 'Buy' && side !== 'Sell')) {
      if (this.stats.invalid++ < SHOWN) this.stats.invalidLines.push(n);
      return;
    }
    const ms = Math.floor(ts * 1000);
    if (ms < this.from || ms >= this.to) {
      this.stats.outside ??= ms;
      return;
    }
    const key = fillGroupKey(ts, side === 'Sell', price);
    const g = this.groups.get(key);
    if (g) g.quantity += size;
    else this.groups.set(key, { ts, sell: side === 'Sell', price, quantity: size });
    this.stats.rows++;
  }
}
