/**
 * The figures the view's models use (open interest and mark price): Binance's REST figures
 * (LiveFigures) following the view's symbol and the figures typed in for it, with the streamed
 * mark when fresh; each chosen exchange's own figures; and the view's mark (its lead exchange's),
 * which sets the auto step, the price line and the alerts. One owner, so the charts, the panel and
 * the alerts read the same figures.
 */
import type { Prepared } from '../engine/api.ts';
import type { LiveFigures, LiveState } from '../binance/index.ts';
import { freshStreamed, withStreamMark } from '../live/stream-mark.ts';
import { viewMark } from './exchange-request.ts';
import { exchangeFigures, usedFigures, type ExchangeUsedFigures, type StreamedFigures, type UsedFigures } from './used-figures.ts';
import type { ViewState } from './view-state.ts';

export interface ViewFiguresDeps {
  live: Pick<LiveFigures, 'getState' | 'subscribe' | 'setSymbol' | 'setManual' | 'clearManual' | 'dispose'>;
  view: () => ViewState;
  prepared: () => Prepared | null;
  /** Each exchange's latest streamed figures (the hub's, released to the models). */
  streamed: () => StreamedFigures;
  /** The clock the figures' ages are measured by. */
  now: () => number;
}

export class ViewFigures {
  /** Binance's REST figures and the typed ones, as LiveFigures reports them. */
  liveState: LiveState;
  /** Binance's figures for the models (the streamed mark when fresh). */
  readonly figures: UsedFigures | null;
  // Several exchanges: each one's own figures (Bybit's from its tickers stream when fresh, else its profile).
  readonly perExchange: ExchangeUsedFigures[];
  // The view's mark (its lead exchange's: Bybit's for Bybit alone): auto step, price line, alerts.
  readonly price: number;
  readonly #live: ViewFiguresDeps['live'];
  readonly #unsubscribe: () => void;

  /** Made during a component's set-up: its effects live as long as the component. */
  constructor(deps: ViewFiguresDeps) {
    const { live, view, prepared, streamed, now } = deps;
    this.#live = live;
    this.liveState = $state(live.getState());
    this.#unsubscribe = live.subscribe((s) => (this.liveState = s));
    this.figures = $derived(withStreamMark(usedFigures(this.liveState, prepared(), now()), freshStreamed(streamed().binance, now())?.markPrice ?? null));
    this.perExchange = $derived(exchangeFigures(view().exchanges, this.liveState, prepared(), now(), streamed()));
    this.price = $derived(viewMark(view(), this.figures, this.perExchange, prepared()));
    $effect(() => { live.setSymbol(view().symbol); });
    $effect(() => {
      const v = view();
      if (v.manualOi !== null && v.manualPrice !== null) live.setManual({ contracts: v.manualOi, markPrice: v.manualPrice }, v.symbol);
      else live.clearManual(v.symbol);
    });
  }

  dispose(): void {
    this.#unsubscribe();
    this.#live.dispose();
  }
}
