/**
 * Bybit lists one row per fill (its dumps and its publicTrade stream alike): a taker order
 * against several makers is several fills with the same time, taker side and price. liqmap
 * groups them into one trade (Binance's aggTrade grain) before anything else, so a trade's
 * notional decides its size bucket and a whale is a whale on both exchanges. The builder's
 * SQL (tools/builder/bybit/aggregate.ts) groups by the same three fields.
 */

/** The trade a fill belongs to: fills with equal keys are one taker order. `time` as the source gives it. */
export const fillGroupKey = (time: number, takerSell: boolean, price: number): string => `${time}|${takerSell ? 1 : 0}|${price}`;
