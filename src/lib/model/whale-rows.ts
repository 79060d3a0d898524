/**
 * The derived rows every model reads instead of the volume rows: per volume segment, the whale
 * notional of one threshold by (hour, fine price_bin), taker buys and sells side by side (a
 * month of BTC is ~260k volume rows, its whale rows of one threshold ~1/10 of that), and the
 * hours that hold any row. Kept per segment columns object: a replaced month or new live rows
 * are new columns, so nothing has to be invalidated by hand.
 */
import { binIndex } from './price-grid.ts';
import { SELL, type Segment, type SymbolData, type VolumeColumns } from './profile-data.ts';
import { Columns } from './segment-rows.ts';

/** Rows ascending by hour, then price_bin. */
export interface WhaleRows {
  hour: Float64Array;
  priceBin: Float64Array;
  buy: Float64Array;
  sell: Float64Array;
}

export interface HourRows {
  /** Every hour with a row of any size bucket, ascending, once. */
  hour: Float64Array;
}

/** Whale rows summed by (hour, bin index of one step): the heatmap's entries per hour. */
export interface StepRows {
  hour: Float64Array;
  bin: Float64Array;
  buy: Float64Array;
  sell: Float64Array;
}

const whales = new WeakMap<VolumeColumns, Map<number, WhaleRows>>();
const stepped = new WeakMap<WhaleRows, Map<number, StepRows>>();
/** Steps kept per whale rows: a heatmap's step changes with its range and the user's choice; the latest few are reused. */
const STEPS_KEPT = 4;
const hours = new WeakMap<VolumeColumns, HourRows>();

/** Rows with size_min >= threshold, summed by (hour, price_bin); the volume rows are in that order already. */
function fillWhaleRows(v: VolumeColumns, threshold: number): WhaleRows {
  const out = new Columns(['hour', 'priceBin', 'buy', 'sell'] as const);
  // Coded columns (profile-data.ts): equal codes are equal values, and the size test is one per bucket.
  const hourCodes = v.hour.codes;
  const binCodes = v.priceBin.codes;
  const sizeCodes = v.sizeMin.codes;
  const whale = Uint8Array.from(v.sizeMin.values, (s) => (s >= threshold ? 1 : 0));
  let open = false;
  let hour = 0;
  let bin = 0;
  let buy = 0;
  let sell = 0;
  for (let i = 0; i < hourCodes.length; i++) {
    if (!whale[sizeCodes[i]]) continue;
    if (!open || hourCodes[i] !== hour || binCodes[i] !== bin) {
      if (open) out.push(v.hour.values[hour], v.priceBin.values[bin], buy, sell);
      open = true;
      hour = hourCodes[i];
      bin = binCodes[i];
      buy = 0;
      sell = 0;
    }
    if (v.side[i] === SELL) sell += v.notional[i];
    else buy += v.notional[i];
  }
  if (open) out.push(v.hour.values[hour], v.priceBin.values[bin], buy, sell);
  return out.done();
}

export function whaleRows(v: VolumeColumns, threshold: number): WhaleRows {
  let byThreshold = whales.get(v);
  if (!byThreshold) whales.set(v, (byThreshold = new Map()));
  let rows = byThreshold.get(threshold);
  if (!rows) byThreshold.set(threshold, (rows = fillWhaleRows(v, threshold)));
  return rows;
}

/**
 * Whale rows binned to `step` and summed by (hour, bin), in the rows' order (ascending: the
 * bin index grows with the fine price_bin): the same sums in the same order as binning each row
 * where it is read. A month's whale rows are tens of fine bins an hour, a heatmap's step a few.
 */
function fillStepRows(w: WhaleRows, step: number): StepRows {
  const out = new Columns(['hour', 'bin', 'buy', 'sell'] as const);
  let open = false;
  let hour = 0;
  let bin = 0;
  let buy = 0;
  let sell = 0;
  for (let i = 0; i < w.hour.length; i++) {
    const h = w.hour[i];
    const b = binIndex(w.priceBin[i], step);
    if (!open || h !== hour || b !== bin) {
      if (open) out.push(hour, bin, buy, sell);
      open = true;
      hour = h;
      bin = b;
      buy = 0;
      sell = 0;
    }
    buy += w.buy[i];
    sell += w.sell[i];
  }
  if (open) out.push(hour, bin, buy, sell);
  return out.done();
}

function stepRows(w: WhaleRows, step: number): StepRows {
  let bySteps = stepped.get(w);
  if (!bySteps) stepped.set(w, (bySteps = new Map()));
  let rows = bySteps.get(step);
  if (rows) {
    // Most recently used last: the oldest step is the one dropped.
    bySteps.delete(step);
  } else {
    rows = fillStepRows(w, step);
    if (bySteps.size >= STEPS_KEPT) bySteps.delete(bySteps.keys().next().value!);
  }
  bySteps.set(step, rows);
  return rows;
}

/**
 * The whale rows of the volume segments that hold an hour in [from, to), binned to `step` by
 * hour (stepRows), in segment order: a month outside the range is not binned for a new step.
 */
export function stepSegments(data: SymbolData, threshold: number, step: number, from: number, to: number): Segment<StepRows>[] {
  const out: Segment<StepRows>[] = [];
  for (const s of data.volume) {
    const w = whaleRows(s.columns, threshold);
    const n = w.hour.length;
    if (n && w.hour[n - 1] >= from && w.hour[0] < to) out.push({ month: s.month, columns: stepRows(w, step) });
  }
  return out;
}

export function hourRows(v: VolumeColumns): HourRows {
  let rows = hours.get(v);
  if (!rows) {
    const out = new Columns(['hour'] as const);
    const { codes, values } = v.hour;
    for (let i = 0; i < codes.length; i++) if (i === 0 || codes[i] !== codes[i - 1]) out.push(values[codes[i]]);
    hours.set(v, (rows = out.done()));
  }
  return rows;
}

/** The whale rows of every volume segment of the symbol, in segment order. */
export function whaleSegments(data: SymbolData, threshold: number): Segment<WhaleRows>[] {
  return data.volume.map((s) => ({ month: s.month, columns: whaleRows(s.columns, threshold) }));
}

export function hourSegments(data: SymbolData): Segment<HourRows>[] {
  return data.volume.map((s) => ({ month: s.month, columns: hourRows(s.columns) }));
}

/** Months (segment labels, ascending) that hold a profile hour in [from, to). */
export function monthsWithHours(data: SymbolData, from: number, to = Infinity): string[] {
  const out: string[] = [];
  for (const { month, columns } of hourSegments(data)) {
    const h = columns.hour;
    let any = false;
    for (let i = 0; i < h.length && !any; i++) any = h[i] >= from && h[i] < to;
    if (any && !out.includes(month)) out.push(month);
  }
  return out.sort();
}
