import { describe, expect, test } from 'vitest';
import { DEFAULT_VIEW, EXCHANGE_CHOICES, changedView, formatViewState, parseViewState, type ViewState } from '../../../src/lib/state/view-state.ts';
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
