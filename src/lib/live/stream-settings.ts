/**
 * This browser's stream settings, stored with the other settings (state/settings.ts): the
 * WebSocket base URL per exchange, how often live trades may recompute the charts (default
 * 10 s), and, for power users and the browser tests, the reconnect timings. Floors keep a
 * typo from hammering an exchange or redrawing the charts on every message.
 */
import { streamBaseKey, type StreamBaseKey } from '../../exchanges/types.ts';
import { LIVE_SOURCES } from './registry.ts';
import { parseStreamBase } from './source.ts';
import type { StreamTiming } from './stream-connection.ts';

/** Each exchange's WebSocket base under `${id}StreamBase` (bybitStreamBase), and the rest. */
export type StreamSettings = Partial<Record<StreamBaseKey, string>> & {
  /** Least time between two recomputes fed by live trades, ms (>= 1 s). */
  liveRecomputeMs?: number;
  streamTiming?: Partial<StreamTiming>;
};

const TIMING_FLOORS: Record<keyof StreamTiming, number> = { backoffBaseMs: 100, backoffMaxMs: 500, silentMs: 1_000, rolloverMs: 5_000 };

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The valid stream settings among stored values; anything else is dropped. */
export function readStreamSettings(raw: Record<string, unknown>): StreamSettings {
  const out: StreamSettings = {};
  for (const source of LIVE_SOURCES) {
    const key = streamBaseKey(source.id);
    const v = raw[key];
    // A stored base the exchange stays silent on (an older default) is dropped: the default serves.
    const check = typeof v === 'string' ? parseStreamBase(v, source.defaultStreamBase, source.streamBaseProblem) : null;
    if (check?.ok) out[key] = check.url;
  }
  if (finite(raw.liveRecomputeMs)) out.liveRecomputeMs = Math.max(1_000, Math.round(raw.liveRecomputeMs));
  const t = raw.streamTiming;
  if (t && typeof t === 'object') {
    const timing: Partial<StreamTiming> = {};
    for (const [k, floor] of Object.entries(TIMING_FLOORS) as [keyof StreamTiming, number][]) {
      const v = (t as Record<string, unknown>)[k];
      if (finite(v)) timing[k] = Math.max(floor, Math.round(v));
    }
    if (Object.keys(timing).length) out.streamTiming = timing;
  }
  return out;
}
