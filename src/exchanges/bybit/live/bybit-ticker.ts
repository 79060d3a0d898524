/**
 * Bybit's `tickers.<SYMBOL>` as figures: a snapshot holds every field, a delta only those that
 * changed, so each delta is merged into the last snapshot. A delta before any snapshot, or a
 * ticker without a mark price, gives no figures yet.
 */
import { decimal, type ExchangeFigures } from '../../../lib/live/events.ts';
import { bybitOneSideOi, type BybitTickerPush } from './bybit-messages.ts';

export class BybitTicker {
  private fields: Record<string, unknown> | null = null;

  /** Merges one push; the figures as of its time, or null while they are incomplete. */
  merge(push: BybitTickerPush): ExchangeFigures | null {
    if (push.snapshot) this.fields = { ...push.fields };
    else if (this.fields) Object.assign(this.fields, push.fields);
    else return null;
    const f = this.fields;
    const markPrice = decimal(f.markPrice);
    if (!(markPrice > 0)) return null;
    const oneSide = bybitOneSideOi(f);
    const contracts = Number.isNaN(oneSide) ? null : oneSide;
    // openInterestValue counts what openInterest counts (both sides): scaled to one side alike.
    const both = decimal(f.openInterest);
    const value = decimal(f.openInterestValue);
    const oiUsd = contracts === null ? null : both > 0 && value >= 0 ? value * (contracts / both) : contracts * markPrice;
    return { symbol: push.symbol, time: push.time, markPrice, contracts, oiUsd };
  }
}
