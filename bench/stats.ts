/** Order statistics of the benches' samples. */

/** The sample at quantile q (0..1): the ceil(q·n)-th smallest, the last when q·n rounds past it. */
export const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];

/** The middle sample, the upper of the two middle ones when n is even. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const p95 = (xs: number[]): number => quantile(xs, 0.95);
