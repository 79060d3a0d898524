/**
 * What each exchange's stream says beyond liquidations: its latest figures (mark price, and
 * one-side open interest where streamed) and its own live partial profile (taker trades after
 * the profile's end, aggregated as live-trades.ts does). Kept per exchange: the engine takes
 * each exchange's rows into that exchange's profile, and the models its figures.
 */
import type { ExchangeFigures, ExchangeId, Trade } from './events.ts';
import { LiveTradeProfile, type LiveRows } from './live-trades.ts';

/** One exchange's live side as the hub reports it. */
export interface ExchangeLive {
  figures: ExchangeFigures | null;
  /** First live trade in the partial profile, epoch ms. */
  tradesSince: number | null;
  /** Trades (fills grouped) kept in the partial profile. */
  trades: number;
  /** Bumped when a batch added trades (not throttled: the hub's tradesVersion is). */
  tradesVersion: number;
}

const empty = (): ExchangeLive => ({ figures: null, tradesSince: null, trades: 0, tradesVersion: 0 });

export class ExchangeLiveSet {
  private readonly profiles = new Map<ExchangeId, LiveTradeProfile>();
  private readonly pending = new Map<ExchangeId, Trade[]>();
  private readonly live = new Map<ExchangeId, ExchangeLive>();

  constructor(private readonly exchanges: readonly ExchangeId[]) {
    this.clear();
  }

  clear(): void {
    this.profiles.clear();
    this.pending.clear();
    for (const x of this.exchanges) this.live.set(x, empty());
  }

  /** Where the profile of `exchange` ends (its last hour); a new end starts a new partial profile. */
  setProfileEnd(exchange: ExchangeId, lastHour: number): void {
    if (this.profiles.get(exchange)?.profileEnd === lastHour) return;
    this.profiles.set(exchange, new LiveTradeProfile(lastHour));
    this.live.set(exchange, { ...this.get(exchange), tradesSince: null, trades: 0 });
  }

  queue(exchange: ExchangeId, trades: readonly Trade[]): void {
    const list = this.pending.get(exchange);
    if (list) list.push(...trades);
    else this.pending.set(exchange, [...trades]);
  }

  setFigures(exchange: ExchangeId, figures: ExchangeFigures): void {
    this.live.set(exchange, { ...this.get(exchange), figures });
  }

  /** Folds queued trades into each profile; the exchanges whose profile gained trades. */
  flush(): ExchangeId[] {
    const grew: ExchangeId[] = [];
    for (const [exchange, trades] of this.pending) {
      const profile = this.profiles.get(exchange);
      if (!profile || trades.length === 0) continue;
      const before = profile.kept;
      profile.add(trades);
      if (profile.kept === before) continue;
      const was = this.get(exchange);
      this.live.set(exchange, { ...was, tradesSince: profile.since, trades: profile.kept, tradesVersion: was.tradesVersion + 1 });
      grew.push(exchange);
    }
    this.pending.clear();
    return grew;
  }

  /** The partial profile's rows and candles of `exchange`, or null when it is empty. */
  rows(exchange: ExchangeId): LiveRows | null {
    const p = this.profiles.get(exchange);
    return p && p.size > 0 ? p.rows() : null;
  }

  /** Each exchange's latest figures (those that have any). */
  figures(): Partial<Record<ExchangeId, ExchangeFigures>> {
    const out: Partial<Record<ExchangeId, ExchangeFigures>> = {};
    for (const [x, l] of this.live) if (l.figures) out[x] = l.figures;
    return out;
  }

  get(exchange: ExchangeId): ExchangeLive {
    return this.live.get(exchange) ?? empty();
  }

  snapshot(): Partial<Record<ExchangeId, ExchangeLive>> {
    return Object.fromEntries(this.live) as Partial<Record<ExchangeId, ExchangeLive>>;
  }
}
