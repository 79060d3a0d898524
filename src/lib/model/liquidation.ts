/**
 * Liquidation price (docs/models.md): the one definition of each formula. Only the levels core
 * (levels.ts) and the heatmap's price span call it.
 */
import type { Formula } from './types.ts';

/** Binance isolated margin, wallet = Q*E/L. `cum` (maintenance amount) needs the quantity Q. */
export function liqLongExact(entry: number, leverage: number, mmr: number, cum = 0, quantity = 1): number {
  return (entry * (1 - 1 / leverage)) / (1 - mmr) - cum / (quantity * (1 - mmr));
}

export function liqShortExact(entry: number, leverage: number, mmr: number, cum = 0, quantity = 1): number {
  return (entry * (1 + 1 / leverage)) / (1 + mmr) + cum / (quantity * (1 + mmr));
}

/** The reference project's approximation (about 0.35 % away at 10x). */
export function liqLongReference(entry: number, leverage: number, mmr: number): number {
  return entry * (1 - 1 / leverage + mmr / leverage);
}

export function liqShortReference(entry: number, leverage: number, mmr: number): number {
  return entry * (1 + 1 / leverage - mmr / leverage);
}

/** Liquidation price of a modelled level (cum = 0: first bracket) by formula and side. */
export function liqPrice(formula: Formula, side: 'long' | 'short', entry: number, leverage: number, mmr: number): number {
  if (formula === 'reference') {
    return side === 'long' ? liqLongReference(entry, leverage, mmr) : liqShortReference(entry, leverage, mmr);
  }
  return side === 'long' ? liqLongExact(entry, leverage, mmr) : liqShortExact(entry, leverage, mmr);
}
