/** Leverage tiers: the defaults of docs/models.md, their chart colours, and validation. */
import type { Tier, TierStyle } from './types.ts';

export const DEFAULT_TIERS: readonly Tier[] = Object.freeze([
  { leverage: 5, weight: 0.15 },
  { leverage: 10, weight: 0.3 },
  { leverage: 25, weight: 0.25 },
  { leverage: 50, weight: 0.2 },
  { leverage: 100, weight: 0.1 },
]);

export const TIER_COLOURS: readonly TierStyle[] = Object.freeze([
  { leverage: 5, colour: '#5dd3d3' },
  { leverage: 10, colour: '#6ba3ff' },
  { leverage: 25, colour: '#4a90e2' },
  { leverage: 50, colour: '#ff9f40' },
  { leverage: 100, colour: '#ff6384' },
]);

/** Colour for a leverage: the default tier's, else the nearest default tier's by log distance. */
export function tierColour(leverage: number): string {
  let best = TIER_COLOURS[0];
  for (const t of TIER_COLOURS) {
    if (Math.abs(Math.log(t.leverage / leverage)) < Math.abs(Math.log(best.leverage / leverage))) best = t;
  }
  return best.colour;
}

export const MAX_LEVERAGE = 125;
/** A maintenance margin rate is below this (at 0.5 a 2x long would liquidate at its entry). */
export const MAX_MMR = 0.5;
export const WEIGHT_SUM_TOLERANCE = 1e-6;

/** Problems with a tier list, as sentences for the UI; empty when the tiers are usable. */
export function tierProblems(tiers: readonly Tier[]): string[] {
  const problems: string[] = [];
  if (tiers.length === 0) return ['Add at least one leverage tier.'];
  const seen = new Set<number>();
  for (const { leverage, weight } of tiers) {
    if (!Number.isFinite(leverage) || leverage < 1 || leverage > MAX_LEVERAGE) {
      problems.push(`Leverage ${leverage} is outside 1x to ${MAX_LEVERAGE}x.`);
    } else if (seen.has(leverage)) {
      problems.push(`Leverage ${leverage}x is listed twice: give each tier its own leverage (put the two weights into one tier).`);
    }
    seen.add(leverage);
    if (!Number.isFinite(weight) || weight < 0) problems.push(`Weight ${weight} of ${leverage}x must be a number >= 0.`);
  }
  const sum = tiers.reduce((s, t) => s + t.weight, 0);
  const off = sum - 1;
  if (Number.isFinite(sum) && Math.abs(off) > WEIGHT_SUM_TOLERANCE) {
    problems.push(`Weights sum to ${round(sum)}, ${off > 0 ? 'over' : 'under'} 1 by ${round(Math.abs(off))}.`);
  }
  return problems;
}

/** Problems with a maintenance margin rate; empty when usable. */
export function mmrProblems(mmr: number): string[] {
  return Number.isFinite(mmr) && mmr >= 0 && mmr < MAX_MMR
    ? []
    : [`Maintenance margin rate ${mmr} must be at least 0 and below ${MAX_MMR}.`];
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}
