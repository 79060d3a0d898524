import { describe, expect, test } from 'vitest';
import { DEFAULT_VIEW, EXCHANGE_CHOICES, changedView, formatViewState, formatZoom, parseViewState, parseZoom, sameZoom, zoomFileTail, type ViewState } from '../../../src/lib/state/view-state.ts';
import { EXCHANGE_IDS, EXCHANGE_LABELS } from '../../../src/lib/data/profile-schema.ts';

describe('view state in the query string', () => {
  test('defaults make an empty query string', () => {
    expect(formatViewState(DEFAULT_VIEW)).toBe('');
    expect(parseViewState('').state).toEqual(DEFAULT_VIEW);
  });

  test('every field survives a round trip', () => {
    const view: ViewState = {
      view: 'heatmap', symbol: 'ETHUSDT', exchanges: ['binance', 'bybit'], model: 'trades', windowDays: 7, step: 20, whale: 100_000,
      split: 'even', formula: 'reference', tiers: [{ leverage: 10, weight: 0.5 }, { leverage: 20, weight: 0.5 }],
      mmr: 0.005, manualOi: 1234.5, manualPrice: 3456.7, range: '90d', lockScale: true, brightness: 4,
      source: 'https://example.org/p/manifest.json', liqMarkers: false, realisedBins: false,
      mapZoom: { min: 3000.5, max: 3200 }, heatmapZoom: { min: Date.UTC(2025, 10, 20, 6), max: Date.UTC(2025, 10, 25) }, heatmapZoomY: { min: 3100, max: 3150.25 },
    };
    const parsed = parseViewState(formatViewState(view));
    expect(parsed.problems).toEqual([]);
    expect(parsed.state).toEqual(view);
  });

  test('the audit view has its own URL and reads the heatmap range', () => {
    expect(parseViewState('?view=audit&range=7d').state).toEqual({ ...DEFAULT_VIEW, view: 'audit', range: '7d' });
    expect(formatViewState({ ...DEFAULT_VIEW, view: 'audit' })).toBe('?view=audit');
  });

  test('nonsense falls back to defaults with a message naming the parameter', () => {
    const { state, problems } = parseViewState(
      '?window=-3&whale=123&tiers=5:abc&mmr=2&symbol=<script>&oi=NaN&price=Infinity&range=2y&source=javascript:alert(1)&step=0&marks=yes&realised=2&exchanges=binance,kraken&bright=3',
    );
    expect(state).toEqual(DEFAULT_VIEW);
    for (const key of ['window', 'whale', 'tiers', 'mmr', 'symbol', 'oi', 'price', 'range', 'source', 'step', 'marks', 'realised', 'exchanges', 'bright']) {
      expect(problems.some((p) => p.startsWith(`URL parameter "${key}"`))).toBe(true);
    }
    expect(problems).toContain('URL parameter "oi" = "NaN" is not a positive open interest in BTC; using the default.');
    expect(parseViewState('?symbol=ETHUSDT&oi=-1').problems).toEqual(['URL parameter "oi" = "-1" is not a positive open interest in ETH; using the default.']);
  });

  test('exchanges: binance by default and left out of links, a list in the URL otherwise', () => {
    expect(parseViewState('?exchanges=binance,bybit').state.exchanges).toEqual(['binance', 'bybit']);
    expect(formatViewState({ ...DEFAULT_VIEW, exchanges: ['bybit'] })).toBe('?exchanges=bybit');
    expect(formatViewState({ ...DEFAULT_VIEW, exchanges: ['binance'] })).toBe('');
    expect(parseViewState('?exchanges=bybit,bybit').problems).toHaveLength(1);
    // Another order is the same sum, in the order the Exchange choice offers it (else the choice shows blank).
    const swapped = parseViewState('?exchanges=Bybit,binance');
    expect([swapped.state.exchanges, swapped.problems]).toEqual([['binance', 'bybit'], []]);
    expect(EXCHANGE_CHOICES.map((c) => c.value)).toContain(swapped.state.exchanges.join(','));
    // Written with plain commas (legal in a query), read back in either form.
    expect(formatViewState(swapped.state)).toBe('?exchanges=binance,bybit');
    expect(parseViewState('?exchanges=binance%2Cbybit').state.exchanges).toEqual(['binance', 'bybit']);
  });

  test('the exchange choices follow the list of exchanges: each alone, then all summed, each a link that reads back', () => {
    expect(EXCHANGE_CHOICES.map((c) => c.label)).toEqual([...EXCHANGE_IDS.map((id) => EXCHANGE_LABELS[id]), 'Binance + Bybit']);
    for (const c of EXCHANGE_CHOICES) {
      const read = parseViewState(`?exchanges=${c.value}`);
      expect(read.problems).toEqual([]);
      expect(read.state.exchanges.join(',')).toBe(c.value);
    }
    expect(parseViewState('?exchanges=okx').problems[0]).toContain(EXCHANGE_IDS.join(', '));
  });

  test('huge windows are refused, whole days accepted', () => {
    expect(parseViewState('?window=100000').problems).toHaveLength(1);
    expect(parseViewState('?window=2.5').problems).toHaveLength(1);
    expect(parseViewState('?window=90').state.windowDays).toBe(90);
  });

  test('tiers are written with plain colons and commas, read back in either form', () => {
    const tiers = [{ leverage: 10, weight: 0.5 }, { leverage: 20, weight: 0.5 }];
    expect(formatViewState({ ...DEFAULT_VIEW, tiers })).toBe('?tiers=10:0.5,20:0.5');
    expect(parseViewState('?tiers=10%3A0.5%2C20%3A0.5').state.tiers).toEqual(tiers);
  });

  test('figures typed in belong to their symbol and exchanges: another choice of either goes back to live', () => {
    const typed = changedView(DEFAULT_VIEW, { manualOi: 80_000, manualPrice: 90_000 });
    expect([typed.manualOi, typed.manualPrice]).toEqual([80_000, 90_000]);
    // Other settings keep them.
    expect(changedView(typed, { view: 'heatmap', whale: 100_000 })).toMatchObject({ manualOi: 80_000, manualPrice: 90_000 });
    // Binance's contracts are not Bybit's one-side OI, nor another symbol's contracts.
    const others: Partial<ViewState>[] = [{ exchanges: ['bybit'] }, { exchanges: ['binance', 'bybit'] }, { symbol: 'ETHUSDT' }];
    for (const patch of others) expect(changedView(typed, patch), JSON.stringify(patch)).toMatchObject({ manualOi: null, manualPrice: null });
    // The same exchanges chosen again (the choice re-selected) keep them.
    expect(changedView(typed, { exchanges: ['binance'] })).toMatchObject({ manualOi: 80_000 });
    // A link's view with both the exchange and its figures keeps what it gives.
    expect(changedView(typed, { exchanges: ['bybit'], manualOi: 1_000, manualPrice: 90_000 })).toMatchObject({ exchanges: ['bybit'], manualOi: 1_000 });
  });

  test('weights that do not sum to 1 are kept (the tier editor says so), but invalid leverage is not', () => {
    expect(parseViewState('?tiers=5:0.5,10:0.2').state.tiers).toEqual([{ leverage: 5, weight: 0.5 }, { leverage: 10, weight: 0.2 }]);
    expect(parseViewState('?tiers=500:1').problems).toHaveLength(1);
  });
});

describe('zoom in the query string', () => {
  const t = (iso: string) => Date.parse(iso);

  test('each chart has its own parameter, prices as numbers and times as ISO UTC to the minute', () => {
    const view: ViewState = { ...DEFAULT_VIEW, mapZoom: { min: 80_000, max: 95_000 }, heatmapZoom: { min: t('2025-11-20T06:00Z'), max: t('2025-11-25T00:00Z') }, heatmapZoomY: { min: 85_000.5, max: 92_000 } };
    expect(formatViewState(view)).toBe('?mapzoom=80000,95000&heatzoom=2025-11-20T06:00Z,2025-11-25T00:00Z&heatzoomy=85000.5,92000');
    const back = parseViewState(formatViewState(view));
    expect(back.problems).toEqual([]);
    expect(back.state).toEqual(view);
  });

  test('a dragged range is written short: five significant digits of its width, times to the minute (seconds under an hour)', () => {
    expect(formatZoom('mapZoom', { min: 80_123.456789, max: 95_987.654321 })).toBe('80123,95988');
    expect(formatZoom('mapZoom', { min: 2.123456789, max: 2.2 })).toBe('2.123457,2.2');
    expect(formatZoom('heatmapZoom', { min: t('2025-11-20T06:00:29.9Z'), max: t('2025-11-21T06:00:31Z') })).toBe('2025-11-20T06:00Z,2025-11-21T06:01Z');
    expect(formatZoom('heatmapZoom', { min: t('2025-11-20T06:00:29.9Z'), max: t('2025-11-20T06:30:00Z') })).toBe('2025-11-20T06:00:30Z,2025-11-20T06:30:00Z');
  });

  test('times are read as ISO UTC or epoch ms; a file name carries the range without colons', () => {
    expect(parseZoom('heatmapZoom', '1763618400000,1764028800000')).toEqual({ min: t('2025-11-20T06:00Z'), max: t('2025-11-25T00:00Z') });
    expect(parseZoom('heatmapZoom', '2025-11-20T06:00:30Z,2025-11-20T06:30:00.5Z')).toEqual({ min: t('2025-11-20T06:00:30Z'), max: t('2025-11-20T06:30:00.500Z') });
    expect(zoomFileTail('mapZoom', { min: 80_000, max: 95_000 })).toBe('80000-95000');
    expect(zoomFileTail('heatmapZoom', { min: t('2025-11-20T06:00Z'), max: t('2025-11-25T00:00Z') })).toBe('20251120T0600Z-20251125T0000Z');
  });

  test('a bad zoom falls back to the whole picture with a message naming the parameter', () => {
    const bad = ['mapzoom=95000,80000', 'mapzoom=80000', 'mapzoom=abc,1', 'mapzoom=1,2,3', 'heatzoom=2025-11-20,2025-11-21', 'heatzoom=2025-11-21T00:00Z,2025-11-20T00:00Z', 'heatzoomy=-5,10', 'mapzoom=NaN,Infinity'];
    for (const q of bad) {
      const { state, problems } = parseViewState(`?${q}`);
      expect(state, q).toEqual(DEFAULT_VIEW);
      expect(problems, q).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^URL parameter "${q.split('=')[0]}" = ".*" is not a (price|time) range like .*; using the default\\.$`));
    }
  });

  test('another symbol, exchange or source drops every zoom; another range or bin step the heatmap\'s; a view switch, window or model keeps them', () => {
    const zoomed = { ...DEFAULT_VIEW, mapZoom: { min: 1, max: 2 }, heatmapZoom: { min: 3, max: 4 }, heatmapZoomY: { min: 5, max: 6 } };
    const none = { mapZoom: null, heatmapZoom: null, heatmapZoomY: null };
    for (const patch of [{ symbol: 'ETHUSDT' }, { exchanges: ['bybit' as const] }, { source: 'https://example.org/manifest.json' }]) {
      expect(changedView(zoomed, patch), JSON.stringify(patch)).toMatchObject(none);
    }
    for (const patch of [{ range: '7d' as const }, { step: 100 }]) {
      expect(changedView(zoomed, patch), JSON.stringify(patch)).toMatchObject({ mapZoom: { min: 1, max: 2 }, heatmapZoom: null, heatmapZoomY: null });
    }
    for (const patch of [{ view: 'heatmap' as const }, { windowDays: 7 }, { model: 'trades' as const }, { range: '30d' as const }, { symbol: 'BTCUSDT' }]) {
      expect(changedView(zoomed, patch), JSON.stringify(patch)).toMatchObject({ mapZoom: zoomed.mapZoom, heatmapZoom: zoomed.heatmapZoom, heatmapZoomY: zoomed.heatmapZoomY });
    }
  });

  test('zooms compare up to float noise', () => {
    expect(sameZoom(null, null)).toBe(true);
    expect(sameZoom({ min: 1, max: 2 }, null)).toBe(false);
    expect(sameZoom({ min: 80_000, max: 95_000 }, { min: 80_000.001, max: 95_000 })).toBe(true);
    expect(sameZoom({ min: 80_000, max: 95_000 }, { min: 80_001, max: 95_000 })).toBe(false);
  });
});
