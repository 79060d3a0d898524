/**
 * Live trades into the models: each exchange's partial profile (the streamed trades after its
 * last profile hour) loaded into the engine's rows, at most once per release of the hub (every
 * liveRecomputeMs), and from which time the engine holds live trades (the charts say so). Its
 * own owner because it joins two lifecycles that answer late: the prepared months (where the
 * profile ends) and the hub's trades.
 */
import { untrack } from 'svelte';
import type { EngineClient } from '../engine/client.ts';
import type { Prepared } from '../engine/api.ts';
import type { LiveHub } from '../live/live-hub.ts';
import { earliestLive, profileEnds } from './live-profiles.ts';
import type { ViewState } from './view-state.ts';

export interface LiveRowsDeps {
  engine: { api: Pick<EngineClient['api'], 'loadLiveRows'> };
  hub: Pick<LiveHub, 'getState' | 'liveRowsOf' | 'setProfileEnd'>;
  view: () => ViewState;
  prepared: () => Prepared | null;
  /** The hub's trades released to the models (bumped at most every liveRecomputeMs). */
  tradesVersion: () => number;
  /** The streams run (they wait for the first picture). */
  streamsOn: () => boolean;
  /** The engine holds new rows: the charts compute again. */
  changed: () => void;
  report: (message: string) => void;
}

export class LiveRows {
  /** Per "symbol|exchange": the first live trade in the rows the engine holds. */
  since = $state<Record<string, number>>({});
  /** The first live trade the engine holds among the view's exchanges, or null. */
  readonly sinceNow: number | null;
  /** Per "symbol|exchange": the hub's trades version last sent to the engine. */
  readonly #loaded = new Map<string, number>();

  /** Made during a component's set-up: its effects live as long as the component. */
  constructor(deps: LiveRowsDeps) {
    this.sinceNow = $derived(earliestLive(this.since, deps.view().symbol, deps.view().exchanges));
    // Where each exchange's profile ends: its live trades after that form its partial profile.
    $effect(() => {
      if (!deps.streamsOn()) return;
      const prepared = deps.prepared();
      if (prepared && prepared.symbol === deps.view().symbol) for (const [hour, ids] of profileEnds(prepared)) deps.hub.setProfileEnd(prepared.symbol, hour, ids);
    });
    // Live trades enter the models through the engine, each exchange's into its own profile, at most every liveRecomputeMs.
    $effect(() => {
      void deps.tradesVersion();
      untrack(() => this.#load(deps));
    });
  }

  #load(deps: LiveRowsDeps): void {
    const symbol = deps.view().symbol;
    const prepared = deps.prepared();
    if (!prepared || prepared.symbol !== symbol) return;
    const hub = deps.hub.getState();
    for (const x of deps.view().exchanges) {
      const key = `${symbol}|${x}`;
      const version = hub.exchanges[x]?.tradesVersion ?? 0;
      const rows = deps.hub.liveRowsOf(x);
      const since = hub.exchanges[x]?.tradesSince ?? null;
      if (!rows || this.#loaded.get(key) === version) continue;
      this.#loaded.set(key, version);
      deps.engine.api.loadLiveRows(symbol, rows, x).then(
        (loaded) => {
          this.since = { ...this.since, [key]: loaded.volumeRows > 0 && since !== null ? since : NaN };
          deps.changed();
        },
        (e) => deps.report(`Live trades could not be added: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }
}
