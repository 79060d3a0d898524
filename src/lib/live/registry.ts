/** Every exchange the app streams from: each registered exchange's live source (src/exchanges/app-registry.ts). */
import { APP_EXCHANGE_LIST } from '../../exchanges/app-registry.ts';
import type { ExchangeId } from './events.ts';
import type { LiveSource } from './source.ts';

export const LIVE_SOURCES: readonly LiveSource[] = APP_EXCHANGE_LIST.map((x) => x.live);

export function liveSource(id: ExchangeId): LiveSource {
  const source = LIVE_SOURCES.find((s) => s.id === id);
  if (!source) throw new Error(`no live source ${id}`);
  return source;
}
