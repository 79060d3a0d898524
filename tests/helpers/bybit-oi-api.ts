/**
 * A local stand-in for Bybit's open-interest history (GET /v5/market/open-interest): the
 * synthetic generator's records for the given days, paged newest first with a cursor, with
 * CORS (as api.bybit.com is reported to answer browsers). Test use only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bybitOiAnswer, type OiItem } from '../../src/exchanges/bybit/synth/open-interest.ts';

export interface BybitOiApi {
  origin: string;
  /** Query strings of the requests seen. */
  requests: URLSearchParams[];
  /** Answer the next requests with this body instead (null: the normal answers). */
  setAnswer(body: string | null): void;
  close(): Promise<void>;
}

export async function startBybitOiApi(symbol: string, items: readonly OiItem[], now = 0): Promise<BybitOiApi> {
  const requests: URLSearchParams[] = [];
  let forced: string | null = null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/v5/market/open-interest') return void res.writeHead(404).end('not found');
    requests.push(url.searchParams);
    const q = url.searchParams;
    const num = (k: string) => (q.get(k) ? Number(q.get(k)) : undefined);
    const body = forced ?? JSON.stringify(bybitOiAnswer(items.filter(() => q.get('symbol') === symbol), {
      symbol: q.get('symbol') ?? '', startTime: num('startTime'), endTime: num('endTime'), limit: num('limit'), cursor: q.get('cursor') ?? '',
    }, now));
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests,
    setAnswer: (body) => { forced = body; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
