/**
 * A local Bybit for fetch tests: synthetic BTCUSDT dumps in the archive's layout for
 * 2025-09-29 .. 2025-10-02 (the 3rd not out yet, "now" being 2025-10-04), and the REST
 * open-interest history (paged, newest first, cursor) for every day up to the 3rd, from the
 * same market model. Requests and an injectable API answer for failure tests.
 */
import { daysOfMonth } from '../../../src/lib/archive/names.ts';
import { generateBybitArchive } from '../../../src/exchanges/bybit/synth/archive.ts';
import { bybitOiItems, type OiItem } from '../../../src/exchanges/bybit/synth/open-interest.ts';
import { startBybitOiApi } from '../../helpers/bybit-oi-api.ts';
import { MarketModel } from '../../../tools/synth/market.ts';
import { symbolSpec } from '../../../tools/synth/symbols.ts';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.ts';
import { tempDir } from './helpers.ts';

export const NOW = Date.parse('2025-10-04T12:00:00Z');
export const SYMBOL = 'BTCUSDT';
export const SEED = 'bybit-fetch';
export const DUMP_DAYS = ['2025-09-29', '2025-09-30', '2025-10-01', '2025-10-02'];
export const OI_LAST_DAY = '2025-10-03';

export interface BybitServer {
  /** The archive folder (dumps only). */
  root: string;
  archive: StaticServer;
  base: string;
  apiBase: string;
  /** Query strings of the API requests seen. */
  apiRequests: URLSearchParams[];
  /** Answer the next API requests with this body instead (null: the normal answers). */
  setApiAnswer(body: string | null): void;
  close(): Promise<void>;
}

export async function startBybitServer(): Promise<BybitServer> {
  const root = await tempDir('bybit-host');
  await generateBybitArchive({
    out: root, symbols: [SYMBOL], from: '2025-09', to: '2025-10', trades: 3_000, seed: SEED, openInterest: false,
    days: (d) => DUMP_DAYS.includes(d),
  });
  const archive = await startStaticServer(root, '/');
  const model = new MarketModel(symbolSpec(SYMBOL), SEED);
  const items: OiItem[] = [];
  for (const month of ['2025-09', '2025-10']) {
    const market = model.month(month);
    for (const day of daysOfMonth(month).filter((d) => d <= OI_LAST_DAY)) items.push(...bybitOiItems(market, day));
  }
  const api = await startBybitOiApi(SYMBOL, items, NOW);
  const apiBase = api.origin;
  return {
    root, archive, base: archive.origin, apiBase, apiRequests: api.requests,
    setApiAnswer: api.setAnswer,
    close: async () => {
      await archive.close();
      await api.close();
    },
  };
}
