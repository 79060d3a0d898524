/**
 * Figures typed in by hand. The user gives the mark price and the open interest either in
 * contracts or in USD (whichever they have at hand); the other OI unit is derived with
 * `oiUsd = contracts * markPrice`. A manual figure is whole (both values), so its source is
 * unambiguous.
 */

export interface ManualInput {
  markPrice: number;
  /** Open interest in contracts; give this or `oiUsd`, not both. */
  contracts?: number;
  /** Open interest in USD; give this or `contracts`, not both. */
  oiUsd?: number;
}

export interface ManualFigures {
  markPrice: number;
  contracts: number;
  oiUsd: number;
  /** Which unit the user typed the open interest in. */
  oiGivenAs: 'contracts' | 'usd';
  /** Local clock when it was set, epoch ms. */
  setAt: number;
}

export type ManualCheck = { ok: true; figures: ManualFigures } | { ok: false; error: string };

const positive = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

export function checkManual(input: ManualInput, now: number): ManualCheck {
  const { markPrice, contracts, oiUsd } = input;
  if (!positive(markPrice)) return { ok: false, error: 'Mark price must be a number above 0.' };
  if (contracts !== undefined && oiUsd !== undefined) {
    return { ok: false, error: 'Give open interest in the base asset (BTC for BTCUSDT) or in USD, not both.' };
  }
  if (contracts !== undefined) {
    if (!positive(contracts)) return { ok: false, error: 'Open interest must be a number above 0.' };
    return { ok: true, figures: { markPrice, contracts, oiUsd: contracts * markPrice, oiGivenAs: 'contracts', setAt: now } };
  }
  if (!positive(oiUsd)) return { ok: false, error: 'Open interest (USD) must be a number above 0.' };
  return { ok: true, figures: { markPrice, contracts: oiUsd / markPrice, oiUsd, oiGivenAs: 'usd', setAt: now } };
}
