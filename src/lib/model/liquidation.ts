/**
 * Liquidation price (models.md): the one definition of each formula, in TS and as DuckDB
 * macros side by side so that they cannot drift apart (a unit test checks they agree).
 */
import type { Db } from '../db/db.ts';
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

/**
 * The same formulas for SQL; `ref` is a boolean parameter (true = reference). Expressions keep
 * the TS operation order so that both give bit-identical doubles.
 */
export const LIQUIDATION_MACROS_SQL = `
CREATE OR REPLACE MACRO liq_long_exact(e, l, m, cum, q) AS e * (1 - 1 / l) / (1 - m) - cum / (q * (1 - m));
CREATE OR REPLACE MACRO liq_short_exact(e, l, m, cum, q) AS e * (1 + 1 / l) / (1 + m) + cum / (q * (1 + m));
CREATE OR REPLACE MACRO liq_long_reference(e, l, m) AS e * (1 - 1 / l + m / l);
CREATE OR REPLACE MACRO liq_short_reference(e, l, m) AS e * (1 + 1 / l - m / l);
CREATE OR REPLACE MACRO liq_long(e, l, m, ref) AS
  CASE WHEN ref THEN liq_long_reference(e, l, m) ELSE liq_long_exact(e, l, m, 0, 1) END;
CREATE OR REPLACE MACRO liq_short(e, l, m, ref) AS
  CASE WHEN ref THEN liq_short_reference(e, l, m) ELSE liq_short_exact(e, l, m, 0, 1) END;
`;

const installed = new WeakSet<Db>();

/** Create the macros once per database (the engine may call this at start; models call it too). */
export async function installModelMacros(db: Db): Promise<void> {
  if (installed.has(db)) return;
  await db.exec(LIQUIDATION_MACROS_SQL);
  installed.add(db);
}
