/**
 * Several exchanges in one picture (docs/models.md "Several exchanges"). Each exchange's map and
 * heatmap come from its own profile, one-side OI and mark price through the single-exchange code;
 * together they are summed bin by bin (map) and, on one price grid, candle by candle (heatmap).
 * An exchange without data is named in the result as missing and left out, never silently.
 */
import { DEFAULT_EXCHANGE, EXCHANGE_LABELS } from '../data/profile-schema.ts';
import { DEFAULT_MAX_PRICE_ROWS, heatmapStep } from './candle-sizes.ts';
import { curvesAndTotals } from './curves.ts';
import { computeHeatmap, heatmapParamProblems, heatmapRange, type RangeCandles } from './heatmap.ts';
import { assertValid, mapParamProblems } from './params.ts';
import { candlesFrom, lastCandleTime } from './heatmap-data.ts';
import { priceSpan } from './heatmap-inputs.ts';
import { mapCells } from './map.ts';
import { lastProfileHour } from './map-window.ts';
import type { SymbolData } from './profile-data.ts';
import type { ExchangeFigures, ExchangeId, ExchangeInputs, HeatmapParams, HeatmapResult, MapCells, MapParams, MapResult } from './types.ts';

/** One symbol's loaded data on an exchange (the engine's profile table answers it). */
export type DataOf = (exchange: ExchangeId) => SymbolData;

/** The exchanges a request names, or binance with the request's own OI and mark price. */
export function selectedExchanges(p: { exchanges?: ExchangeFigures[]; oiUsd: number; markPrice?: number }): ExchangeFigures[] {
  return p.exchanges?.length ? p.exchanges : [{ id: DEFAULT_EXCHANGE, oiUsd: p.oiUsd, markPrice: p.markPrice ?? NaN }];
}

const missing = (e: ExchangeFigures, why: string): ExchangeInputs => ({ ...e, months: [], missing: `${EXCHANGE_LABELS[e.id]}: ${why}` });
const union = (lists: string[][]) => [...new Set(lists.flat())].sort();

function noneLeft(symbol: string, inputs: ExchangeInputs[]): Error {
  return new Error(`No profile data is loaded for ${symbol} on ${inputs.map((i) => EXCHANGE_LABELS[i.id]).join(' or ')}.`);
}

/** Map cells summed: one row per (side, leverage, bin), in the order first seen. */
export function sumMapCells(parts: readonly MapCells[]): MapCells {
  const total = parts.reduce((n, c) => n + c.side.length, 0);
  const out: MapCells = { priceBin: new Float64Array(total), side: new Uint8Array(total), leverage: new Float64Array(total), volumeUsd: new Float64Array(total) };
  // Per (side, leverage), a few of them: the output row of each price bin (numeric keys, no string per cell).
  const index = new Map<number, Map<number, number>>();
  let n = 0;
  for (const c of parts) {
    for (let i = 0; i < c.side.length; i++) {
      const tierKey = c.side[i] === 0 ? c.leverage[i] : -c.leverage[i] - 1;
      let rows = index.get(tierKey);
      if (!rows) index.set(tierKey, (rows = new Map()));
      let j = rows.get(c.priceBin[i]);
      if (j === undefined) {
        rows.set(c.priceBin[i], (j = n++));
        out.priceBin[j] = c.priceBin[i];
        out.side[j] = c.side[i];
        out.leverage[j] = c.leverage[i];
      }
      out.volumeUsd[j] += c.volumeUsd[i];
    }
  }
  return { priceBin: out.priceBin.slice(0, n), side: out.side.slice(0, n), leverage: out.leverage.slice(0, n), volumeUsd: out.volumeUsd.slice(0, n) };
}

/** The map of every selected exchange, summed (curves drawn once, from the sum); the window is the first present exchange's. */
export function computeMapAcross(dataOf: DataOf, p: MapParams): MapResult {
  const started = performance.now();
  const inputs: ExchangeInputs[] = [];
  const parts: ReturnType<typeof mapCells>[] = [];
  for (const e of selectedExchanges(p)) {
    const data = dataOf(e.id);
    if (Number.isNaN(lastProfileHour(data))) {
      inputs.push(missing(e, `no profile data is loaded for ${p.symbol}`));
      continue;
    }
    const own: MapParams = { ...p, exchanges: undefined, oiUsd: e.oiUsd, markPrice: e.markPrice };
    assertValid(mapParamProblems(own));
    const part = mapCells(data, own);
    parts.push(part);
    inputs.push({ ...e, months: part.agg.months });
  }
  if (!parts.length) throw noneLeft(p.symbol, inputs);
  const cells = parts.length === 1 ? parts[0].cells : sumMapCells(parts.map((r) => r.cells));
  return {
    cells,
    ...curvesAndTotals(cells),
    window: parts[0].agg.window,
    entryNotional: parts.reduce((s, r) => s + r.agg.entryNotional, 0),
    entryBuyNotional: parts.reduce((s, r) => s + r.agg.entryBuyNotional, 0),
    months: union(parts.map((r) => r.agg.months)),
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
  const [first, ...others] = present.map(({ e, data }, i) => ({ e, r: computeHeatmap(data, { ...p, exchanges: undefined, oiUsd: e.oiUsd, step, span }, candles[i]) }));
  // The first walk's arrays are this call's own: the others are added into them.
  const out: HeatmapResult = first.r;
  const rowOfTime = new Map(Array.from(out.times, (t, i) => [t, i]));
  const cols = out.priceBins.length;
  const described = (x: { e: ExchangeFigures; r: HeatmapResult }) => ({ ...x.e, months: x.r.inputs.months, oiSource: x.r.inputs.oiSource, oiStartUsd: x.r.inputs.oiStartUsd });
  const used = [described(first)];
  for (const o of others) {
    let shared = 0;
    o.r.times.forEach((t, i) => {
      const k = rowOfTime.get(t);
      if (k === undefined) return;
      shared++;
      for (let c = 0; c < cols; c++) out.matrix[k * cols + c] += o.r.matrix[i * cols + c];
      for (const key of PER_CANDLE) out[key][k] += o.r[key][i];
    });
    if (shared) used.push(described(o));
    else inputs.push(missing(o.e, `no candles in the range of ${EXCHANGE_LABELS[first.e.id]}'s`));
  }
  const months = union(used.map((u) => u.months));
  return { ...out, inputs: { ...out.inputs, months, exchanges: [...used, ...inputs] }, computeMs: performance.now() - started };
}
