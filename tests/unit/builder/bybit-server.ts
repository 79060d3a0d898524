/**
 * A local Bybit for fetch tests: synthetic BTCUSDT dumps in the archive's layout for
 * 2025-09-29 .. 2025-10-02 (the 3rd not out yet, "now" being 2025-10-04), and the REST
 * open-interest history (paged, newest first, cursor) for every day up to the 3rd, from the
 * same market model. Requests and an injectable API answer for failure tests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { daysOfMonth } from '../../../src/lib/archive/names.ts';
import { generateBybitArchive } from '../../../tools/synth/bybit/archive.ts';
import { bybitOiAnswer, bybitOiItems, type OiItem } from '../../../tools/synth/bybit/open-interest.ts';
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
  const apiRequests: URLSearchParams[] = [];
  let forced: string | null = null;
  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/v5/market/open-interest') return void res.writeHead(404).end('not found');
    apiRequests.push(url.searchParams);
    const q = url.searchParams;
    const num = (k: string) => (q.get(k) ? Number(q.get(k)) : undefined);
    const body = forced ?? JSON.stringify(bybitOiAnswer(items.filter(() => q.get('symbol') === SYMBOL), {
      symbol: q.get('symbol') ?? '', startTime: num('startTime'), endTime: num('endTime'), limit: num('limit'), cursor: q.get('cursor') ?? '',
    }, NOW));
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(body);
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  return {
    root, archive, base: archive.origin, apiBase, apiRequests,
    setApiAnswer: (body) => { forced = body; },
    close: async () => {
      await archive.close();
      await new Promise<void>((r) => api.close(() => r()));
    },
  };
}
