/** Every exchange the app streams from. Adding one: its LiveSource file and one line here. */
import type { ExchangeId } from './events.ts';
import { binanceSource } from './binance.ts';
import { bybitSource } from '../../exchanges/bybit/live/bybit.ts';
import type { LiveSource } from './source.ts';

export const LIVE_SOURCES: readonly LiveSource[] = [binanceSource, bybitSource];

export function liveSource(id: ExchangeId): LiveSource {
  const source = LIVE_SOURCES.find((s) => s.id === id);
  if (!source) throw new Error(`no live source ${id}`);
  return source;
}
