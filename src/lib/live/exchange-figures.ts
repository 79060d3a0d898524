/**
 * Each exchange's mark price and one-side open interest with their age, as the live panel
 * lists them side by side: Binance's OI comes from REST (the figure the models use), its mark
 * from the stream when it speaks; Bybit's both from its tickers stream. With each, the live
 * trades its stream added after the profile's end.
 */
import { formatAge, formatUsd } from '../format.ts';
import { formatOi } from '../data/base-asset.ts';
import type { ExchangeId } from './events.ts';
import type { ExchangeStream, LiveHubState } from './live-hub-types.ts';

export interface ExchangeFigureRow {
  exchange: ExchangeId;
  label: string;
  mark: string;
  /** One side, in the symbol's base asset ("80,000 BTC"). */
  oi: string;
  /** Age of the figures (mark and OI apart when they differ), or why there is none. */
  age: string;
  /** Live trades (fills grouped) after the profile's end: "12 since 14:05 UTC". */
  trades: string;
}

/** The REST figure Binance's row uses for open interest (and for the mark until the stream speaks). */
export interface RestFigure {
  contracts: number;
  markPrice: number;
  time: number;
}

const ageOf = (now: number, t: number) => formatAge(Math.max(0, now - t));

/** `symbol`: the view's, whose figures the hub and `binanceRest` hold. */
export function exchangeFigureRows(symbol: string, live: Pick<LiveHubState, 'streams' | 'exchanges'>, binanceRest: RestFigure | null, now: number): ExchangeFigureRow[] {
  return live.streams.map(({ exchange, label }: ExchangeStream) => {
    const streamed = live.exchanges[exchange]?.figures ?? null;
    const rest = exchange === 'binance' ? binanceRest : null;
    const mark = streamed ? { value: streamed.markPrice, time: streamed.time } : rest ? { value: rest.markPrice, time: rest.time } : null;
    const oi = streamed && streamed.contracts !== null ? { value: streamed.contracts, time: streamed.time } : rest ? { value: rest.contracts, time: rest.time } : null;
    let age = 'no figures yet';
    if (mark && oi) age = mark.time === oi.time ? `${ageOf(now, oi.time)} old` : `mark ${ageOf(now, mark.time)}, OI ${ageOf(now, oi.time)} old`;
    else if (mark) age = `mark ${ageOf(now, mark.time)} old`;
    const t = live.exchanges[exchange];
    const trades = t && t.tradesSince !== null ? `${t.trades.toLocaleString('en-US')} since ${new Date(t.tradesSince).toISOString().slice(11, 16)} UTC` : 'none yet';
    return { exchange, label, mark: mark ? formatUsd(mark.value) : '—', oi: oi ? formatOi(oi.value, symbol) : '—', age, trades };
  });
}
