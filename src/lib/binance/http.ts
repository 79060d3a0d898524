/**
 * One GET to the Binance REST API, with a timeout, and every failure classified into a
 * BinanceError. Plain GET with query parameters only, no custom headers: the browser sends
 * no CORS preflight (docs/binance.md). Keep it that way.
 */
import { parseBaseUrl } from './base-url.ts';
import { BinanceError, SETTINGS_HINT, UNREACHABLE_TEXT, clipText, describeRequest } from './errors.ts';
import { badResponse } from './parse.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * How long to stop after a 418 that says neither Retry-After nor "banned until <ms>".
 * Binance bans last from 2 minutes (first offence) up to 3 days for repeat offenders; a
 * 2-minute pause costs at most one extra request per pause while a longer ban lasts.
 */
export const BAN_DEFAULT_MS = 2 * 60_000;

export interface RequestOptions {
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Abort after this many ms (default 10 s), body included. */
  timeoutMs?: number;
  /** The caller's own cancel; ends in kind 'aborted'. */
  signal?: AbortSignal;
  /** Clock for `untilMs` of a ban (tests). */
  now?: () => number;
}

/** Symbol names as Binance spells them (e.g. 1000PEPEUSDT, BTCUSDT_250328); uppercased. */
export function normalizeSymbol(symbol: string): string | null {
  const s = symbol.trim().toUpperCase();
  return /^[A-Z0-9_]{2,30}$/.test(s) ? s : null;
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable (cross-origin). */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

interface BinanceBody {
  code?: number;
  msg?: string;
}

/** Binance error bodies are `{"code":-1121,"msg":"Invalid symbol."}`; anything else yields {}. */
function readErrorBody(text: string): BinanceBody {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null) return {};
    const { code, msg } = body as Record<string, unknown>;
    return {
      code: typeof code === 'number' ? code : undefined,
      msg: typeof msg === 'string' ? clipText(msg) : undefined,
    };
  } catch {
    return {};
  }
}

function statusError(res: Response, text: string, endpoint: string, symbol: string, now: number): BinanceError {
  const what = describeRequest(endpoint, symbol);
  const status = res.status;
  const body = readErrorBody(text);
  const common = { endpoint, symbol, status, binanceCode: body.code, binanceMsg: body.msg };
  const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'), now);
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : `; Binance asks to wait ${Math.ceil(retryAfterMs / 1000)} s`;
    return new BinanceError({
      ...common,
      kind: 'rate-limited',
      retryAfterMs,
      message: `Binance is rate-limiting this IP (HTTP 429) on ${what}${wait}.`,
    });
  }
  if (status === 418) {
    // Binance's 418 body says "IP banned until 1732700000000"; prefer Retry-After, then that.
    const stated = /banned until (\d{12,14})/i.exec(body.msg ?? '');
    const untilMs =
      retryAfterMs !== undefined ? now + retryAfterMs : stated ? Number(stated[1]) : now + BAN_DEFAULT_MS;
    return new BinanceError({
      ...common,
      kind: 'banned',
      retryAfterMs,
      untilMs,
      message:
        `Binance has banned this IP (HTTP 418, too many requests) on ${what}; ` +
        `no requests until ${new Date(untilMs).toISOString().slice(0, 19).replace('T', ' ')} UTC.`,
    });
  }
  if (status === 403 || status === 451) {
    const reason = status === 451 ? 'restricted location' : 'refused by its firewall';
    return new BinanceError({
      ...common,
      kind: 'blocked',
      message: `Binance blocked ${what} (HTTP ${status}, ${reason}). ${SETTINGS_HINT}`,
    });
  }
  if (status >= 500) {
    return new BinanceError({ ...common, kind: 'server', message: `Binance server error (HTTP ${status}) on ${what}.` });
  }
  if (status === 400 && body.code === -1121) {
    return new BinanceError({
      ...common,
      kind: 'bad-symbol',
      message: `Binance does not know the symbol ${symbol}: ${body.msg ?? 'Invalid symbol.'}`,
    });
  }
  const said = body.msg ? `: ${body.msg}` : '';
  return new BinanceError({ ...common, kind: 'http', message: `Binance answered HTTP ${status} on ${what}${said}` });
}

/** GETs `base + path?params` and returns the parsed JSON of a 2xx answer. */
export async function getJson(
  base: string,
  endpoint: string,
  rawSymbol: string,
  params: Record<string, string | number | undefined>,
  opts: RequestOptions = {},
): Promise<unknown> {
  const symbol = normalizeSymbol(rawSymbol);
  if (symbol === null) {
    throw new BinanceError({
      kind: 'bad-symbol',
      endpoint,
      symbol: clipText(rawSymbol, 30),
      message: `"${clipText(rawSymbol, 30)}" is not a symbol name (letters and digits, e.g. BTCUSDT); nothing was sent.`,
    });
  }
  const checked = parseBaseUrl(base);
  if (!checked.ok) {
    throw new BinanceError({
      kind: 'bad-base-url',
      endpoint,
      symbol,
      message: `Cannot ask for ${describeRequest(endpoint, symbol)}: ${checked.error}.`,
    });
  }
  const query = new URLSearchParams({ symbol });
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
  const url = `${checked.url}${endpoint}?${query}`;

  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) controller.abort();

  const fail = (cause: unknown): BinanceError => {
    const what = describeRequest(endpoint, symbol);
    if (timedOut) {
      return new BinanceError({
        kind: 'timeout',
        endpoint,
        symbol,
        cause,
        message: `Binance did not answer ${what} within ${Math.round(timeoutMs / 100) / 10} s.`,
      });
    }
    if (opts.signal?.aborted) {
      return new BinanceError({ kind: 'aborted', endpoint, symbol, cause, message: `Request for ${what} was cancelled.` });
    }
    return new BinanceError({
      kind: 'unreachable',
      endpoint,
      symbol,
      cause,
      message: `${UNREACHABLE_TEXT}: ${what} at ${checked.url}. ${SETTINGS_HINT}`,
    });
  };

  try {
    let res: Response;
    let text: string;
    try {
      res = await (opts.fetch ?? fetch)(url, { method: 'GET', signal: controller.signal });
      text = await res.text();
    } catch (cause) {
      throw fail(cause);
    }
    if (!res.ok) throw statusError(res, text, endpoint, symbol, now());
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw badResponse({ endpoint, symbol }, 'malformed JSON');
    }
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}
