/**
 * ViewData's late-answer guards, driven through its effects with an engine whose answers the
 * test releases in any order: an earlier source's catalog, or the months of a symbol or
 * exchanges no longer shown, arriving after the view moved on are not taken.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { Catalog, Prepared } from '../../../src/lib/engine/api.ts';
import { manualNetwork } from '../../../src/lib/live/network.ts';
import { ViewData, type ViewDataDeps } from '../../../src/lib/state/view-data.svelte.ts';
import { changedView, DEFAULT_VIEW, type ViewState } from '../../../src/lib/state/view-state.ts';

interface Asked<T> { args: unknown[]; resolve(v: T): void; reject(e: unknown): void }

function asked<T>(list: Asked<T>[], args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => list.push({ args, resolve, reject }));
}

function fakeEngine() {
  const sources: Asked<Catalog>[] = [];
  const prepares: Asked<Prepared>[] = [];
  const engine = {
    api: {
      openSource: (...args: unknown[]) => asked(sources, args),
      prepare: (...args: unknown[]) => asked(prepares, args),
      catalog: () => new Promise<Catalog>(() => undefined),
      start: async () => undefined,
    },
    progress: (l: unknown) => l,
    restart: async () => undefined,
    onCrash: () => undefined,
  };
  return { engine: engine as unknown as ViewDataDeps['engine'], sources, prepares };
}

const catalog = (source: string, symbols: string[]): Catalog => ({
  source, symbols: symbols.map((symbol) => ({ symbol, months: ['2025-01'], synthetic: false })), files: [], problems: [], persistent: true,
});

const prepared = (symbol: string): Prepared => ({
  symbol, months: ['2025-01'], missing: [], firstHour: 0, lastHour: 3_600_000, synthetic: false, lastClose: 100, lastOi: null, problems: [],
});

/** Lets the answers released so far reach their `then`s. */
const settle = () => new Promise((r) => setTimeout(r, 0));

let stop: (() => void) | null = null;
afterEach(() => { stop?.(); stop = null; });

function start(initial: Partial<ViewState> = {}) {
  const fake = fakeEngine();
  let view = $state<ViewState>(changedView(DEFAULT_VIEW, initial));
  let data!: ViewData;
  stop = $effect.root(() => {
    data = new ViewData({
      engine: fake.engine, view: () => view, defaultManifest: 'https://example.test/manifest.json', allowedHosts: [],
      preferRemote: () => [], network: manualNetwork(true), charts: [],
    });
  });
  flushSync();
  const show = (patch: Partial<ViewState>) => { view = changedView(view, patch); flushSync(); };
  return { ...fake, data: () => data, show };
}

describe('ViewData', () => {
  it('takes the catalog of the latest source only, not an earlier one answering late', async () => {
    const t = start();
    t.show({ source: 'https://other.test/manifest.json' });
    expect(t.sources.map((s) => s.args[0])).toEqual(['https://example.test/manifest.json', 'https://other.test/manifest.json']);

    t.sources[1].resolve(catalog('https://other.test/manifest.json', ['ETHUSDT']));
    await settle();
    expect(t.data().catalog?.source).toBe('https://other.test/manifest.json');

    t.sources[0].resolve(catalog('https://example.test/manifest.json', ['BTCUSDT']));
    t.sources[0].reject(new Error('late'));
    await settle();
    expect(t.data().catalog?.source).toBe('https://other.test/manifest.json');
    expect(t.data().symbols).toEqual(['ETHUSDT']);
  });

  it('does not report the failure of an earlier source answering late', async () => {
    const t = start();
    t.show({ source: 'https://other.test/manifest.json' });
    t.sources[0].reject(new Error('the first source could not be read'));
    await settle();
    expect(t.data().error).toBe('');
  });

  it('asks for the months with the source, and does not ask again when its catalog comes', async () => {
    const t = start({ symbol: 'BTCUSDT' });
    expect(t.prepares.map((p) => p.args[0])).toEqual(['BTCUSDT']);
    t.sources[0].resolve(catalog('s', ['BTCUSDT']));
    await settle();
    flushSync();
    expect(t.prepares).toHaveLength(1);
    t.prepares[0].resolve(prepared('BTCUSDT'));
    await settle();
    expect(t.data().prepared?.symbol).toBe('BTCUSDT');
    expect(t.data().dataVersion).toBe(1);
  });

  it('does not take the months of a symbol no longer shown', async () => {
    const t = start({ symbol: 'BTCUSDT' });
    t.sources[0].resolve(catalog('s', ['BTCUSDT', 'ETHUSDT']));
    await settle();
    flushSync();
    t.show({ symbol: 'ETHUSDT' });
    expect(t.prepares.map((p) => p.args[0])).toEqual(['BTCUSDT', 'ETHUSDT']);

    t.prepares[0].resolve(prepared('BTCUSDT'));
    await settle();
    expect(t.data().prepared).toBeNull();
    expect(t.data().dataVersion).toBe(0);

    t.prepares[1].resolve(prepared('ETHUSDT'));
    await settle();
    expect(t.data().prepared?.symbol).toBe('ETHUSDT');
    expect(t.data().dataVersion).toBe(1);
  });

  it('does not take the months of exchanges no longer shown', async () => {
    const t = start({ symbol: 'BTCUSDT', exchanges: ['binance'] });
    t.sources[0].resolve(catalog('s', ['BTCUSDT']));
    await settle();
    flushSync();
    t.show({ exchanges: ['bybit'] });
    expect(t.prepares.map((p) => p.args[3])).toEqual([['binance'], ['bybit']]);

    t.prepares[0].resolve(prepared('BTCUSDT'));
    await settle();
    expect(t.data().prepared).toBeNull();
  });

  it('says in place of the chart why the view could not be prepared, for that view only', async () => {
    const t = start({ symbol: 'BTCUSDT' });
    t.sources[0].resolve(catalog('s', ['BTCUSDT', 'ETHUSDT']));
    await settle();
    flushSync();
    t.prepares[0].reject(new Error('BTCUSDT-2025-01.parquet: not a Parquet file'));
    await settle();
    expect(t.data().unavailable).toBe('BTCUSDT-2025-01.parquet: not a Parquet file');
    t.show({ symbol: 'ETHUSDT' });
    expect(t.data().unavailable).toBe('');
  });
});
