/**
 * The base asset of a symbol, the unit its open interest is counted in. liqmap's markets are
 * linear perpetuals (Binance USDⓈ-M, Bybit linear): one contract is one unit of the base asset
 * (BTCUSDT: 1 BTC; 1000PEPEUSDT: 1000 PEPE, which both exchanges call 1000PEPE).
 */
import { formatDecimals } from '../format.ts';

/** Quote assets of linear perpetuals; PERP: Bybit's USDC perpetuals (BTCPERP). */
const QUOTES = ['USDT', 'USDC', 'PERP'] as const;

/** "BTC" for BTCUSDT; null for a symbol of no known quote. */
export function baseAsset(symbol: string): string | null {
  const quote = QUOTES.find((q) => symbol.length > q.length && symbol.endsWith(q));
  return quote ? symbol.slice(0, -quote.length) : null;
}

/** The unit of a symbol's open interest as the user reads it: its base asset, else "contracts". */
export const oiUnit = (symbol: string): string => baseAsset(symbol) ?? 'contracts';

/** "80,000 BTC": an open interest of `symbol` (contracts, i.e. units of its base asset). */
export const formatOi = (contracts: number, symbol: string): string => `${formatDecimals(contracts, 3)} ${oiUnit(symbol)}`;
