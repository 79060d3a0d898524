/** Validation of model parameters before any number reaches SQL. Messages are for the UI. */
import { mmrProblems, tierProblems } from './tiers.ts';
import type { MapParams, ModelSettings } from './types.ts';

export function commonProblems(p: ModelSettings): string[] {
  const problems = [...tierProblems(p.tiers), ...mmrProblems(p.mmr)];
  if (!p.symbol) problems.push('Pick a symbol.');
  if (!(p.whaleThreshold >= 0) || !Number.isFinite(p.whaleThreshold)) {
    problems.push(`Whale threshold ${p.whaleThreshold} must be a number >= 0.`);
  }
  if (p.split !== 'taker' && p.split !== 'even') problems.push(`Split ${String(p.split)} is not taker or even.`);
  if (p.formula !== 'exact' && p.formula !== 'reference') problems.push(`Formula ${String(p.formula)} is not exact or reference.`);
  return problems;
}

export function positive(name: string, x: number | undefined): string[] {
  return x !== undefined && Number.isFinite(x) && x > 0 ? [] : [`${name} must be a number above 0, got ${x}.`];
}

export function mapParamProblems(p: MapParams): string[] {
  const problems = commonProblems(p);
  if (p.model !== 'oi' && p.model !== 'trades') problems.push(`Model ${String(p.model)} is not oi or trades.`);
  if (!(Number.isInteger(p.windowDays) && p.windowDays > 0)) problems.push(`Window must be a whole number of days, got ${p.windowDays}.`);
  problems.push(...positive('Bin step', p.step));
  problems.push(...positive('Mark price', p.markPrice));
  if (!(p.oiUsd >= 0) || !Number.isFinite(p.oiUsd)) problems.push(`Open interest ${p.oiUsd} must be a number >= 0.`);
  return problems;
}

/** Throw one error listing every problem, so a bad request never reaches SQL. */
export function assertValid(problems: string[]): void {
  if (problems.length > 0) throw new Error(problems.join(' '));
}
