/**
 * The app's live streams, built from this browser's settings: the liquidation store, the hub
 * (every registered exchange), writing what is queued when the page goes away, and saving a
 * new WebSocket base (then reloading, so the Content-Security-Policy allows its host).
 */
import { saveAndReload, type Settings } from '../state/settings.ts';
import type { ExchangeId } from './events.ts';
import { LiveHub } from './live-hub.ts';
import { openLiquidationStore, type LiquidationStore } from './liquidation-store.ts';
import { LIVE_SOURCES } from './registry.ts';
import { streamBaseKey } from '../../exchanges/types.ts';

export interface LiveApp {
  hub: LiveHub;
  store: LiquidationStore;
  /** Saves a validated base URL; returns an error text, or null (and reloads). */
  saveBase(exchange: ExchangeId, url: string): string | null;
}

export function streamBases(settings: Settings): Record<ExchangeId, string> {
  return Object.fromEntries(LIVE_SOURCES.map((s) => [s.id, settings[streamBaseKey(s.id)] ?? s.defaultStreamBase])) as Record<ExchangeId, string>;
}

export function createLive(settings: Settings): LiveApp {
  const store = openLiquidationStore();
  const hub = new LiveHub({ store, streamBases: streamBases(settings), timing: settings.streamTiming, recomputeMs: settings.liveRecomputeMs });
  if (typeof window !== 'undefined') {
    const save = () => void hub.flushRecording();
    window.addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') save(); });
  }
  return {
    hub,
    store,
    saveBase: (exchange, url) => saveAndReload({ [streamBaseKey(exchange)]: url }),
  };
}
