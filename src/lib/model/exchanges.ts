/**
 * Several exchanges in one picture (docs/models.md "Several exchanges"). Each exchange's map and
 * heatmap come from its own profile, one-side OI and mark price through the single-exchange code;
 * together they are summed bin by bin (map) and, on one price grid, candle by candle (heatmap).
 * An exchange without data is named in the result as missing and left out, never silently.
 */
import { DEFAULT_EXCHANGE, EXCHANGE_LABELS } from '../data/profile-schema.ts';
import { DEFAULT_MAX_PRICE_ROWS, heatmapStep } from './candle-sizes.ts';
import { curvesAndTotals } from './curves.ts';
import { heatmapParamProblems, heatmapRange, prepareHeatmap, type RangeCandles } from './heatmap.ts';
import { assertValid, mapParamProblems } from './params.ts';
import { candlesFrom, lastCandleTime } from './heatmap-data.ts';
import { priceSpan } from './heatmap-inputs.ts';
import { walkHeatmap, walkHeatmapSum, type GridLevels, type HeatmapWalkOutput } from './heatmap-walk.ts';
import { addMapLevels, type WindowAggregate } from './map.ts';
import { mapLevels } from './map-levels.ts';
import { lastProfileHour } from './map-window.ts';
import type { SymbolData } from './profile-data.ts';
import type { ExchangeFigures, ExchangeId, ExchangeInputs, HeatmapParams, HeatmapResult, MapParams, MapResult } from './types.ts';

/** One symbol's loaded data on an exchange (the engine's profile table answers it). */
export type DataOf = (exchange: ExchangeId) => SymbolData;

/** The exchanges a request names, or binance with the request's own OI and mark price. */
export function selectedExchanges(p: { exchanges?: ExchangeFigures[]; oiUsd: number; markPrice?: number }): ExchangeFigures[] {
  return p.exchanges?.length ? p.exchanges : [{ id: DEFAULT_EXCHANGE, oiUsd: p.oiUsd, markPrice: p.markPrice ?? NaN }];
}

/** The exchanges a picture is drawn from (its realised liquidations are theirs alone). */
export const pictureExchanges = (p: { exchanges?: ExchangeFigures[]; oiUsd: number }): ExchangeId[] => selectedExchanges(p).map((e) => e.id);

const missing = (e: ExchangeFigures, why: string): ExchangeInputs => ({ ...e, months: [], missing: `${EXCHANGE_LABELS[e.id]}: ${why}` });
const union = (lists: string[][]) => [...new Set(lists.flat())].sort();

function noneLeft(symbol: string, inputs: ExchangeInputs[]): Error {
  return new Error(`No profile data is loaded for ${symbol} on ${inputs.map((i) => EXCHANGE_LABELS[i.id]).join(' or ')}.`);
}

/** The map of every selected exchange, summed (curves drawn once, from the sum); the window is the first present exchange's. */
export function computeMapAcross(dataOf: DataOf, p: MapParams): MapResult {
  const started = performance.now();
  const inputs: ExchangeInputs[] = [];
  const aggs: WindowAggregate[] = [];
  // Every exchange's levels go into one sum: sorted and laid out once, not per exchange and again summed.
  const levels = mapLevels(p.model, p);
  for (const e of selectedExchanges(p)) {
    const data = dataOf(e.id);
    if (Number.isNaN(lastProfileHour(data))) {
      inputs.push(missing(e, `no profile data is loaded for ${p.symbol}`));
      continue;
    }
    const own: MapParams = { ...p, exchanges: undefined, oiUsd: e.oiUsd, markPrice: e.markPrice };
    assertValid(mapParamProblems(own));
    const agg = addMapLevels(data, own, levels);
    aggs.push(agg);
    inputs.push({ ...e, months: agg.months, window: agg.window });
  }
  if (!aggs.length) throw noneLeft(p.symbol, inputs);
  const cells = levels.sums.cells();
  return {
    cells,
    ...curvesAndTotals(cells),
    window: aggs[0].window,
    entryNotional: aggs.reduce((s, a) => s + a.entryNotional, 0),
    entryBuyNotional: aggs.reduce((s, a) => s + a.entryBuyNotional, 0),
    months: union(aggs.map((a) => a.months)),
    computeMs: performance.now() - started,
    exchanges: inputs,
  };
}

/**
 * The union of the exchanges' price spans for the range (the one grid every walk runs on), and
 * each exchange's range candles it was read from, which its walk then takes rather than
 * aggregating them again. A given span needs no candle pass here.
 */
function unionSpan(present: SymbolData[], p: HeatmapParams): { span: [number, number]; candles: (RangeCandles | undefined)[] } {
  if (p.span) return { span: p.span, candles: [] };
  let lo = Infinity;
  let hi = -Infinity;
  const candles = present.map((data) => {
    const { candleMs, from } = heatmapRange(data, p);
    const c = candlesFrom(data, candleMs, from);
    const [l, h] = priceSpan(c.low, c.high, p.tiers, p.mmr, p.formula);
    lo = Math.min(lo, l);
    hi = Math.max(hi, h);
    return c;
  });
  return { span: [lo, hi], candles };
}

const PER_CANDLE = ['resting', 'opened', 'closed', 'consumedLong', 'consumedShort'] as const;

/** Candle k of `out` that holds each candle of `part` (-1: not in out's range); times ascend in both. */
function sharedRows(out: Float64Array, part: Float64Array): Int32Array {
  const rows = new Int32Array(part.length).fill(-1);
  for (let i = 0, k = 0; i < part.length; i++) {
    while (k < out.length && out[k] < part[i]) k++;
    if (k < out.length && out[k] === part[i]) rows[i] = k;
  }
  return rows;
}

/** Add `part` into `out` at the candles they share (same grid; a matrix walked as one sum already is not added again); false when they share none. */
function addCandles(out: HeatmapResult, part: HeatmapResult): number {
  const cols = out.priceBins.length;
  const rows = sharedRows(out.times, part.times);
  let shared = 0;
  for (let i = 0; i < rows.length; i++) {
    const k = rows[i];
    if (k < 0) continue;
    shared++;
    if (part.matrix === out.matrix) continue;
    const to = k * cols;
    const from = i * cols;
    for (let c = 0; c < cols; c++) out.matrix[to + c] += part.matrix[from + c];
  }
  for (const key of PER_CANDLE) {
    const a = out[key];
    const b = part[key];
    for (let i = 0; i < rows.length; i++) if (rows[i] >= 0) a[rows[i]] += b[i];
  }
  return shared;
}

/**
 * The heatmap of every selected exchange on one grid, summed candle by candle at the first
 * present exchange's candle times (its candles are the ones drawn); each walk has its own OI.
 */
export function computeHeatmapAcross(dataOf: DataOf, p: HeatmapParams): HeatmapResult {
  assertValid(heatmapParamProblems(p));
  const started = performance.now();
  const inputs: NonNullable<HeatmapResult['inputs']['exchanges']> = [];
  const present: { e: ExchangeFigures; data: SymbolData }[] = [];
  for (const e of selectedExchanges(p)) {
    const data = dataOf(e.id);
    if (Number.isNaN(lastCandleTime(data))) inputs.push(missing(e, `no candles are loaded for ${p.symbol}`));
    else present.push({ e, data });
  }
  if (!present.length) throw noneLeft(p.symbol, inputs);
  const { span, candles } = unionSpan(present.map((x) => x.data), p);
  const step = p.step ?? heatmapStep(span[0], span[1], p.maxRows ?? DEFAULT_MAX_PRICE_ROWS);
  // One grid, so the lead's levels (made after its row-count check) serve every walk.
  const prepare = (i: number, levels?: GridLevels) => prepareHeatmap(present[i].data, { ...p, exchanges: undefined, oiUsd: present[i].e.oiUsd, step, span }, { candles: candles[i], levels });
  const lead = prepare(0);
  const prepared = [lead, ...present.slice(1).map((_, k) => prepare(k + 1, lead.walk.levels))];
  // The lead's result is this call's own. With OI history, the lead and every walk with history
  // on its candles are walked together into one matrix; any other walk alone, added after.
  const walks: HeatmapWalkOutput[] = [];
  const together = prepared[0].history ? prepared.flatMap((x, i) => (x.history && sameTimes(x.times, prepared[0].times) ? [i] : [])) : [];
  if (together.length > 1) walkHeatmapSum(together.map((i) => prepared[i].walk)).walks.forEach((w, k) => (walks[together[k]] = w));
  const results = prepared.map((x, i) => x.finish(walks[i] ?? walkHeatmap(x.walk)));
  const out = results[0];
  const described = (e: ExchangeFigures, r: HeatmapResult) => ({ ...e, months: r.inputs.months, oiSource: r.inputs.oiSource, oiStartUsd: r.inputs.oiStartUsd });
  const used = [described(present[0].e, out)];
  const added = [out];
  for (let i = 1; i < present.length; i++) {
    const shared = addCandles(out, results[i]);
    if (!shared) {
      inputs.push(missing(present[i].e, `no candles in the range of ${EXCHANGE_LABELS[present[0].e.id]}'s`));
      continue;
    }
    // Its part of the candles it lacks is zero: said, as the sum would hide it.
    const of = out.times.length;
    used.push({ ...described(present[i].e, results[i]), ...(shared < of ? { candles: { shared, of } } : {}) });
    added.push(results[i]);
  }
  const months = union(used.map((u) => u.months));
  // The starting state is the sum's, as the picture is; the OI at the range start too, where every walk had one.
  const total = (key: 'startOpened' | 'startLiquidated' | 'oiStartUsd') => added.reduce((s, r) => s + r.inputs[key], 0);
  const start = { startOpened: total('startOpened'), startLiquidated: total('startLiquidated'), oiStartUsd: added.every((r) => r.inputs.oiSource === 'history') ? total('oiStartUsd') : out.inputs.oiStartUsd };
  return { ...out, inputs: { ...out.inputs, ...start, months, exchanges: [...used, ...inputs] }, computeMs: performance.now() - started };
}

/** Whether two exchanges' candles have the same times (a plain loop: every()'s callback boxes each time). */
function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
