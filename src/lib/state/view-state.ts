/**
 * Everything that defines a view, kept in the query string so that a link reopens the exact
 * same view. Parsing never throws: a bad parameter falls back to its default and yields a
 * plain-text problem naming the parameter.
 */
import type { Formula, MapModel, Split, Tier } from '../model/types.ts';
import { DEFAULT_TIERS, MAX_LEVERAGE, MAX_MMR } from '../model/tiers.ts';
import { SIZE_EDGES as WHALE_THRESHOLDS } from '../data/profile-schema.ts';
import { EXCHANGE_IDS, EXCHANGE_LABELS, SYMBOL_RE, exchangesLabel, isExchange } from '../data/profile-schema.ts';
import { oiUnit } from '../data/base-asset.ts';
import type { ExchangeId } from '../live/events.ts';
import { BRIGHTNESS_STEPS, type Brightness } from '../charts/heatmap-figure.ts';

export type ViewName = 'map' | 'heatmap' | 'audit' | 'data';
export const HEATMAP_RANGES = ['12h', '24h', '3d', '7d', '30d', '90d', '180d', '1y'] as const;
export type HeatmapRange = (typeof HEATMAP_RANGES)[number];
export const MAX_WINDOW_DAYS = 400;

/** The exchange choices offered beside the symbol, as the URL writes them: each exchange alone, then all of them summed. */
export const EXCHANGE_CHOICES: readonly { value: string; label: string }[] = [
  ...EXCHANGE_IDS.map((id) => ({ value: id, label: EXCHANGE_LABELS[id] })),
  { value: EXCHANGE_IDS.join(','), label: exchangesLabel(EXCHANGE_IDS) },
];

export interface ViewState {
  view: ViewName;
  symbol: string;
  /** The exchanges whose pictures are summed; the first one's candles are drawn. */
  exchanges: ExchangeId[];
  model: MapModel;
  windowDays: number;
  /** null = automatic step (docs/models.md). */
  step: number | null;
  whale: number;
  split: Split;
  formula: Formula;
  tiers: Tier[];
  mmr: number;
  /** Manual overrides of the live figures (contracts and USD price) of this symbol and exchange choice; null = live (changedView). */
  manualOi: number | null;
  manualPrice: number | null;
  range: HeatmapRange;
  lockScale: boolean;
  /** The heatmap's colour brightness: the top of its scale divided by it (heatmap-figure.ts). */
  brightness: Brightness;
  /** Profile source: a manifest URL; null = the sample bundled with the site. */
  source: string | null;
  /** Realised liquidations drawn: markers on the heatmap, USD per bin on the map. */
  liqMarkers: boolean;
  realisedBins: boolean;
  /** The map's zoomed price range; null = the whole picture (docs/heatmap.md, "Zoom in a link"). */
  mapZoom: ZoomRange | null;
  /** The heatmap's zoomed time range (epoch ms) and price range; null = the whole axis. */
  heatmapZoom: ZoomRange | null;
  heatmapZoomY: ZoomRange | null;
}

/** A zoomed axis: the range on screen (prices in USD, times in epoch ms). */
export interface ZoomRange {
  min: number;
  max: number;
}

export const DEFAULT_VIEW: ViewState = {
  view: 'map',
  symbol: 'BTCUSDT',
  exchanges: ['binance'],
  model: 'oi',
  windowDays: 30,
  step: null,
  whale: 500_000,
  split: 'taker',
  formula: 'exact',
  tiers: [...DEFAULT_TIERS],
  mmr: 0.004,
  manualOi: null,
  manualPrice: null,
  range: '30d',
  lockScale: false,
  brightness: 1,
  source: null,
  liqMarkers: true,
  realisedBins: true,
  mapZoom: null,
  heatmapZoom: null,
  heatmapZoomY: null,
};

export interface Parsed {
  state: ViewState;
  problems: string[];
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  return (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function positive(value: string, max: number): number | undefined {
  if (!/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 && n <= max ? n : undefined;
}

export function formatTiers(tiers: Tier[]): string {
  return tiers.map((t) => `${t.leverage}:${t.weight}`).join(',');
}

export function parseTiers(value: string): Tier[] | undefined {
  const tiers: Tier[] = [];
  for (const part of value.split(',')) {
    const m = /^(\d+(?:\.\d+)?):(\d*\.?\d+)$/.exec(part.trim());
    if (!m) return undefined;
    const leverage = Number(m[1]);
    const weight = Number(m[2]);
    if (!(leverage >= 1 && leverage <= MAX_LEVERAGE && weight >= 0 && weight <= 1)) return undefined;
    tiers.push({ leverage, weight });
  }
  return tiers.length > 0 && tiers.length <= 10 ? tiers : undefined;
}

/**
 * A list of distinct exchanges, put in the one order the choices use (Binance first): a link's
 * `bybit,binance` is the sum the Exchange choice offers as Binance + Bybit, and shows in it.
 */
export function parseExchanges(value: string): ExchangeId[] | undefined {
  const ids = value.split(',').map((s) => s.trim().toLowerCase());
  if (!ids.every(isExchange) || new Set(ids).size !== ids.length) return undefined;
  const order = Object.keys(EXCHANGE_LABELS);
  return ids.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * The view with `patch` applied. Figures typed in by hand are those of the market they were typed
 * for, in its exchange's units (Bybit's open interest one side, in that symbol's base asset): another
 * symbol or another choice of exchanges goes back to live figures rather than size its picture
 * with them (typed for Binance, they sized a Bybit map; typed for Bybit, the sum's Binance part).
 */
export function changedView(view: ViewState, patch: Partial<ViewState>): ViewState {
  let next = { ...view, ...patch };
  const otherMarket = next.symbol !== view.symbol || next.exchanges.join(',') !== view.exchanges.join(',');
  const typedKept = !otherMarket || 'manualOi' in patch || 'manualPrice' in patch;
  if (!typedKept) next = { ...next, manualOi: null, manualPrice: null };
  // A zoom belongs to the picture it was made on: another market or source has other prices and
  // times, another heatmap range or bin step other candles and rows (the heatmap shows such a
  // picture whole: heatmap-canvas.ts). The map's price band outlives a new window, model or
  // step: it is still the same prices.
  if (otherMarket || next.source !== view.source) next = { ...next, mapZoom: null, heatmapZoom: null, heatmapZoomY: null };
  else if (next.range !== view.range || next.step !== view.step) next = { ...next, heatmapZoom: null, heatmapZoomY: null };
  return next;
}

/** The URL parameter of each zoomed axis. */
export const ZOOM_PARAMS = { mapZoom: 'mapzoom', heatmapZoom: 'heatzoom', heatmapZoomY: 'heatzoomy' } as const;
export type ZoomKey = keyof typeof ZOOM_PARAMS;

/** A price range's ends as a link writes them: five significant digits of its width (a 15,000 wide band to the dollar). */
function priceEnds(r: ZoomRange): [string, string] {
  const decimals = Math.max(0, Math.min(8, 4 - Math.floor(Math.log10(r.max - r.min))));
  return [r.min, r.max].map((v) => String(Number(v.toFixed(decimals)))) as [string, string];
}

/** A time as a link writes it: ISO UTC to the minute (to the second under an hour's width), e.g. 2025-11-20T06:00Z. */
function timeEnd(t: number, width: number): string {
  const unit = width >= 3_600_000 ? 60_000 : 1000;
  const iso = new Date(Math.round(t / unit) * unit).toISOString();
  return unit === 60_000 ? `${iso.slice(0, 16)}Z` : `${iso.slice(0, 19)}Z`;
}

/** A zoom as its URL parameter's value: "80000,95000", or ISO times for the heatmap's time axis. */
export function formatZoom(key: ZoomKey, r: ZoomRange): string {
  return (key === 'heatmapZoom' ? [timeEnd(r.min, r.max - r.min), timeEnd(r.max, r.max - r.min)] : priceEnds(r)).join(',');
}

/** A zoom as a file name's tail: "80000-95000", times as 20251120T0600Z. */
export function zoomFileTail(key: ZoomKey, r: ZoomRange): string {
  const text = formatZoom(key, r);
  return (key === 'heatmapZoom' ? text.replace(/[-:]/g, '') : text).replace(',', '-');
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** A zoom's end: a plain number (a price, or epoch ms for a time), or for a time an ISO UTC time. */
function zoomEnd(v: string, time: boolean): number | undefined {
  const t = v.trim();
  if (time && ISO_TIME.test(t)) return Date.parse(t);
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** A URL parameter's zoom: two ends, the first below the second. */
export function parseZoom(key: ZoomKey, value: string): ZoomRange | undefined {
  const parts = value.split(',');
  if (parts.length !== 2) return undefined;
  const [min, max] = parts.map((p) => zoomEnd(p, key === 'heatmapZoom'));
  if (min === undefined || max === undefined || !(min < max)) return undefined;
  if (key !== 'heatmapZoom' && !(min >= 0 && max <= 1e9)) return undefined;
  return { min, max };
}

/** Two zooms the same (null: unzoomed), up to a millionth of their width (float noise, not a zoom). */
export function sameZoom(a: ZoomRange | null, b: ZoomRange | null): boolean {
  if (!a || !b) return a === b;
  const eps = Math.max(a.max - a.min, b.max - b.min) * 1e-6;
  return Math.abs(a.min - b.min) <= eps && Math.abs(a.max - b.max) <= eps;
}

/** Read a view from a query string; unknown parameters are ignored. */
export function parseViewState(search: string): Parsed {
  const q = new URLSearchParams(search);
  const state: ViewState = { ...DEFAULT_VIEW, tiers: [...DEFAULT_VIEW.tiers], exchanges: [...DEFAULT_VIEW.exchanges] };
  const problems: string[] = [];
  const read = <T>(key: string, parse: (v: string) => T | undefined, set: (v: T) => void, what: string) => {
    const raw = q.get(key);
    if (raw === null || raw === '') return;
    const v = parse(raw);
    if (v === undefined) problems.push(`URL parameter "${key}" = "${raw.slice(0, 80)}" is not ${what}; using the default.`);
    else set(v);
  };
  read('view', (v) => oneOf(v, ['map', 'heatmap', 'audit', 'data'] as const), (v) => (state.view = v), 'map, heatmap, audit or data');
  read('symbol', (v) => (SYMBOL_RE.test(v.toUpperCase()) ? v.toUpperCase() : undefined), (v) => (state.symbol = v), 'a symbol like BTCUSDT');
  read('exchanges', parseExchanges, (v) => (state.exchanges = v), `a list of ${EXCHANGE_IDS.join(', ')} (e.g. ${EXCHANGE_IDS.join(',')})`);
  read('model', (v) => oneOf(v, ['oi', 'trades'] as const), (v) => (state.model = v), 'oi or trades');
  read('window', (v) => { const n = positive(v, MAX_WINDOW_DAYS); return n !== undefined && Number.isInteger(n) ? n : undefined; }, (v) => (state.windowDays = v), `a whole number of days from 1 to ${MAX_WINDOW_DAYS}`);
  read('step', (v) => (v === 'auto' ? null : positive(v, 1e7)), (v) => (state.step = v), 'a positive price step or "auto"');
  read('whale', (v) => { const n = Number(v); return WHALE_THRESHOLDS.includes(n) ? n : undefined; }, (v) => (state.whale = v), `one of ${WHALE_THRESHOLDS.join(', ')}`);
  read('split', (v) => oneOf(v, ['taker', 'even'] as const), (v) => (state.split = v), 'taker or even');
  read('formula', (v) => oneOf(v, ['exact', 'reference'] as const), (v) => (state.formula = v), 'exact or reference');
  read('tiers', parseTiers, (v) => (state.tiers = v), `a list like 5:0.15,10:0.3 (leverage 1-${MAX_LEVERAGE}, weight 0-1)`);
  read('mmr', (v) => { const n = Number(v); return /^\d*\.?\d+$/.test(v) && n >= 0 && n < MAX_MMR ? n : undefined; }, (v) => (state.mmr = v), `a rate from 0 to ${MAX_MMR}`);
  read('oi', (v) => positive(v, 1e12), (v) => (state.manualOi = v), `a positive open interest in ${oiUnit(state.symbol)}`);
  read('price', (v) => positive(v, 1e9), (v) => (state.manualPrice = v), 'a positive price');
  read('range', (v) => oneOf(v, HEATMAP_RANGES), (v) => (state.range = v), HEATMAP_RANGES.join(', '));
  read('lock', (v) => oneOf(v, ['1', '0'] as const), (v) => (state.lockScale = v === '1'), '0 or 1');
  read('bright', (v) => BRIGHTNESS_STEPS.find((b) => String(b) === v), (v) => (state.brightness = v), `one of ${BRIGHTNESS_STEPS.join(', ')}`);
  read('marks', (v) => oneOf(v, ['1', '0'] as const), (v) => (state.liqMarkers = v === '1'), '0 or 1');
  read('realised', (v) => oneOf(v, ['1', '0'] as const), (v) => (state.realisedBins = v === '1'), '0 or 1');
  read(ZOOM_PARAMS.mapZoom, (v) => parseZoom('mapZoom', v), (v) => (state.mapZoom = v), 'a price range like 80000,95000');
  read(ZOOM_PARAMS.heatmapZoom, (v) => parseZoom('heatmapZoom', v), (v) => (state.heatmapZoom = v), 'a time range like 2025-11-20T06:00Z,2025-11-25T00:00Z');
  read(ZOOM_PARAMS.heatmapZoomY, (v) => parseZoom('heatmapZoomY', v), (v) => (state.heatmapZoomY = v), 'a price range like 80000,95000');
  read('source', (v) => { try { const u = new URL(v); return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined; } catch { return undefined; } }, (v) => (state.source = v), 'an http(s) URL of a manifest.json');
  return { state, problems };
}

/** Write a view as a query string, leaving defaults out so links stay short. */
export function formatViewState(state: ViewState): string {
  const q = new URLSearchParams();
  const d = DEFAULT_VIEW;
  const put = (key: string, value: string, def: string) => { if (value !== def) q.set(key, value); };
  put('view', state.view, d.view);
  put('symbol', state.symbol, d.symbol);
  put('exchanges', state.exchanges.join(','), d.exchanges.join(','));
  put('model', state.model, d.model);
  put('window', String(state.windowDays), String(d.windowDays));
  put('step', state.step === null ? 'auto' : String(state.step), 'auto');
  put('whale', String(state.whale), String(d.whale));
  put('split', state.split, d.split);
  put('formula', state.formula, d.formula);
  put('tiers', formatTiers(state.tiers), formatTiers(d.tiers));
  put('mmr', String(state.mmr), String(d.mmr));
  if (state.manualOi !== null) q.set('oi', String(state.manualOi));
  if (state.manualPrice !== null) q.set('price', String(state.manualPrice));
  put('range', state.range, d.range);
  put('lock', state.lockScale ? '1' : '0', '0');
  put('bright', String(state.brightness), String(d.brightness));
  put('marks', state.liqMarkers ? '1' : '0', '1');
  put('realised', state.realisedBins ? '1' : '0', '1');
  for (const key of Object.keys(ZOOM_PARAMS) as ZoomKey[]) {
    const zoom = state[key];
    if (zoom) q.set(ZOOM_PARAMS[key], formatZoom(key, zoom));
  }
  if (state.source !== null) q.set('source', state.source);
  // URLSearchParams escapes every comma and colon, though both are plain in a query: a shared link
  // reads exchanges=binance,bybit and tiers=5:0.15,10:0.3, not %2C and %3A (either form is read back).
  const s = q.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
  return s ? `?${s}` : '';
}
