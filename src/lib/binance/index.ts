/** Binance REST client, live figures service and its cache (see live.ts for the policy). */
export * from './base-url.ts';
export * from './cache.ts';
export * from './client.ts';
export * from './describe.ts';
export * from './errors.ts';
export { BAN_DEFAULT_MS, DEFAULT_TIMEOUT_MS, normalizeSymbol, parseRetryAfter } from './http.ts';
export * from './live.ts';
export * from './manual.ts';
export * from '../scheduling.ts';
