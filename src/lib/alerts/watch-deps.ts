/**
 * What the watchlist reads for a symbol that is not the open one: its OI and mark price from
 * Binance's REST API, and its map through the engine (prepared first; engine.api directly, as
 * engine.computeMap keeps only the open view's latest request), at the view's model settings,
 * on Binance alone (the exchange of those figures).
 */
import { fetchOpenInterest, fetchPremiumIndex } from '../binance/index.ts';
import { DEFAULT_EXCHANGE } from '../data/profile-schema.ts';
import type { EngineClient } from '../engine/client.ts';
import { mapRequest } from '../state/map-controller.ts';
import type { ViewState } from '../state/view-state.ts';
import type { WatchDeps } from './watchlist.ts';

export function watchDeps(engine: EngineClient, binanceBase: string, view: () => ViewState): Omit<WatchDeps, 'ruleMinUsd' | 'now'> {
  return {
    async figures(symbol) {
      const [oi, premium] = await Promise.all([fetchOpenInterest(binanceBase, symbol), fetchPremiumIndex(binanceBase, symbol)]);
      return { contracts: oi.contracts, markPrice: premium.markPrice };
    },
    async map(symbol, f) {
      // Binance's map: the figures above are Binance's REST ones, whatever exchanges the open view sums.
      const v = { ...view(), symbol, exchanges: [DEFAULT_EXCHANGE], step: null, manualOi: null, manualPrice: null };
      const prepared = await engine.api.prepare(symbol, v.windowDays);
      const figures = { source: 'live' as const, oiUsd: f.contracts * f.markPrice, contracts: f.contracts, markPrice: f.markPrice, time: Date.now(), ageMs: 0 };
      const req = mapRequest(v, figures, prepared, prepared.synthetic);
      if (req.kind !== 'compute') throw new Error(req.kind === 'refused' ? req.problems.join(' ') : `no profile data to compute the map of ${symbol}`);
      return { cells: (await engine.api.computeMap(req.params)).cells, step: req.params.step };
    },
  };
}
