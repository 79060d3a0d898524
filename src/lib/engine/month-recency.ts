/**
 * Which loaded months were used least recently: what a long-running engine (`liqmap serve`)
 * lets go first to stay within a memory budget (Engine.trim). A use is a prepare that needed
 * the month; counted, not timed, so the order is exact however fast requests come.
 */
import type { ExchangeId } from '../live/events.ts';

export interface MonthSize {
  exchange: ExchangeId;
  symbol: string;
  month: string;
  bytes: number;
}

const keyOf = (exchange: ExchangeId, symbol: string, month: string) => `${exchange}|${symbol}|${month}`;

export class MonthRecency {
  private uses = 0;
  private readonly lastUse = new Map<string, number>();

  touch(exchange: ExchangeId, symbol: string, months: readonly string[]): void {
    this.uses++;
    for (const m of months) this.lastUse.set(keyOf(exchange, symbol, m), this.uses);
  }

  /**
   * The months to let go so that the rest hold at most `maxBytes`: least recently used first,
   * never a month of a symbol `busy` names (a request between its prepare and its compute).
   * The budget may stay exceeded when the busy symbols' months alone exceed it.
   */
  victims(sizes: readonly MonthSize[], maxBytes: number, busy: (symbol: string) => boolean): MonthSize[] {
    let total = sizes.reduce((s, m) => s + m.bytes, 0);
    const out: MonthSize[] = [];
    const order = [...sizes].sort((a, b) => this.used(a) - this.used(b));
    for (const m of order) {
      if (total <= maxBytes) break;
      if (busy(m.symbol)) continue;
      out.push(m);
      total -= m.bytes;
    }
    return out;
  }

  forget(m: MonthSize): void {
    this.lastUse.delete(keyOf(m.exchange, m.symbol, m.month));
  }

  private used(m: MonthSize): number {
    return this.lastUse.get(keyOf(m.exchange, m.symbol, m.month)) ?? 0;
  }
}
