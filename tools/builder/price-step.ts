/** The volume profile's price step: about 0.01 % of price, on a 1-2-5 scale (BTC 10, ETH 0.5). */
export function priceStep(price: number): number {
  if (!(price > 0)) throw new Error(`cannot choose a price step for price ${price}`);
  const target = price * 1e-4;
  const decade = Math.floor(Math.log10(target));
  let best = 1;
  let bestDistance = Infinity;
  for (const d of [decade - 1, decade, decade + 1]) {
    for (const m of [1, 2, 5]) {
      // Nearest on a log scale; rounding keeps steps such as 0.2 free of binary noise.
      const step = Number((m * 10 ** d).toPrecision(1));
      const distance = Math.abs(Math.log(step / target));
      if (distance < bestDistance) { best = step; bestDistance = distance; }
    }
  }
  return best;
}
