// The client against the real mock server over HTTP (Node's fetch).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fetchKlines,
  fetchOpenInterest,
  fetchOpenInterestHist,
  fetchPremiumIndex,
} from '../../../src/lib/binance/client.ts';
import { BinanceError, UNREACHABLE_TEXT } from '../../../src/lib/binance/errors.ts';
import { BAN_DEFAULT_MS } from '../../../src/lib/binance/http.ts';
import { MOCK_PATHS, startBinanceMock, type BinanceMock } from '../../mock/binance-mock.ts';

const OI = MOCK_PATHS.openInterest;
const PX = MOCK_PATHS.premiumIndex;
let mock: BinanceMock;

beforeAll(async () => {
  mock = await startBinanceMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

async function failure(promise: Promise<unknown>): Promise<BinanceError> {
  const err = await promise.then(
    () => expect.fail('expected a BinanceError'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BinanceError);
  const be = err as BinanceError;
  expect(be.message).not.toMatch(/[<>]/); // plain text, never HTML
  return be;
}

describe('answers', () => {
  it('reads open interest and mark price as numbers', async () => {
    mock.setFigures('BTCUSDT', { openInterest: 82345.123, markPrice: 95123.4, indexPrice: 95130.1, time: 1732700000000 });
    expect(await fetchOpenInterest(mock.url, 'BTCUSDT')).toEqual({
      symbol: 'BTCUSDT',
      contracts: 82345.123,
      time: 1732700000000,
    });
    expect(await fetchPremiumIndex(mock.url, 'btcusdt')).toEqual({
      symbol: 'BTCUSDT',
      markPrice: 95123.4,
      indexPrice: 95130.1,
      time: 1732700000000,
    });
  });

  it('sends plain GETs with the symbol as the only query and no custom headers', async () => {
    await fetchOpenInterest(`${mock.url}/`, ' ethusdt ');
    const [req] = mock.requests;
    expect(req).toMatchObject({ method: 'GET', path: OI, query: { symbol: 'ETHUSDT' } });
    expect(Object.keys(req!.headers).filter((h) => h.startsWith('x-') || h === 'content-type')).toEqual([]);
    expect(mock.preflights).toBe(0);
  });

  it('reads open interest history and klines', async () => {
    const hist = await fetchOpenInterestHist(mock.url, 'BTCUSDT', { period: '1h', limit: 24 });
    expect(hist).toHaveLength(24);
    expect(hist[0]!.time).toBeLessThan(hist[23]!.time);
    expect(hist[23]!.usd).toBeCloseTo(hist[23]!.contracts * 95123.4, 0);
    const candles = await fetchKlines(mock.url, 'BTCUSDT', { interval: '1h', limit: 5 });
    expect(candles).toHaveLength(5);
    expect(candles[0]!.closeTime - candles[0]!.openTime).toBe(3_600_000 - 1);
    expect(candles[0]!.high).toBeGreaterThanOrEqual(candles[0]!.low);
    expect(mock.requests.at(-1)!.query).toEqual({ symbol: 'BTCUSDT', interval: '1h', limit: '5' });
  });
});

describe('failure kinds', () => {
  it('429 with Retry-After: rate-limited, waiting that long', async () => {
    mock.fail429(OI, 7);
    const err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT'));
    expect(err).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 7000, endpoint: OI, symbol: 'BTCUSDT' });
    expect(err.message).toBe(
      'Binance is rate-limiting this IP (HTTP 429) on open interest for BTCUSDT (/fapi/v1/openInterest); Binance asks to wait 7 s.',
    );
  });

  it('429 without Retry-After: no wait stated', async () => {
    mock.fail429(PX);
    const err = await failure(fetchPremiumIndex(mock.url, 'BTCUSDT'));
    expect(err.kind).toBe('rate-limited');
    expect(err.retryAfterMs).toBeUndefined();
    expect(err.message).toContain('mark price for BTCUSDT');
  });

  it('418: banned until Retry-After, else the time in the body, else the default', async () => {
    const t0 = Date.now();
    mock.fail418(OI, 300);
    let err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT', { now: () => t0 }));
    expect(err).toMatchObject({ kind: 'banned', status: 418, untilMs: t0 + 300_000 });
    expect(err.message).toMatch(/^Binance has banned this IP \(HTTP 418.*open interest for BTCUSDT.*no requests until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/);

    mock.fail(OI, { type: 'status', status: 418, body: '{"code":-1003,"msg":"Way too many requests; IP banned until 1900000000000."}' });
    err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT'));
    expect(err.untilMs).toBe(1900000000000);

    mock.fail(OI, { type: 'status', status: 418, body: '' });
    err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT', { now: () => t0 }));
    expect(err.untilMs).toBe(t0 + BAN_DEFAULT_MS);
  });

  it('a readable 403/451 is blocked (through a proxy); the HTML body stays out of the message', async () => {
    for (const status of [403, 451] as const) {
      mock.failBlocked(OI, status);
      const err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT'));
      expect(err).toMatchObject({ kind: 'blocked', status });
      expect(err.message).toContain('API base URL in Settings');
    }
  });

  it('fetch throwing (network, CORS, regional block) is unreachable, with the pointer to settings', async () => {
    const browserLike = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    let err = await failure(fetchOpenInterest('https://fapi.binance.com', 'BTCUSDT', { fetch: browserLike }));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe(
      `${UNREACHABLE_TEXT}: open interest for BTCUSDT (/fapi/v1/openInterest) at https://fapi.binance.com. ` +
        'Check the API base URL in Settings: a same-shape proxy works where Binance is blocked, ' +
        'and the last cached figure or one typed in by hand keeps the map usable.',
    );

    const closed = await startBinanceMock();
    await closed.close();
    err = await failure(fetchPremiumIndex(closed.url, 'BTCUSDT'));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain(closed.url);
  });

  it('5xx is a server error', async () => {
    for (const status of [500, 502, 503] as const) {
      mock.failServer(PX, status);
      const err = await failure(fetchPremiumIndex(mock.url, 'BTCUSDT'));
      expect(err).toMatchObject({ kind: 'server', status });
      expect(err.message).toBe(`Binance server error (HTTP ${status}) on mark price for BTCUSDT (/fapi/v1/premiumIndex).`);
    }
  });

  it('no answer within the timeout is a timeout; the caller can also cancel', async () => {
    mock.hang(OI);
    const err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT', { timeoutMs: 100 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('Binance did not answer open interest for BTCUSDT (/fapi/v1/openInterest) within 0.1 s.');

    const cancel = new AbortController();
    const pending = fetchOpenInterest(mock.url, 'BTCUSDT', { signal: cancel.signal });
    setTimeout(() => cancel.abort(), 20);
    expect((await failure(pending)).kind).toBe('aborted');
  });

  it('400 Invalid symbol is bad-symbol with Binance msg as plain text', async () => {
    const err = await failure(fetchOpenInterest(mock.url, 'NOPEUSDT'));
    expect(err).toMatchObject({ kind: 'bad-symbol', status: 400, binanceCode: -1121, binanceMsg: 'Invalid symbol.' });
    expect(err.message).toBe('Binance does not know the symbol NOPEUSDT: Invalid symbol.');
    mock.fail(PX, { type: 'invalid-symbol' });
    expect((await failure(fetchPremiumIndex(mock.url, 'BTCUSDT'))).kind).toBe('bad-symbol');
  });

  it('a symbol the client cannot send is refused without a request', async () => {
    const err = await failure(fetchOpenInterest(mock.url, 'BTC/USDT&x=1'));
    expect(err.kind).toBe('bad-symbol');
    expect(mock.count(OI)).toBe(0);
  });

  it('an invalid base URL is refused without a request', async () => {
    const err = await failure(fetchOpenInterest('ftp://example.com', 'BTCUSDT'));
    expect(err.kind).toBe('bad-base-url');
  });

  it('other statuses are http, carrying Binance msg', async () => {
    mock.fail(OI, { type: 'status', status: 404 });
    const err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT'));
    expect(err).toMatchObject({ kind: 'http', status: 404 });
    expect(err.message).toBe('Binance answered HTTP 404 on open interest for BTCUSDT (/fapi/v1/openInterest): HTTP 404');
  });
});

describe('strict parsing', () => {
  it('malformed JSON', async () => {
    mock.fail(OI, { type: 'malformed' });
    const err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT'));
    expect(err).toMatchObject({ kind: 'bad-response', field: undefined });
    expect(err.message).toBe('Binance sent an unusable answer for open interest for BTCUSDT (/fapi/v1/openInterest): malformed JSON');
  });

  it('missing fields are named', async () => {
    mock.fail(OI, { type: 'missing-field', field: 'openInterest' });
    let err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT'));
    expect(err).toMatchObject({ kind: 'bad-response', field: 'openInterest' });
    expect(err.message).toContain('field "openInterest" is missing');

    mock.fail(PX, { type: 'missing-field', field: 'time' });
    err = await failure(fetchPremiumIndex(mock.url, 'BTCUSDT'));
    expect(err.field).toBe('time');

    mock.fail(MOCK_PATHS.klines, { type: 'missing-field', field: 'taker_buy_volume' });
    err = await failure(fetchKlines(mock.url, 'BTCUSDT', { interval: '1h', limit: 2 }));
    expect(err.field).toBe('taker_buy_volume');
  });

  it('non-numeric fields are named with the value', async () => {
    mock.fail(PX, { type: 'non-numeric', field: 'markPrice', value: '95k' });
    let err = await failure(fetchPremiumIndex(mock.url, 'BTCUSDT'));
    expect(err).toMatchObject({ kind: 'bad-response', field: 'markPrice' });
    expect(err.message).toContain('field "markPrice" is not a number ("95k")');

    mock.fail(MOCK_PATHS.openInterestHist, { type: 'non-numeric', field: 'sumOpenInterestValue', value: '' });
    err = await failure(fetchOpenInterestHist(mock.url, 'BTCUSDT', { period: '5m' }));
    expect(err.field).toBe('sumOpenInterestValue');

    mock.fail(OI, { type: 'non-numeric', field: 'time', value: 'yesterday' });
    err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT'));
    expect(err.field).toBe('time');
  });

  it('rejects a zero mark price, a negative OI and an answer for another symbol', async () => {
    mock.setFigures('BTCUSDT', { openInterest: 1, markPrice: 0 });
    expect((await failure(fetchPremiumIndex(mock.url, 'BTCUSDT'))).field).toBe('markPrice');
    mock.setFigures('BTCUSDT', { openInterest: -1, markPrice: 1 });
    expect((await failure(fetchOpenInterest(mock.url, 'BTCUSDT'))).field).toBe('openInterest');
    const misrouted = (() =>
      Promise.resolve(new Response('{"openInterest":"1","symbol":"ETHUSDT","time":1}'))) as typeof fetch;
    const err = await failure(fetchOpenInterest(mock.url, 'BTCUSDT', { fetch: misrouted }));
    expect(err).toMatchObject({ kind: 'bad-response', field: 'symbol' });
  });
});
