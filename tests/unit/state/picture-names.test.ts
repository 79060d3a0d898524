/** A picture's title and export names come from its params and name its exchanges. */
import { expect, test } from 'vitest';
import { alertVenue, auditName, auditTitle, auditViewName, heatmapName, mapName, pageTitle, zoomedFileBase } from '../../../src/lib/state/picture-names.ts';
import type { HeatmapParams, MapParams } from '../../../src/lib/model/types.ts';

const settings = { symbol: 'BTCUSDT', tiers: [], whaleMinUsd: 500_000, split: 'taker', formula: 'exact', mmr: 0.004 } as unknown as MapParams;
const map = { ...settings, model: 'oi', windowDays: 30, step: 500, oiUsd: 1e9, markPrice: 90_000 } as MapParams;
const both = [{ id: 'binance' as const, oiUsd: 1e9, markPrice: 90_000 }, { id: 'bybit' as const, oiUsd: 4e8, markPrice: 90_010 }];

test('a Binance map, a Bybit map and their sum have three titles and three file names', () => {
  const names = [mapName(map), mapName({ ...map, exchanges: [both[1]] }), mapName({ ...map, exchanges: both })];
  expect(names.map((n) => n.title)).toEqual([
    'BTCUSDT liquidation map · Binance · OI-scaled · 30 days',
    'BTCUSDT liquidation map · Bybit · OI-scaled · 30 days',
    'BTCUSDT liquidation map · Binance + Bybit · OI-scaled · 30 days',
  ]);
  expect(names.map((n) => n.fileBase)).toEqual(['liqmap-BTCUSDT-binance-oi-30d', 'liqmap-BTCUSDT-bybit-oi-30d', 'liqmap-BTCUSDT-binance-bybit-oi-30d']);
  expect(mapName({ ...map, model: 'trades', windowDays: 7 }).title).toBe('BTCUSDT liquidation map · Binance · trade-weighted (overstates) · 7 days');
});

test('the heatmap is named by the range it was computed for, with its exchanges', () => {
  const heat = { ...settings, symbol: 'ETHUSDT', rangeDays: 0.5, candleMinutes: 15, oiUsd: 1e8 } as unknown as HeatmapParams;
  expect(heatmapName(heat)).toEqual({ title: 'ETHUSDT liquidation heatmap · Binance · 12h', fileBase: 'liqmap-ETHUSDT-binance-heatmap-12h' });
  expect(heatmapName({ ...heat, rangeDays: 365, exchanges: both }).fileBase).toBe('liqmap-ETHUSDT-binance-bybit-heatmap-1y');
});

test('the page title names the view, symbol, exchanges and window or range, so tabs and history entries differ', () => {
  const v = { view: 'map' as const, symbol: 'BTCUSDT', exchanges: ['binance' as const], windowDays: 30, range: '30d' as const };
  expect(pageTitle(v)).toBe('BTCUSDT liquidation map · Binance · 30 days — liqmap');
  expect(pageTitle({ ...v, view: 'heatmap', symbol: 'ETHUSDT', exchanges: ['binance', 'bybit'], range: '7d' })).toBe('ETHUSDT liquidation heatmap · Binance + Bybit · 7d — liqmap');
  expect(pageTitle({ ...v, view: 'audit', range: '24h' })).toBe('BTCUSDT accuracy audit · 24h · predicted from Binance — liqmap');
  expect(pageTitle({ ...v, view: 'audit', exchanges: ['bybit'], range: '24h' })).toBe('BTCUSDT accuracy audit · 24h · predicted from Bybit — liqmap');
  expect(pageTitle({ ...v, view: 'data' })).toBe('Data — liqmap');
});

test("the audit's title has one format: the page's title, the view's heading before its heatmap is shown, and its exports'", () => {
  const heat = { ...settings, rangeDays: 1, candleMinutes: 15, oiUsd: 1e9, exchanges: both } as unknown as HeatmapParams;
  const view = { view: 'audit' as const, symbol: 'BTCUSDT', exchanges: ['binance' as const, 'bybit' as const], windowDays: 30, range: '24h' as const };
  const exported = auditName(heat, 15, 'bybit').title;
  expect(exported).toBe('BTCUSDT accuracy audit · 24h · predicted from Binance + Bybit · realised of Bybit');
  // The view's heading while its heatmap computes is the exported title, word for word.
  expect(auditTitle(view, 'bybit')).toBe(exported);
  // The page's title does not know the realised choice: the same title up to it.
  expect(exported.startsWith(pageTitle(view).replace(' — liqmap', ' · '))).toBe(true);
  expect(auditTitle(view, 'all')).toBe('BTCUSDT accuracy audit · 24h · predicted from Binance + Bybit · realised of Binance + Bybit');
});

test('an exchange the result left out (no data) is named as such, and the files are named by the exchanges drawn', () => {
  const used = [{ id: 'binance' as const, missing: undefined }, { id: 'bybit' as const, missing: 'Bybit: no profile data is loaded for ETHUSDT' }];
  const eth = { ...map, symbol: 'ETHUSDT', windowDays: 7, exchanges: both };
  expect(mapName(eth, used)).toEqual({ title: 'ETHUSDT liquidation map · Binance (Bybit left out: no data) · OI-scaled · 7 days', fileBase: 'liqmap-ETHUSDT-binance-oi-7d' });
  const heat = { ...settings, symbol: 'ETHUSDT', rangeDays: 30, candleMinutes: 240, oiUsd: 1e8, exchanges: both } as unknown as HeatmapParams;
  expect(heatmapName(heat, used)).toEqual({ title: 'ETHUSDT liquidation heatmap · Binance (Bybit left out: no data) · 30d', fileBase: 'liqmap-ETHUSDT-binance-heatmap-30d' });
  // Both present: the sum's names, as before.
  expect(mapName(eth, [{ id: 'binance' }, { id: 'bybit' }]).fileBase).toBe('liqmap-ETHUSDT-binance-bybit-oi-7d');
});

test('an alert names the exchanges its map was drawn from, not those asked for', () => {
  const eth = { ...map, symbol: 'ETHUSDT', exchanges: both };
  const noBybit = [{ id: 'binance' as const }, { id: 'bybit' as const, missing: 'Bybit: no profile data is loaded for ETHUSDT' }];
  expect(alertVenue(eth, noBybit)).toBe('Binance');
  expect(alertVenue(eth, [{ id: 'binance' }, { id: 'bybit' }])).toBe('Binance + Bybit');
  expect(alertVenue({ ...map, exchanges: [both[1]] }, [{ id: 'bybit' }])).toBe('Bybit');
  expect(alertVenue(map)).toBe('Binance');
});

test("the audit view's name before its heatmap is computed: the audit's title, and its file name less the candle size", () => {
  const view = { symbol: 'BTCUSDT', exchanges: ['binance' as const, 'bybit' as const], range: '24h' as const };
  const waiting = auditViewName(view, 'bybit', null);
  expect(waiting).toEqual({
    title: 'BTCUSDT accuracy audit · 24h · predicted from Binance + Bybit · realised of Bybit',
    fileBase: 'liqmap-BTCUSDT-audit-24h-predicted-binance-bybit-realised-bybit',
  });
  const heat = { ...settings, rangeDays: 1, candleMinutes: 15, oiUsd: 1e9, exchanges: both } as unknown as HeatmapParams;
  const shown = auditViewName(view, 'bybit', { params: heat, result: { candleMinutes: 15 } });
  expect(shown).toEqual(auditName(heat, 15, 'bybit'));
  expect(shown.fileBase).toBe('liqmap-BTCUSDT-audit-24h-15min-candles-predicted-binance-bybit-realised-bybit');
  expect(shown.title).toBe(waiting.title);
});

test('a zoomed export says its range in its file name, unzoomed axes add nothing', () => {
  expect(zoomedFileBase('liqmap-BTCUSDT-binance-oi-30d', [['mapZoom', { min: 80_000, max: 95_000 }]])).toBe('liqmap-BTCUSDT-binance-oi-30d-80000-95000');
  expect(zoomedFileBase('liqmap-BTCUSDT-binance-oi-30d', [['mapZoom', null]])).toBe('liqmap-BTCUSDT-binance-oi-30d');
  const day = Date.UTC(2025, 10, 20);
  expect(zoomedFileBase('liqmap-BTCUSDT-binance-heatmap-7d', [['heatmapZoom', { min: day, max: day + 86_400_000 }], ['heatmapZoomY', null]]))
    .toBe('liqmap-BTCUSDT-binance-heatmap-7d-20251120T0000Z-20251121T0000Z');
});
