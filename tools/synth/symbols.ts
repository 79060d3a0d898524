/** Per-symbol market parameters for the generator: tick size, lot size, price level, OI size. */

export interface SymbolSpec {
  symbol: string;
  /** Price tick (PRICE_FILTER.tickSize), as a power of ten. */
  tickDecimals: number;
  /** Quantity step (LOT_SIZE.stepSize), as a power of ten. */
  qtyDecimals: number;
  /** Price the path wanders around (log mean reversion keeps it within about ±30 %). */
  centerPrice: number;
  /** Median notional of an ordinary trade, USD. */
  medianNotional: number;
  /** Typical open interest, USD. */
  baseOiUsd: number;
  /** Volatility relative to BTC. */
  volatility: number;
}

const KNOWN: Record<string, Omit<SymbolSpec, 'symbol'>> = {
  BTCUSDT: { tickDecimals: 1, qtyDecimals: 3, centerPrice: 85_000, medianNotional: 2_500, baseOiUsd: 8e9, volatility: 1 },
  ETHUSDT: { tickDecimals: 2, qtyDecimals: 3, centerPrice: 3_000, medianNotional: 1_800, baseOiUsd: 5e9, volatility: 1.3 },
  SOLUSDT: { tickDecimals: 2, qtyDecimals: 2, centerPrice: 170, medianNotional: 900, baseOiUsd: 1.5e9, volatility: 1.6 },
  BNBUSDT: { tickDecimals: 2, qtyDecimals: 2, centerPrice: 700, medianNotional: 700, baseOiUsd: 6e8, volatility: 1.1 },
  XRPUSDT: { tickDecimals: 4, qtyDecimals: 1, centerPrice: 2.2, medianNotional: 700, baseOiUsd: 1e9, volatility: 1.6 },
  DOGEUSDT: { tickDecimals: 5, qtyDecimals: 0, centerPrice: 0.2, medianNotional: 500, baseOiUsd: 6e8, volatility: 1.8 },
};

/** Stable small hash of a name, for the defaults of unknown symbols. */
function nameHash(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

/** Known symbols get realistic figures; any other name a mid-cap default (price 1–100). */
export function symbolSpec(symbol: string): SymbolSpec {
  if (!/^[A-Z0-9]{2,20}$/.test(symbol)) throw new Error(`symbol must be upper-case letters and digits, got "${symbol}"`);
  const known = KNOWN[symbol];
  if (known) return { symbol, ...known };
  const centerPrice = Number((Math.pow(10, 2 * nameHash(symbol))).toPrecision(2));
  // About 5 significant digits of price and a lot worth about a dollar or less.
  const tickDecimals = Math.max(0, 4 - Math.floor(Math.log10(centerPrice)));
  const qtyDecimals = Math.max(0, Math.ceil(Math.log10(centerPrice)));
  return { symbol, tickDecimals, qtyDecimals, centerPrice, medianNotional: 600, baseOiUsd: 3e8, volatility: 1.5 };
}
