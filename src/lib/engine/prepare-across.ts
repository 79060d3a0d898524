/**
 * Preparing a view of several exchanges: each exchange's months are loaded as a Binance-only
 * view's are; an exchange the source does not offer for the symbol is named, not an error,
 * unless no selected exchange has data at all.
 */
import { DEFAULT_EXCHANGE, EXCHANGE_LABELS } from '../data/profile-schema.ts';
import type { ExchangeId } from '../live/events.ts';
import type { Prepared, PreparedExchange } from './api.ts';

/** The source offers no profile of the symbol on that exchange. */
export class NoProfileData extends Error {
  override readonly name = 'NoProfileData';
}

/** Binance alone: the view of before, with its kept first picture. */
export const onlyDefault = (exchanges: readonly ExchangeId[]) => exchanges.length === 0 || (exchanges.length === 1 && exchanges[0] === DEFAULT_EXCHANGE);

/** Each exchange prepared in turn (one at a time: they share the loader); the first with data leads. */
export async function prepareAcross(symbol: string, exchanges: readonly ExchangeId[], prepareOne: (exchange: ExchangeId) => Promise<Prepared>): Promise<Prepared> {
  const each: PreparedExchange[] = [];
  let lead: Prepared | undefined;
  const problems: string[] = [];
  const unloaded: string[] = [];
  for (const id of exchanges) {
    try {
      const p = await prepareOne(id);
      lead ??= p;
      problems.push(...p.problems);
      unloaded.push(...(p.unloaded ?? []));
      each.push({ id, months: p.months, missing: p.missing, lastClose: p.lastClose, lastOi: p.lastOi, lastHour: p.lastHour });
    } catch (e) {
      if (!(e instanceof NoProfileData)) throw e;
      each.push({ id, months: [], missing: [], lastClose: NaN, lastOi: null, lastHour: NaN, absent: e.message });
    }
  }
  if (!lead) throw new Error(`No profile data for ${symbol} on ${exchanges.map((id) => EXCHANGE_LABELS[id]).join(' or ')} in this source.`);
  return { ...lead, problems: [...new Set(problems)], unloaded: [...new Set(unloaded)].sort(), exchanges: each };
}
