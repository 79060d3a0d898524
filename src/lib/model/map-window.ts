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
import { Columns, lastTime } from './segment-rows.ts';
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

function fillDaySums(data: SymbolData, threshold: number, lastHour: number): DaySums {
  const perDay: Map<number, [number, number]>[] = [];
  for (const { columns: w } of whaleSegments(data, threshold)) {
    for (let i = 0; i < w.hour.length; i++) {
      const day = Math.floor((lastHour - w.hour[i]) / DAY_MS);
      const bins = (perDay[day] ??= new Map());
      const sums = bins.get(w.priceBin[i]);
      if (sums) {
        sums[0] += w.buy[i];
        sums[1] += w.sell[i];
      } else bins.set(w.priceBin[i], [w.buy[i], w.sell[i]]);
    }
  }
  const start = new Uint32Array(perDay.length + 1);
  const out = new Columns(['priceBin', 'buy', 'sell'] as const);
  for (let d = 0; d < perDay.length; d++) {
    for (const bin of [...(perDay[d]?.keys() ?? [])].sort((a, b) => a - b)) {
      const [buy, sell] = perDay[d].get(bin)!;
      out.push(bin, buy, sell);
    }
    start[d + 1] = out.size;
  }
  return { start, ...out.done() };
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
  const bins = new Map<number, [number, number]>();
  let entryNotional = 0;
  let entryBuyNotional = 0;
  for (let i = 0; i < end; i++) {
    const bin = binIndex(sums.priceBin[i], p.step);
    const acc = bins.get(bin);
    if (acc) {
      acc[0] += sums.buy[i];
      acc[1] += sums.sell[i];
    } else bins.set(bin, [sums.buy[i], sums.sell[i]]);
    entryNotional += sums.buy[i] + sums.sell[i];
    entryBuyNotional += sums.buy[i];
  }
  const entries = new Columns(['index', 'buy', 'sell'] as const);
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    const [buy, sell] = bins.get(bin)!;
    if (buy + sell > 0) entries.push(bin, buy, sell);
  }
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
