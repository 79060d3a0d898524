/**
 * Where each exchange's live partial profile starts, and since when the engine's rows hold live
 * trades: each exchange's live trades extend its own profile, so they start after its own last
 * profile hour (an exchange without a profile of its own is measured against the view's lead).
 */
import type { Prepared } from '../engine/api.ts';
import type { ExchangeId } from '../live/events.ts';
import { LIVE_SOURCES } from '../live/registry.ts';

/** [last profile hour, exchanges] pairs for the hub's setProfileEnd. */
export function profileEnds(prepared: Prepared): [number, ExchangeId[]][] {
  const own = (prepared.exchanges ?? []).filter((e) => !e.absent && Number.isFinite(e.lastHour));
  const rest = LIVE_SOURCES.map((s) => s.id).filter((id) => !own.some((e) => e.id === id));
  return [...own.map((e): [number, ExchangeId[]] => [e.lastHour, [e.id]]), ...(rest.length ? [[prepared.lastHour, rest] as [number, ExchangeId[]]] : [])];
}

/** The first live trade the engine holds among the view's exchanges (`since` keyed "symbol|exchange"; NaN: none), or null. */
export function earliestLive(since: Readonly<Record<string, number>>, symbol: string, exchanges: readonly ExchangeId[]): number | null {
  const times = exchanges.map((x) => since[`${symbol}|${x}`]).filter((t) => Number.isFinite(t));
  return times.length ? Math.min(...times) : null;
}
