import { describe, expect, it } from 'vitest';
import { formatDecimals, formatUsd, formatUsdAmount, formatUsdCompact } from '../../src/lib/format.ts';

describe('formatUsdCompact', () => {
  it('writes USD to three significant digits by default, with K/M/B', () => {
    expect([37_412, 1_250_000, 2.5e9, 0.0123, 0].map((v) => formatUsdCompact(v))).toEqual(['$37.4K', '$1.25M', '$2.5B', '$0.0123', '$0']);
  });

  it('takes the digits asked for, each count through its own formatter', () => {
    expect([formatUsdCompact(1_234_567, 2), formatUsdCompact(1_234_567, 4), formatUsdCompact(1_234_567, 2)]).toEqual(['$1.2M', '$1.235M', '$1.2M']);
  });

  it('writes a dash for what is not a number', () => {
    expect([NaN, Infinity].map((v) => formatUsdCompact(v))).toEqual(['—', '—']);
  });
});

describe('formatDecimals', () => {
  it('keeps at most the decimals asked for', () => {
    expect([formatDecimals(95_123.456, 2), formatDecimals(95_123.456, 0), formatDecimals(0.5, 3)]).toEqual(['95,123.46', '95,123', '0.5']);
  });
});

describe('formatUsd', () => {
  it('writes nothing as $0, not as a price to four digits', () => {
    expect([0, -0, 1_234.5, 2_500_000, 3.2e9].map((v) => formatUsd(v))).toEqual(['$0', '$0', '$1,234.5', '$2.50 M', '$3.20 B']);
  });
});

describe('formatUsdAmount', () => {
  it('writes thousands of USD as K to two decimals, like M and B, never to the cent', () => {
    expect([881_200.6, 1_000, 999_999, -2_500, 3_590_000, 250, 0].map((v) => formatUsdAmount(v))).toEqual(['$881.20 K', '$1.00 K', '$1.00 M', '$-2.50 K', '$3.59 M', '$250.0', '$0']);
  });
});
