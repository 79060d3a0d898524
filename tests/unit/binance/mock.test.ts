// The mock behaves like Binance to a browser: shapes, CORS headers, failures, counts, close.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MOCK_PATHS, startBinanceMock, type BinanceMock } from '../../mock/binance-mock.ts';

let mock: BinanceMock;
beforeAll(async () => {
  mock = await startBinanceMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const get = (path: string, query = 'symbol=BTCUSDT') => fetch(`${mock.url}${path}?${query}`);

describe('binance mock', () => {
  it('answers with binance.md shapes, decimals as strings, with CORS', async () => {
    mock.setFigures('BTCUSDT', { openInterest: 82345.123, markPrice: 95123.4, time: 1732700000000 });
    const res = await get(MOCK_PATHS.openInterest);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ openInterest: '82345.123', symbol: 'BTCUSDT', time: 1732700000000 });
    const px = (await (await get(MOCK_PATHS.premiumIndex)).json()) as Record<string, unknown>;
    expect(px).toMatchObject({ symbol: 'BTCUSDT', markPrice: '95123.40000000', time: 1732700000000 });
    expect(Object.keys(px)).toEqual([
      'symbol', 'markPrice', 'indexPrice', 'estimatedSettlePrice', 'lastFundingRate', 'interestRate', 'nextFundingTime', 'time',
    ]);
    const hist = (await (await get(MOCK_PATHS.openInterestHist, 'symbol=BTCUSDT&period=5m')).json()) as unknown[];
    expect(hist).toHaveLength(30);
    expect(Object.keys(hist[0] as object)).toEqual(['symbol', 'sumOpenInterest', 'sumOpenInterestValue', 'timestamp']);
    const old = Date.now() - 40 * 86_400_000;
    const clipped = (await (await get(MOCK_PATHS.openInterestHist, `symbol=BTCUSDT&period=1d&limit=500&startTime=${old}`)).json()) as unknown[];
    expect(clipped.length).toBeLessThanOrEqual(31); // only the last 30 days
    const klines = (await (await get(MOCK_PATHS.klines, 'symbol=BTCUSDT&interval=1m&limit=3')).json()) as unknown[][];
    expect(klines).toHaveLength(3);
    expect(klines[0]!.map((c) => typeof c)).toEqual([
      'number', 'string', 'string', 'string', 'string', 'string', 'number', 'string', 'number', 'string', 'string', 'string',
    ]);
  });

  it('sends no CORS headers on 403/451, and does on 429', async () => {
    mock.failBlocked(MOCK_PATHS.openInterest, 451);
    let res = await get(MOCK_PATHS.openInterest);
    expect(res.status).toBe(451);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    mock.failBlocked(MOCK_PATHS.openInterest, 403);
    expect((await get(MOCK_PATHS.openInterest)).headers.get('access-control-allow-origin')).toBeNull();
    mock.fail429(MOCK_PATHS.openInterest, 30);
    res = await get(MOCK_PATHS.openInterest);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('fails a limited number of times, counts requests per path, resets', async () => {
    mock.failServer('*', 502, { times: 2 });
    expect((await get(MOCK_PATHS.premiumIndex)).status).toBe(502);
    expect((await get(MOCK_PATHS.openInterest)).status).toBe(502);
    expect((await get(MOCK_PATHS.openInterest)).status).toBe(200);
    expect(mock.counts).toEqual({ [MOCK_PATHS.premiumIndex]: 1, [MOCK_PATHS.openInterest]: 2 });
    mock.reset();
    expect(mock.counts).toEqual({});
    expect(mock.requests).toEqual([]);
  });

  it('an unknown symbol gets Binance -1121', async () => {
    const res = await get(MOCK_PATHS.openInterest, 'symbol=FOOUSDT');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('closes promptly with a hung request open', async () => {
    const other = await startBinanceMock();
    other.hang('*');
    const pending = fetch(`${other.url}${MOCK_PATHS.openInterest}?symbol=BTCUSDT`).catch((e: unknown) => e);
    while (other.count(MOCK_PATHS.openInterest) === 0) await new Promise((r) => setTimeout(r, 5));
    await other.close();
    expect(await pending).toBeInstanceOf(TypeError);
  });
});
