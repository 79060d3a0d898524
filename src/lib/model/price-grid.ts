/**
 * Exact decimal price decisions: which bin holds a price, and whether a price reached a level.
 * Prices and steps are decimals (150.42, 0.02) but doubles are binary, so 150.42 / 0.02 is
 * 7520.999999999999 and a plain floor puts an edge price one bin low. Two prices that agree to
 * SAME_DECIMAL (relative) are the same decimal: far above double noise (~1e-16 per operation),
 * far below any exchange tick (prices carry at most ~10 significant digits). Every bin, row and
 * "price reached the level" decision of the models, the builder and the importer is made here.
 */

/** Relative distance under which two doubles stand for the same decimal. */
export const SAME_DECIMAL = 1e-11;

/**
 * Index of the bin [n * step, (n + 1) * step) that holds `price`; an edge price is in its own
 * bin. A quotient within SAME_DECIMAL below an integer is that integer (one division, one floor:
 * the same cheap form in SQL).
 */
export function binIndex(price: number, step: number): number {
  const q = price / step;
  return Math.floor(q + SAME_DECIMAL * Math.max(1, Math.abs(q)));
}

/** Lower edge of the bin that holds `price`, without binary noise (7521 * 0.02 = 150.42). */
export function binFloor(price: number, step: number): number {
  return cleanDecimal(binIndex(price, step) * step);
}

/** A computed price or step as the decimal it stands for (0.1 * 3 = 0.30000000000000004 → 0.3). */
export function cleanDecimal(x: number): number {
  return Number(x.toPrecision(12));
}

/** a >= b, where equal decimals count as equal (a long level at `a` is reached by a low of `b`). */
export function atOrAbove(a: number, b: number): boolean {
  if (a >= b) return true;
  return Number.isFinite(a) && Number.isFinite(b) && b - a <= SAME_DECIMAL * Math.max(Math.abs(a), Math.abs(b));
}

/** a <= b, where equal decimals count as equal (a short level at `a` is reached by a high of `b`). */
export function atOrBelow(a: number, b: number): boolean {
  return atOrAbove(b, a);
}

/**
 * For many values against one positive `b`: every `a` below this is surely not atOrAbove(a, b)
 * (b - a exceeds the tolerance twice over), so one comparison rejects it before the exact test.
 */
export function surelyBelow(b: number): number {
  return b > 0 ? b * (1 - 2 * SAME_DECIMAL) : -Infinity;
}

/** The same for atOrBelow(a, b): every `a` above this is surely not at or below `b`. */
export function surelyAbove(b: number): number {
  return b > 0 ? b * (1 + 2 * SAME_DECIMAL) : Infinity;
}

/**
 * binIndex as a DuckDB expression, for SQL that bins raw trades (the builder). `price` is a SQL
 * expression, `step` a validated number; the same tolerance and rule as binIndex.
 */
export function binIndexSql(price: string, step: number): string {
  if (!(step > 0) || !Number.isFinite(step)) throw new Error(`bin step must be a positive number, got ${step}`);
  const q = `((${price}) / ${step}::DOUBLE)`;
  return `floor(${q} + ${SAME_DECIMAL} * greatest(1, abs(${q})))`;
}

/** binFloor as a DuckDB expression: the bin's lower edge, rounded to 12 significant digits like cleanDecimal. */
export function binFloorSql(price: string, step: number): string {
  const edge = `${binIndexSql(price, step)} * ${step}::DOUBLE`;
  return `round(${edge}, (11 - floor(log10(greatest(abs(${edge}), 1e-300))))::INTEGER)`;
}
