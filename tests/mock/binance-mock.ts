/**
 * A stand-in for Binance's USDⓈ-M REST API on 127.0.0.1 (random port), answering with the
 * shapes of docs/binance.md (decimals as JSON strings). CORS as Binance does
 * it: `Access-Control-Allow-Origin: *` on answers, none on 403/451 (so a browser sees a
 * network error there). Controlled in-process: figures per symbol, a failure per path,
 * request counts. Used by unit tests (Node fetch) and browser tests (Chromium).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const MOCK_PATHS = {
  openInterest: '/fapi/v1/openInterest',
  premiumIndex: '/fapi/v1/premiumIndex',
  openInterestHist: '/futures/data/openInterestHist',
  klines: '/fapi/v1/klines',
} as const;

export interface MockFigures {
  /** Contracts (e.g. BTC). */
  openInterest: number;
  markPrice: number;
  indexPrice?: number;
  /** Binance's time of the figure; default: the time of the request. */
  time?: number;
}

export type FailMode =
  /** Any status. CORS headers are sent unless the status is 403/451 (override with `cors`). */
  | { type: 'status'; status: number; retryAfterSec?: number; cors?: boolean; exposeRetryAfter?: boolean; body?: string }
  /** Accept the request and never answer (closed by `close()`). */
  | { type: 'hang' }
  /** 200 with a truncated JSON body. */
  | { type: 'malformed' }
  /** 200 without `field` (in the first row for arrays; kline fields by archive column name). */
  | { type: 'missing-field'; field: string }
  /** 200 with `field` set to a non-numeric string. */
  | { type: 'non-numeric'; field: string; value?: string }
  /** 400 {"code":-1121,"msg":"Invalid symbol."}. */
  | { type: 'invalid-symbol' };

export interface FailOptions {
  /** Fail only the next n requests to the path, then answer normally. Default: until cleared. */
  times?: number;
}

export interface MockRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

export interface BinanceMock {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  setFigures(symbol: string, figures: MockFigures): void;
  removeSymbol(symbol: string): void;
  /** Fail requests to `path` ('*' = every path); `null` clears. */
  fail(path: string, mode: FailMode | null, opts?: FailOptions): void;
  fail429(path: string, retryAfterSec?: number, opts?: FailOptions): void;
  fail418(path: string, retryAfterSec?: number, opts?: FailOptions): void;
  /** 403 or 451 without CORS headers, like Binance's WAF and regional block. */
  failBlocked(path: string, status?: 403 | 451, opts?: FailOptions): void;
  failServer(path: string, status?: 500 | 502 | 503, opts?: FailOptions): void;
  hang(path: string, opts?: FailOptions): void;
  clearFailures(): void;
  /** GET requests per path (every request, failed or not). Live object. */
  counts: Record<string, number>;
  count(path: string): number;
  /** OPTIONS requests (CORS preflights; the app should never cause one). */
  preflights: number;
  /** Every request in order. */
  requests: MockRequest[];
  /** Default figures, no failures, zero counts. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_FIGURES: Record<string, MockFigures> = {
  BTCUSDT: { openInterest: 82345.123, markPrice: 95123.4, indexPrice: 95130.1 },
  ETHUSDT: { openInterest: 2012345.5, markPrice: 3456.78, indexPrice: 3457.1 },
};

const KLINE_COLUMNS = [
  'open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time',
  'quote_volume', 'count', 'taker_buy_volume', 'taker_buy_quote_volume', 'ignore',
];

const PERIOD_MS: Record<string, number> = {
  '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000,
  '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '6h': 21_600_000, '8h': 28_800_000,
  '12h': 43_200_000, '1d': 86_400_000, '3d': 259_200_000, '1w': 604_800_000, '1M': 2_592_000_000,
};
const OI_HIST_PERIODS = ['5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d'];
const THIRTY_DAYS = 30 * 86_400_000;

/** Binance prints decimals as strings with fixed places (e.g. "95123.40000000"). */
const dec = (n: number, places = 8) => n.toFixed(places);

interface ActiveFailure {
  mode: FailMode;
  left: number;
}

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string> = {},
    readonly cors = true,
  ) {}
}

const json = (status: number, value: unknown) => new HttpAnswer(status, JSON.stringify(value));
const binanceError = (status: number, code: number, msg: string) => json(status, { code, msg });

export async function startBinanceMock(): Promise<BinanceMock> {
  let figures = new Map<string, MockFigures>(Object.entries(DEFAULT_FIGURES));
  const failures = new Map<string, ActiveFailure>();
  const sockets = new Set<Socket>();

  const mock: BinanceMock = {
    url: '',
    setFigures: (symbol, f) => void figures.set(symbol.toUpperCase(), { ...f }),
    removeSymbol: (symbol) => void figures.delete(symbol.toUpperCase()),
    fail(path, mode, opts = {}) {
      if (mode === null) failures.delete(path);
      else failures.set(path, { mode, left: opts.times ?? Infinity });
    },
    fail429: (path, retryAfterSec, opts) => mock.fail(path, { type: 'status', status: 429, retryAfterSec }, opts),
    fail418: (path, retryAfterSec, opts) => mock.fail(path, { type: 'status', status: 418, retryAfterSec }, opts),
    failBlocked: (path, status = 451, opts) => mock.fail(path, { type: 'status', status }, opts),
    failServer: (path, status = 503, opts) => mock.fail(path, { type: 'status', status }, opts),
    hang: (path, opts) => mock.fail(path, { type: 'hang' }, opts),
    clearFailures: () => failures.clear(),
    counts: {},
    count: (path) => mock.counts[path] ?? 0,
    preflights: 0,
    requests: [],
    reset() {
      figures = new Map(Object.entries(DEFAULT_FIGURES));
      failures.clear();
      for (const key of Object.keys(mock.counts)) delete mock.counts[key];
      mock.preflights = 0;
      mock.requests.length = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function takeFailure(path: string): FailMode | null {
    const active = failures.get(path) ?? failures.get('*');
    if (!active) return null;
    active.left -= 1;
    if (active.left <= 0) failures.delete(failures.has(path) ? path : '*');
    return active.mode;
  }

  function answerNormally(path: string, q: URLSearchParams): HttpAnswer | unknown {
    const symbol = q.get('symbol');
    if (!symbol) {
      return binanceError(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
    }
    const f = figures.get(symbol);
    if (!f) return binanceError(400, -1121, 'Invalid symbol.');
    const now = Date.now();
    const time = f.time ?? now;
    switch (path) {
      case MOCK_PATHS.openInterest:
        return { openInterest: dec(f.openInterest, 3), symbol, time };
      case MOCK_PATHS.premiumIndex:
        return {
          symbol,
          markPrice: dec(f.markPrice),
          indexPrice: dec(f.indexPrice ?? f.markPrice),
          estimatedSettlePrice: dec(f.markPrice),
          lastFundingRate: '0.00010000',
          interestRate: '0.00010000',
          nextFundingTime: Math.ceil(now / 28_800_000) * 28_800_000,
          time,
        };
      case MOCK_PATHS.openInterestHist:
        return oiHistory(symbol, f, q, now);
      case MOCK_PATHS.klines:
        return klines(f, q, now);
      default:
        return new HttpAnswer(404, '<html><body><h2>404 Not found</h2></body></html>');
    }
  }

  function oiHistory(symbol: string, f: MockFigures, q: URLSearchParams, now: number): HttpAnswer | unknown {
    const period = q.get('period') ?? '';
    if (!OI_HIST_PERIODS.includes(period)) return binanceError(400, -1120, 'Invalid period.');
    const step = PERIOD_MS[period]!;
    const limit = Math.min(Number(q.get('limit') ?? 30) || 30, 500);
    // Only the last 30 days are served.
    const end = Math.floor(Math.min(Number(q.get('endTime') ?? now) || now, now) / step) * step;
    const start = Math.max(Number(q.get('startTime') ?? 0) || 0, now - THIRTY_DAYS);
    const rows = [];
    for (let t = end, i = 0; t >= start && i < limit; t -= step, i++) {
      const oi = f.openInterest * (1 - 0.001 * i);
      rows.push({ symbol, sumOpenInterest: dec(oi), sumOpenInterestValue: dec(oi * f.markPrice), timestamp: t });
    }
    return rows.reverse();
  }

  function klines(f: MockFigures, q: URLSearchParams, now: number): HttpAnswer | unknown {
    const step = PERIOD_MS[q.get('interval') ?? ''];
    if (!step) return binanceError(400, -1120, 'Invalid interval.');
    const limit = Math.min(Number(q.get('limit') ?? 500) || 500, 1500);
    const startParam = q.get('startTime');
    const first = startParam
      ? Math.ceil(Number(startParam) / step) * step
      : Math.floor(Number(q.get('endTime') ?? now) / step) * step - (limit - 1) * step;
    const rows = [];
    for (let i = 0, t = first; i < limit && t <= now; i++, t += step) {
      const open = f.markPrice * (1 + 0.001 * Math.sin(i));
      const close = f.markPrice * (1 + 0.001 * Math.sin(i + 1));
      const volume = 100 + (i % 7);
      rows.push([
        t, dec(open, 2), dec(Math.max(open, close) * 1.0005, 2), dec(Math.min(open, close) * 0.9995, 2), dec(close, 2),
        dec(volume, 3), t + step - 1, dec(volume * f.markPrice, 5), 1000 + i, dec(volume / 2, 3),
        dec((volume / 2) * f.markPrice, 5), '0',
      ]);
    }
    return rows;
  }

  function failedAnswer(mode: FailMode, path: string, q: URLSearchParams): HttpAnswer | 'hang' {
    switch (mode.type) {
      case 'hang':
        return 'hang';
      case 'malformed':
        return new HttpAnswer(200, '{"openInterest":"8234');
      case 'invalid-symbol':
        return binanceError(400, -1121, 'Invalid symbol.');
      case 'missing-field':
      case 'non-numeric': {
        const normal = answerNormally(path, q);
        if (normal instanceof HttpAnswer) return normal;
        alterField(normal, mode.field, mode.type === 'missing-field' ? undefined : (mode.value ?? 'abc'));
        return json(200, normal);
      }
      case 'status':
        return statusAnswer(mode);
    }
  }

  function statusAnswer(mode: Extract<FailMode, { type: 'status' }>): HttpAnswer {
    const { status, retryAfterSec } = mode;
    const headers: Record<string, string> = {};
    if (retryAfterSec !== undefined) headers['Retry-After'] = String(retryAfterSec);
    if (mode.exposeRetryAfter) headers['Access-Control-Expose-Headers'] = 'Retry-After';
    const cors = mode.cors ?? !(status === 403 || status === 451);
    const body = mode.body ?? defaultStatusBody(status, retryAfterSec);
    return new HttpAnswer(status, body, headers, cors);
  }

  function defaultStatusBody(status: number, retryAfterSec?: number): string {
    if (status === 429) {
      return JSON.stringify({
        code: -1003,
        msg: 'Too many requests; current limit of IP is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.',
      });
    }
    if (status === 418) {
      const until = Date.now() + (retryAfterSec ?? 120) * 1000;
      return JSON.stringify({ code: -1003, msg: `Way too many requests; IP banned until ${until}. Please use the websocket for live updates to avoid bans.` });
    }
    if (status === 451) {
      return JSON.stringify({
        code: 0,
        msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error.",
      });
    }
    if (status === 403) return '<html><body><h1>403 ERROR</h1><p>The request could not be satisfied.</p></body></html>';
    if (status >= 500) return '<html><body><h1>' + status + ' Service Unavailable</h1></body></html>';
    return JSON.stringify({ code: -1000, msg: `HTTP ${status}` });
  }

  function send(res: ServerResponse, answer: HttpAnswer): void {
    const headers: Record<string, string> = {
      'Content-Type': answer.body.startsWith('<') ? 'text/html' : 'application/json;charset=UTF-8',
      ...answer.headers,
    };
    if (answer.cors) headers['Access-Control-Allow-Origin'] = '*';
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = parsed.pathname;
    const method = req.method ?? 'GET';
    mock.requests.push({ method, path, query: Object.fromEntries(parsed.searchParams), headers: { ...req.headers } });
    if (method === 'OPTIONS') {
      mock.preflights += 1;
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET',
        'Access-Control-Allow-Headers': '*',
      });
      res.end();
      return;
    }
    mock.counts[path] = (mock.counts[path] ?? 0) + 1;
    const mode = takeFailure(path);
    const answer = mode ? failedAnswer(mode, path, parsed.searchParams) : answerNormally(path, parsed.searchParams);
    if (answer === 'hang') return; // the socket stays open until the client gives up or close()
    send(res, answer instanceof HttpAnswer ? answer : json(200, answer));
  }

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  mock.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return mock;
}

/** Removes or spoils `field` in an answer: objects directly, arrays in their first row. */
function alterField(answer: unknown, field: string, value: string | undefined): void {
  let target = answer;
  if (Array.isArray(answer)) target = answer[0];
  if (Array.isArray(target)) {
    const col = KLINE_COLUMNS.indexOf(field);
    if (col < 0) return;
    if (value === undefined) target.splice(col);
    else target[col] = value;
    return;
  }
  if (typeof target !== 'object' || target === null) return;
  const row = target as Record<string, unknown>;
  if (value === undefined) delete row[field];
  else row[field] = value;
}
