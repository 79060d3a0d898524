/**
 * The view's data, from its source to the months it draws: the source opened (its catalog), the
 * view's months prepared in the engine, the view that could not be prepared and why, the load's
 * progress, and the engine restarted after a crash. One owner, because these answers arrive late
 * and out of order (a source or a symbol changed meanwhile): each is taken only while it is
 * still the view's. `dataVersion` is bumped whenever the engine holds new data, so the charts
 * compute again.
 */
import { untrack } from 'svelte';
import type { Catalog, Prepared } from '../engine/api.ts';
import type { EngineClient } from '../engine/client.ts';
import { hasProfileData, nothingLoadedWhy } from '../engine/prepared-data.ts';
import type { Network } from '../live/network.ts';
import { daysNeeded } from './heatmap-controller.ts';
import { LoadProgress, type ProgressView } from './load-progress.ts';
import type { ViewState } from './view-state.ts';

export interface ViewDataDeps {
  engine: Pick<EngineClient, 'api' | 'progress' | 'restart' | 'onCrash'>;
  /** The view shown (read in effects: a change of it is followed). */
  view: () => ViewState;
  /** The source read when the view names none. */
  defaultManifest: string;
  allowedHosts: string[];
  /** The months whose remote copy the user prefers to the one kept in this browser. */
  preferRemote: () => string[];
  network: Network;
  /** The chart views: same params over new data must compute again. */
  charts: { forget(): void }[];
}

/** What a prepare is asked for: the same key asks nothing new. */
export const prepareKey = (v: ViewState) => `${v.symbol}|${daysNeeded(v)}|${v.exchanges.join(',')}`;

export class ViewData {
  catalog = $state<Catalog | null>(null);
  prepared = $state<Prepared | null>(null);
  /** The last prepare that failed (its prepareKey): that view has no months to draw. */
  unprepared = $state<{ key: string; message: string } | null>(null);
  progress = $state<ProgressView | null>(null);
  /** What went wrong in the engine (its start, a source, a crash), said above the view. */
  error = $state('');
  /** Bumped when the engine holds new data (months prepared, live rows): the charts compute again. */
  dataVersion = $state(0);

  readonly #deps: ViewDataDeps;
  readonly #manifestUrl: string;
  /** Bumped when a fresh worker must open the source again. */
  #sourceVersion = $state(0);
  // Back online after a load that had problems (a download the network cut off is one): the
  // view's months are asked for again, so what could not be fetched meanwhile comes in.
  #onlineAgain = $state(0);
  // Symbol and window → the months the view needs. Each read through a derived value of its own:
  // another setting (the whale threshold, say) must not prepare again, which would mark the data
  // changed and compute and draw the same picture a second time.
  readonly #prepareSymbol: string;
  readonly #prepareDays: number;
  readonly #prepareExchanges: string;
  readonly #loadProgress = new LoadProgress();
  readonly #onProgress: ReturnType<EngineClient['progress']>;
  /**
   * The view's months, asked for with the source rather than after its catalog comes back: the
   * worker loads them while this thread is busy evaluating chart code (the engine runs the prepare
   * once the source is open). Taken once by the prepare effect below.
   */
  #sentWithSource: { key: string; prepared: Promise<Prepared> } | null = null;
  // Counts the sources opened (not state: only compared).
  #sourceRuns = 0;
  readonly #stopNetwork: () => void;

  /** The message in place of the view's chart: its months could not be prepared ('' when they were). */
  readonly unavailable: string;
  // A view whose months could not be prepared is not labelled by the months prepared before it (another source's).
  readonly preparedNow: Prepared | null;
  /** The symbols the source offers (the view's own until its catalog is here). */
  readonly symbols: string[];
  readonly synthetic: boolean;

  /** Made during a component's set-up: its effects live as long as the component. */
  constructor(deps: ViewDataDeps) {
    this.#deps = deps;
    const view = deps.view;
    this.#manifestUrl = $derived(view().source ?? deps.defaultManifest);
    this.#prepareSymbol = $derived(view().symbol);
    this.#prepareDays = $derived(daysNeeded(view()));
    this.#prepareExchanges = $derived(view().exchanges.join(','));
    this.unavailable = $derived(this.unprepared && this.unprepared.key === prepareKey(view()) ? this.unprepared.message : '');
    this.preparedNow = $derived(this.unprepared?.key === prepareKey(view()) ? null : this.prepared);
    this.symbols = $derived(this.catalog?.symbols.map((s) => s.symbol) ?? [view().symbol]);
    this.synthetic = $derived(this.preparedNow?.synthetic ?? this.catalog?.symbols.find((s) => s.symbol === view().symbol)?.synthetic ?? false);
    // Returns nothing: comlink would try to send a return value back to the worker.
    this.#onProgress = deps.engine.progress((p) => { this.progress = this.#loadProgress.next(p); });
    this.#stopNetwork = deps.network.onChange(() => {
      if (deps.network.isOnline() && untrack(() => this.prepared?.problems.length)) this.#onlineAgain++;
    });
    this.#openSourceEffect();
    this.#prepareEffect();
  }

  /** A crashed engine is restarted, and says so above the view. */
  restartOnCrash(): void {
    this.#deps.engine.onCrash((message) => {
      this.error = `The engine stopped (${message}). Restarting it…`;
      // A fresh worker knows no source: re-open it, which redraws the view.
      this.#deps.engine.restart().then(
        () => { this.error = `The engine stopped (${message}) and was restarted.`; this.#sourceVersion++; },
        (e) => (this.error = `The engine stopped (${message}) and could not be restarted: ${String(e)}`),
      );
    });
  }

  start(): void {
    this.#deps.engine.api.start().catch((e) => (this.error = `The engine could not start: ${String(e)}`));
  }

  /** The source read again (its manifest fetched anew), as after a restart of the engine. */
  retrySource(): void {
    this.#sourceVersion++;
  }

  /** Uploads, deletions and copy choices change what is offered: the catalog again, no manifest fetch. */
  dataChanged(): void {
    this.#deps.engine.api.catalog(this.#deps.preferRemote()).then(
      (c) => (this.catalog = c),
      (e) => (this.error = e instanceof Error ? e.message : String(e)),
    );
  }

  /** Same params over new data must compute again. */
  chartDataChanged(): void {
    for (const chart of this.#deps.charts) chart.forget();
    this.dataVersion++;
  }

  dispose(): void {
    this.#stopNetwork();
  }

  #askPrepare(v: ViewState): Promise<Prepared> {
    return this.#deps.engine.api.prepare(v.symbol, daysNeeded(v), this.#onProgress, [...v.exchanges]);
  }

  // Source → catalog.
  #openSourceEffect(): void {
    $effect(() => {
      const url = this.#manifestUrl;
      void this.#sourceVersion;
      this.catalog = null;
      this.#loadProgress.startRun();
      // Only the latest source's answer is taken: an earlier one arriving late must not replace it.
      const run = ++this.#sourceRuns;
      this.#deps.engine.api.openSource(url, this.#deps.allowedHosts, this.#onProgress, this.#deps.preferRemote()).then(
        (c) => { if (run === this.#sourceRuns) this.catalog = c; },
        (e) => { if (run === this.#sourceRuns) this.error = e instanceof Error ? e.message : String(e); },
      );
      untrack(() => {
        const view = this.#deps.view();
        const prepared = this.#askPrepare(view);
        prepared.catch(() => undefined); // its failure is reported where it is taken
        this.#sentWithSource = { key: prepareKey(view), prepared };
      });
    });
  }

  // Catalog, symbol, window and exchanges → the view's months.
  #prepareEffect(): void {
    $effect(() => {
      if (!this.catalog) return;
      void this.#prepareSymbol;
      void this.#prepareDays;
      void this.#onlineAgain;
      const exchanges = this.#prepareExchanges;
      const key = untrack(() => prepareKey(this.#deps.view()));
      const early = this.#sentWithSource?.key === key ? this.#sentWithSource.prepared : null;
      this.#sentWithSource = null;
      (early ?? untrack(() => this.#askPrepare(this.#deps.view()))).then(
        (p) => {
          const view = this.#deps.view();
          if (p.symbol !== view.symbol || exchanges !== view.exchanges.join(',')) return;
          // Nothing loaded (every file refused, or none could be downloaded: offline, say): said in place of
          // the chart, which would otherwise wait for figures under the last symbol's picture.
          this.unprepared = hasProfileData(p) ? null : { key, message: `No profile month of ${p.symbol} could be loaded: ${p.problems.length ? 'the files and why are listed above' : nothingLoadedWhy(p)}.` };
          this.prepared = p;
          this.chartDataChanged();
        },
        (e) => {
          // The run broke off: its bar goes, and the view says why in place of its chart.
          this.progress = this.#loadProgress.breakOff();
          this.unprepared = { key, message: e instanceof Error ? e.message : String(e) };
          // What was prepared before (another source's problems, say) is not this view's: not shown as if it were.
          this.prepared = null;
        },
      );
    });
  }
}
