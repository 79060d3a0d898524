import { describe, expect, it } from 'vitest';
import { checkManual } from '../../../src/lib/binance/manual.ts';

describe('checkManual', () => {
  it('derives the other unit of open interest from the one typed', () => {
    expect(checkManual({ markPrice: 100_000, contracts: 2 }, 5)).toEqual({ ok: true, figures: { markPrice: 100_000, contracts: 2, oiUsd: 200_000, oiGivenAs: 'contracts', setAt: 5 } });
    expect(checkManual({ markPrice: 100_000, oiUsd: 300_000 }, 5)).toMatchObject({ ok: true, figures: { contracts: 3, oiGivenAs: 'usd' } });
  });
  it('refuses in the words the form uses: the base asset or USD, never "contracts"', () => {
    const both = checkManual({ markPrice: 1, contracts: 1, oiUsd: 1 }, 0);
    const none = checkManual({ markPrice: 1, contracts: -1 }, 0);
    expect(both).toEqual({ ok: false, error: 'Give open interest in the base asset (BTC for BTCUSDT) or in USD, not both.' });
    expect(none).toEqual({ ok: false, error: 'Open interest must be a number above 0.' });
  });
});
