/**
 * Model 3's starting state (docs/models.md): what rests at the range's first candle open T0 is
 * the positions opened in the 30 days before T0, sized like the map by the OI at T0, minus the
 * levels price reached after they opened and before T0 (liquidated before the range). Without OI
 * history the whale notional is used unscaled (the walk scales everything at the end).
 */
import { LONG, SHORT, levelIndex, longShare } from './levels.ts';
import { reached, type GridLevels } from './heatmap-walk.ts';
import type { Split } from './types.ts';

export const HOUR_MS = 3_600_000;
/** How far back positions that still rest at the range start may have opened. */
export const START_LOOKBACK_DAYS = 30;

const SIDES = [LONG, SHORT] as const;

export interface StartInputs {
  /** Range start (first candle open), epoch ms. */
  rangeStart: number;
  /** Whale entries of the hours before T0, by hour ascending: hour start, grid row, buy, sell USD. */
  hour: Float64Array;
  row: Int32Array;
  buy: Float64Array;
  sell: Float64Array;
  /** Per hour before T0 (ascending): the lowest 5-minute low and highest high of the hour. */
  extremeHour: Float64Array;
  extremeLow: Float64Array;
  extremeHigh: Float64Array;
  /** OI in USD at T0; null without OI history (whale notional unscaled). */
  oiStart: number | null;
  levels: GridLevels;
  split: Split;
}

export interface StartState {
  /** Resting USD per level at T0. */
  size: Float64Array;
  /** What the 30 days opened (after sizing), and the part price reached before T0. */
  opened: number;
  liquidated: number;
}

export function startingState(inp: StartInputs): StartState {
  const size = new Float64Array(inp.levels.liq.length);
  let whale = 0;
  for (let e = 0; e < inp.hour.length; e++) whale += inp.buy[e] + inp.sell[e];
  if (!(whale > 0)) return { size, opened: 0, liquidated: 0 };
  const scale = inp.oiStart === null ? 1 : inp.oiStart / whale;
  const { lowAfter, highAfter } = suffixExtremes(inp);
  const weights = inp.levels.tierWeights;
  let opened = 0;
  let liquidated = 0;
  let j = 0;
  for (let e = 0; e < inp.hour.length; e++) {
    // Price since the position opened: the hours after its own, up to T0.
    while (j < inp.extremeHour.length && inp.extremeHour[j] < inp.hour[e] + HOUR_MS) j++;
    const low = lowAfter[j];
    const high = highAfter[j];
    if (inp.row[e] < 0 || inp.row[e] >= inp.levels.rows) continue; // entry outside the grid: not placed
    const usd = (inp.buy[e] + inp.sell[e]) * scale;
    const share = longShare(inp.buy[e], inp.sell[e], inp.split);
    for (const side of SIDES) {
      const part = side === LONG ? share : 1 - share;
      for (let k = 0; k < weights.length; k++) {
        const i = levelIndex(inp.row[e], k, side, weights.length);
        const usdAt = usd * part * weights[k];
        if (reached(side, inp.levels.liq[i], low, high)) liquidated += usdAt;
        else size[i] += usdAt;
        opened += usdAt;
      }
    }
  }
  return { size, opened, liquidated };
}

/** lowAfter[j] = lowest low of hours j.. (Infinity past the end); highAfter likewise. */
function suffixExtremes(inp: StartInputs): { lowAfter: Float64Array; highAfter: Float64Array } {
  const n = inp.extremeHour.length;
  const lowAfter = new Float64Array(n + 1).fill(Infinity);
  const highAfter = new Float64Array(n + 1).fill(-Infinity);
  for (let j = n - 1; j >= 0; j--) {
    lowAfter[j] = Math.min(lowAfter[j + 1], inp.extremeLow[j]);
    highAfter[j] = Math.max(highAfter[j + 1], inp.extremeHigh[j]);
  }
  return { lowAfter, highAfter };
}
