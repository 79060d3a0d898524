/**
 * LiveRows, driven through its effects with a hub and an engine the test controls: each
 * exchange's live rows go to the engine once per release, only over the months prepared for
 * the symbol shown, and the time the engine's live trades start is what the charts are told.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { Prepared } from '../../../src/lib/engine/api.ts';
import type { LiveRows as Rows } from '../../../src/lib/live/live-trades.ts';
import { LiveRows, type LiveRowsDeps } from '../../../src/lib/state/live-rows.svelte.ts';
import { changedView, DEFAULT_VIEW, type ViewState } from '../../../src/lib/state/view-state.ts';

const prepared = (symbol: string): Prepared => ({
  symbol, months: ['2025-01'], missing: [], firstHour: 0, lastHour: 7_200_000, synthetic: false, lastClose: 100, lastOi: null, problems: [],
});

/** Lets the engine's answers reach their `then`s. */
const settle = () => new Promise((r) => setTimeout(r, 0));

let stop: (() => void) | null = null;
afterEach(() => { stop?.(); stop = null; });

function start(opts: { volumeRows?: number } = {}) {
  let view = $state<ViewState>(changedView(DEFAULT_VIEW, { symbol: 'BTCUSDT', exchanges: ['binance'] }));
  let prep = $state<Prepared | null>(prepared('BTCUSDT'));
  let tradesVersion = $state(0);
  let streamsOn = $state(false);
  const hubExchanges: Record<string, { tradesVersion: number; tradesSince: number | null }> = { binance: { tradesVersion: 0, tradesSince: null } };
  const loads: { symbol: string; exchange: unknown }[] = [];
  const ends: [string, number, unknown][] = [];
  let changes = 0;
  const deps: LiveRowsDeps = {
    engine: { api: { loadLiveRows: async (symbol: string, _rows: Rows, exchange?: unknown) => { loads.push({ symbol, exchange }); return { volumeRows: opts.volumeRows ?? 3 }; } } as unknown as LiveRowsDeps['engine']['api'] },
    hub: {
      getState: () => ({ exchanges: hubExchanges }) as unknown as ReturnType<LiveRowsDeps['hub']['getState']>,
      liveRowsOf: (x) => (hubExchanges[x]?.tradesVersion ? ({} as Rows) : null),
      setProfileEnd: (symbol, hour, ids) => void ends.push([symbol, hour, ids]),
    },
    view: () => view, prepared: () => prep, tradesVersion: () => tradesVersion, streamsOn: () => streamsOn,
    changed: () => void changes++, report: () => undefined,
  };
  let rows!: LiveRows;
  stop = $effect.root(() => { rows = new LiveRows(deps); });
  flushSync();
  /** The hub released trades of `exchange` that began at `since`. */
  const trades = (since: number) => {
    hubExchanges.binance = { tradesVersion: hubExchanges.binance.tradesVersion + 1, tradesSince: since };
    tradesVersion++;
    flushSync();
  };
  return {
    rows: () => rows, loads, ends, changes: () => changes, trades,
    release: () => { tradesVersion++; flushSync(); },
    show: (patch: Partial<ViewState>) => { view = changedView(view, patch); flushSync(); },
    prepare: (p: Prepared | null) => { prep = p; flushSync(); },
    streams: () => { streamsOn = true; flushSync(); },
  };
}

describe('LiveRows', () => {
  it('sends each release of trades to the engine once, and tells the charts since when they hold live trades', async () => {
    const t = start();
    t.trades(7_200_000);
    await settle();
    expect(t.loads).toEqual([{ symbol: 'BTCUSDT', exchange: 'binance' }]);
    expect(t.rows().sinceNow).toBe(7_200_000);
    expect(t.changes()).toBe(1);

    t.release(); // nothing new from this exchange
    await settle();
    expect(t.loads).toHaveLength(1);
  });

  it('does not load live rows over the months of another symbol', async () => {
    const t = start();
    t.show({ symbol: 'ETHUSDT' });
    t.trades(7_200_000);
    await settle();
    expect(t.loads).toEqual([]);

    t.prepare(prepared('ETHUSDT'));
    t.release();
    await settle();
    expect(t.loads).toEqual([{ symbol: 'ETHUSDT', exchange: 'binance' }]);
  });

  it('says no live trades are held when the rows had no volume', async () => {
    const t = start({ volumeRows: 0 });
    t.trades(7_200_000);
    await settle();
    expect(t.loads).toHaveLength(1);
    expect(t.rows().sinceNow).toBeNull();
  });

  it('tells the hub where the profile ends once the streams run, for the symbol shown only', () => {
    const t = start();
    t.show({ symbol: 'ETHUSDT' }); // BTCUSDT's months still prepared
    expect(t.ends).toEqual([]);
    t.streams();
    expect(t.ends).toEqual([]);
    t.prepare(prepared('ETHUSDT'));
    expect(t.ends.map(([symbol, hour]) => [symbol, hour])).toEqual([['ETHUSDT', 7_200_000]]);
  });
});
