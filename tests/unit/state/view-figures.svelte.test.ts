/**
 * ViewFigures: the REST figures follow the view's symbol and its typed figures, and the view's
 * mark is the streamed one while fresh, else the profile's last close.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { Prepared } from '../../../src/lib/engine/api.ts';
import type { LiveState } from '../../../src/lib/binance/index.ts';
import type { StreamedFigures } from '../../../src/lib/state/used-figures.ts';
import { ViewFigures, type ViewFiguresDeps } from '../../../src/lib/state/view-figures.svelte.ts';
import { changedView, DEFAULT_VIEW, type ViewState } from '../../../src/lib/state/view-state.ts';

const prepared: Prepared = {
  symbol: 'BTCUSDT', months: ['2025-01'], missing: [], firstHour: 0, lastHour: 3_600_000, synthetic: false, lastClose: 100, lastOi: { time: 0, contracts: 10, usd: 1_000 }, problems: [],
};

let stop: (() => void) | null = null;
afterEach(() => { stop?.(); stop = null; });

function start() {
  const calls: string[] = [];
  const state = { symbol: null, figure: null, error: null } as unknown as LiveState;
  const live: ViewFiguresDeps['live'] = {
    getState: () => state,
    subscribe: (l) => { l(state); return () => void calls.push('unsubscribed'); },
    setSymbol: (s) => void calls.push(`symbol ${s}`),
    setManual: (m, s) => { calls.push(`manual ${m.contracts} @ ${m.markPrice} ${s}`); return { ok: true } as ReturnType<ViewFiguresDeps['live']['setManual']>; },
    clearManual: (s) => void calls.push(`clear ${s}`),
    dispose: () => void calls.push('disposed'),
  };
  let view = $state<ViewState>(changedView(DEFAULT_VIEW, { symbol: 'BTCUSDT', exchanges: ['binance'] }));
  let streamed = $state<StreamedFigures>({});
  let now = $state(10_000);
  let figures!: ViewFigures;
  stop = $effect.root(() => { figures = new ViewFigures({ live, view: () => view, prepared: () => prepared, streamed: () => streamed, now: () => now }); });
  flushSync();
  return {
    calls, figures: () => figures,
    show: (patch: Partial<ViewState>) => { view = changedView(view, patch); flushSync(); },
    stream: (s: StreamedFigures) => { streamed = s; flushSync(); },
    at: (t: number) => { now = t; flushSync(); },
  };
}

describe('ViewFigures', () => {
  it("follows the view's symbol and the figures typed in for it", () => {
    const t = start();
    expect(t.calls).toEqual(['symbol BTCUSDT', 'clear BTCUSDT']);
    t.show({ manualOi: 5, manualPrice: 200 });
    expect(t.calls.at(-1)).toBe('manual 5 @ 200 BTCUSDT');
    t.show({ symbol: 'ETHUSDT' }); // another market: the typed figures go
    expect(t.calls.slice(-2)).toEqual(['symbol ETHUSDT', 'clear ETHUSDT']);
    t.figures().dispose();
    expect(t.calls.slice(-2)).toEqual(['unsubscribed', 'disposed']);
  });

  it("takes the streamed mark while it is fresh, else the profile's last close", () => {
    const t = start();
    expect(t.figures().price).toBe(100);
    t.stream({ binance: { symbol: 'BTCUSDT', time: 10_000, markPrice: 105, contracts: null, oiUsd: null } });
    expect(t.figures().price).toBe(105);
    t.at(10_000 + 3_600_000);
    expect(t.figures().price).toBe(100);
  });
});
