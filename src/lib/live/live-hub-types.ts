/** What LiveHub reports and what it is built from. */
import type { Timers } from '../scheduling.ts';
import type { ExchangeFigures, ExchangeId } from './events.ts';
import type { ExchangeLive } from './exchange-live.ts';
import type { LiquidationStore } from './liquidation-store.ts';
import type { FrameScheduler, Network } from './network.ts';
import type { LiveSource } from './source.ts';
import type { SocketFactory, StreamState, StreamTiming } from './stream-types.ts';

export interface ExchangeStream {
  exchange: ExchangeId;
  label: string;
  state: StreamState;
}

export interface LiveHubState {
  symbol: string | null;
  streams: ExchangeStream[];
  /** Each exchange's streamed figures and live trades, as they arrive (the live panel, the alerts at every tick). */
  exchanges: Partial<Record<ExchangeId, ExchangeLive>>;
  /** Bumped whenever liquidations were added or loaded. */
  tapeVersion: number;
  /** Bumped at most every recomputeMs when new trades entered any exchange's partial profile. */
  tradesVersion: number;
  /** Bumped at most every recomputeMs when liquidations changed: what the charts redraw on. */
  chartVersion: number;
  /**
   * Each exchange's streamed figures as the models take them: sampled at most every
   * recomputeMs (one rule for every exchange), so a ticker does not recompute the charts
   * every 100 ms. Whether they are fresh enough is stream-mark.ts's rule.
   */
  modelFigures: Partial<Record<ExchangeId, ExchangeFigures>>;
  /** First live trade in Binance's partial profile, epoch ms. */
  liveTradesSince: number | null;
  recording: { persistent: boolean; error: string | null; queued: number };
  /** Bumped when a batch was written to the store (the Data view reads it again). */
  recordedVersion: number;
}

export interface LiveHubOptions {
  store: LiquidationStore;
  /** Stream base URL per exchange; missing = the source's default. */
  streamBases?: Partial<Record<ExchangeId, string>>;
  sources?: readonly LiveSource[];
  socket?: SocketFactory;
  network?: Network;
  timing?: Partial<StreamTiming>;
  timers?: Timers;
  now?: () => number;
  frame?: FrameScheduler;
  recomputeMs?: number;
}
