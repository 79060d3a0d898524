import { describe, expect, it } from 'vitest';
import { autoStep, nice125, stepChoices } from '../../../src/lib/model/bins.ts';
import { SIZE_EDGES as WHALE_THRESHOLDS } from '../../../src/lib/data/profile-schema.ts';
import { DEFAULT_TIERS, mmrProblems, tierColour, tierProblems } from '../../../src/lib/model/tiers.ts';

describe('tiers', () => {
  it('defaults of models.md sum to 1 and validate', () => {
    expect(DEFAULT_TIERS.map((t) => `${t.leverage}:${t.weight}`)).toEqual(['5:0.15', '10:0.3', '25:0.25', '50:0.2', '100:0.1']);
    expect(tierProblems(DEFAULT_TIERS)).toEqual([]);
    expect(tierColour(25)).toBe('#4a90e2');
    expect(tierColour(20)).toBe('#4a90e2');
  });
  it('says by how much the weights are off', () => {
    expect(tierProblems([{ leverage: 10, weight: 0.7 }])).toEqual(['Weights sum to 0.7, under 1 by 0.3.']);
    const over = tierProblems([{ leverage: 10, weight: 0.7 }, { leverage: 20, weight: 0.35 }]);
    expect(over).toEqual(['Weights sum to 1.05, over 1 by 0.05.']);
    expect(tierProblems([{ leverage: 10, weight: 1 + 5e-7 }])).toEqual([]);
  });
  it('rejects leverage outside 1..125, negative weights, duplicates', () => {
    expect(tierProblems([{ leverage: 0.5, weight: 1 }])[0]).toMatch('outside 1x to 125x');
    expect(tierProblems([{ leverage: 126, weight: 1 }])[0]).toMatch('outside 1x to 125x');
    expect(tierProblems([{ leverage: 10, weight: -0.1 }, { leverage: 20, weight: 1.1 }])[0]).toMatch('>= 0');
    expect(tierProblems([{ leverage: 10, weight: 0.5 }, { leverage: 10, weight: 0.5 }])[0]).toBe('Leverage 10x is listed twice: give each tier its own leverage (put the two weights into one tier).');
  });
  it('mmr in [0, 0.5)', () => {
    expect(mmrProblems(0)).toEqual([]);
    expect(mmrProblems(0.5)).toHaveLength(1);
    expect(mmrProblems(-0.01)).toHaveLength(1);
  });
});

describe('bin steps', () => {
  it('BTC follows the reference: 200 / 500 / 1500', () => {
    expect([7, 30, 90].map((d) => autoStep('BTCUSDT', d, 95_000))).toEqual([200, 500, 1_500]);
  });
  it('other symbols: ~0.2 / 0.5 / 1.5 % of price on a 1-2-5 scale', () => {
    expect([7, 30, 90].map((d) => autoStep('ETHUSDT', d, 3_100))).toEqual([5, 20, 50]);
    expect(autoStep('SOLUSDT', 30, 140)).toBe(0.5);
    expect(nice125(0.3)).toBe(0.2);
    expect(nice125(0.4)).toBe(0.5);
  });
  it('manual choices are 1-2-5 steps from ~0.02 % to 5 % of price', () => {
    expect(stepChoices(100_000)).toEqual([20, 50, 100, 200, 500, 1_000, 2_000, 5_000]);
  });
  it('whale thresholds are the profile bucket edges', () => {
    expect(WHALE_THRESHOLDS).toEqual([0, 10_000, 100_000, 500_000, 1_000_000, 5_000_000]);
  });
});
