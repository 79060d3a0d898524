/**
 * Price bin steps (docs/models.md "Price bins"). The whale threshold choices are the profile's
 * size bucket edges, SIZE_EDGES of data/profile-schema.ts.
 */

/** The 1-2-5 value nearest to x (in log terms). */
export function nice125(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`step must be a positive number, got ${x}`);
  const decade = 10 ** Math.floor(Math.log10(x));
  let best = decade;
  for (const m of [1, 2, 5, 10]) {
    if (Math.abs(Math.log(m * decade / x)) < Math.abs(Math.log(best / x))) best = m * decade;
  }
  return roundFloat(best);
}

/** The smallest 1-2-5 value >= x. */
export function nice125Up(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`step must be a positive number, got ${x}`);
  const decade = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * decade >= x * (1 - 1e-12)) return roundFloat(m * decade);
  return roundFloat(10 * decade);
}

/** Share of price per lookback for symbols other than BTC: about 0.2 %, 0.5 %, 1.5 %. */
function lookbackShare(windowDays: number): number {
  return windowDays <= 7 ? 0.002 : windowDays <= 30 ? 0.005 : 0.015;
}

/**
 * Default step for a lookback: BTC-like symbols use the reference's $200 / $500 / $1,500;
 * others scale to price. "BTC-like" = the symbol starts with BTC.
 */
export function autoStep(symbol: string, windowDays: number, price: number): number {
  if (symbol.toUpperCase().startsWith('BTC')) return windowDays <= 7 ? 200 : windowDays <= 30 ? 500 : 1_500;
  return nice125(price * lookbackShare(windowDays));
}

/** Sensible manual steps for a price: 1-2-5 values from ~0.02 % to ~5 % of price. */
export function stepChoices(price: number): number[] {
  const out: number[] = [];
  for (let s = nice125Up(price * 0.0002); s <= price * 0.05; s = nextNice(s)) out.push(s);
  return out;
}

function nextNice(s: number): number {
  return nice125Up(s * 1.5);
}

/** Strip binary noise such as 0.30000000000000004 from a computed step. */
function roundFloat(x: number): number {
  return Number(x.toPrecision(12));
}
