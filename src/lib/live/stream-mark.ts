/**
 * The streamed mark price replaces the REST one in the figures the models use (and OI in USD
 * follows it), unless the user typed figures in: those always win.
 */
import type { UsedFigures } from '../state/used-figures.ts';

export function withStreamMark(f: UsedFigures | null, mark: number | null): UsedFigures | null {
  if (!f || f.source === 'manual' || mark === null || !(mark > 0)) return f;
  return { ...f, markPrice: mark, oiUsd: f.contracts * mark };
}
