/**
 * Maintenance-margin bracket tables shipped with the app (the live table needs an API key).
 * Data, dated, meant to be user-editable; models use the first bracket unless told otherwise.
 */
import type { Bracket, BracketTable } from './types.ts';

const bracket = (notionalFloor: number, notionalCap: number, mmr: number, cum: number): Bracket => ({
  notionalFloor,
  notionalCap,
  mmr,
  cum,
});

/** BTCUSDT as Binance published it in 2025 (docs/models.md lists the first five brackets). */
export const BTCUSDT_BRACKETS: BracketTable = {
  symbol: 'BTCUSDT',
  asOf: '2025-11-01',
  source: 'Binance USDⓈ-M leverage & margin table, copied by hand',
  brackets: [
    bracket(0, 300_000, 0.004, 0),
    bracket(300_000, 800_000, 0.005, 300),
    bracket(800_000, 3_000_000, 0.0065, 1_500),
    bracket(3_000_000, 12_000_000, 0.01, 12_000),
    bracket(12_000_000, 70_000_000, 0.02, 132_000),
    bracket(70_000_000, 100_000_000, 0.025, 482_000),
    bracket(100_000_000, 230_000_000, 0.05, 2_982_000),
    bracket(230_000_000, 480_000_000, 0.1, 14_482_000),
    bracket(480_000_000, 600_000_000, 0.125, 26_482_000),
    bracket(600_000_000, 800_000_000, 0.15, 41_482_000),
    bracket(800_000_000, 1_200_000_000, 0.25, 121_482_000),
    bracket(1_200_000_000, 1_800_000_000, 0.5, 421_482_000),
  ],
};

/** ETHUSDT, same publication; brackets end where Binance's do for ETH. */
export const ETHUSDT_BRACKETS: BracketTable = {
  symbol: 'ETHUSDT',
  asOf: '2025-11-01',
  source: 'Binance USDⓈ-M leverage & margin table, copied by hand',
  brackets: [
    bracket(0, 300_000, 0.005, 0),
    bracket(300_000, 800_000, 0.0065, 450),
    bracket(800_000, 3_000_000, 0.0075, 1_250),
    bracket(3_000_000, 12_000_000, 0.01, 8_750),
    bracket(12_000_000, 50_000_000, 0.02, 128_750),
    bracket(50_000_000, 65_000_000, 0.025, 378_750),
    bracket(65_000_000, 150_000_000, 0.05, 2_003_750),
    bracket(150_000_000, 320_000_000, 0.1, 9_503_750),
    bracket(320_000_000, 400_000_000, 0.125, 17_503_750),
    bracket(400_000_000, 530_000_000, 0.15, 27_503_750),
    bracket(530_000_000, 800_000_000, 0.25, 80_503_750),
    bracket(800_000_000, 1_200_000_000, 0.5, 280_503_750),
  ],
};

/** For symbols without a shipped table: a conservative small-cap table. */
export const GENERIC_BRACKETS: BracketTable = {
  symbol: '*',
  asOf: '2025-11-01',
  source: 'liqmap default, modelled on Binance altcoin tables',
  brackets: [
    bracket(0, 5_000, 0.01, 0),
    bracket(5_000, 50_000, 0.025, 75),
    bracket(50_000, 250_000, 0.05, 1_325),
    bracket(250_000, 1_000_000, 0.1, 13_825),
    bracket(1_000_000, 2_000_000, 0.125, 38_825),
    bracket(2_000_000, 5_000_000, 0.25, 288_825),
    bracket(5_000_000, 10_000_000, 0.5, 1_538_825),
  ],
};

const SHIPPED: Record<string, BracketTable> = { BTCUSDT: BTCUSDT_BRACKETS, ETHUSDT: ETHUSDT_BRACKETS };

export function bracketTable(symbol: string): BracketTable {
  return SHIPPED[symbol] ?? GENERIC_BRACKETS;
}

/** The bracket a position of `notional` USD falls in (the last one beyond the table). */
export function bracketFor(table: BracketTable, notional: number): Bracket {
  const b = table.brackets;
  return b.find((x) => notional < x.notionalCap) ?? b[b.length - 1];
}

/** The default mmr of a modelled level: the symbol's first bracket. */
export function defaultMmr(symbol: string): number {
  return bracketTable(symbol).brackets[0].mmr;
}
