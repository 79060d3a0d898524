/** Open interest is stated in the symbol's base asset: one linear perpetual contract is one unit of it. */
import { expect, test } from 'vitest';
import { baseAsset, formatOi, oiUnit } from '../../../src/lib/data/base-asset.ts';

test('the base asset of USDT and USDC perpetuals, the multiplier kept as the exchanges name it', () => {
  expect(['BTCUSDT', 'ETHUSDT', '1000PEPEUSDT', 'SOLUSDC', 'BTCPERP', 'USDCUSDT'].map(baseAsset)).toEqual(['BTC', 'ETH', '1000PEPE', 'SOL', 'BTC', 'USDC']);
});

test('a symbol of no known quote says "contracts" rather than a made-up asset', () => {
  expect([baseAsset('BTCUSD'), baseAsset('USDT')]).toEqual([null, null]);
  expect(oiUnit('BTCUSD')).toBe('contracts');
  expect(formatOi(80_000, 'BTCUSD')).toBe('80,000 contracts');
});

test('an open interest reads as an amount of the base asset, to 3 decimals', () => {
  expect(formatOi(80_000, 'BTCUSDT')).toBe('80,000 BTC');
  expect(formatOi(1234.56789, 'ETHUSDT')).toBe('1,234.568 ETH');
});
