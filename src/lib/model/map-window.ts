/**
 * What a map needs from the data: whale notional per entry bin of the map's step over the
 * window (the `v(b)` of docs/models.md), with its taker buy and sell parts, and the window's
 * facts. The window is the N*24 whole UTC hours ending with the symbol's latest profile hour, so
 * whale rows are kept summed per day counted back from it (day 0 = the latest 24 hours) and a
 * window of N days is days 0..N-1. The day sums are kept per (data, threshold).
 */
import type { EntryBins } from './map-levels.ts';
import { binIndex } from './price-grid.ts';
import type { SymbolData } from './profile-data.ts';
import { BinSums, Columns, lastTime } from './segment-rows.ts';
import type { WindowSpan } from './types.ts';
import { hourSegments, monthsWithHours, whaleSegments } from './whale-rows.ts';

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Whale notional per entry bin over the window, and the window's facts: all a map needs from the data. */
export interface WindowAggregate {
  entries: EntryBins;
  window: WindowSpan;
  entryNotional: number;
  entryBuyNotional: number;
  months: string[];
}

/** Whale rows summed by (day back from lastHour, price_bin): day d's rows are [start[d], start[d + 1]). */
interface DaySums {
  start: Uint32Array;
  priceBin: Float64Array;
  buy: Float64Array;
  sell: Float64Array;
}

const daySumsKept = new WeakMap<SymbolData, Map<number, DaySums>>();

/** Whale rows walked from the latest back: days come in ascending order, each day's rows summed by price_bin. */
function fillDaySums(data: SymbolData, threshold: number, lastHour: number): DaySums {
  const segments = whaleSegments(data, threshold);
  const out = new Columns(['priceBin', 'buy', 'sell'] as const);
  const starts: number[] = [0];
  let day = 0;
  let rows: { bin: number; buy: number; sell: number }[] = [];
  const endDay = () => {
    rows.sort((a, b) => a.bin - b.bin);
    for (let i = 0; i < rows.length; i++) {
      let { buy, sell } = rows[i];
      while (i + 1 < rows.length && rows[i + 1].bin === rows[i].bin) {
        i++;
        buy += rows[i].buy;
        sell += rows[i].sell;
      }
      out.push(rows[i].bin, buy, sell);
    }
    rows = [];
    starts.push(out.size);
  };
  for (let s = segments.length - 1; s >= 0; s--) {
    const w = segments[s].columns;
    for (let i = w.hour.length - 1; i >= 0; i--) {
      const d = Math.floor((lastHour - w.hour[i]) / DAY_MS);
      while (day < d) {
        endDay();
        day++;
      }
      rows.push({ bin: w.priceBin[i], buy: w.buy[i], sell: w.sell[i] });
    }
  }
  endDay();
  return { start: Uint32Array.from(starts), ...out.done() };
}

function daySums(data: SymbolData, threshold: number, lastHour: number): DaySums {
  let byThreshold = daySumsKept.get(data);
  if (!byThreshold) daySumsKept.set(data, (byThreshold = new Map()));
  let sums = byThreshold.get(threshold);
  if (!sums) byThreshold.set(threshold, (sums = fillDaySums(data, threshold, lastHour)));
  return sums;
}

/** The symbol's latest profile hour (live rows included), NaN when nothing is loaded. */
export function lastProfileHour(data: SymbolData): number {
  return lastTime(hourSegments(data), (c) => c.hour);
}

export function windowAggregate(data: SymbolData, p: { whaleThreshold: number; windowDays: number; step: number }): WindowAggregate {
  const lastHour = lastProfileHour(data);
  if (Number.isNaN(lastHour)) throw new Error(`No profile data is loaded for ${data.symbol}.`);
  const hours = p.windowDays * 24;
  const fromHour = lastHour - (hours - 1) * HOUR_MS;
  const sums = daySums(data, p.whaleThreshold, lastHour);
  const end = sums.start[Math.max(0, Math.min(Math.ceil(p.windowDays), sums.start.length - 1))];
  const bins = new BinSums();
  let entryNotional = 0;
  let entryBuyNotional = 0;
  for (let i = 0; i < end; i++) {
    bins.add(binIndex(sums.priceBin[i], p.step), sums.buy[i], sums.sell[i]);
    entryNotional += sums.buy[i] + sums.sell[i];
    entryBuyNotional += sums.buy[i];
  }
  const entries = new Columns(['index', 'buy', 'sell'] as const);
  const n = bins.flush();
  for (let k = 0; k < n; k++) if (bins.buys[k] + bins.sells[k] > 0) entries.push(bins.bins[k], bins.buys[k], bins.sells[k]);
  let hoursWithData = 0;
  for (const { columns } of hourSegments(data)) for (const h of columns.hour) if (h > lastHour - hours * HOUR_MS) hoursWithData++;
  return {
    entries: entries.done(),
    window: { fromHour, toHour: lastHour, hours, hoursWithData },
    entryNotional,
    entryBuyNotional,
    months: monthsWithHours(data, lastHour - hours * HOUR_MS + 1),
  };
}
