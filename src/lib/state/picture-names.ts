/**
 * What a drawn picture is called: its title above the chart (also the caption of its exported
 * PNG) and its export files' names. Both come from the picture's own params, not the controls
 * (which run ahead of it while it computes), and name its exchanges: a Binance picture and a
 * summed Binance + Bybit one must not read alike once exported, nor download under one name.
 */
import { exchangesLabel, type ExchangeId } from '../data/profile-schema.ts';
import { selectedExchanges } from '../model/exchanges.ts';
import type { ExchangeFigures, ExchangeInputs, HeatmapParams, MapParams } from '../model/types.ts';
import { realisedIds, type RealisedChoice } from './audit-view.ts';
import { candleLabel } from '../charts/heatmap-figure.ts';
import { rangeLabel } from './heatmap-statement.ts';
import { zoomFileTail, type ViewState, type ZoomKey, type ZoomRange } from './view-state.ts';

export interface PictureName {
  /** "BTCUSDT liquidation map · Binance + Bybit · OI-scaled · 30 days". */
  title: string;
  /** "liqmap-BTCUSDT-binance-bybit-oi-30d" (the export adds .csv or .png). */
  fileBase: string;
}

type Sized = { exchanges?: ExchangeFigures[]; oiUsd: number; markPrice?: number };
const ids = (p: Sized) => selectedExchanges(p).map((e) => e.id);

/**
 * The exchanges a drawn picture holds: those asked for, less any its result left out (no data
 * for the symbol), which the title still names as left out. A Binance + Bybit request drawn
 * from Binance alone must not be exported, nor downloaded, as a sum of both.
 */
function drawnFrom(p: Sized, used?: readonly Pick<ExchangeInputs, 'id' | 'missing'>[]): { label: string; ids: ExchangeId[] } {
  const asked = ids(p);
  const out = new Set((used ?? []).filter((e) => e.missing).map((e) => e.id));
  const kept = asked.filter((id) => !out.has(id));
  if (!out.size || !kept.length) return { label: exchangesLabel(asked), ids: asked };
  return { label: `${exchangesLabel(kept)} (${exchangesLabel(asked.filter((id) => out.has(id)))} left out: no data)`, ids: kept };
}

/**
 * The venue an alert on a drawn map names ("Binance", "Bybit", "Binance + Bybit"): the exchanges
 * its clusters were summed from, not those asked for. `used`: the result's exchanges (MapResult.exchanges).
 */
export const alertVenue = (p: MapParams, used?: readonly Pick<ExchangeInputs, 'id' | 'missing'>[]): string =>
  exchangesLabel(drawnFrom(p, used).ids);

/** `used`: the result's exchanges (MapResult.exchanges), which say any left out. */
export function mapName(p: MapParams, used?: readonly Pick<ExchangeInputs, 'id' | 'missing'>[]): PictureName {
  const model = p.model === 'oi' ? 'OI-scaled' : 'trade-weighted (overstates)';
  const from = drawnFrom(p, used);
  return {
    title: `${p.symbol} liquidation map · ${from.label} · ${model} · ${p.windowDays} days`,
    fileBase: `liqmap-${p.symbol}-${from.ids.join('-')}-${p.model}-${p.windowDays}d`,
  };
}

/** `used`: the result's exchanges (HeatmapResult.inputs.exchanges), which say any left out. */
export function heatmapName(p: HeatmapParams, used?: readonly Pick<ExchangeInputs, 'id' | 'missing'>[]): PictureName {
  const range = rangeLabel(p.rangeDays).replaceAll(' ', '');
  const from = drawnFrom(p, used);
  return {
    title: `${p.symbol} liquidation heatmap · ${from.label} · ${rangeLabel(p.rangeDays)}`,
    fileBase: `liqmap-${p.symbol}-${from.ids.join('-')}-heatmap-${range}`,
  };
}

/** An audit as the view asks for it: `range` is its label ("24h"). */
type AuditOf = { symbol: string; exchanges: readonly ExchangeId[]; range: string };

/**
 * The audit's title, the one format of the page's title, the view's heading and its exports'
 * caption: the heatmap it audits (symbol, range, the exchanges it was predicted from), then whose
 * realised liquidations it counts, where known (the page's title does not know the view's pick).
 */
export function auditTitle(v: AuditOf, realised?: RealisedChoice): string {
  const of = realised ? ` · realised of ${exchangesLabel(realisedIds(realised))}` : '';
  return `${v.symbol} accuracy audit · ${v.range} · predicted from ${exchangesLabel(v.exchanges)}${of}`;
}

/**
 * The audit's name: what the prediction was drawn from (the heatmap's exchanges), whose
 * realised liquidations it is compared with, and the candles it counts in — its CSV holds one
 * row per candle, which its columns alone do not say the size of.
 */
export function auditName(p: HeatmapParams, candleMinutes: number, realised: RealisedChoice): PictureName {
  const range = rangeLabel(p.rangeDays);
  const candle = candleLabel(candleMinutes).replaceAll(' ', '');
  return {
    title: auditTitle({ symbol: p.symbol, exchanges: ids(p), range }, realised),
    fileBase: auditFileBase(p.symbol, range, `${candle}-candles-`, ids(p), realised),
  };
}

/**
 * The audit view's name: its shown audit's or, while that heatmap computes, the view's — the
 * same title, and the same file name less the candle size only the result knows.
 */
export function auditViewName(v: AuditOf, realised: RealisedChoice, shown: { params: HeatmapParams; result: { candleMinutes: number } } | null): PictureName {
  if (shown) return auditName(shown.params, shown.result.candleMinutes, realised);
  return { title: auditTitle(v, realised), fileBase: auditFileBase(v.symbol, v.range, '', v.exchanges, realised) };
}

const auditFileBase = (symbol: string, range: string, candles: string, predicted: readonly ExchangeId[], realised: RealisedChoice): string =>
  `liqmap-${symbol}-audit-${range.replaceAll(' ', '')}-${candles}predicted-${predicted.join('-')}-realised-${realisedIds(realised).join('-')}`;

/**
 * The page's title (the browser tab, bookmarks, the back button's list): the view as its
 * controls stand, so tabs and history entries of other symbols, views or exchanges differ.
 */
export function pageTitle(v: Pick<ViewState, 'view' | 'symbol' | 'exchanges' | 'windowDays' | 'range'>): string {
  const exchanges = exchangesLabel(v.exchanges);
  const what = v.view === 'map' ? `${v.symbol} liquidation map · ${exchanges} · ${v.windowDays} days`
    : v.view === 'heatmap' ? `${v.symbol} liquidation heatmap · ${exchanges} · ${v.range}`
    : v.view === 'audit' ? auditTitle(v)
    : 'Data';
  return `${what} — liqmap`;
}

/**
 * The file name of a zoomed chart's export, which holds only the zoomed range: its ranges
 * appended as a link writes them, "liqmap-BTCUSDT-binance-oi-30d-80000-95000"; unzoomed, as it was.
 */
export function zoomedFileBase(fileBase: string, zooms: readonly [ZoomKey, ZoomRange | null][]): string {
  return [fileBase, ...zooms.flatMap(([key, r]) => (r ? [zoomFileTail(key, r)] : []))].join('-');
}
